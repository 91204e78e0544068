import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Change } from '../../shared/events.js';
import type { MeetingState, Snapshot, VoteCounts } from '../../shared/model.js';
import { COMMAND_ID_WINDOW_MS } from '../../shared/protocol.js';
import {
  type BatchEntry,
  type BatchOutcome,
  type CommandKey,
  type CommitOutcome,
  type MeetingStore,
  type ModeratorLink,
  type NewMeeting,
  singleOutcome,
} from './types.js';

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
  at INTEGER NOT NULL,
  events TEXT NOT NULL,
  PRIMARY KEY (meeting_id, version)
);
CREATE TABLE IF NOT EXISTS commands (
  meeting_id TEXT NOT NULL,
  sender TEXT NOT NULL,
  command_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (meeting_id, sender, command_id)
);
CREATE INDEX IF NOT EXISTS commands_by_time ON commands (at);
CREATE TABLE IF NOT EXISTS votes (
  meeting_id TEXT NOT NULL,
  question_id TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  PRIMARY KEY (meeting_id, question_id, participant_id)
);
-- Retention finds ended meetings through an index on the end time inside the state, so commits need not keep a copy.
CREATE INDEX IF NOT EXISTS meetings_ended_at ON meetings (json_extract(state, '$.endedAt'));
CREATE TABLE IF NOT EXISTS moderator_links (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL,
  label TEXT NOT NULL,
  role TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS moderator_links_by_key ON moderator_links (meeting_id, key_hash);
CREATE TABLE IF NOT EXISTS meeting_origins (
  meeting_id TEXT PRIMARY KEY,
  state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

interface ChangeRow {
  version: number;
  at: number;
  events: string;
  by_moderator: string | null;
}

interface LinkRow {
  id: string;
  meeting_id: string;
  label: string;
  role: ModeratorLink['role'];
  key_hash: string;
  created_at: number;
  revoked_at: number | null;
}

const toLink = (row: LinkRow): ModeratorLink => ({
  id: row.id,
  meetingId: row.meeting_id,
  label: row.label,
  role: row.role,
  keyHash: row.key_hash,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

function toChange(meetingId: string, row: ChangeRow): Change {
  const change: Change = {
    meetingId,
    version: row.version,
    at: row.at,
    events: JSON.parse(row.events) as Change['events'],
  };
  if (row.by_moderator !== null) change.by = JSON.parse(row.by_moderator) as NonNullable<Change['by']>;
  return change;
}

/**
 * Before command ids were kept per sender, `changes` held them with a
 * per-meeting UNIQUE constraint, which SQLite cannot drop: rebuild the table
 * without them. The old ids are not carried over (their sender is unknown).
 */
function migrateChangesWithoutCommandIds(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(changes)').all();
  if (!columns.some((column) => column.name === 'command_id')) return;
  db.transaction(() => {
    db.exec(`
      CREATE TABLE changes_without_ids (
        meeting_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        at INTEGER NOT NULL,
        events TEXT NOT NULL,
        PRIMARY KEY (meeting_id, version)
      );
      INSERT INTO changes_without_ids (meeting_id, version, at, events) SELECT meeting_id, version, at, events FROM changes;
      DROP TABLE changes;
      ALTER TABLE changes_without_ids RENAME TO changes;
    `);
  })();
}

/**
 * The embedded store: one SQLite file, WAL journal. `synchronous = NORMAL`
 * keeps every acknowledged commit through a crash or kill of the process
 * (the WAL is written before the ack); only a power loss of the machine can
 * take the last moments back.
 */
export class SqliteStore implements MeetingStore {
  private readonly db: Database.Database;
  private readonly commitTx: (entries: BatchEntry[], next: MeetingState) => BatchOutcome;
  private readonly committedAs: Database.Statement<[string, string, string], { version: number }>;
  private readonly voteTx: (meetingId: string, questionId: string, participantId: string, up: boolean) => number;
  private readonly deleteTx: (meetingId: string) => boolean;

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
    // A deleted meeting's text (names, affiliations, questions) is overwritten in the file, not only unlinked,
    // wherever that costs no extra write.
    this.db.pragma('secure_delete = FAST');
    this.db.exec(SCHEMA);
    migrateChangesWithoutCommandIds(this.db);
    // Files written before changes recorded their moderator get the column on open.
    const changeColumns = this.db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('changes')").all();
    if (!changeColumns.some((column) => column.name === 'by_moderator')) {
      this.db.exec('ALTER TABLE changes ADD COLUMN by_moderator TEXT');
    }

    const versionOf = this.db.prepare<[string], { version: number }>('SELECT version FROM meetings WHERE id = ?');
    this.committedAs = this.db.prepare<[string, string, string], { version: number }>(
      'SELECT version FROM commands WHERE meeting_id = ? AND sender = ? AND command_id = ?',
    );
    const insertChange = this.db.prepare(
      'INSERT INTO changes (meeting_id, version, at, events, by_moderator) VALUES (?, ?, ?, ?, ?)',
    );
    const insertCommand = this.db.prepare(
      'INSERT INTO commands (meeting_id, sender, command_id, version, at) VALUES (?, ?, ?, ?, ?)',
    );
    const updateMeeting = this.db.prepare('UPDATE meetings SET version = ?, state = ? WHERE id = ? AND version = ?');
    // One indexed range delete: ids past the retry window, of every meeting, go with any commit.
    const forgetCommandsBefore = this.db.prepare('DELETE FROM commands WHERE at < ?');
    forgetCommandsBefore.run(Date.now() - COMMAND_ID_WINDOW_MS);

    this.commitTx = this.db.transaction((entries: BatchEntry[], next: MeetingState): BatchOutcome => {
      const first = entries[0];
      if (!first) throw new Error('an empty batch');
      const meetingId = first.change.meetingId;
      forgetCommandsBefore.run(first.change.at - COMMAND_ID_WINDOW_MS);
      for (const [index, { command }] of entries.entries()) {
        const previous = this.committedAs.get(meetingId, command.sender, command.id);
        if (previous) return { kind: 'duplicate', index, version: previous.version };
      }
      const current = versionOf.get(meetingId);
      if (!current) return { kind: 'missing' };
      if (current.version !== first.change.version - 1) return { kind: 'conflict', currentVersion: current.version };
      for (const { change, command } of entries) {
        insertChange.run(
          meetingId,
          change.version,
          change.at,
          JSON.stringify(change.events),
          change.by ? JSON.stringify(change.by) : null,
        );
        insertCommand.run(meetingId, command.sender, command.id, change.version, change.at);
      }
      const last = (entries[entries.length - 1] as BatchEntry).change.version;
      updateMeeting.run(last, JSON.stringify(next), meetingId, current.version);
      return { kind: 'committed' };
    });
    this.voteTx = this.prepareVotes();
    this.deleteTx = this.db.transaction((meetingId: string) => {
      this.db.prepare('DELETE FROM changes WHERE meeting_id = ?').run(meetingId);
      this.db.prepare('DELETE FROM commands WHERE meeting_id = ?').run(meetingId);
      this.db.prepare('DELETE FROM moderator_links WHERE meeting_id = ?').run(meetingId);
      this.db.prepare('DELETE FROM meeting_origins WHERE meeting_id = ?').run(meetingId);
      this.db.prepare('DELETE FROM votes WHERE meeting_id = ?').run(meetingId);
      return this.db.prepare('DELETE FROM meetings WHERE id = ?').run(meetingId).changes > 0;
    });
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
    const json = JSON.stringify(state);
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO meetings (id, version, state, moderator_key_hash, created_at) VALUES (?, 0, ?, ?, ?)')
        .run(state.id, json, moderatorKeyHash, Date.now());
      // The state at version 0 is where the record's fold starts.
      this.db.prepare('INSERT INTO meeting_origins (meeting_id, state) VALUES (?, ?)').run(state.id, json);
    })();
  }

  async meetingOrigin(meetingId: string): Promise<MeetingState | null> {
    const row = this.db
      .prepare<[string], { state: string }>('SELECT state FROM meeting_origins WHERE meeting_id = ?')
      .get(meetingId);
    return row ? (JSON.parse(row.state) as MeetingState) : null;
  }

  async *allChanges(meetingId: string, pageSize = 1000): AsyncGenerator<Change> {
    const last = await this.currentVersion(meetingId);
    if (last === null) return;
    const page = this.db.prepare<[string, number, number, number], ChangeRow>(
      'SELECT version, at, events, by_moderator FROM changes WHERE meeting_id = ? AND version > ? AND version <= ? ORDER BY version LIMIT ?',
    );
    let after = 0;
    while (after < last) {
      const rows = page.all(meetingId, after, last, pageSize);
      if (rows.length === 0) return;
      for (const row of rows) yield toChange(meetingId, row);
      after = rows[rows.length - 1]?.version ?? last;
    }
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

  async replaceModeratorKeyHash(meetingId: string, currentHash: string, nextHash: string): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE meetings SET moderator_key_hash = ? WHERE id = ? AND moderator_key_hash = ?')
      .run(nextHash, meetingId, currentHash);
    return result.changes === 1;
  }

  async commit(change: Change, next: MeetingState, command: CommandKey): Promise<CommitOutcome> {
    return singleOutcome(this.commitTx([{ change, command }], next), change.meetingId);
  }

  async commitBatch(entries: BatchEntry[], next: MeetingState): Promise<BatchOutcome> {
    return this.commitTx(entries, next);
  }

  async committedVersion(meetingId: string, command: CommandKey): Promise<number | null> {
    return this.committedAs.get(meetingId, command.sender, command.id)?.version ?? null;
  }

  async changesSince(meetingId: string, afterVersion: number, limit: number): Promise<Change[] | null> {
    const rows = this.db
      .prepare<[string, number, number], ChangeRow>(
        'SELECT version, at, events, by_moderator FROM changes WHERE meeting_id = ? AND version > ? ORDER BY version LIMIT ?',
      )
      .all(meetingId, afterVersion, limit);
    const current = this.db.prepare<[string], { version: number }>('SELECT version FROM meetings WHERE id = ?').get(meetingId);
    if (!current) return null;
    // Every version up to the current one must be there, or the caller would miss changes.
    if (current.version - afterVersion > limit || rows.length !== current.version - afterVersion) return null;
    return rows.map((row) => {
      const change: Change = {
        meetingId,
        version: row.version,
        at: row.at,
        events: JSON.parse(row.events) as Change['events'],
      };
      if (row.by_moderator !== null) change.by = JSON.parse(row.by_moderator) as NonNullable<Change['by']>;
      return change;
    });
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

  async deleteMeeting(meetingId: string): Promise<boolean> {
    return this.deleteTx(meetingId);
  }

  async meetingsEndedBefore(cutoff: number, limit: number): Promise<string[]> {
    return this.db
      .prepare<[number, number], { id: string }>(
        `SELECT id FROM meetings WHERE json_extract(state, '$.endedAt') < ?
         ORDER BY json_extract(state, '$.endedAt') LIMIT ?`,
      )
      .all(cutoff, limit)
      .map((row) => row.id);
  }

  async createModeratorLink(link: ModeratorLink): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO moderator_links (id, meeting_id, label, role, key_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(link.id, link.meetingId, link.label, link.role, link.keyHash, link.createdAt, link.revokedAt);
  }

  async moderatorLinks(meetingId: string): Promise<ModeratorLink[]> {
    return this.db
      .prepare<[string], LinkRow>('SELECT * FROM moderator_links WHERE meeting_id = ? ORDER BY created_at, rowid')
      .all(meetingId)
      .map(toLink);
  }

  async moderatorLinkByKeyHash(meetingId: string, keyHash: string): Promise<ModeratorLink | null> {
    const row = this.db
      .prepare<[string, string], LinkRow>('SELECT * FROM moderator_links WHERE meeting_id = ? AND key_hash = ?')
      .get(meetingId, keyHash);
    return row ? toLink(row) : null;
  }

  async revokeModeratorLink(meetingId: string, linkId: string, at: number): Promise<'revoked' | 'already_revoked' | 'not_found'> {
    const updated = this.db
      .prepare('UPDATE moderator_links SET revoked_at = ? WHERE meeting_id = ? AND id = ? AND revoked_at IS NULL')
      .run(at, meetingId, linkId);
    if (updated.changes === 1) return 'revoked';
    const exists = this.db.prepare('SELECT 1 FROM moderator_links WHERE meeting_id = ? AND id = ?').get(meetingId, linkId);
    return exists ? 'already_revoked' : 'not_found';
  }

  async settingOrInit(key: string, value: string): Promise<string> {
    this.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, value);
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
    if (!row) throw new Error(`setting ${key} vanished`);
    return row.value;
  }

  async setting(key: string): Promise<string | null> {
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
    return row?.value ?? null;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
