import { z } from 'zod';
import { AgendaItemFields, type Role } from './model.js';

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
  'meeting.pause': z.strictObject({}),
  'meeting.resume': z.strictObject({}),
  'meeting.end': z.strictObject({}),
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
  'meeting.pause': ['moderator'],
  'meeting.resume': ['moderator'],
  'meeting.end': ['moderator'],
};

/** The outer shape of every command, checked before its payload. */
export const CommandEnvelopeShape = z.strictObject({
  id: z.string().min(1).max(64),
  type: z.string().max(64),
  payload: z.unknown().optional(),
});

export function isCommandType(type: string): type is CommandType {
  return Object.hasOwn(commandPayloads, type);
}
