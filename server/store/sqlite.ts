import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Change } from '../../shared/events.js';
import type { MeetingState, Snapshot, VoteCounts } from '../../shared/model.js';
import type { CommitOutcome, MeetingStore, NewMeeting } from './types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meetings (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  state TEXT NOT NULL,
  moderator_key_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS changes (
  meeting_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  command_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  events TEXT NOT NULL,
  PRIMARY KEY (meeting_id, version),
  UNIQUE (meeting_id, command_id)
);
CREATE TABLE IF NOT EXISTS votes (
  meeting_id TEXT NOT NULL,
  question_id TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  PRIMARY KEY (meeting_id, question_id, participant_id)
);
CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

interface ChangeRow {
  version: number;
  command_id: string;
  at: number;
  events: string;
}

/**
 * The embedded store: one SQLite file, WAL journal. `synchronous = NORMAL`
 * keeps every acknowledged commit through a crash or kill of the process
 * (the WAL is written before the ack); only a power loss of the machine can
 * take the last moments back.
 */
export class SqliteStore implements MeetingStore {
  private readonly db: Database.Database;
  private readonly commitTx: (change: Change, next: MeetingState) => CommitOutcome;
  private readonly voteTx: (meetingId: string, questionId: string, participantId: string, up: boolean) => number;

  /** `dataDir` null opens an in-memory database (tests). */
  constructor(dataDir: string | null) {
    let file = ':memory:';
    if (dataDir !== null) {
      mkdirSync(dataDir, { recursive: true });
      file = join(dataDir, 'plenary.sqlite');
    }
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);

    const versionOf = this.db.prepare<[string], { version: number }>('SELECT version FROM meetings WHERE id = ?');
    const committedAs = this.db.prepare<[string, string], { version: number }>(
      'SELECT version FROM changes WHERE meeting_id = ? AND command_id = ?',
    );
    const insertChange = this.db.prepare(
      'INSERT INTO changes (meeting_id, version, command_id, at, events) VALUES (?, ?, ?, ?, ?)',
    );
    const updateMeeting = this.db.prepare('UPDATE meetings SET version = ?, state = ? WHERE id = ? AND version = ?');

    this.commitTx = this.db.transaction((change: Change, next: MeetingState): CommitOutcome => {
      const previous = committedAs.get(change.meetingId, change.commandId);
      if (previous) return { kind: 'duplicate', version: previous.version };
      const current = versionOf.get(change.meetingId);
      if (!current) throw new Error(`meeting ${change.meetingId} does not exist`);
      if (current.version !== change.version - 1) return { kind: 'conflict', currentVersion: current.version };
      insertChange.run(change.meetingId, change.version, change.commandId, change.at, JSON.stringify(change.events));
      updateMeeting.run(change.version, JSON.stringify(next), change.meetingId, current.version);
      return { kind: 'committed' };
    });
    this.voteTx = this.prepareVotes();
  }

  /** The open database, for companions that keep their own tables in the same file (consultations). */
  get database(): Database.Database {
    return this.db;
  }

  private prepareVotes(): (meetingId: string, questionId: string, participantId: string, up: boolean) => number {
    const add = this.db.prepare('INSERT OR IGNORE INTO votes (meeting_id, question_id, participant_id) VALUES (?, ?, ?)');
    const remove = this.db.prepare('DELETE FROM votes WHERE meeting_id = ? AND question_id = ? AND participant_id = ?');
    const count = this.db.prepare<[string, string], { count: number }>(
      'SELECT COUNT(*) AS count FROM votes WHERE meeting_id = ? AND question_id = ?',
    );
    return this.db.transaction((meetingId: string, questionId: string, participantId: string, up: boolean) => {
      (up ? add : remove).run(meetingId, questionId, participantId);
      return count.get(meetingId, questionId)?.count ?? 0;
    });
  }

  async createMeeting({ state, moderatorKeyHash }: NewMeeting): Promise<void> {
    this.db
      .prepare('INSERT INTO meetings (id, version, state, moderator_key_hash, created_at) VALUES (?, 0, ?, ?, ?)')
      .run(state.id, JSON.stringify(state), moderatorKeyHash, Date.now());
  }

  async loadMeeting(meetingId: string): Promise<Snapshot | null> {
    const row = this.db
      .prepare<[string], { version: number; state: string }>('SELECT version, state FROM meetings WHERE id = ?')
      .get(meetingId);
    return row ? { version: row.version, meeting: JSON.parse(row.state) as MeetingState } : null;
  }

  async currentVersion(meetingId: string): Promise<number | null> {
    const row = this.db.prepare<[string], { version: number }>('SELECT version FROM meetings WHERE id = ?').get(meetingId);
    return row?.version ?? null;
  }

  async moderatorKeyHash(meetingId: string): Promise<string | null> {
    const row = this.db
      .prepare<[string], { moderator_key_hash: string }>('SELECT moderator_key_hash FROM meetings WHERE id = ?')
      .get(meetingId);
    return row?.moderator_key_hash ?? null;
  }

  async commit(change: Change, next: MeetingState): Promise<CommitOutcome> {
    return this.commitTx(change, next);
  }

  async committedVersion(meetingId: string, commandId: string): Promise<number | null> {
    const row = this.db
      .prepare<[string, string], { version: number }>('SELECT version FROM changes WHERE meeting_id = ? AND command_id = ?')
      .get(meetingId, commandId);
    return row?.version ?? null;
  }

  async changesSince(meetingId: string, afterVersion: number, limit: number): Promise<Change[] | null> {
    const rows = this.db
      .prepare<[string, number, number], ChangeRow>(
        'SELECT version, command_id, at, events FROM changes WHERE meeting_id = ? AND version > ? ORDER BY version LIMIT ?',
      )
      .all(meetingId, afterVersion, limit);
    const current = this.db.prepare<[string], { version: number }>('SELECT version FROM meetings WHERE id = ?').get(meetingId);
    if (!current) return null;
    // Every version up to the current one must be there, or the caller would miss changes.
    if (current.version - afterVersion > limit || rows.length !== current.version - afterVersion) return null;
    return rows.map((row) => ({
      meetingId,
      version: row.version,
      commandId: row.command_id,
      at: row.at,
      events: JSON.parse(row.events) as Change['events'],
    }));
  }

  async setVote(meetingId: string, questionId: string, participantId: string, up: boolean): Promise<number> {
    return this.voteTx(meetingId, questionId, participantId, up);
  }

  async voteCounts(meetingId: string): Promise<VoteCounts> {
    const rows = this.db
      .prepare<[string], { question_id: string; count: number }>(
        'SELECT question_id, COUNT(*) AS count FROM votes WHERE meeting_id = ? GROUP BY question_id',
      )
      .all(meetingId);
    return Object.fromEntries(rows.map((row) => [row.question_id, row.count]));
  }

  async votesBy(meetingId: string, participantId: string): Promise<string[]> {
    return this.db
      .prepare<[string, string], { question_id: string }>(
        'SELECT question_id FROM votes WHERE meeting_id = ? AND participant_id = ?',
      )
      .all(meetingId, participantId)
      .map((row) => row.question_id);
  }

  async settingOrInit(key: string, value: string): Promise<string> {
    this.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, value);
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
    if (!row) throw new Error(`setting ${key} vanished`);
    return row.value;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
