import { once } from 'node:events';
import { createServer, type Server as HttpServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { ClaimCodes } from './auth/claims.js';
import { ParticipantTokens } from './auth/secrets.js';
import { type ConsultationOptions, createConsultations } from './consultations/index.js';
import type { ConsultationService } from './consultations/service.js';
import { Delivery } from './fanout/delivery.js';
import { everybody, moderatorLinkRoom, moderatorRoom } from './fanout/rooms.js';
import { attachGateway, type PlenaryIo } from './gateway.js';
import { createHttpApp } from './http/routes.js';
import { newId } from './ids.js';
import { InFlight } from './in-flight.js';
import { type ForwardedCommand, MeetingService } from './meetings/service.js';
import { Metrics } from './metrics.js';
import type { PresenceLedger } from './presence/ledger.js';
import { Presence } from './presence/presence.js';
import { originCheck } from './security/origin.js';
import { DEFAULT_LIMITS, type LimitSettings, RateLimits } from './security/rate-limits.js';
import type { MeetingStore } from './store/types.js';
import type { VoteLedger } from './votes/ledger.js';
import { LocalVoteLedger } from './votes/ledger-local.js';
import { VoteTally } from './votes/tally.js';
import type { ForwardOutcome, Writers } from './writers/writers.js';

/** What Socket.IO reads of a connection's HTTP request when it builds a handshake. */
interface HandshakeRequest {
  headers: IncomingHttpHeaders;
  connection?: { encrypted?: boolean };
}

/** Drops the contents of an upgraded HTTP request that something outside our reach keeps alive. */
function emptyRequest(request: HandshakeRequest): void {
  const fields = request as unknown as Record<string, unknown>;
  fields.headers = {};
  fields.rawHeaders = [];
  fields.url = '';
  fields._query = {};
  fields.websocket = null;
}

export interface PlenaryOptions {
  store: MeetingStore;
  logger: Logger;
  port: number;
  host: string;
  publicUrl?: string | undefined;
  tokenSecret?: string | undefined;
  /** The token secret before a rotation: its tokens are still accepted, never issued. */
  previousTokenSecret?: string | undefined;
  /** Lifetime of a participant token (default 30 days). */
  tokenTtlMs?: number;
  /** Bearer token /metrics requires; without one, /metrics answers 404. */
  metricsToken?: string | undefined;
  clientDir?: string | null;
  /** Rate limits (default DEFAULT_LIMITS); see server/security/rate-limits.ts. */
  limits?: Partial<LimitSettings>;
  /**
   * Where rate-limit counts live, shared by every instance (the store's Redis
   * in scale-out); default: this instance's memory.
   */
  limitsRedis?: Redis | null;
  /** Browser origins allowed besides PUBLIC_URL's (see server/security/origin.ts). */
  allowedOrigins?: readonly string[];
  /** Shortest time between two vote-count broadcasts of one meeting (default 250 ms). */
  voteIntervalMs?: number;
  /** How presence is combined across instances (default: this instance alone). */
  presenceLedger?: PresenceLedger;
  /** What the instances share about votes (default: this instance alone); see server/votes/ledger.ts. */
  voteLedger?: VoteLedger;
  /**
   * Socket.IO adapter joining the instances' rooms (default: in memory, one
   * instance). See server/fanout/adapter.ts.
   */
  adapter?: Parameters<PlenaryIo['adapter']>[0];
  /** The store is shared by several instances: check cached snapshots against it. */
  sharedStore?: boolean;
  /**
   * Which instance decides each meeting's commands (default: this one). Made
   * with the metrics' outcome counter; see server/writers/.
   */
  writers?: (onForward: (outcome: ForwardOutcome) => void) => Writers<ForwardedCommand>;
  /** Presence broadcast interval; tests shorten it. */
  presenceIntervalMs?: number;
  /**
   * How long a meeting nobody is connected to stays in memory (presence, vote
   * broadcasts, cached snapshot, timers) before it is released; it is rebuilt
   * from the store when someone comes back (default 5 minutes).
   */
  idleGraceMs?: number;
  /** Meetings ended more than this many days ago are deleted with all their data; 0 keeps them (default 90). */
  retentionDays?: number;
  /** How often the retention sweep runs after the one at start (default 1 hour). */
  retentionSweepMs?: number;
  /** Collect garbage before each /metrics answer (benchmarks). */
  collectGarbageForMetrics?: boolean;
  /** This instance's name in metrics and presence. */
  instanceId?: string;
  /** Runs when the server closes, after its sockets (closes the adapter's Redis clients). */
  onClose?: () => Promise<void>;
  /** Photo and outbox folder, SMTP: the consultations around the meetings. */
  consultations?: ConsultationOptions;
}

export interface PlenaryServer {
  http: HttpServer;
  io: PlenaryIo;
  service: MeetingService;
  /** Null only for a meeting store the consultations do not know. */
  consultations: ConsultationService | null;
  /** http://host:port the server listens on. */
  url: string;
  port: number;
  /** What this instance holds in memory for meetings (tests and benchmarks; not served over HTTP). */
  memoryStats(): MemoryStats;
  /** Runs the retention sweep now; returns the ids of the meetings it deleted. */
  sweepRetention(): Promise<string[]>;
  /** Closes everything at once (tests). */
  close(): Promise<void>;
  /**
   * Graceful stop: takes no new connections, lets commands in flight finish
   * (at most `timeoutMs`), tells its clients to reconnect (elsewhere, behind a
   * proxy), then closes the store.
   */
  drain(timeoutMs?: number): Promise<void>;
}

/** Sizes of every per-meeting map and the number of live timers; all zero on an instance nobody uses. */
export interface MemoryStats {
  /** Meetings presence holds (connected, or within the idle grace). */
  presenceMeetings: number;
  /** Last presence counts kept per meeting for welcomes. */
  presencePublished: number;
  /** Meetings with a vote-count broadcast due. */
  voteTallies: number;
  /** Meetings the service holds, and snapshots it caches for them. */
  heldMeetings: number;
  cachedSnapshots: number;
  /** Meetings with a command queued or running. */
  commandQueues: number;
  commandsInFlight: number;
  /** Socket.IO rooms on this instance (each socket has one of its own, plus its meeting's). */
  rooms: number;
  /** Timers of presence (broadcasts, idle graces, heartbeat) and vote broadcasts; the retention sweep is not counted. */
  timers: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Composition root of one instance: store, service, fan-out, gateway and HTTP on one port. */
export async function startPlenary(options: PlenaryOptions): Promise<PlenaryServer> {
  const { logger } = options;
  const metrics = new Metrics(options.instanceId ?? `instance-${process.pid}`);
  const store = metrics.instrument(options.store);
  const inFlight = new InFlight();
  const limits = new RateLimits({ ...DEFAULT_LIMITS, ...options.limits }, options.limitsRedis ?? null);
  const originAllowed = originCheck(options.publicUrl ?? null, options.allowedOrigins ?? []);

  const http = createServer();
  const io: PlenaryIo = new Server(http, {
    // WebSocket only: no long-polling, so no sticky sessions are needed behind a proxy.
    transports: ['websocket'],
    // Compression would be paid per socket per broadcast; payloads are small deltas.
    perMessageDeflate: false,
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
  });
  if (options.adapter) io.adapter(options.adapter);
  // The HTTP request of a connection costs memory for as long as the meeting lasts; the handshake
  // (run after this) needs only the headers that decide who may connect: keep those alone.
  io.engine.on('connection', (rawSocket: { request: HandshakeRequest | null }) => {
    const original = rawSocket.request;
    const headers = original?.headers ?? {};
    rawSocket.request = {
      headers: { origin: headers.origin, host: headers.host, 'x-forwarded-for': headers['x-forwarded-for'] },
      connection: { encrypted: original?.connection?.encrypted === true },
    };
    // Engine.IO's upgrade response still holds the original request until the connection closes
    // (a listener on the TCP socket): empty what it carries (headers, raw headers, url, query).
    if (original) emptyRequest(original);
  });

  const service = new MeetingService({
    store,
    sharedStore: options.sharedStore ?? false,
    writers: options.writers?.((outcome) => metrics.forwardedCommands.inc({ outcome })),
    now: Date.now,
    newId: () => newId(6),
    onCommitted: (change) => {
      delivery.change(change);
      metrics.fanoutLagSeconds.observe((Date.now() - change.at) / 1000);
    },
    onConflict: () => metrics.commitConflicts.inc(),
    onVoted: (meetingId, questionId) => votes.record(meetingId, questionId),
    // Every moderator connection of the meeting was made with the old key (there is one key per
    // meeting); through the adapter this reaches every instance.
    onModeratorKeyReplaced: (meetingId) => io.in(moderatorRoom(meetingId)).disconnectSockets(true),
    onModeratorLinkRevoked: (meetingId, linkId) => io.in(moderatorLinkRoom(meetingId, linkId)).disconnectSockets(true),
    onDeleted: (meetingId) => {
      // Across instances through the adapter. A client may get the disconnect without the notice (they can
      // travel on different Redis channels); its next connection is then refused with not_found.
      io.to(everybody(meetingId)).emit('meetingDeleted', { meetingId });
      io.in(everybody(meetingId)).disconnectSockets(false);
      presence.forget(meetingId);
      votes.forget(meetingId);
      delivery.forget(meetingId);
      logger.info({ meetingId }, 'meeting deleted');
    },
  });
  const secret = options.tokenSecret ?? (await service.settingOrInit('token-secret', newId(32)));
  try {
    const durability = await service.storeHealth();
    if (!durability.ok) logger.warn({ reason: durability.reason }, 'acknowledged changes could be lost');
  } catch (error) {
    // A store not reachable yet does not stop the start; /readyz reports it, and its durability once it answers.
    logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      'store persistence settings not readable at start',
    );
  }
  const tokens = new ParticipantTokens({ current: secret, previous: options.previousTokenSecret }, options.tokenTtlMs);
  const claims = new ClaimCodes(secret);
  const delivery = new Delivery(io);
  const voteLedger = options.voteLedger ?? new LocalVoteLedger((meetingId) => service.voteCounts(meetingId));
  const votes = new VoteTally({
    ledger: voteLedger,
    deliver: (message) => {
      const { meetingId } = message;
      const held = service.cachedMeeting(meetingId);
      if (held && delivery.hidesCounted(message, held)) {
        // Brought forward first. Counts sent out of order are harmless: clients keep each question's newest.
        void service
          .refreshCache(meetingId)
          .catch(() => undefined)
          .then(() => delivery.votes(message, service.cachedMeeting(meetingId)));
        return;
      }
      delivery.votes(message, held);
    },
    onError: (error) => logger.warn({ err: error }, 'vote counts not broadcast'),
    intervalMs: options.voteIntervalMs,
  });
  const presence = new Presence({
    // With the version this instance knows, just brought up to the store's (beforeReport): a client
    // behind it lost a change on the way (an instance died between commit and broadcast) and asks for it.
    publish: (meetingId, counts) => {
      const version = service.cachedVersion(meetingId);
      io.to(everybody(meetingId)).emit('presence', version === null ? counts : { ...counts, version });
    },
    onFloor: (meetingId) => service.participantsOnFloor(meetingId),
    beforeReport: (meetingId) => service.refreshCache(meetingId),
    ledger: options.presenceLedger,
    intervalMs: options.presenceIntervalMs,
    idleGraceMs: options.idleGraceMs,
    onHeld: (meetingId) => service.hold(meetingId),
    onReleased: (meetingId) => {
      service.release(meetingId);
      votes.forget(meetingId);
      delivery.forget(meetingId);
    },
    onError: (error) => logger.warn({ err: error }, 'presence not withdrawn'),
  });
  attachGateway({
    io,
    service,
    delivery,
    presence,
    votes,
    tokens,
    logger,
    metrics,
    inFlight,
    limits,
    originAllowed,
  });

  const consultations = createConsultations({
    store: options.store,
    meetings: service,
    logger,
    options: options.consultations ?? {},
  });
  const app = createHttpApp({
    service,
    delivery,
    tokens,
    claims,
    logger,
    publicUrl: options.publicUrl ?? null,
    clientDir: options.clientDir ?? null,
    metrics,
    metricsToken: options.metricsToken ?? null,
    collectGarbageForMetrics: options.collectGarbageForMetrics ?? false,
    limits,
    originAllowed,
    mountApi: consultations?.mount,
  });
  http.on('request', app);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;

  const retentionDays = options.retentionDays ?? 90;
  const sweepRetention = async (): Promise<string[]> => {
    if (retentionDays === 0) return [];
    const deleted = await service.deleteEndedBefore(Date.now() - retentionDays * DAY_MS);
    if (deleted.length > 0) logger.info({ meetings: deleted.length, retentionDays }, 'retention: ended meetings deleted');
    return deleted;
  };
  const runSweep = () =>
    sweepRetention().catch((error: unknown) => {
      logger.warn({ err: error }, 'retention sweep failed; retrying at the next one');
    });
  // At start, before anyone is told the instance is up: what has expired is gone before it can be served.
  await runSweep();
  const sweeper = setInterval(() => void runSweep(), options.retentionSweepMs ?? 60 * 60 * 1000);
  sweeper.unref();
  const displayHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;

  return {
    http,
    io,
    service,
    consultations: consultations?.service ?? null,
    port,
    url: `http://${displayHost}:${port}`,
    memoryStats() {
      const presenceStats = presence.stats();
      const voteStats = votes.stats();
      const serviceStats = service.stats();
      return {
        presenceMeetings: presenceStats.meetings,
        presencePublished: presenceStats.published,
        voteTallies: voteStats.meetings,
        ...serviceStats,
        commandsInFlight: inFlight.size,
        rooms: io.of('/').adapter.rooms.size,
        timers: presenceStats.timers + voteStats.timers,
      };
    },
    sweepRetention,
    async close() {
      clearInterval(sweeper);
      await service.closeWriters();
      presence.stop();
      votes.stop();
      await voteLedger.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections();
      await options.onClose?.();
    },
    async drain(timeoutMs = 10_000) {
      const drainStarted = Date.now();
      inFlight.draining = true;
      http.close();
      // First, so that other instances stop forwarding here and commands waiting on this one are decided
      // here while the store is still open; within the time given to commands in flight.
      await service.closeWriters();
      await inFlight.idle(Math.max(0, timeoutMs - (Date.now() - drainStarted)));
      // "io server disconnect": Plenary's clients reconnect by themselves, to another instance behind the proxy.
      // Wait (briefly) for them to close, so that acks and the disconnect itself are flushed, not discarded.
      const closed = Promise.all([...io.sockets.sockets.values()].map((socket) => once(socket.conn, 'close')));
      io.local.disconnectSockets(false);
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      clearInterval(sweeper);
      presence.stop();
      votes.stop();
      await voteLedger.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await options.onClose?.();
      await options.store.close();
    },
  };
}
