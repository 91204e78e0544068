import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { ClaimCodes } from './auth/claims.js';
import { ParticipantTokens } from './auth/secrets.js';
import { publishChange } from './fanout/changes.js';
import { everybody, moderatorLinkRoom } from './fanout/rooms.js';
import { VoteTally } from './fanout/votes.js';
import { attachGateway, type PlenaryIo } from './gateway.js';
import { createHttpApp } from './http/routes.js';
import { newId } from './ids.js';
import { InFlight } from './in-flight.js';
import { MeetingService } from './meetings/service.js';
import { Metrics } from './metrics.js';
import { Presence, type PresenceMerge } from './presence.js';
import type { MeetingStore } from './store/types.js';

export interface PlenaryOptions {
  store: MeetingStore;
  logger: Logger;
  port: number;
  host: string;
  publicUrl?: string | undefined;
  tokenSecret?: string | undefined;
  clientDir?: string | null;
  /** Commands per second one connection may send (default 20). */
  commandsPerSecond?: number;
  /** Shortest time between two vote-count broadcasts of one meeting (default 250 ms). */
  voteIntervalMs?: number;
  /** How presence is combined across instances (default: this instance alone). */
  presenceMerge?: PresenceMerge;
  /**
   * Socket.IO adapter joining the instances' rooms (default: in memory, one
   * instance). See server/fanout/adapter.ts.
   */
  adapter?: Parameters<PlenaryIo['adapter']>[0];
  /** The store is shared by several instances: check cached snapshots against it. */
  sharedStore?: boolean;
  /** Presence broadcast interval; tests shorten it. */
  presenceIntervalMs?: number;
  /** Collect garbage before each /metrics answer (benchmarks). */
  collectGarbageForMetrics?: boolean;
  /** This instance's name in metrics and presence. */
  instanceId?: string;
  /** Runs when the server closes, after its sockets (closes the adapter's Redis clients). */
  onClose?: () => Promise<void>;
}

export interface PlenaryServer {
  http: HttpServer;
  io: PlenaryIo;
  service: MeetingService;
  /** http://host:port the server listens on. */
  url: string;
  port: number;
  /** Closes everything at once (tests). */
  close(): Promise<void>;
  /**
   * Graceful stop: takes no new connections, lets commands in flight finish
   * (at most `timeoutMs`), tells its clients to reconnect (elsewhere, behind a
   * proxy), then closes the store.
   */
  drain(timeoutMs?: number): Promise<void>;
}

/** Composition root of one instance: store, service, fan-out, gateway and HTTP on one port. */
export async function startPlenary(options: PlenaryOptions): Promise<PlenaryServer> {
  const { logger } = options;
  const metrics = new Metrics(options.instanceId ?? `instance-${process.pid}`);
  const store = metrics.instrument(options.store);
  const inFlight = new InFlight();
  const secret = options.tokenSecret ?? (await store.settingOrInit('token-secret', newId(32)));
  const tokens = new ParticipantTokens(secret);
  const claims = new ClaimCodes(secret);

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
  // Once a connection is authenticated its HTTP handshake request is not needed: keeping it costs
  // memory per connection for as long as the meeting lasts.
  io.engine.on('connection', (rawSocket: { request: unknown }) => {
    rawSocket.request = null;
  });

  const votes = new VoteTally(
    store,
    (meetingId, counts) => io.to(everybody(meetingId)).emit('votes', counts),
    (error) => logger.warn({ err: error }, 'vote counts not broadcast'),
    options.voteIntervalMs,
  );
  const service = new MeetingService({
    store,
    sharedStore: options.sharedStore ?? false,
    now: Date.now,
    newId: () => newId(6),
    onCommitted: (change) => {
      publishChange(io, change);
      metrics.fanoutLagSeconds.observe((Date.now() - change.at) / 1000);
    },
    onVoted: (meetingId, questionId) => votes.record(meetingId, questionId),
  });
  const presence = new Presence(
    (meetingId, counts) => io.to(everybody(meetingId)).emit('presence', counts),
    (meetingId) => service.participantsOnFloor(meetingId),
    options.presenceMerge,
    options.presenceIntervalMs,
  );
  attachGateway({
    io,
    service,
    store,
    presence,
    votes,
    tokens,
    logger,
    metrics,
    inFlight,
    commandsPerSecond: options.commandsPerSecond ?? 20,
  });

  const app = createHttpApp({
    service,
    store,
    tokens,
    claims,
    logger,
    publicUrl: options.publicUrl ?? null,
    clientDir: options.clientDir ?? null,
    metrics,
    collectGarbageForMetrics: options.collectGarbageForMetrics ?? false,
    onModeratorLinkRevoked: (meetingId, linkId) => io.in(moderatorLinkRoom(meetingId, linkId)).disconnectSockets(true),
  });
  http.on('request', app);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const displayHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;

  return {
    http,
    io,
    service,
    port,
    url: `http://${displayHost}:${port}`,
    async close() {
      presence.stop();
      votes.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections();
      await options.onClose?.();
    },
    async drain(timeoutMs = 10_000) {
      inFlight.draining = true;
      http.close();
      await inFlight.idle(timeoutMs);
      // "io server disconnect": Plenary's clients reconnect by themselves, to another instance behind the proxy.
      // Wait (briefly) for them to close, so that acks and the disconnect itself are flushed, not discarded.
      const closed = Promise.all([...io.sockets.sockets.values()].map((socket) => once(socket.conn, 'close')));
      io.local.disconnectSockets(false);
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      presence.stop();
      votes.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await options.onClose?.();
      await options.store.close();
    },
  };
}
