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
