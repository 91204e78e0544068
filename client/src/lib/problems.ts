import type { ParseKeys, TFunction } from 'i18next';
import type { Issue } from '../../../shared/errors.js';

const KNOWN_CODES = [
  'invalid',
  'forbidden',
  'unauthorized',
  'not_found',
  'conflict',
  'invalid_state',
  'rate_limited',
  'unavailable',
  'internal',
  'undo_expired',
] as const;

/** The key of the words for a refusal's code; a code this page has no words for reads as `internal`. */
export function errorKey(code: string | undefined): `errors.${(typeof KNOWN_CODES)[number]}` {
  return `errors.${KNOWN_CODES.find((known) => known === code) ?? 'internal'}`;
}

/** A form's fields, by path pattern, as the keys of their labels. */
export type FieldLabels = Readonly<Record<string, ParseKeys>>;

/**
 * The create form's fields, by path, as the keys of their labels. A list index ("agenda.2.minutes")
 * stands for any item ("agenda.*.minutes").
 */
export const CREATE_FIELD_LABELS: FieldLabels = {
  title: 'landing.title',
  'venue.name': 'landing.venueName',
  'venue.room': 'landing.room',
  'venue.city': 'landing.city',
  timeZone: 'landing.timeZone',
  startsAt: 'landing.startsAt',
  endsAt: 'landing.endsAt',
  remoteUrl: 'landing.remoteUrl',
  agenda: 'landing.agenda',
  'agenda.*.title': 'landing.itemTitle',
  'agenda.*.minutes': 'landing.itemMinutes',
  'agenda.*.presenters': 'landing.itemPresenters',
  'agenda.*.presenters.*': 'landing.itemPresenters',
};

/** The join form's fields, by path, as the keys of their labels. */
export const JOIN_FIELD_LABELS: FieldLabels = {
  name: 'join.name',
  affiliation: 'join.affiliation',
  stakeholderGroup: 'join.group',
  attendance: 'join.attendance',
};

/** "agenda.2.minutes" → "agenda.*.minutes". */
export const fieldPattern = (path: string) => path.replace(/\.\d+(?=\.|$)/g, '.*');

/** The label key of the field a path names, if the form (its `labels`) shows that field. */
export const fieldLabelKey = (labels: FieldLabels, path: string): ParseKeys | undefined => labels[fieldPattern(path)];

/** One problem in the page's language: "At most 80 characters", "Must be after the start". */
export function problemText(t: TFunction, issue: Pick<Issue, 'code' | 'limit'>): string {
  return issue.limit === undefined ? t(`problems.${issue.code}`) : t(`problems.${issue.code}`, { count: issue.limit });
}

/** Issues as the server sent them, if the body is a validation refusal; anything else: none. */
export function issuesOf(body: unknown): Issue[] {
  const issues = (body as { error?: { issues?: unknown } } | null)?.error?.issues;
  return Array.isArray(issues)
    ? issues.filter((issue): issue is Issue => typeof issue?.path === 'string' && typeof issue?.code === 'string')
    : [];
}

/** Problems grouped by path, in the page's language, for showing each beside its field. */
export function problemsByPath(t: TFunction, issues: readonly Issue[]): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const issue of issues) grouped.set(issue.path, [...(grouped.get(issue.path) ?? []), problemText(t, issue)]);
  return grouped;
}
