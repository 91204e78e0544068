import type { Logger } from 'pino';
import type { z } from 'zod';
import {
  type AnyForm,
  agendaItemFor,
  type Call,
  type Consultation,
  callState,
  NEW_REVIEW,
  type PublicConsultation,
  phaseState,
  type Review,
  type ReviewInput,
  type Submission,
  type SubmissionContent,
  type SubmissionView,
  type Submitter,
  type ToAgendaInput,
} from '../../shared/consultation.js';
import { endOfVenueDay } from '../../shared/consultation-time.js';
import type { Language } from '../../shared/model.js';
import { hashModeratorKey, moderatorKeyMatches, newModeratorKey } from '../auth/secrets.js';
import { meetingLinks } from '../http/routes.js';
import type { MeetingService } from '../meetings/service.js';
import { ConsultationError } from './errors.js';
import { confirmationMail, type Mailer, mailDeadline } from './mail.js';
import type { PhotoStorage } from './photos.js';
import type { ConsultationStore, StoredSubmission } from './store.js';
import { parseConsultation, parseEdit, parseSubmission } from './validation.js';

export interface ConsultationServiceDeps {
  store: ConsultationStore;
  meetings: MeetingService;
  mailer: Mailer;
  photos: PhotoStorage;
  logger: Logger;
  now: () => number;
  newId: () => string;
}

/** Who presents a Bearer key for a consultation. */
export type Holder = { role: 'organizer' } | { role: 'author'; submissionId: string };

export function consultationLinks(baseUrl: string, consultationId: string) {
  const base = `${baseUrl.replace(/\/$/, '')}/c/${encodeURIComponent(consultationId)}`;
  return {
    public: base,
    organize: (organizerKey: string) => `${base}/organize#key=${organizerKey}`,
    receipt: (submissionId: string, receiptKey: string) =>
      `${base}/receipt/${encodeURIComponent(submissionId)}#key=${receiptKey}`,
  };
}

const photoUrls = (consultationId: string, submissionId: string) => {
  const base = `/api/consultations/${encodeURIComponent(consultationId)}/submissions/${encodeURIComponent(submissionId)}/photo`;
  return { url: base, thumbnailUrl: `${base}?size=thumbnail` };
};

/** Consultations: the only way to their store. Meetings are reached through the meeting service alone. */
export class ConsultationService {
  constructor(private readonly deps: ConsultationServiceDeps) {}

  async create(body: unknown): Promise<{ consultationId: string; organizerKey: string }> {
    const consultationId = this.deps.newId();
    const { consultation, meetingsToCreate } = parseConsultation(body, {
      consultationId,
      newId: this.deps.newId,
      now: this.deps.now(),
    });
    for (const phase of consultation.phases) {
      if (phase.meetingId && !(await this.deps.meetings.snapshot(phase.meetingId)))
        throw new ConsultationError('invalid', `phase "${phase.title}" links a meeting that does not exist`);
    }
    const organizerKey = newModeratorKey();
    await this.createWithKey(consultation, organizerKey, meetingsToCreate.length > 0);
    return { consultationId, organizerKey };
  }

  /** Stores a consultation (the demo's key is derived, others' are random); creates the meetings its phases ask for. */
  async createWithKey(consultation: Consultation, organizerKey: string, createMeetings = false): Promise<void> {
    if (createMeetings) {
      for (const phase of consultation.phases) {
        if (phase.meetingId || !phase.venue || phase.endsAt === null) continue;
        const { meetingId } = await this.deps.meetings.create({
          title: `${consultation.title}: ${phase.title}`.slice(0, 200),
          venue: phase.venue,
          timeZone: consultation.timeZone,
          startsAt: new Date(phase.startsAt).toISOString(),
          endsAt: new Date(phase.endsAt).toISOString(),
          remoteUrl: phase.remoteUrl ?? undefined,
          languages: consultation.languages,
          agenda: [],
        });
        phase.meetingId = meetingId;
      }
    }
    await this.deps.store.createConsultation(consultation, hashModeratorKey(organizerKey));
  }

  async exists(consultationId: string): Promise<boolean> {
    return (await this.deps.store.organizerKeyHash(consultationId)) !== null;
  }

  /** A sample contribution of the demo: stored as it is, without a usable receipt or an e-mail. */
  async addSample(
    consultationId: string,
    call: Call,
    sample: { submitter: Submitter; form: AnyForm; language: Language; review: Review; submittedAt: number },
  ): Promise<void> {
    await this.deps.store.addSubmission({
      id: this.deps.newId(),
      consultationId,
      callId: call.id,
      kind: call.kind,
      submittedAt: sample.submittedAt,
      updatedAt: sample.submittedAt,
      receiptKeyHash: hashModeratorKey(newModeratorKey()),
      content: { submitter: sample.submitter, form: sample.form, language: sample.language, photo: null },
      review: sample.review,
    });
  }

  async load(consultationId: string): Promise<Consultation> {
    const consultation = await this.deps.store.loadConsultation(consultationId);
    if (!consultation) throw new ConsultationError('not_found', 'no such consultation');
    return consultation;
  }

  /** The organiser's key, a submission's receipt key, or a refusal. */
  async holder(consultationId: string, bearer: string | null, submissionId?: string): Promise<Holder> {
    if (!bearer) throw new ConsultationError('unauthorized', 'send the organiser or receipt key as a Bearer token');
    const organizerHash = await this.deps.store.organizerKeyHash(consultationId);
    if (organizerHash === null) throw new ConsultationError('not_found', 'no such consultation');
    if (moderatorKeyMatches(bearer, organizerHash)) return { role: 'organizer' };
    if (submissionId) {
      const submission = await this.deps.store.loadSubmission(consultationId, submissionId);
      if (submission && moderatorKeyMatches(bearer, submission.receiptKeyHash)) return { role: 'author', submissionId };
    }
    throw new ConsultationError('unauthorized', 'this key does not open this consultation or submission');
  }

  async requireOrganizer(consultationId: string, bearer: string | null): Promise<void> {
    const holder = await this.holder(consultationId, bearer);
    if (holder.role !== 'organizer') throw new ConsultationError('unauthorized', 'only the organiser key may do this');
  }

  async publicView(consultationId: string, baseUrl: string): Promise<PublicConsultation> {
    const consultation = await this.load(consultationId);
    const submissions = await this.deps.store.listSubmissions(consultationId);
    const now = this.deps.now();
    const accepted = submissions.filter((s) => s.review.status === 'accepted');
    return {
      id: consultation.id,
      title: consultation.title,
      description: consultation.description,
      organisers: consultation.organisers,
      timeZone: consultation.timeZone,
      languages: consultation.languages,
      datesShiftedByWeeks: consultation.datesShiftedByWeeks,
      serverNow: now,
      phases: consultation.phases.map((phase) => {
        const until = phase.endsAt ?? endOfVenueDay(phase.startsAt, consultation.timeZone);
        const links = phase.meetingId ? meetingLinks(baseUrl, phase.meetingId, '') : null;
        return {
          ...phase,
          state: phaseState(phase, until, now),
          until,
          meeting:
            links && phase.meetingId
              ? {
                  attend: links.attend,
                  display: links.display,
                  // The meeting's public record (available once it has ended or the chair published it).
                  record: `${baseUrl.replace(/\/$/, '')}/api/meetings/${encodeURIComponent(phase.meetingId)}/record?format=html`,
                }
              : null,
          speakers: accepted.flatMap((s) =>
            s.review.agenda?.phaseId === phase.id && 'speaker' in s.content.form
              ? [{ name: s.content.form.speaker, affiliation: s.content.form.affiliation, topic: s.content.form.topic }]
              : [],
          ),
        };
      }),
      calls: consultation.calls.map((call) => ({ ...call, state: callState(call, now) })),
      accepted: accepted.map((s) => ({
        id: s.id,
        callId: s.callId,
        kind: s.kind,
        name: s.content.submitter.name,
        organisation: s.content.submitter.organisation,
        stakeholderGroup: s.content.submitter.stakeholderGroup,
        country: s.content.submitter.country,
        form: s.content.form,
        winner: s.review.winner,
        photo: s.content.photo
          ? { ...photoUrls(consultationId, s.id), width: s.content.photo.width, height: s.content.photo.height }
          : null,
      })),
    };
  }

  /** Checks the call is open by the server's clock, to the millisecond. */
  private openCall(consultation: Consultation, callId: string) {
    const call = consultation.calls.find((c) => c.id === callId);
    if (!call) throw new ConsultationError('not_found', 'no such call');
    const state = callState(call, this.deps.now());
    if (state === 'upcoming') throw new ConsultationError('not_open', 'this call does not accept contributions yet');
    if (state === 'closed') throw new ConsultationError('closed', 'the deadline of this call has passed');
    return call;
  }

  async submit(
    consultationId: string,
    callId: string,
    body: unknown,
    photo: Buffer | null,
    receiptBaseUrl: string,
  ): Promise<{ submissionId: string; receiptKey: string; receipt: string }> {
    const consultation = await this.load(consultationId);
    const call = this.openCall(consultation, callId);
    const parsed = parseSubmission(call.kind, body);
    if (call.kind === 'photo' && !photo)
      throw new ConsultationError('invalid', 'a photo entry needs an image (multipart field "photo")', [
        { path: 'photo', code: 'empty', message: 'a photo entry needs an image' },
      ]);
    if (call.kind !== 'photo' && photo) throw new ConsultationError('invalid', 'only the photo contest takes an image');
    const submissionId = this.deps.newId();
    const receiptKey = newModeratorKey();
    const receipt = consultationLinks(receiptBaseUrl, consultationId).receipt(submissionId, receiptKey);
    // A robot that filled the honeypot gets the answer a person gets, and nothing is kept or sent.
    if (parsed.honeypot) {
      this.deps.logger.info({ consultationId }, 'honeypot submission dropped');
      return { submissionId, receiptKey, receipt };
    }
    const stored = photo ? await this.deps.photos.save(consultationId, submissionId, photo) : null;
    const now = this.deps.now();
    const submission: StoredSubmission = {
      id: submissionId,
      consultationId,
      callId,
      kind: call.kind,
      submittedAt: now,
      updatedAt: now,
      receiptKeyHash: hashModeratorKey(receiptKey),
      content: { submitter: parsed.submitter, form: parsed.form, language: parsed.language, photo: stored },
      review: NEW_REVIEW,
    };
    await this.deps.store.addSubmission(submission);
    const deadline = mailDeadline(call.closesAt, consultation.timeZone, parsed.language);
    try {
      await this.deps.mailer.send(
        confirmationMail(parsed.language, {
          to: parsed.submitter.email,
          name: parsed.submitter.name,
          title: consultation.title,
          call: call.title,
          deadline,
          link: receipt,
        }),
      );
    } catch (error) {
      // The receipt link is in the answer too: a mail server that is down must not lose the submission.
      this.deps.logger.warn({ err: error, consultationId, submissionId }, 'confirmation e-mail not sent');
    }
    return { submissionId, receiptKey, receipt };
  }

  async submission(consultationId: string, submissionId: string): Promise<StoredSubmission> {
    const submission = await this.deps.store.loadSubmission(consultationId, submissionId);
    if (!submission) throw new ConsultationError('not_found', 'no such submission');
    return submission;
  }

  view(submission: Submission): SubmissionView {
    const { content, ...rest } = submission;
    const { receiptKeyHash: _hash, ...visible } = rest as Submission & { receiptKeyHash?: string };
    return {
      ...visible,
      submitter: content.submitter,
      form: content.form,
      language: content.language,
      photo: content.photo
        ? {
            ...photoUrls(submission.consultationId, submission.id),
            width: content.photo.width,
            height: content.photo.height,
            bytes: content.photo.bytes,
          }
        : null,
    };
  }

  /** The author's change, until the call's deadline. */
  async edit(consultationId: string, submissionId: string, body: unknown): Promise<SubmissionView> {
    const consultation = await this.load(consultationId);
    const current = await this.submission(consultationId, submissionId);
    this.openCall(consultation, current.callId);
    const change = parseEdit(current.kind, body);
    const content: SubmissionContent = {
      ...current.content,
      submitter: change.submitter ?? current.content.submitter,
      form: change.form ?? current.content.form,
    };
    const now = this.deps.now();
    if (!(await this.deps.store.updateContent(consultationId, submissionId, content, now)))
      throw new ConsultationError('not_found', 'no such submission');
    return this.view({ ...current, content, updatedAt: now });
  }

  /** The author takes the submission back, until the deadline: it and its photo are deleted. */
  async withdraw(consultationId: string, submissionId: string): Promise<void> {
    const consultation = await this.load(consultationId);
    const current = await this.submission(consultationId, submissionId);
    this.openCall(consultation, current.callId);
    await this.deps.store.deleteSubmission(consultationId, submissionId);
    if (current.content.photo) await this.deps.photos.remove(consultationId, current.content.photo);
  }

  async review(consultationId: string, submissionId: string, input: z.output<typeof ReviewInput>): Promise<SubmissionView> {
    const current = await this.submission(consultationId, submissionId);
    if (input.winner && current.kind !== 'photo') throw new ConsultationError('invalid', 'only photos can win');
    const review: Review = {
      ...current.review,
      status: input.status ?? current.review.status,
      note: input.note ?? current.review.note,
      winner: input.winner ?? current.review.winner,
      reviewedAt: this.deps.now(),
    };
    if (!(await this.deps.store.setReview(consultationId, submissionId, review)))
      throw new ConsultationError('not_found', 'no such submission');
    return this.view({ ...current, review });
  }

  /**
   * An accepted speaker proposal or workshop becomes an agenda item of a
   * phase's meeting, through the meeting service's command path: versioned,
   * broadcast to everyone in the meeting, and applied once however often it
   * is asked (the command id is the submission's).
   */
  async toAgenda(consultationId: string, submissionId: string, input: z.output<typeof ToAgendaInput>): Promise<SubmissionView> {
    const consultation = await this.load(consultationId);
    const current = await this.submission(consultationId, submissionId);
    if (current.kind !== 'speaker_proposal' && current.kind !== 'workshop')
      throw new ConsultationError('invalid', 'only speaker proposals and workshops go on an agenda');
    if (current.review.status !== 'accepted') throw new ConsultationError('invalid_state', 'accept the contribution first');
    const phase = consultation.phases.find((p) => p.id === input.phaseId);
    if (!phase) throw new ConsultationError('not_found', 'no such phase');
    if (!phase.meetingId) throw new ConsultationError('invalid_state', 'this phase has no meeting');
    const item = agendaItemFor(current);
    const ack = await this.deps.meetings.execute(
      phase.meetingId,
      // One sender for the organisers' agenda additions: the same submission and phase go on once.
      { sender: `c:${consultationId}`, id: `${submissionId}:${phase.id}` },
      { type: 'agenda.add', payload: { ...item, title: item.title.slice(0, 200), minutes: input.minutes } },
      { role: 'moderator', participant: null },
    );
    if (!ack.ok) throw new ConsultationError(ack.error.code, ack.error.message);
    const review: Review = { ...current.review, agenda: { phaseId: phase.id, meetingId: phase.meetingId, version: ack.version } };
    await this.deps.store.setReview(consultationId, submissionId, review);
    return this.view({ ...current, review });
  }

  async list(consultationId: string): Promise<StoredSubmission[]> {
    await this.load(consultationId);
    return this.deps.store.listSubmissions(consultationId);
  }

  async photo(consultationId: string, submissionId: string, size: 'full' | 'thumbnail', bearer: string | null): Promise<Buffer> {
    const submission = await this.submission(consultationId, submissionId);
    const photo = submission.content.photo;
    if (!photo) throw new ConsultationError('not_found', 'this submission has no photo');
    // Accepted photos are public; others only for the organisers and their author.
    if (submission.review.status !== 'accepted') await this.holder(consultationId, bearer, submissionId);
    return this.deps.photos.read(consultationId, size === 'thumbnail' ? photo.thumbnail : photo.file);
  }
}
