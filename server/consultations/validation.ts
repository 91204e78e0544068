import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries/index.js';
import type { z } from 'zod';
import {
  type AnyForm,
  type Call,
  type CallKind,
  type Consultation,
  CreateConsultationInput,
  FORMS,
  type Phase,
  SubmissionBody,
  SubmissionEdit,
  type Submitter,
} from '../../shared/consultation.js';
import { resolveZonedInstant } from '../../shared/consultation-time.js';
import { type Issue, toIssues } from '../../shared/issues.js';
import type { Language } from '../../shared/model.js';
import { ConsultationError } from './errors.js';

// The server needs English names only (CSV export); the other locales stay unloaded.
countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json'));

export function countryName(code: string): string {
  return countries.getName(code, 'en') ?? code;
}

type Issues = Issue[];
// Stable codes (and limits) beside the English, so that the forms show each problem translated by its field.
const issuesOf = (error: z.ZodError, prefix: string[] = []): Issues =>
  toIssues(error.issues).map((issue) => ({ ...issue, path: [...prefix, issue.path].filter(Boolean).join('.') }));

function invalid(message: string, issues: Issues): never {
  throw new ConsultationError('invalid', message, issues);
}

/** A consultation from its HTTP body, every zoned time resolved in its venue's zone; meetings are not created here. */
export function parseConsultation(
  body: unknown,
  ids: { consultationId: string; newId: () => string; now: number },
): { consultation: Consultation; meetingsToCreate: { phaseIndex: number }[] } {
  const parsed = CreateConsultationInput.safeParse(body);
  if (!parsed.success) invalid('the consultation is not valid', issuesOf(parsed.error));
  const input = parsed.data;
  const issues: Issues = [];
  const instant = (value: string, path: string) => {
    const ms = resolveZonedInstant(value, input.timeZone);
    if (Number.isNaN(ms)) issues.push({ path, code: 'not_datetime', message: 'not a valid date and time' });
    return ms;
  };
  const meetingsToCreate: { phaseIndex: number }[] = [];
  const phases: Phase[] = input.phases.map((p, i) => {
    const startsAt = instant(p.startsAt, `phases.${i}.startsAt`);
    const endsAt = p.endsAt === undefined ? null : instant(p.endsAt, `phases.${i}.endsAt`);
    if (endsAt !== null && endsAt <= startsAt)
      issues.push({ path: `phases.${i}.endsAt`, code: 'ends_before_start', message: 'must be after startsAt' });
    if (p.createMeeting) {
      if (p.meetingId)
        issues.push({ path: `phases.${i}.createMeeting`, code: 'invalid', message: 'either link a meeting or create one' });
      if (!p.venue || endsAt === null)
        issues.push({ path: `phases.${i}.createMeeting`, code: 'invalid', message: 'a meeting needs a venue and an end' });
      meetingsToCreate.push({ phaseIndex: i });
    }
    return {
      id: ids.newId(),
      title: p.title,
      kind: p.kind,
      description: p.description,
      startsAt,
      endsAt,
      venue: p.venue ?? null,
      remoteUrl: p.remoteUrl ?? null,
      meetingId: p.meetingId ?? null,
      original: null,
    };
  });
  const calls: Call[] = input.calls.map((c, i) => {
    const opensAt = instant(c.opensAt, `calls.${i}.opensAt`);
    const closesAt = instant(c.closesAt, `calls.${i}.closesAt`);
    if (closesAt <= opensAt)
      issues.push({ path: `calls.${i}.closesAt`, code: 'ends_before_start', message: 'must be after opensAt' });
    return { id: ids.newId(), kind: c.kind, title: c.title, description: c.description, opensAt, closesAt, original: null };
  });
  if (issues.length > 0) invalid('the consultation is not valid', issues);
  return {
    consultation: {
      id: ids.consultationId,
      title: input.title,
      description: input.description,
      organisers: input.organisers,
      timeZone: input.timeZone,
      languages: input.languages,
      phases: phases.sort((a, b) => a.startsAt - b.startsAt),
      calls,
      createdAt: ids.now,
      datesShiftedByWeeks: null,
    },
    meetingsToCreate,
  };
}

function checkCountry(code: string, path: string, issues: Issues): void {
  if (!countries.isValid(code)) issues.push({ path, code: 'not_allowed', message: 'not an ISO 3166-1 country code' });
}

function parseSubmitter(value: Submitter, prefix: string, issues: Issues): Submitter {
  checkCountry(value.country, `${prefix}.country`, issues);
  return value;
}

/** The form of one kind, validated by that kind's schema. */
export function parseForm(kind: CallKind, form: unknown, issues: Issues): AnyForm | null {
  const parsed = FORMS[kind].safeParse(form);
  if (!parsed.success) {
    issues.push(...issuesOf(parsed.error, ['form']));
    return null;
  }
  const value = parsed.data as AnyForm;
  if ('country' in value) checkCountry(value.country, 'form.country', issues);
  return value;
}

export interface ParsedSubmission {
  submitter: Submitter;
  form: AnyForm;
  language: Language;
  /** The honeypot was filled in: a robot. */
  honeypot: boolean;
}

export function parseSubmission(kind: CallKind, body: unknown): ParsedSubmission {
  const parsed = SubmissionBody.safeParse(body);
  if (!parsed.success) invalid('the submission is not valid', issuesOf(parsed.error));
  const issues: Issues = [];
  const submitter = parseSubmitter(parsed.data.submitter, 'submitter', issues);
  const form = parseForm(kind, parsed.data.form, issues);
  if (issues.length > 0 || !form) invalid('the submission is not valid', issues);
  return { submitter, form, language: parsed.data.language, honeypot: (parsed.data.website ?? '') !== '' };
}

export function parseEdit(kind: CallKind, body: unknown): { submitter?: Submitter; form?: AnyForm } {
  const parsed = SubmissionEdit.safeParse(body);
  if (!parsed.success) invalid('the change is not valid', issuesOf(parsed.error));
  const issues: Issues = [];
  const result: { submitter?: Submitter; form?: AnyForm } = {};
  if (parsed.data.submitter) result.submitter = parseSubmitter(parsed.data.submitter, 'submitter', issues);
  if (parsed.data.form !== undefined) {
    const form = parseForm(kind, parsed.data.form, issues);
    if (form) result.form = form;
  }
  if (issues.length > 0) invalid('the change is not valid', issues);
  return result;
}

/** zod issues of any other schema, as the routes report them. */
export function parseWith<S extends z.ZodType>(schema: S, body: unknown, message: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) invalid(message, issuesOf(parsed.error));
  return parsed.data;
}
