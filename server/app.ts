import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { ParticipantTokens } from './auth/secrets.js';
import { publishChange } from './fanout/changes.js';
import { meetingRoom } from './fanout/rooms.js';
import { VoteTally } from './fanout/votes.js';
import { attachGateway, type PlenaryIo } from './gateway.js';
import { createHttpApp } from './http/routes.js';
import { newId } from './ids.js';
import { MeetingService } from './meetings/service.js';
import { Presence } from './presence.js';
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
  /** Presence broadcast interval; tests shorten it. */
  presenceIntervalMs?: number;
}

export interface PlenaryServer {
  http: HttpServer;
  io: PlenaryIo;
  service: MeetingService;
  /** http://host:port the server listens on. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Composition root of one instance: store, service, fan-out, gateway and HTTP on one port. */
export async function startPlenary(options: PlenaryOptions): Promise<PlenaryServer> {
  const { store, logger } = options;
  const secret = options.tokenSecret ?? (await store.settingOrInit('token-secret', newId(32)));
  const tokens = new ParticipantTokens(secret);

  const http = createServer();
  const io: PlenaryIo = new Server(http, {
    // WebSocket only: no long-polling, so no sticky sessions are needed behind a proxy.
    transports: ['websocket'],
    // Compression would be paid per socket per broadcast; payloads are small deltas.
    perMessageDeflate: false,
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
  });

  const votes = new VoteTally(
    store,
    (meetingId, counts) => io.to(meetingRoom(meetingId)).emit('votes', counts),
    options.voteIntervalMs,
  );
  const service = new MeetingService({
    store,
    now: Date.now,
    newId: () => newId(6),
    onCommitted: (change) => publishChange(io, change),
    onVoted: (meetingId, questionId, count) => votes.record(meetingId, questionId, count),
  });
  const presence = new Presence(
    (meetingId, counts) => io.to(meetingRoom(meetingId)).emit('presence', counts),
    (meetingId) => service.participantsOnFloor(meetingId),
    options.presenceIntervalMs,
  );
  attachGateway({ io, service, store, presence, votes, tokens, logger, commandsPerSecond: options.commandsPerSecond ?? 20 });

  const app = createHttpApp({
    service,
    store,
    tokens,
    logger,
    publicUrl: options.publicUrl ?? null,
    clientDir: options.clientDir ?? null,
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
    },
  };
}
