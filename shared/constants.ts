/**
 * Plain constants of the model, without zod: shared/model.ts builds its schemas from them
 * and re-exports them, and the browser bundle takes them from here alone.
 */

export const STAKEHOLDER_GROUPS = [
  'government',
  'private_sector',
  'civil_society',
  'academia',
  'technical_community',
  'international_organization',
  'other',
] as const;

export const ATTENDANCE = ['in_room', 'remote'] as const;

/** The six UN languages; the interface speaks each of them. */
export const LANGUAGES = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const;

export const MAX_AGENDA_ITEMS = 100;
export const MAX_ITEM_MINUTES = 24 * 60;

/** Request types, highest priority first. */
export const REQUEST_TYPES = ['point_of_order', 'clarifying_question', 'reply', 'new_topic'] as const;

export const FLOOR_POLICIES = ['priority', 'alternate', 'stakeholder_rotation'] as const;

export const QUESTION_STATUSES = ['pending', 'approved', 'dismissed', 'answered'] as const;

export const MAX_QUESTION_LENGTH = 500;

export const ROLES = ['moderator', 'participant', 'attendee', 'display'] as const;

/**
 * The version of this protocol (handshake, commands, events, acks). A server
 * refuses a client of any other version with `incompatible`; it goes up only
 * when an old client could no longer follow a new server (or the reverse).
 */
export const PROTOCOL_VERSION = 1;

/**
 * How long the server remembers a command id after its commit, to answer a
 * retry with `duplicate`. Plenary's client stops retrying within a minute; a
 * retry after this window is applied as a new command.
 */
export const COMMAND_ID_WINDOW_MS = 60 * 60 * 1000;

/** The chair's label wherever a moderator's label is kept (who inscribed, who ended a turn, who offered an undo). */
export const CHAIR_LABEL = 'chair';
