import { io, type Socket } from 'socket.io-client';
import { applyVotesMessage } from '../../client/src/state/votes.js';
import type { CommandType } from '../../shared/commands.js';
import type { Change } from '../../shared/events.js';
import type { MeetingState, VoteCounts } from '../../shared/model.js';
import type {
  ClientToServerEvents,
  CommandAck,
  HandshakeAuth,
  PresenceMessage,
  ServerToClientEvents,
  SyncAck,
  Welcome,
} from '../../shared/protocol.js';
import { applyChange } from '../../shared/reducer.js';

type RawSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let commandSerial = 0;

/**
 * A real socket.io-client that records what it receives. Waiting is done on
 * events (a condition checked on every message), never on sleeps.
 */
export class TestClient {
  readonly socket: RawSocket;
  readonly changes: Change[] = [];
  readonly presence: PresenceMessage[] = [];
  /** Every coalesced vote-count message, with the time it arrived. */
  readonly voteMessages: { at: number; sequence: number; counts: VoteCounts }[] = [];
  welcome: Welcome | null = null;
  private readonly waiters = new Set<() => void>();

  constructor(
    url: string,
    auth: HandshakeAuth | Record<string, unknown>,
    options: { autoConnect?: boolean; reconnect?: boolean; headers?: Record<string, string> } = {},
  ) {
    this.socket = io(url, {
      transports: ['websocket'],
      auth,
      reconnection: options.reconnect ?? false,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      forceNew: true,
      autoConnect: options.autoConnect ?? true,
      // The handshake's HTTP headers (Node only), e.g. the `Origin` a browser would send.
      ...(options.headers ? { extraHeaders: options.headers } : {}),
    });
    this.socket.on('welcome', (welcome) => {
      this.welcome = welcome;
      this.notify();
    });
    this.socket.on('change', (change) => {
      this.changes.push(change);
      this.notify();
    });
    this.socket.on('presence', (counts) => {
      this.presence.push(counts);
      this.notify();
    });
    this.socket.on('votes', ({ sequence, counts }) => {
      this.voteMessages.push({ at: Date.now(), sequence, counts });
      this.notify();
    });
    this.socket.on('disconnect', () => this.notify());
    this.socket.on('connect_error', () => this.notify());
  }

  /** Resolves once `condition` holds, re-checked on every message; fails after `timeoutMs` with `what` (generous: the machine may be busy). */
  waitFor<T>(what: string, condition: () => T | undefined | null | false, timeoutMs = 30_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = condition();
        if (value !== undefined && value !== null && value !== false) {
          cleanup();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  welcomed(): Promise<Welcome> {
    return this.waitFor('welcome', () => this.welcome);
  }

  /** The connect_error the server sent, for refused handshakes. */
  refused(): Promise<{ code: string; message: string }> {
    return new Promise((resolve) => {
      this.socket.once('connect_error', (error: Error & { data?: { code: string; message: string } }) => {
        resolve(error.data ?? { code: 'transport', message: error.message });
      });
    });
  }

  changeWithVersion(version: number): Promise<Change> {
    return this.waitFor(`change v${version}`, () => this.changes.find((change) => change.version === version));
  }

  command(type: CommandType | string, payload: unknown = {}, id = `test-${process.pid}-${++commandSerial}`): Promise<CommandAck> {
    return this.socket.timeout(10_000).emitWithAck('command', { id, type, payload } as never);
  }

  sync(sinceVersion: number): Promise<SyncAck> {
    return this.socket.timeout(10_000).emitWithAck('sync', { sinceVersion });
  }

  /**
   * The meeting as this client sees it: the welcome snapshot with every later change applied in order,
   * a version received twice applied once (a change is broadcast again when its sender's retry finds it
   * committed).
   */
  state(): MeetingState {
    if (!this.welcome) throw new Error('not welcomed yet');
    const { version, meeting } = this.welcome.snapshot;
    const byVersion = new Map(
      this.changes.filter((change) => change.version > version).map((change) => [change.version, change]),
    );
    const later = [...byVersion.values()].sort((a, b) => a.version - b.version);
    later.forEach((change, i) => {
      if (change.version !== version + i + 1) throw new Error(`gap before version ${change.version}`);
    });
    return later.reduce(applyChange, meeting);
  }

  /** What a client does about a gap: asks for the changes after the last one it has in order, and keeps them. */
  async fillGaps(): Promise<void> {
    if (!this.welcome) throw new Error('not welcomed yet');
    const have = new Set(this.changes.map((change) => change.version));
    let version = this.welcome.snapshot.version;
    while (have.has(version + 1)) version++;
    const answer = await this.sync(version);
    if (!answer.ok || answer.kind !== 'changes') throw new Error(`sync after ${version}: ${JSON.stringify(answer)}`);
    for (const change of answer.changes) if (!have.has(change.version)) this.changes.push(change);
  }

  /** Vote counts as this client sees them: the welcome's, updated by every message since. */
  votes(): VoteCounts {
    // The browser client's rule: a count replaces the shown one only when it was read later.
    const shown = this.voteMessages.reduce(applyVotesMessage, {
      votes: this.welcome?.votes ?? {},
      voteSequences: {},
      votesBase: this.welcome?.votesSequence ?? 0,
    });
    return shown.votes;
  }

  /** The version of the last change this client has. */
  /**
   * The version this client's state has reached: the welcome's, then every
   * change after it without a gap. Changes from other instances travel
   * through Redis and may arrive after later local ones; a later version
   * alone does not mean the state is complete.
   */
  version(): number {
    const seen = new Set(this.changes.map((change) => change.version));
    let version = this.welcome?.snapshot.version ?? 0;
    while (seen.has(version + 1)) version++;
    return version;
  }

  close(): void {
    this.socket.disconnect();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
