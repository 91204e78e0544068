import { z } from 'zod';
import { ErrorCode } from './errors.js';
import type { Issue } from './issues.js';
import { LANGUAGES, Language, StakeholderGroup, TimeZone, text, Venue } from './model.js';

// The contract of the consultation around the meetings: phases, calls for
// contributions of typed kinds, submissions with a private receipt, review.

/** Error codes of the consultation routes: the meeting codes plus the two states of a call that refuse a submission. */
export const ConsultationErrorCode = {
  ...ErrorCode,
  /** The call's deadline has passed (by the server's clock). */
  closed: 'closed',
  /** The call does not accept submissions yet. */
  notOpen: 'not_open',
} as const;
export type ConsultationErrorCode = (typeof ConsultationErrorCode)[keyof typeof ConsultationErrorCode];

export interface ConsultationErrorBody {
  code: ConsultationErrorCode;
  message: string;
  /** Each problem with a field: `{ path, code, limit?, message }`, the codes of `shared/issues.ts`. */
  issues?: Issue[];
}

export const PHASE_KINDS = ['launch', 'meeting', 'deadline', 'briefing', 'other'] as const;
export const PhaseKind = z.enum(PHASE_KINDS);
export type PhaseKind = z.infer<typeof PhaseKind>;

export const CALL_KINDS = ['views', 'speaker_proposal', 'workshop', 'exhibition', 'hltf_nomination', 'photo'] as const;
export const CallKind = z.enum(CALL_KINDS);
export type CallKind = z.infer<typeof CallKind>;

export const GENDERS = ['female', 'male', 'non_binary', 'undisclosed'] as const;
export const Gender = z.enum(GENDERS);
export type Gender = z.infer<typeof Gender>;

export const WORKSHOP_FORMATS = ['panel', 'roundtable', 'interactive', 'hackathon', 'other'] as const;

/** ISO 3166-1 alpha-2; the server also checks the code exists. */
export const CountryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as CH');

/**
 * An instant in the venue's time: "2020-02-03T23:59:59" (read in the
 * consultation's time zone) or ISO 8601 with an offset.
 */
export const ZonedInstant = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?$/, {
    message: 'must be a venue wall time such as 2020-02-03T23:59:59, or ISO 8601 with an offset',
  });

export const PhaseInput = z.strictObject({
  title: text(1, 200),
  kind: PhaseKind,
  startsAt: ZonedInstant,
  endsAt: ZonedInstant.optional(),
  description: text(0, 2000).default(''),
  venue: Venue.optional(),
  remoteUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
  /** Link an existing Plenary meeting to this phase. */
  meetingId: z.string().min(1).max(64).optional(),
  /** Create a Plenary meeting for this phase (needs `venue` and `endsAt`). */
  createMeeting: z.boolean().default(false),
});
export type PhaseInput = z.input<typeof PhaseInput>;

export const CallInput = z.strictObject({
  kind: CallKind,
  title: text(1, 200),
  description: text(0, 4000).default(''),
  opensAt: ZonedInstant,
  closesAt: ZonedInstant,
});
export type CallInput = z.input<typeof CallInput>;

export const MAX_PHASES = 30;
export const MAX_CALLS = 30;

export const CreateConsultationInput = z.strictObject({
  title: text(1, 200),
  description: text(0, 8000).default(''),
  organisers: text(0, 500).default(''),
  timeZone: TimeZone,
  languages: z.array(Language).min(1).max(LANGUAGES.length).default(['en']),
  phases: z.array(PhaseInput).max(MAX_PHASES).default([]),
  calls: z.array(CallInput).min(1).max(MAX_CALLS),
});
export type CreateConsultationInput = z.input<typeof CreateConsultationInput>;

// ---- Each kind's form ----------------------------------------------------

const longText = (max: number) => text(0, max).default('');

export const ViewsForm = z
  .strictObject({ themes: longText(5000), format: longText(5000), innovations: longText(5000) })
  .refine((f) => f.themes !== '' || f.format !== '' || f.innovations !== '', {
    message: 'share a view on the themes, the format or innovations',
    path: ['themes'],
    // The form says beforehand that one of the three is needed; beside the first it reads "Required".
    params: { code: 'empty' },
  });

export const SpeakerProposalForm = z.strictObject({
  speaker: text(1, 120),
  affiliation: longText(160),
  stakeholderGroup: StakeholderGroup,
  gender: Gender,
  country: CountryCode,
  topic: text(1, 300),
  bio: longText(3000),
});

/** Proposed speakers of a workshop: the form says so before anyone types a thirteenth. */
export const MAX_WORKSHOP_SPEAKERS = 12;

export const WorkshopForm = z.strictObject({
  title: text(1, 200),
  description: text(1, 5000),
  organisers: text(1, 500),
  speakers: z.array(text(1, 160)).max(MAX_WORKSHOP_SPEAKERS).default([]),
  format: z.enum(WORKSHOP_FORMATS),
});

export const ExhibitionForm = z.strictObject({
  organisation: text(1, 200),
  boothNeeds: text(1, 2000),
});

export const HltfNominationForm = z.strictObject({
  nominee: text(1, 120),
  affiliation: longText(160),
  mechanism: text(1, 200),
  statement: text(1, 3000),
});

export const PhotoForm = z.strictObject({
  title: text(1, 120),
  place: text(1, 160),
  caption: longText(1000),
  /** The Sustainable Development Goal (1–17) the photo shows. */
  sdg: z.coerce.number().int().min(1).max(17),
});

/** Each kind's typed form. */
export const FORMS = {
  views: ViewsForm,
  speaker_proposal: SpeakerProposalForm,
  workshop: WorkshopForm,
  exhibition: ExhibitionForm,
  hltf_nomination: HltfNominationForm,
  photo: PhotoForm,
} as const satisfies Record<CallKind, z.ZodType>;

export type FormOf<K extends CallKind> = z.output<(typeof FORMS)[K]>;
export type AnyForm = { [K in CallKind]: FormOf<K> }[CallKind];

export const Submitter = z.strictObject({
  name: text(1, 120),
  email: z.email().max(254),
  organisation: longText(200),
  stakeholderGroup: StakeholderGroup,
  country: CountryCode,
});
export type Submitter = z.output<typeof Submitter>;

/**
 * A submission's body (JSON, or the `data` field of a multipart photo entry).
 * `website` is a honeypot: people never see it, robots fill it in.
 */
export const SubmissionBody = z.strictObject({
  submitter: Submitter,
  form: z.record(z.string(), z.unknown()),
  language: Language.default('en'),
  website: z.string().max(200).optional(),
});
export type SubmissionBody = z.input<typeof SubmissionBody>;

/** What the receipt's holder may change before the deadline (the photo itself stays). */
export const SubmissionEdit = z
  .strictObject({ submitter: Submitter.optional(), form: z.record(z.string(), z.unknown()).optional() })
  .refine((e) => e.submitter !== undefined || e.form !== undefined, { message: 'name the submitter or the form to change' });

export const REVIEW_STATUSES = ['submitted', 'shortlisted', 'accepted', 'declined'] as const;
export const ReviewStatus = z.enum(REVIEW_STATUSES);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

export const ReviewInput = z
  .strictObject({ status: ReviewStatus.optional(), note: text(0, 2000).optional(), winner: z.boolean().optional() })
  .refine((r) => r.status !== undefined || r.note !== undefined || r.winner !== undefined, {
    message: 'name a status, a note or winner',
  });

export const ToAgendaInput = z.strictObject({
  phaseId: z.string().min(1).max(64),
  minutes: z.int().min(1).max(240).default(10),
});

// ---- Records and views -----------------------------------------------------

export interface Phase {
  id: string;
  title: string;
  kind: PhaseKind;
  description: string;
  /** Epoch ms. */
  startsAt: number;
  /** Epoch ms; null: the phase lasts until the end of its day in the venue's zone. */
  endsAt: number | null;
  venue: Venue | null;
  remoteUrl: string | null;
  meetingId: string | null;
  /** Before a demo's dates were shifted: the recorded instants. */
  original: { startsAt: number; endsAt: number | null } | null;
}

export interface Call {
  id: string;
  kind: CallKind;
  title: string;
  description: string;
  opensAt: number;
  closesAt: number;
  original: { opensAt: number; closesAt: number } | null;
}

export interface Consultation {
  id: string;
  title: string;
  description: string;
  organisers: string;
  timeZone: string;
  languages: Language[];
  phases: Phase[];
  calls: Call[];
  createdAt: number;
  /** The demo moves the recorded dates by whole weeks; null for a real consultation. */
  datesShiftedByWeeks: number | null;
}

export interface StoredPhoto {
  /** File names under the photo folder of the consultation. */
  file: string;
  thumbnail: string;
  width: number;
  height: number;
  bytes: number;
}

export interface Review {
  status: ReviewStatus;
  note: string;
  winner: boolean;
  reviewedAt: number | null;
  /** Set once the contribution became an item of a phase's meeting. */
  agenda: { phaseId: string; meetingId: string; version: number } | null;
}

export interface SubmissionContent {
  submitter: Submitter;
  form: AnyForm;
  language: Language;
  photo: StoredPhoto | null;
}

export interface Submission {
  id: string;
  consultationId: string;
  callId: string;
  kind: CallKind;
  submittedAt: number;
  updatedAt: number;
  content: SubmissionContent;
  review: Review;
}

export const NEW_REVIEW: Review = { status: 'submitted', note: '', winner: false, reviewedAt: null, agenda: null };

export type PhaseState = 'upcoming' | 'now' | 'past';
export type CallState = 'upcoming' | 'open' | 'closed';

/** A phase is in session from its start to its end, or to the end of its venue day when it has none. */
export function phaseState(phase: Pick<Phase, 'startsAt' | 'endsAt'>, phaseEnd: number, now: number): PhaseState {
  if (now < phase.startsAt) return 'upcoming';
  return now <= phaseEnd ? 'now' : 'past';
}

/** Open from `opensAt` (included) to `closesAt` (excluded), to the millisecond of the server's clock. */
export function callState(call: Pick<Call, 'opensAt' | 'closesAt'>, now: number): CallState {
  if (now < call.opensAt) return 'upcoming';
  return now < call.closesAt ? 'open' : 'closed';
}

/** An accepted contribution as the public page shows it: never an e-mail address. */
export interface PublicContribution {
  id: string;
  callId: string;
  kind: CallKind;
  name: string;
  organisation: string;
  stakeholderGroup: StakeholderGroup;
  country: string;
  form: AnyForm;
  winner: boolean;
  photo: { url: string; thumbnailUrl: string; width: number; height: number } | null;
}

export interface PublicPhase extends Phase {
  state: PhaseState;
  /** Epoch ms the phase is "now" until. */
  until: number;
  /** The phase's meeting: its attend and display links, and its public record (HTML). */
  meeting: { attend: string; display: string; record: string } | null;
  /** Accepted speakers placed on this phase's meeting agenda: a meeting recognises them by name and affiliation. */
  speakers: { name: string; affiliation: string; topic: string }[];
}

export interface PublicCall extends Call {
  state: CallState;
}

export interface PublicConsultation {
  id: string;
  title: string;
  description: string;
  organisers: string;
  timeZone: string;
  languages: Language[];
  datesShiftedByWeeks: number | null;
  /** The server's clock when the view was made, for countdowns. */
  serverNow: number;
  phases: PublicPhase[];
  calls: PublicCall[];
  accepted: PublicContribution[];
}

/** A submission as the organisers and its author see it. */
export interface SubmissionView extends Omit<Submission, 'content'> {
  submitter: Submitter;
  form: AnyForm;
  language: Language;
  photo: { url: string; thumbnailUrl: string; width: number; height: number; bytes: number } | null;
}

export interface Statistics {
  total: number;
  byCall: Record<string, number>;
  byStakeholderGroup: Record<string, number>;
  byCountry: Record<string, number>;
  /** Genders of proposed speakers (the only form that asks). */
  byGender: Record<string, number>;
  byStatus: Record<string, number>;
}

export function statistics(submissions: readonly Pick<Submission, 'callId' | 'content' | 'review'>[]): Statistics {
  const stats: Statistics = { total: 0, byCall: {}, byStakeholderGroup: {}, byCountry: {}, byGender: {}, byStatus: {} };
  const bump = (table: Record<string, number>, key: string) => {
    table[key] = (table[key] ?? 0) + 1;
  };
  for (const submission of submissions) {
    stats.total++;
    bump(stats.byCall, submission.callId);
    bump(stats.byStakeholderGroup, submission.content.submitter.stakeholderGroup);
    bump(stats.byCountry, submission.content.submitter.country);
    bump(stats.byStatus, submission.review.status);
    const form = submission.content.form;
    if ('gender' in form) bump(stats.byGender, form.gender);
  }
  return stats;
}

// Kept without zod so that the browser's console can use it too.
export { isAcceptedSpeaker } from './speakers.js';

/** The title and presenters a contribution gets as an agenda item. */
export function agendaItemFor(submission: Pick<Submission, 'content'>): { title: string; presenters: string[]; notes: string } {
  const form = submission.content.form;
  if ('speaker' in form) {
    const presenter = form.affiliation ? `${form.speaker}, ${form.affiliation}` : form.speaker;
    return { title: form.topic, presenters: [presenter], notes: form.bio.slice(0, 2000) };
  }
  if ('speakers' in form) {
    const presenters = (form.speakers.length > 0 ? form.speakers : [form.organisers]).slice(0, 20).map((p) => p.slice(0, 120));
    return { title: form.title, presenters, notes: form.description.slice(0, 2000) };
  }
  return { title: submission.content.submitter.name, presenters: [], notes: '' };
}
