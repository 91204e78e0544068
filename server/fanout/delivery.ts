import {
  authorsWithOwnView,
  PUBLIC_VIEWER,
  projectChange,
  projectSnapshot,
  projectVotes,
  seesAsPublic,
  type Viewer,
} from '../../shared/audience.js';
import type { Change } from '../../shared/events.js';
import type { MeetingState, Snapshot } from '../../shared/model.js';
import type { SyncAck, Welcome } from '../../shared/protocol.js';
import type { VotesMessage } from '../votes/ledger.js';
import type { PlenaryIo, PlenarySocket } from './io.js';
import { everybody, moderatorRoom, participantRoom, publicRoom } from './rooms.js';

/** A welcome's parts that are the same for a whole audience at one version. */
interface EncodedSnapshot {
  version: number;
  /** `"snapshot":{…}` as JSON, per audience ('moderator' or 'public'). */
  byAudience: Map<string, string>;
}

/**
 * The one place meeting data leaves the server: every change, welcome,
 * resync, HTTP snapshot and vote message passes here, projected for its
 * audience by shared/audience.ts. Broadcasts are encoded once per audience;
 * the snapshot inside welcomes once per version and audience.
 */
export class Delivery {
  private readonly encoded = new Map<string, EncodedSnapshot>();

  constructor(private readonly io: PlenaryIo) {}

  /**
   * Sends a committed change to everyone in its meeting, each audience the
   * variant it may see. Most changes look the same to all: one emit, encoded
   * once for the whole room. A change that touches questions goes to
   * moderators whole, to the authors concerned with their own questions whole,
   * and to everybody else redacted; still one encoding per audience.
   */
  change(change: Change): void {
    const { io } = this;
    const publicChange = projectChange(PUBLIC_VIEWER, change);
    const authors = authorsWithOwnView(change);
    const id = change.meetingId;
    if (publicChange === change && authors.length === 0) {
      io.to(everybody(id)).emit('change', change);
      return;
    }
    io.to(moderatorRoom(id)).emit('change', change);
    const everybodyElse = io.to(publicRoom(id));
    (authors.length > 0 ? everybodyElse.except(authors.map((author) => participantRoom(id, author))) : everybodyElse).emit(
      'change',
      publicChange,
    );
    for (const author of authors) {
      io.to(participantRoom(id, author)).emit('change', projectChange({ role: 'participant', participantId: author }, change));
    }
  }

  /**
   * Vote counts to this instance's sockets of the meeting (every instance
   * receives every message and delivers it itself): moderators get them all,
   * everybody else only those of questions they may see. `meeting` is the
   * state held here; without it nobody here follows the meeting.
   */
  votes(message: VotesMessage, meeting: MeetingState | null): void {
    if (!meeting) return;
    const { meetingId, sequence, counts } = message;
    this.io.local.to(moderatorRoom(meetingId)).emit('votes', { sequence, counts });
    const shown = projectVotes(PUBLIC_VIEWER, meeting, counts);
    if (Object.keys(shown).length > 0) this.io.local.to(publicRoom(meetingId)).emit('votes', { sequence, counts: shown });
  }

  /**
   * Whether the state held here hides from the public a question that `message`
   * counts. Only approved questions take votes, so such a question was asked
   * or approved on another instance since: the state is behind.
   */
  hidesCounted(message: VotesMessage, meeting: MeetingState): boolean {
    return Object.keys(projectVotes(PUBLIC_VIEWER, meeting, message.counts)).length < Object.keys(message.counts).length;
  }

  /**
   * The welcome of one socket. Its snapshot (most of its bytes) is encoded
   * once per meeting version and audience and shared by every joiner of that
   * audience; the rest (who they are, presence, votes) is encoded per socket.
   */
  welcome(socket: PlenarySocket, viewer: Viewer, snapshot: Snapshot, rest: Omit<Welcome, 'snapshot'>): void {
    const audience = viewer.role === 'moderator' ? 'moderator' : seesAsPublic(viewer, snapshot.meeting) ? 'public' : null;
    const snapshotJson =
      audience === null ? JSON.stringify(projectSnapshot(viewer, snapshot)) : this.encodedSnapshot(snapshot, audience, viewer);
    const visible = audience === 'moderator' ? snapshot.meeting : null;
    const votes = visible ? rest.votes : projectVotes(viewer, snapshot.meeting, rest.votes);
    const head = JSON.stringify({ ...rest, votes });
    // A Socket.IO EVENT packet of the main namespace ("2" and the JSON array), written to the connection as
    // Socket.IO itself would, so the shared snapshot JSON is spliced in rather than encoded again.
    socket.conn.write(`2["welcome",${head.slice(0, -1)},"snapshot":${snapshotJson}}]`);
  }

  /** A resync's answer as `viewer` may see it. */
  sync(viewer: Viewer, answer: SyncAck): SyncAck {
    if (!answer.ok) return answer;
    if (answer.kind === 'changes') return { ...answer, changes: answer.changes.map((change) => projectChange(viewer, change)) };
    return { ...answer, snapshot: projectSnapshot(viewer, answer.snapshot) };
  }

  /** The snapshot served over HTTP: the public's. */
  publicSnapshot(snapshot: Snapshot): Snapshot {
    return projectSnapshot(PUBLIC_VIEWER, snapshot);
  }

  /** Drops the meeting's encodings (released or deleted). */
  forget(meetingId: string): void {
    this.encoded.delete(meetingId);
  }

  private encodedSnapshot(snapshot: Snapshot, audience: string, viewer: Viewer): string {
    const id = snapshot.meeting.id;
    let entry = this.encoded.get(id);
    if (!entry || entry.version !== snapshot.version) {
      // Only the current version is worth keeping; an older one (a slow joiner's) is encoded for itself.
      if (entry && entry.version > snapshot.version) return JSON.stringify(projectSnapshot(viewer, snapshot));
      entry = { version: snapshot.version, byAudience: new Map() };
      this.encoded.set(id, entry);
    }
    let json = entry.byAudience.get(audience);
    if (json === undefined) {
      json = JSON.stringify(projectSnapshot(audience === 'moderator' ? viewer : PUBLIC_VIEWER, snapshot));
      entry.byAudience.set(audience, json);
    }
    return json;
  }
}
