import type { Consultation } from '../../shared/consultation.js';
import type { StoredSubmission } from './store.js';
import { countryName } from './validation.js';

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR)
 * gets a leading apostrophe: exports are opened by people, not parsed only.
 */
function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join('; ') : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** Every submission as one CSV row (RFC 4180, UTF-8 with a BOM so spreadsheets read Arabic and Chinese right). */
export function submissionsCsv(consultation: Consultation, submissions: readonly StoredSubmission[]): string {
  const formKeys = [...new Set(submissions.flatMap((s) => Object.keys(s.content.form)))].sort();
  const callTitle = new Map(consultation.calls.map((c) => [c.id, c.title]));
  const header = [
    'id',
    'call',
    'kind',
    'submittedAt',
    'updatedAt',
    'status',
    'note',
    'winner',
    'name',
    'email',
    'organisation',
    'stakeholderGroup',
    'country',
    'countryName',
    'language',
    ...formKeys.map((key) => `form.${key}`),
    'photo',
  ];
  const rows = submissions.map((s) => {
    const form = s.content.form as Record<string, unknown>;
    return [
      s.id,
      callTitle.get(s.callId) ?? s.callId,
      s.kind,
      new Date(s.submittedAt).toISOString(),
      new Date(s.updatedAt).toISOString(),
      s.review.status,
      s.review.note,
      s.review.winner ? 'yes' : '',
      s.content.submitter.name,
      s.content.submitter.email,
      s.content.submitter.organisation,
      s.content.submitter.stakeholderGroup,
      s.content.submitter.country,
      countryName(s.content.submitter.country),
      s.content.language,
      ...formKeys.map((key) => form[key]),
      s.content.photo?.file ?? '',
    ];
  });
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
