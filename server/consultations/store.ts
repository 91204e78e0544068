import type { Consultation, Review, Submission, SubmissionContent } from '../../shared/consultation.js';

/** A submission as stored: with the hash of its receipt key, never the key. */
export interface StoredSubmission extends Submission {
  receiptKeyHash: string;
}

/**
 * Where consultations and their submissions live, beside the meetings (same
 * SQLite file, same Redis). Every implementation passes the same contract
 * suite (tests/store/consultation-contract.ts). An unreachable store rejects
 * with StoreUnavailableError.
 */
export interface ConsultationStore {
  /** Rejects when the id exists already. */
  createConsultation(consultation: Consultation, organizerKeyHash: string): Promise<void>;
  loadConsultation(consultationId: string): Promise<Consultation | null>;
  organizerKeyHash(consultationId: string): Promise<string | null>;
  addSubmission(submission: StoredSubmission): Promise<void>;
  loadSubmission(consultationId: string, submissionId: string): Promise<StoredSubmission | null>;
  /**
   * Replaces what the author wrote, leaving the review alone (organisers may
   * review at the same moment). False when the submission does not exist.
   */
  updateContent(consultationId: string, submissionId: string, content: SubmissionContent, updatedAt: number): Promise<boolean>;
  /** Replaces the review, leaving the content alone. False when the submission does not exist. */
  setReview(consultationId: string, submissionId: string, review: Review): Promise<boolean>;
  /** False when there was nothing to delete. */
  deleteSubmission(consultationId: string, submissionId: string): Promise<boolean>;
  /** Every submission of a consultation, oldest first. */
  listSubmissions(consultationId: string): Promise<StoredSubmission[]>;
}
