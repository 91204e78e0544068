import pino from 'pino';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type PlenaryServer, startPlenary } from '../../server/app.js';
import type { LimitSettings } from '../../server/security/rate-limits.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import type { MeetingStore } from '../../server/store/types.js';
import { TestClient } from './client.js';
import { sampleBody } from './meetings.js';

export interface TestServer extends PlenaryServer {
  store: MeetingStore;
  /** Creates a meeting over HTTP and returns what the API answered. */
  createMeeting(body?: unknown): Promise<CreatedMeeting>;
  /** Registers a participant over HTTP and returns the token. */
  register(meetingId: string, profile?: Partial<Record<string, string>>): Promise<{ token: string; participant: { id: string } }>;
  stop(): Promise<void>;
}

export interface CreatedMeeting {
  meetingId: string;
  moderatorKey: string;
  links: { attend: string; moderate: string; display: string };
}

/** A real Plenary server on 127.0.0.1, port 0, with its own in-memory SQLite store. */
export async function startTestServer(
  options: {
    clientDir?: string | null;
    store?: MeetingStore;
    presenceIntervalMs?: number;
    /** A fixed port, to bring a server back where its clients expect it. */
    port?: number;
    /** Leave the store open on stop, for a second server on the same data. */
    keepStore?: boolean;
    /** The store is shared with other instances (Redis): cached state is checked against it. */
    sharedStore?: boolean;
    commandsPerSecond?: number;
    limits?: Partial<LimitSettings>;
    publicUrl?: string;
    allowedOrigins?: string[];
    /** How long a meeting nobody is connected to stays in memory (the server's default otherwise). */
    idleGraceMs?: number;
    /** Days after its end that a meeting is deleted (0: never, for meetings seeded with past dates). */
    retentionDays?: number;
  } = {},
): Promise<TestServer> {
  const store = options.store ?? new SqliteStore(null);
  const server = await startPlenary({
    store,
    logger: pino({ level: 'silent' }),
    port: options.port ?? 0,
    host: '127.0.0.1',
    clientDir: options.clientDir ?? null,
    presenceIntervalMs: options.presenceIntervalMs ?? 100,
    sharedStore: options.sharedStore ?? false,
    publicUrl: options.publicUrl,
    allowedOrigins: options.allowedOrigins,
    limits: {
      // Tests register many participants and create many meetings from one address.
      meetingsPerAddress: { points: 10_000, seconds: 3600 },
      registrationsPerAddress: { points: 10_000, seconds: 3600 },
      ...(options.commandsPerSecond ? { commands: { points: options.commandsPerSecond, seconds: 1 } } : {}),
      ...options.limits,
    },
    ...(options.idleGraceMs === undefined ? {} : { idleGraceMs: options.idleGraceMs }),
    ...(options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays }),
  });
  return {
    ...server,
    store,
    async createMeeting(body = sampleBody) {
      const response = await fetch(`${server.url}/api/meetings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 201) throw new Error(`create meeting: ${response.status} ${await response.text()}`);
      return (await response.json()) as CreatedMeeting;
    },
    async register(meetingId, profile = {}) {
      const response = await fetch(`${server.url}/api/meetings/${meetingId}/participants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Amina',
          affiliation: 'Egypt',
          stakeholderGroup: 'government',
          attendance: 'remote',
          ...profile,
        }),
      });
      if (response.status !== 201) throw new Error(`register: ${response.status} ${await response.text()}`);
      return (await response.json()) as { token: string; participant: { id: string } };
    },
    async stop() {
      await server.close();
      if (!options.keepStore) await store.close();
    },
  };
}

/** A Plenary server for one test file, and real clients closed after each test. */
export function serverForFile(options: Parameters<typeof startTestServer>[0] = {}): {
  readonly server: TestServer;
  connect(auth: Record<string, unknown>): TestClient;
  /** Closes this client after the test too. */
  track(client: TestClient): TestClient;
} {
  let server: TestServer | undefined;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    server = await startTestServer(options);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const suite = {
    get server() {
      if (!server) throw new Error('the server is not started yet');
      return server;
    },
    connect(auth: Record<string, unknown>) {
      return suite.track(new TestClient(suite.server.url, auth));
    },
    track(client: TestClient) {
      clients.push(client);
      return client;
    },
  };
  return suite;
}
