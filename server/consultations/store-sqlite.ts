import type Database from 'better-sqlite3';
import type { Consultation, Review, SubmissionContent } from '../../shared/consultation.js';
import type { ConsultationStore, StoredSubmission } from './store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS consultations (
  id TEXT PRIMARY KEY,
  record TEXT NOT NULL,
  organizer_key_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS consultation_submissions (
  consultation_id TEXT NOT NULL,
  id TEXT NOT NULL,
  call_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  receipt_key_hash TEXT NOT NULL,
  submitted_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  content TEXT NOT NULL,
  review TEXT NOT NULL,
  PRIMARY KEY (consultation_id, id)
);
CREATE INDEX IF NOT EXISTS consultation_submissions_by_time ON consultation_submissions (consultation_id, submitted_at);
`;

interface SubmissionRow {
  consultation_id: string;
  id: string;
  call_id: string;
  kind: StoredSubmission['kind'];
  receipt_key_hash: string;
  submitted_at: number;
  updated_at: number;
  content: string;
  review: string;
}

const fromRow = (row: SubmissionRow): StoredSubmission => ({
  id: row.id,
  consultationId: row.consultation_id,
  callId: row.call_id,
  kind: row.kind,
  receiptKeyHash: row.receipt_key_hash,
  submittedAt: row.submitted_at,
  updatedAt: row.updated_at,
  content: JSON.parse(row.content) as SubmissionContent,
  review: JSON.parse(row.review) as Review,
});

/** Consultations in the meetings' SQLite database: two tables of their own. */
export class SqliteConsultationStore implements ConsultationStore {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  async createConsultation(consultation: Consultation, organizerKeyHash: string): Promise<void> {
    this.db
      .prepare('INSERT INTO consultations (id, record, organizer_key_hash, created_at) VALUES (?, ?, ?, ?)')
      .run(consultation.id, JSON.stringify(consultation), organizerKeyHash, consultation.createdAt);
  }

  async loadConsultation(consultationId: string): Promise<Consultation | null> {
    const row = this.db
      .prepare<[string], { record: string }>('SELECT record FROM consultations WHERE id = ?')
      .get(consultationId);
    return row ? (JSON.parse(row.record) as Consultation) : null;
  }

  async organizerKeyHash(consultationId: string): Promise<string | null> {
    const row = this.db
      .prepare<[string], { organizer_key_hash: string }>('SELECT organizer_key_hash FROM consultations WHERE id = ?')
      .get(consultationId);
    return row?.organizer_key_hash ?? null;
  }

  async addSubmission(s: StoredSubmission): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO consultation_submissions
         (consultation_id, id, call_id, kind, receipt_key_hash, submitted_at, updated_at, content, review)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.consultationId,
        s.id,
        s.callId,
        s.kind,
        s.receiptKeyHash,
        s.submittedAt,
        s.updatedAt,
        JSON.stringify(s.content),
        JSON.stringify(s.review),
      );
  }

  async loadSubmission(consultationId: string, submissionId: string): Promise<StoredSubmission | null> {
    const row = this.db
      .prepare<[string, string], SubmissionRow>('SELECT * FROM consultation_submissions WHERE consultation_id = ? AND id = ?')
      .get(consultationId, submissionId);
    return row ? fromRow(row) : null;
  }

  async updateContent(
    consultationId: string,
    submissionId: string,
    content: SubmissionContent,
    updatedAt: number,
  ): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE consultation_submissions SET content = ?, updated_at = ? WHERE consultation_id = ? AND id = ?')
      .run(JSON.stringify(content), updatedAt, consultationId, submissionId);
    return result.changes === 1;
  }

  async setReview(consultationId: string, submissionId: string, review: Review): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE consultation_submissions SET review = ? WHERE consultation_id = ? AND id = ?')
      .run(JSON.stringify(review), consultationId, submissionId);
    return result.changes === 1;
  }

  async deleteSubmission(consultationId: string, submissionId: string): Promise<boolean> {
    const result = this.db
      .prepare('DELETE FROM consultation_submissions WHERE consultation_id = ? AND id = ?')
      .run(consultationId, submissionId);
    return result.changes === 1;
  }

  async listSubmissions(consultationId: string): Promise<StoredSubmission[]> {
    return this.db
      .prepare<[string], SubmissionRow>(
        'SELECT * FROM consultation_submissions WHERE consultation_id = ? ORDER BY submitted_at, rowid',
      )
      .all(consultationId)
      .map(fromRow);
  }
}
