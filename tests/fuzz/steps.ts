import fc from 'fast-check';
import { COMMAND_TYPES, type CommandType, commandRoles } from '../../shared/commands.js';
import { ATTENDANCE, FLOOR_POLICIES, REQUEST_TYPES, type Role, STAKEHOLDER_GROUPS } from '../../shared/model.js';

/**
 * The fuzzer's steps are plain data, so fast-check can shrink them and print a
 * failing sequence readably. Ids of things that only exist at run time (agenda
 * items, floor entries, questions) are references resolved against the
 * server's state when the step runs.
 */

/** Everyone connected to a fuzzed meeting: two moderator sockets (one link), two participants, an attendee, a display. */
export const ACTORS = ['chair', 'cochair', 'remote', 'inroom', 'attendee', 'display'] as const;
export type ActorName = (typeof ACTORS)[number];

export const ACTOR_ROLES: Record<ActorName, Role> = {
  chair: 'moderator',
  cochair: 'moderator',
  remote: 'participant',
  inroom: 'participant',
  attendee: 'attendee',
  display: 'display',
};

export type RefKind = 'item' | 'entry' | 'current' | 'currentOrNull' | 'question' | 'undo' | 'person' | 'spoken';
/** An id picked at run time from the meeting's current state (modulo the number there is). */
export interface Ref {
  $ref: RefKind;
  pick: number;
}

export function isRef(value: unknown): value is Ref {
  return typeof value === 'object' && value !== null && '$ref' in value && 'pick' in value;
}

/** How a command's envelope is damaged, if at all. */
export type EnvelopeDamage =
  | 'none'
  | 'unknownType'
  | 'longType'
  | 'typeNumber'
  | 'noId'
  | 'emptyId'
  | 'longId'
  | 'idNumber'
  | 'extraKey'
  | 'noPayload'
  | 'nullPayload'
  | 'nonObjectPayload'
  | 'protoPayload'
  | 'wrongFieldType'
  | 'oversizeField'
  | 'envelopeNull'
  | 'envelopeArray'
  | 'envelopeString';

export interface CommandSpec {
  actor: ActorName;
  type: CommandType;
  payload: Record<string, unknown>;
  damage: EnvelopeDamage;
}

export type SyncArg = { sinceVersion: unknown } | null | number | string;

export type Step =
  /** One command, acked before the next step. */
  | { kind: 'command'; command: CommandSpec }
  /** Several commands from several actors at once: acks and changes race. */
  | { kind: 'burst'; commands: CommandSpec[] }
  /** The actor sends one of its earlier envelopes again, id and all (a retry). */
  | { kind: 'retry'; actor: ActorName; back: number }
  /** The actor sends a new command under an id another actor used. */
  | { kind: 'borrowId'; from: ActorName; back: number; command: CommandSpec }
  /** The socket goes away and a new one comes with the same credentials (a reload). */
  | { kind: 'reconnect'; actor: ActorName }
  /** A command sent, the socket gone before its ack, then the same command again on a new socket. */
  | { kind: 'interrupted'; command: CommandSpec }
  /** The client loses the next `count` changes (as after a network hiccup) and must resync. */
  | { kind: 'lose'; actor: ActorName; count: number }
  /** A `sync` request with any argument. */
  | { kind: 'sync'; actor: ActorName; request: SyncArg }
  /** Anything at all on a known or unknown event, with or without an ack callback. */
  | { kind: 'junk'; actor: ActorName; event: 'command' | 'sync' | 'clock' | 'nonsense'; args: unknown[]; withAck: boolean }
  /** A frame larger than the server's buffer: the server may drop the connection, never the process. */
  | { kind: 'oversizeFrame'; actor: ActorName }
  /** A new client of the actor's audience joins; its welcome must equal what the actor holds. */
  | { kind: 'freshJoin'; actor: ActorName };

const ref = (kind: RefKind): fc.Arbitrary<Ref | string> =>
  fc.oneof(
    { weight: 12, arbitrary: fc.nat(20).map((pick): Ref => ({ $ref: kind, pick })) },
    { weight: 1, arbitrary: fc.oneof(fc.constant('nope'), fc.string({ maxLength: 70 })) },
  );

const text = (maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: Math.min(maxLength, 40) }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '   ', '<img src=x onerror=alert(1)>', 'مرحبا بكم', '会议', '\u0000\u202e\uFEFF', '🙋🏽‍♀️'),
    },
    { weight: 1, arbitrary: fc.integer({ min: maxLength - 2, max: maxLength + 3 }).map((n) => 'x'.repeat(Math.max(0, n))) },
  );

const minutes = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 90 }) }, { weight: 1, arbitrary: fc.integer() });
const index = fc.oneof({ weight: 5, arbitrary: fc.nat(6) }, { weight: 1, arbitrary: fc.integer({ min: -3, max: 1000 }) });
const limitSeconds = fc.oneof(fc.constant(null), fc.integer({ min: 10, max: 3600 }), fc.integer({ min: -5, max: 5000 }));

/** A payload for each command type, mostly well formed, sometimes out of bounds. */
const payloads: { [T in CommandType]: fc.Arbitrary<Record<string, unknown>> } = {
  'agenda.add': fc.record(
    { title: text(200), minutes, presenters: fc.array(text(120), { maxLength: 3 }), notes: text(2000), index },
    { requiredKeys: ['title', 'minutes'] },
  ),
  'agenda.edit': fc.record(
    { itemId: ref('item'), title: text(200), minutes, presenters: fc.array(text(120), { maxLength: 3 }), notes: text(2000) },
    { requiredKeys: ['itemId'] },
  ),
  'agenda.move': fc.record({ itemId: ref('item'), toIndex: index }),
  'agenda.remove': fc.record({ itemId: ref('item') }),
  'agenda.start': fc.record({ itemId: ref('item') }),
  'agenda.complete': fc.record({ itemId: ref('item') }),
  'agenda.skip': fc.record({ itemId: ref('item') }),
  'agenda.next': fc.record({ expectedCurrentItemId: fc.oneof(fc.constant(null), ref('item')) }, { requiredKeys: [] }),
  'floor.request': fc.record({ type: fc.constantFrom(...REQUEST_TYPES), topic: text(140) }, { requiredKeys: ['type'] }),
  'floor.edit': fc.record(
    { entryId: ref('entry'), type: fc.constantFrom(...REQUEST_TYPES), topic: text(140) },
    { requiredKeys: ['entryId'] },
  ),
  'floor.withdraw': fc.record({ entryId: ref('entry') }),
  'floor.remove': fc.record({ entryId: ref('entry') }),
  'floor.move': fc.record({ entryId: ref('entry'), toIndex: index }),
  'floor.resetOrder': fc.constant({}),
  'floor.grant': fc.record(
    { entryId: ref('entry'), expectedCurrentEntryId: fc.oneof(ref('currentOrNull'), fc.constant(null)) },
    { requiredKeys: ['expectedCurrentEntryId'] },
  ),
  'floor.finish': fc.record({ entryId: fc.oneof(ref('current'), ref('entry')) }),
  'floor.close': fc.constant({}),
  'floor.open': fc.constant({}),
  'floor.configure': fc.record(
    { policy: fc.constantFrom(...FLOOR_POLICIES), defaultLimitSeconds: limitSeconds, clearOnItemComplete: fc.boolean() },
    { requiredKeys: [] },
  ),
  'floor.setEntryLimit': fc.record({ entryId: fc.oneof(ref('current'), ref('entry')), limitSeconds }),
  'floor.timer': fc.record({ entryId: ref('current'), action: fc.constantFrom('start', 'pause', 'reset') }),
  'floor.extend': fc.record({
    entryId: ref('current'),
    seconds: fc.oneof(fc.integer({ min: 10, max: 1800 }), fc.integer({ min: -10, max: 4000 })),
  }),
  'question.ask': fc.record({ text: text(500), anonymous: fc.boolean() }, { requiredKeys: ['text'] }),
  'question.edit': fc.record({ questionId: ref('question'), text: text(500) }),
  'question.withdraw': fc.record({ questionId: ref('question') }),
  'question.vote': fc.record({ questionId: ref('question'), up: fc.boolean() }),
  'question.approve': fc.record({ questionId: ref('question') }),
  'question.dismiss': fc.record({ questionId: ref('question'), reason: text(200) }, { requiredKeys: ['questionId'] }),
  'question.answer': fc.record({ questionId: ref('question') }),
  'question.highlight': fc.record({ questionId: fc.oneof(ref('question'), fc.constant(null)) }),
  'question.attach': fc.record({ questionId: ref('question'), agendaItemId: fc.oneof(ref('item'), fc.constant(null)) }),
  'question.toFloor': fc.record({ questionId: ref('question') }),
  'questions.configure': fc.record({ preModeration: fc.boolean() }),
  'meeting.pause': fc.constant({}),
  'meeting.resume': fc.constant({}),
  'meeting.end': fc.constant({}),
  'participant.leave': fc.constant({}),
  'floor.inscribe': fc.oneof(
    fc.record(
      { participantId: ref('person'), type: fc.constantFrom(...REQUEST_TYPES), topic: text(140) },
      { requiredKeys: ['type'] },
    ),
    fc.record(
      {
        person: fc.record(
          {
            name: text(80),
            affiliation: text(120),
            stakeholderGroup: fc.constantFrom(...STAKEHOLDER_GROUPS),
            attendance: fc.constantFrom(...ATTENDANCE),
          },
          { requiredKeys: ['name', 'stakeholderGroup', 'attendance'] },
        ),
        type: fc.constantFrom(...REQUEST_TYPES),
      },
      { requiredKeys: ['person', 'type'] },
    ),
  ),
  'floor.putBack': fc.record({ entryId: ref('spoken') }),
  'meeting.announce': fc.record(
    { text: fc.oneof(text(200), fc.constant(null)), endsAt: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 2 ** 47 })) },
    { requiredKeys: ['text'] },
  ),
  'meeting.undo': fc.record({ undoId: ref('undo') }),
};

/** Ending the meeting freezes most of it: rarely, so sequences explore what comes before it. */
const typeWeight = (type: CommandType): number => {
  if (type === 'meeting.end') return 1;
  // What most other commands refer to: without them, most commands would only meet `not_found`.
  if (type === 'question.ask' || type === 'floor.request' || type === 'agenda.start') return 14;
  if (type.startsWith('question.') || type.startsWith('floor.')) return 6;
  return 4;
};

const actorsFor = (type: CommandType): ActorName[] => ACTORS.filter((actor) => commandRoles[type].includes(ACTOR_ROLES[actor]));

const damage: fc.Arbitrary<EnvelopeDamage> = fc.oneof(
  { weight: 30, arbitrary: fc.constant<EnvelopeDamage>('none') },
  {
    weight: 6,
    arbitrary: fc.constantFrom<EnvelopeDamage>(
      'unknownType',
      'longType',
      'typeNumber',
      'noId',
      'emptyId',
      'longId',
      'idNumber',
      'extraKey',
      'noPayload',
      'nullPayload',
      'nonObjectPayload',
      'protoPayload',
      'wrongFieldType',
      'oversizeField',
      'envelopeNull',
      'envelopeArray',
      'envelopeString',
    ),
  },
);

export const commandSpec: fc.Arbitrary<CommandSpec> = fc
  .oneof(...COMMAND_TYPES.map((type) => ({ weight: typeWeight(type), arbitrary: fc.constant(type) })))
  .chain((type) =>
    fc.record({
      // Mostly someone who may send it; sometimes anyone, to exercise the role check.
      actor: fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...actorsFor(type)) },
        { weight: 1, arbitrary: fc.constantFrom(...ACTORS) },
      ),
      type: fc.constant(type),
      payload: payloads[type],
      damage,
    }),
  );

const actor = fc.constantFrom(...ACTORS);

const syncArg: fc.Arbitrary<SyncArg> = fc.oneof(
  { weight: 4, arbitrary: fc.nat(40).map((sinceVersion) => ({ sinceVersion })) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom(-1, 1.5, Number.MAX_SAFE_INTEGER, 1e308, '3', null, true).map((sinceVersion) => ({ sinceVersion })),
      fc.constant(null),
      fc.constant(7),
      fc.constant('since'),
    ),
  },
);

export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 40, arbitrary: commandSpec.map((command): Step => ({ kind: 'command', command })) },
  {
    weight: 8,
    arbitrary: fc.array(commandSpec, { minLength: 2, maxLength: 6 }).map((commands): Step => ({ kind: 'burst', commands })),
  },
  { weight: 4, arbitrary: fc.record({ actor, back: fc.nat(5) }).map((s): Step => ({ kind: 'retry', ...s })) },
  {
    weight: 2,
    arbitrary: fc.record({ from: actor, back: fc.nat(5), command: commandSpec }).map((s): Step => ({ kind: 'borrowId', ...s })),
  },
  { weight: 3, arbitrary: actor.map((a): Step => ({ kind: 'reconnect', actor: a })) },
  { weight: 3, arbitrary: commandSpec.map((command): Step => ({ kind: 'interrupted', command })) },
  {
    weight: 3,
    arbitrary: fc.record({ actor, count: fc.integer({ min: 1, max: 3 }) }).map((s): Step => ({ kind: 'lose', ...s })),
  },
  { weight: 2, arbitrary: fc.record({ actor, request: syncArg }).map((s): Step => ({ kind: 'sync', ...s })) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        actor,
        event: fc.constantFrom('command', 'sync', 'clock', 'nonsense'),
        args: fc.array(fc.anything({ maxDepth: 2, maxKeys: 4 }), { maxLength: 2 }),
        withAck: fc.boolean(),
      })
      .map((s): Step => ({ kind: 'junk', ...s })),
  },
  { weight: 1, arbitrary: actor.map((a): Step => ({ kind: 'oversizeFrame', actor: a })) },
  { weight: 2, arbitrary: actor.map((a): Step => ({ kind: 'freshJoin', actor: a })) },
);
