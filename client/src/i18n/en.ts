/** English: the reference set of keys; every other language has exactly these. */
export const en = {
  app: {
    name: 'Plenary',
    skipToContent: 'Skip to content',
  },
  common: {
    language: 'Language',
    loading: 'Loading…',
    cancel: 'Cancel',
    save: 'Save',
    minutes_one: '{{count, number}} min',
    minutes_other: '{{count, number}} min',
    home: 'Plenary home',
  },
  connection: {
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: 'Reconnecting…',
    offline: 'Offline, retrying',
    refused: 'Cannot join',
    updated: 'Plenary has been updated',
    incompatible: 'This page is older than the server. Reload it to continue.',
    reload: 'Reload the page',
    staleSince: 'Showing data from {{time}}',
  },
  meeting: {
    status: { scheduled: 'Not started', live: 'In session', ended: 'Ended' },
    paused: 'Paused',
    remoteLink: 'Join the remote session',
    projectedEnd: 'Expected end',
    presence: 'Who is here',
    inRoom_one: '{{count, number}} in the room',
    inRoom_other: '{{count, number}} in the room',
    remote_one: '{{count, number}} remote',
    remote_other: '{{count, number}} remote',
    attendees_one: '{{count, number}} following',
    attendees_other: '{{count, number}} following',
  },
  agenda: {
    title: 'Agenda',
    now: 'Now',
    next: 'Next',
    elapsedOfPlanned: '{{elapsed}} of {{planned}}',
    overrun: 'Over by {{duration}}',
    expectedAt: 'Expected',
    ranFor: 'Took {{duration}}',
    empty: 'No agenda items yet.',
    presenters: 'Presented by {{names}}',
    itemStatus: { pending: 'Coming up', active: 'Now', done: 'Done', skipped: 'Skipped' },
    announceStarted: 'Now on the agenda: {{title}}',
    announceEnded: 'The meeting has ended',
  },
  join: {
    joinedAs: 'You take part as {{name}}, {{attendance}}',
    expired: 'Your registration for this meeting has expired. Give your name again to take part.',
    tokenRefused: 'Your registration is no longer accepted. Give your name again to take part.',
  },
  floor: {
    title: 'Speakers list',
    speaking: 'Has the floor',
    nobodySpeaking: 'Nobody has the floor.',
    empty: 'Nobody is waiting.',
    closed: 'The list is closed: only points of order.',
    types: {
      point_of_order: 'Point of order',
      clarifying_question: 'Clarifying question',
      reply: 'Reply',
      new_topic: 'New topic',
    },
    remaining: 'left',
    elapsed: 'spoken',
    timeUp: 'Time is up',
    paused: 'Clock paused',
    offline: 'Disconnected',
    offlineFor: 'Disconnected for {{time}}',
    pinned: 'Placed by the chair',
    position: 'Number {{position}}',
    requestTitle: 'Ask for the floor',
    request: 'Ask for the floor',
    withdraw: 'Withdraw',
    done: 'I have finished',
    youAreNext: 'You are next',
    youHaveTheFloor: 'You have the floor',
    notOnList: 'Not on the speakers list',
    questionShortcut: 'Question',
    announceSpeaker: 'Now speaking: {{name}}',
  },
  groups: {
    government: 'Government',
    private_sector: 'Private sector',
    civil_society: 'Civil society',
    academia: 'Academia',
    technical_community: 'Technical community',
    international_organization: 'International organization',
    other: 'Other',
  },
  attendance: { in_room: 'In the room', remote: 'Remote' },
  schedule: {
    startsIn: 'Starts {{when}}',
    onTime: 'On schedule',
    endOnTime: 'Expected to end on time',
    addToCalendar: 'Add to calendar',
    late_one: 'Running {{count, number}} min late',
    late_other: 'Running {{count, number}} min late',
    early_one: 'Running {{count, number}} min early',
    early_other: 'Running {{count, number}} min early',
    startDelayed_one: 'Start delayed by {{count, number}} min',
    startDelayed_other: 'Start delayed by {{count, number}} min',
    endLate_one: 'Ends {{count, number}} min after the planned end',
    endLate_other: 'Ends {{count, number}} min after the planned end',
  },
  time: {
    venue: '{{time}} {{place}}',
    yours: '{{time}} your time',
  },
  chair: {
    announcement: 'Message to the room',
    countdownOver: 'Time is up',
    addedByChair: 'added by the chair',
    addedByLabel: 'added by {{label}}',
  },
} as const;

/** CLDR plural categories, as Intl.PluralRules names them. */
export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/**
 * A counted phrase is written once per plural category of the language (i18next picks the form
 * from `count`): English `x_one`, `x_other` become, say, Russian `x_one`, `x_few`, `x_many`, `x_other`.
 */
export type Strings<T, C extends PluralCategory> = {
  readonly [K in keyof T as K extends `${string}_one`
    ? never
    : K extends `${infer Base}_other`
      ? `${Base}_${C}`
      : K]: T[K] extends string ? string : Strings<T[K], C>;
};
/** The shape every language must fill with its own plural categories: the compiler refuses a missing or extra key. */
export type Translation<C extends PluralCategory = PluralCategory> = Strings<typeof en, C>;
