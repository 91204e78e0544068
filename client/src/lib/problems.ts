import type { TFunction } from 'i18next';
import type { Issue } from '../../../shared/errors.js';

/**
 * The form field each path names, as the key of its label: the create form's and the join form's
 * fields. A list index ("agenda.2.minutes") stands for any item ("agenda.*.minutes").
 */
export const FIELD_LABELS: Record<string, string> = {
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
  name: 'join.name',
  affiliation: 'join.affiliation',
  stakeholderGroup: 'join.group',
  attendance: 'join.attendance',
};

/** "agenda.2.minutes" → "agenda.*.minutes". */
export const fieldPattern = (path: string) => path.replace(/\.\d+(?=\.|$)/g, '.*');

/** The label key of the field a path names, if a form shows that field. */
export const fieldLabelKey = (path: string): string | undefined => FIELD_LABELS[fieldPattern(path)];

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
