import { z } from 'zod';
import {
  AgendaItemFields,
  FloorPolicy,
  MAX_QUESTION_LENGTH,
  type ModeratorRole,
  ParticipantProfile,
  RequestType,
  type Role,
  text,
} from './model.js';

const id = z.string().min(1).max(64);

/** Each command's payload schema; the key is the command's type. */
export const commandPayloads = {
  'agenda.add': z.strictObject({
    title: AgendaItemFields.title,
    minutes: AgendaItemFields.minutes,
    presenters: AgendaItemFields.presenters.default([]),
    notes: AgendaItemFields.notes.default(''),
    /** Position in the list; the end when omitted. */
    index: z.int().min(0).optional(),
  }),
  'agenda.edit': z
    .strictObject({
      itemId: id,
      title: AgendaItemFields.title.optional(),
      minutes: AgendaItemFields.minutes.optional(),
      presenters: AgendaItemFields.presenters.optional(),
      notes: AgendaItemFields.notes.optional(),
    })
    .refine((p) => p.title !== undefined || p.minutes !== undefined || p.presenters !== undefined || p.notes !== undefined, {
      message: 'name at least one of title, minutes, presenters, notes',
    }),
  'agenda.move': z.strictObject({ itemId: id, toIndex: z.int().min(0) }),
  'agenda.remove': z.strictObject({ itemId: id }),
  'agenda.start': z.strictObject({ itemId: id }),
  'agenda.complete': z.strictObject({ itemId: id }),
  'agenda.skip': z.strictObject({ itemId: id }),
  /**
   * Completes the current item and starts the next pending one. With
   * `expectedCurrentItemId` (null: nothing running) two chairs pressing "next"
   * at once advance the agenda once, not twice.
   */
  'agenda.next': z.strictObject({ expectedCurrentItemId: id.nullable().optional() }),
  'floor.request': z.strictObject({ type: RequestType, topic: text(0, 140).default('') }),
  'floor.edit': z
    .strictObject({ entryId: id, type: RequestType.optional(), topic: text(0, 140).optional() })
    .refine((p) => p.type !== undefined || p.topic !== undefined, { message: 'name a type or a topic to change' }),
  /** A participant takes back their own request. */
  'floor.withdraw': z.strictObject({ entryId: id }),
  /** A moderator takes a request off the list. */
  'floor.remove': z.strictObject({ entryId: id }),
  /** Places an entry by hand; it keeps that place while the suggested order fills the rest. */
  'floor.move': z.strictObject({ entryId: id, toIndex: z.int().min(0) }),
  /** Back to the suggested order: every entry placed by hand is released. */
  'floor.resetOrder': z.strictObject({}),
  /**
   * Gives the floor to `entryId`, or to the first waiting entry. The turn of
   * whoever speaks ends. `expectedCurrentEntryId` names who the sender
   * believes speaks now (null: nobody): a stale belief gets `conflict`, so a
   * speaker's "done" and a chair's "next" racing never skip or repeat anyone.
   */
  'floor.grant': z.strictObject({ entryId: id.optional(), expectedCurrentEntryId: id.nullable() }),
  /** Ends the turn of `entryId`, which must be the current speaker: the speaker's "done" or the chair's "stop". */
  'floor.finish': z.strictObject({ entryId: id }),
  /**
   * A moderator puts someone on the list: a participant the meeting knows
   * (`participantId`), or a person without a device (`person`), who becomes a
   * participant of the meeting without a token.
   */
  'floor.inscribe': z
    .strictObject({
      participantId: id.optional(),
      person: ParticipantProfile.optional(),
      type: RequestType,
      topic: text(0, 140).default(''),
    })
    .refine((p) => (p.participantId === undefined) !== (p.person === undefined), {
      message: 'name either participantId or person',
    }),
  /** The last finished speaker back at the top of the list (nobody may have the floor). */
  'floor.putBack': z.strictObject({ entryId: id }),
  'floor.close': z.strictObject({}),
  'floor.open': z.strictObject({}),
  'floor.configure': z
    .strictObject({
      policy: FloorPolicy.optional(),
      defaultLimitSeconds: z.int().min(10).max(3600).nullable().optional(),
      clearOnItemComplete: z.boolean().optional(),
    })
    .refine((p) => p.policy !== undefined || p.defaultLimitSeconds !== undefined || p.clearOnItemComplete !== undefined, {
      message: 'name at least one setting',
    }),
  /** A speaking-time limit for one waiting entry or the current speaker; null: the default. */
  'floor.setEntryLimit': z.strictObject({ entryId: id, limitSeconds: z.int().min(10).max(3600).nullable() }),
  /** The current speaker's countdown; `entryId` names the speaker the sender sees. */
  'floor.timer': z.strictObject({ entryId: id, action: z.enum(['start', 'pause', 'reset']) }),
  'floor.extend': z.strictObject({ entryId: id, seconds: z.int().min(10).max(1800) }),
  'question.ask': z.strictObject({ text: text(1, MAX_QUESTION_LENGTH), anonymous: z.boolean().default(false) }),
  'question.edit': z.strictObject({ questionId: id, text: text(1, MAX_QUESTION_LENGTH) }),
  'question.withdraw': z.strictObject({ questionId: id }),
  /** One vote per participant per question: `up: true` adds it, `up: false` takes it back; both idempotent. */
  'question.vote': z.strictObject({ questionId: id, up: z.boolean() }),
  'question.approve': z.strictObject({ questionId: id }),
  'question.dismiss': z.strictObject({ questionId: id, reason: text(0, 200).default('') }),
  'question.answer': z.strictObject({ questionId: id }),
  /** Shows one question on the room display and at the top of every view; null clears it. */
  'question.highlight': z.strictObject({ questionId: id.nullable() }),
  'question.attach': z.strictObject({ questionId: id, agendaItemId: id.nullable() }),
  /** Puts the question's author on the speakers list (remote, new topic) to ask it aloud. */
  'question.toFloor': z.strictObject({ questionId: id }),
  'questions.configure': z.strictObject({ preModeration: z.boolean() }),
  'meeting.pause': z.strictObject({}),
  'meeting.resume': z.strictObject({}),
  'meeting.end': z.strictObject({}),
  /**
   * Projects a message on every display and view, with an optional countdown
   * to `endsAt` (server epoch ms, within the next 24 hours); `text: null` clears it.
   */
  'meeting.announce': z.strictObject({
    text: text(1, 200).nullable(),
    endsAt: z.int().positive().nullable().default(null),
  }),
  /** Undoes one recent moderator action (an offer in `state.undo`), within ten seconds by the server's clock. */
  'meeting.undo': z.strictObject({ undoId: id }),
  /**
   * A participant leaves: their waiting requests are withdrawn and their turn, if they
   * have the floor, ends. Their identity stays, so the same browser can take part again.
   */
  'participant.leave': z.strictObject({}),
} as const;

export type CommandType = keyof typeof commandPayloads;
export const COMMAND_TYPES = Object.keys(commandPayloads) as CommandType[];

export type CommandPayload<T extends CommandType> = z.output<(typeof commandPayloads)[T]>;
export type CommandPayloadInput<T extends CommandType> = z.input<(typeof commandPayloads)[T]>;

/** A parsed command, discriminated by type. */
export type Command = { [T in CommandType]: { type: T; payload: CommandPayload<T> } }[CommandType];
/** What a client sends: the command plus its client-made id. */
export type CommandEnvelope = { [T in CommandType]: { id: string; type: T; payload: CommandPayloadInput<T> } }[CommandType];

/** Who may send each command. The server checks this on every command. */
export const commandRoles: Record<CommandType, readonly Role[]> = {
  'agenda.add': ['moderator'],
  'agenda.edit': ['moderator'],
  'agenda.move': ['moderator'],
  'agenda.remove': ['moderator'],
  'agenda.start': ['moderator'],
  'agenda.complete': ['moderator'],
  'agenda.skip': ['moderator'],
  'agenda.next': ['moderator'],
  'floor.request': ['participant'],
  'floor.edit': ['participant', 'moderator'],
  'floor.withdraw': ['participant'],
  'floor.remove': ['moderator'],
  'floor.move': ['moderator'],
  'floor.resetOrder': ['moderator'],
  'floor.grant': ['moderator'],
  'floor.finish': ['participant', 'moderator'],
  'floor.inscribe': ['moderator'],
  'floor.putBack': ['moderator'],
  'floor.close': ['moderator'],
  'floor.open': ['moderator'],
  'floor.configure': ['moderator'],
  'floor.setEntryLimit': ['moderator'],
  'floor.timer': ['moderator'],
  'floor.extend': ['moderator'],
  'question.ask': ['participant'],
  'question.edit': ['participant'],
  'question.withdraw': ['participant'],
  'question.vote': ['participant'],
  'question.approve': ['moderator'],
  'question.dismiss': ['moderator'],
  'question.answer': ['moderator'],
  'question.highlight': ['moderator'],
  'question.attach': ['moderator'],
  'question.toFloor': ['moderator'],
  'questions.configure': ['moderator'],
  'meeting.pause': ['moderator'],
  'meeting.resume': ['moderator'],
  'meeting.end': ['moderator'],
  'participant.leave': ['participant'],
  'meeting.announce': ['moderator'],
  'meeting.undo': ['moderator'],
};

/**
 * What each moderator role may send, beyond `commandRoles`. The chair may do
 * everything; a co-chair everything but ending the meeting (links are managed
 * over HTTP with the chair's key); a remote-participation moderator the
 * speakers list and the questions. Undo is checked again per action in
 * shared/undo.ts.
 */
export function moderatorMay(role: ModeratorRole, type: CommandType): boolean {
  switch (role) {
    case 'chair':
      return true;
    case 'co_chair':
      return type !== 'meeting.end';
    case 'remote_moderator':
      return type.startsWith('floor.') || type.startsWith('question') || type === 'meeting.undo';
  }
}

/** The outer shape of every command, checked before its payload. */
export const CommandEnvelopeShape = z.strictObject({
  id: z.string().min(1).max(64),
  type: z.string().max(64),
  payload: z.unknown().optional(),
});

export function isCommandType(type: string): type is CommandType {
  return Object.hasOwn(commandPayloads, type);
}
