import { io, type Socket } from 'socket.io-client';
import type { CommandPayloadInput, CommandType } from '../../../shared/commands.js';
import { PROTOCOL_VERSION } from '../../../shared/constants.js';
import type { Change } from '../../../shared/events.js';
import type {
  ClientToServerEvents,
  CommandAck,
  HandshakeAuth,
  HandshakeErrorData,
  ServerToClientEvents,
} from '../../../shared/protocol.js';
import { type ClockSample, estimateOffset } from './clock.js';
import { usePlenary } from './store.js';
import { type Integrated, integrate, resetTo } from './sync.js';
import { applyVotesMessage } from './votes.js';

type PlenarySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** After this long without a connection, "reconnecting" becomes "offline". */
const OFFLINE_AFTER_MS = 10_000;
const COMMAND_TIMEOUT_MS = 8_000;
const COMMAND_ATTEMPTS = 4;
const CLOCK_SAMPLES = 5;
const CLOCK_REFRESH_MS = 60_000;

let socket: PlenarySocket | null = null;
let disconnectedAt: number | null = null;
let resyncing = false;
/** The highest version announced but missing that this page has set out to fetch: each is asked for once. */
let soughtVersion = 0;
let noticeSerial = 0;
const timers: ReturnType<typeof setInterval>[] = [];

/** Ids for commands; works on plain-HTTP LAN addresses, where crypto.randomUUID is not available. */
function commandId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const heard = () => usePlenary.setState({ lastHeardAt: Date.now() });

function receive(changes: Change[]): void {
  const result = integrate(usePlenary.getState().local, changes);
  usePlenary.setState({ local: result.local });
  catchUp(result);
}

/** Asks the server for what integrating left missing: the changes after a gap, or a fresh snapshot. */
function catchUp(result: Integrated, delayMs = 0): void {
  if (!result.gap && !result.needsSnapshot) return;
  // Later, not now: a resync that calls this is still marked as running until it returns.
  setTimeout(() => void resync(result.needsSnapshot), delayMs);
}

/**
 * The server says `version` exists (an ack, a presence report). Its change
 * comes on its own, usually first; one still missing a moment later was lost
 * on the way (an instance died between its commit and its broadcast): ask for
 * it instead of showing an older meeting until the next change.
 */
function expectVersion(version: number | undefined): void {
  const current = usePlenary.getState().local.snapshot;
  if (version === undefined || version <= soughtVersion || !current || current.version >= version) return;
  soughtVersion = version;
  // Spread out: every client hears the same presence report at once.
  setTimeout(
    () => {
      const now = usePlenary.getState().local.snapshot;
      if (now && now.version < version) void resync();
    },
    2_000 + Math.random() * 3_000,
  );
}

/**
 * Fills a gap: the missed changes from the server's log, or a fresh snapshot
 * (always one with `snapshot`, after a change this client could not apply).
 */
export async function resync(snapshot = false): Promise<void> {
  const current = usePlenary.getState().local.snapshot;
  if (!socket || !current || resyncing) return;
  resyncing = true;
  try {
    const request = snapshot ? { sinceVersion: current.version, snapshot: true } : { sinceVersion: current.version };
    const answer = await socket.timeout(COMMAND_TIMEOUT_MS).emitWithAck('sync', request);
    if (!answer.ok) {
      setTimeout(() => void resync(snapshot), 2_000);
      return;
    }
    const result =
      answer.kind === 'changes'
        ? integrate(usePlenary.getState().local, answer.changes)
        : resetTo(usePlenary.getState().local, answer.snapshot);
    usePlenary.setState({ local: result.local });
    // A snapshot that still leaves a change unreadable is retried without hurry, not in a tight loop.
    catchUp(result, answer.kind === 'snapshot' ? 2_000 : 0);
  } catch {
    // Disconnected meanwhile: the next welcome brings a fresh snapshot.
  } finally {
    resyncing = false;
  }
}

async function measureClock(): Promise<void> {
  const samples: ClockSample[] = [];
  for (let i = 0; i < CLOCK_SAMPLES && socket?.connected; i++) {
    const sentAt = Date.now();
    try {
      const serverTime = await socket.timeout(COMMAND_TIMEOUT_MS).emitWithAck('clock');
      samples.push({ sentAt, receivedAt: Date.now(), serverTime });
    } catch {
      return;
    }
  }
  const offset = estimateOffset(samples);
  if (offset !== null) usePlenary.setState({ clockOffsetMs: offset });
}

/** Connects to one meeting in the role its credentials give. One meeting per page. */
export function connect(auth: HandshakeAuth): void {
  disconnect();
  usePlenary.setState({ connection: 'connecting', refusal: null });
  const next: PlenarySocket = io({ transports: ['websocket'], auth: { ...auth, protocolVersion: PROTOCOL_VERSION } });
  socket = next;

  next.on('welcome', (welcome) => {
    heard();
    disconnectedAt = null;
    const caughtUp = resetTo(usePlenary.getState().local, welcome.snapshot);
    const { local } = caughtUp;
    usePlenary.setState({
      connection: 'live',
      role: welcome.role,
      self: welcome.self,
      moderator: welcome.moderator ?? null,
      presence: welcome.presence,
      votes: welcome.votes,
      voteSequences: {},
      votesBase: welcome.votesSequence,
      myVotes: welcome.myVotes,
      local,
      // A first estimate until the round trips below refine it.
      clockOffsetMs: welcome.serverTime - Date.now(),
    });
    catchUp(caughtUp);
    void measureClock();
  });
  next.on('change', (change) => {
    heard();
    receive([change]);
  });
  next.on('presence', ({ version, ...presence }) => {
    heard();
    usePlenary.setState({ presence });
    expectVersion(version);
  });
  next.on('votes', (message) => {
    heard();
    usePlenary.setState((state) => applyVotesMessage(state, message));
  });
  next.on('disconnect', () => {
    disconnectedAt = Date.now();
    usePlenary.setState({ connection: 'reconnecting' });
    // A disconnect the server chose does not reconnect by itself; Plenary always wants to.
    if (!next.active) next.connect();
  });
  next.on('connect_error', (error: Error & { data?: HandshakeErrorData }) => {
    // An instance that is stopping, or a store that is away, is temporary: try again shortly.
    if (!next.active && error.data?.code === 'unavailable') {
      disconnectedAt ??= Date.now();
      usePlenary.setState({ connection: 'reconnecting' });
      setTimeout(() => next.connect(), 1_000 + Math.random() * 2_000);
      return;
    }
    if (!next.active && error.data) {
      const { code, message, reason } = error.data;
      usePlenary.setState({ connection: 'refused', refusal: { code, message, reason } });
      return;
    }
    disconnectedAt ??= Date.now();
    usePlenary.setState({ connection: Date.now() - disconnectedAt > OFFLINE_AFTER_MS ? 'offline' : 'reconnecting' });
  });

  timers.push(
    setInterval(() => {
      const { connection } = usePlenary.getState();
      const longGone = disconnectedAt !== null && Date.now() - disconnectedAt > OFFLINE_AFTER_MS;
      if (connection === 'reconnecting' && (longGone || !navigator.onLine)) usePlenary.setState({ connection: 'offline' });
    }, 1000),
    setInterval(() => {
      if (next.connected) void measureClock();
    }, CLOCK_REFRESH_MS),
  );
}

export function disconnect(): void {
  for (const timer of timers.splice(0)) clearInterval(timer);
  socket?.removeAllListeners();
  socket?.disconnect();
  socket = null;
}

/** Votes for a question, or takes the vote back. The count arrives with the next coalesced broadcast. */
export async function vote(questionId: string, up: boolean): Promise<void> {
  const ack = await sendCommand('question.vote', { questionId, up });
  if (!ack.ok) return;
  usePlenary.setState((state) => ({
    myVotes: up ? [...new Set([...state.myVotes, questionId])] : state.myVotes.filter((id) => id !== questionId),
  }));
}

function showNotice(ack: CommandAck): void {
  if (!ack.ok)
    usePlenary.setState({
      notice: { serial: ++noticeSerial, code: ack.error.code, message: ack.error.message, issues: ack.error.issues },
    });
}

/**
 * Sends a command and resolves with its ack. While the connection is down the
 * command waits and is sent again with the same id, which the server applies once.
 */
export async function sendCommand<T extends CommandType>(type: T, payload: CommandPayloadInput<T>): Promise<CommandAck> {
  const envelope = { id: commandId(), type, payload } as Parameters<ClientToServerEvents['command']>[0];
  for (let attempt = 1; attempt <= COMMAND_ATTEMPTS && socket; attempt++) {
    try {
      const ack = await socket.timeout(COMMAND_TIMEOUT_MS).emitWithAck('command', envelope);
      // The store was away: the command may or may not have been applied. The same id, a little
      // later, is applied once either way.
      if (!ack.ok && ack.error.code === 'unavailable' && attempt < COMMAND_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, 1_000 * 2 ** (attempt - 1)));
        continue;
      }
      showNotice(ack);
      if (!ack.ok && ack.error.code === 'conflict') void resync();
      if (ack.ok) expectVersion(ack.version);
      return ack;
    } catch {
      // No answer in time: try again with the same id once connected.
    }
  }
  const ack: CommandAck = { ok: false, error: { code: 'unavailable', message: 'no answer from the server' } };
  showNotice(ack);
  return ack;
}
