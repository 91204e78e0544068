/**
 * Compares the three Socket.IO Redis adapters on the path Plenary depends on:
 * one moderator's change, committed on instance A, reaching every client of
 * the meeting spread over two instances. Real processes: a redis-server, two
 * Plenary instances, and this process as the load generator.
 *
 *   npx tsx bench/adapters.ts [clients=1000] [broadcasts=50]
 */
import { writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { io, type Socket } from 'socket.io-client';
import { sampleBody } from '../tests/support/meetings.js';
import { spawnServer } from '../tests/support/process.js';
import { TestRedis } from '../tests/support/redis.js';

const CLIENTS = Number(process.argv[2] ?? 1000);
const BROADCASTS = Number(process.argv[3] ?? 50);
const KINDS = ['classic', 'sharded', 'streams'] as const;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

async function measure(kind: (typeof KINDS)[number]) {
  const redis = new TestRedis();
  await redis.start();
  const servers = await Promise.all(
    [0, 1].map((i) =>
      spawnServer({ REDIS_URL: redis.url, SOCKET_ADAPTER: kind, INSTANCE_ID: `bench-${i}`, COMMANDS_PER_SECOND: '10000' }),
    ),
  );
  const [a, b] = servers;
  if (!a || !b) throw new Error('no servers');
  const created = await (
    await fetch(`${a.url}/api/meetings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sampleBody),
    })
  ).json();
  const received = new Map<number, number>();
  const counts = new Map<number, number>();
  const sockets: Socket[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, (_, i) => {
      const socket = io(i % 2 ? b.url : a.url, {
        transports: ['websocket'],
        auth: { meetingId: created.meetingId },
        forceNew: true,
      });
      sockets.push(socket);
      socket.on('change', (change: { version: number }) => {
        received.set(change.version, performance.now());
        counts.set(change.version, (counts.get(change.version) ?? 0) + 1);
      });
      return new Promise<void>((resolve) => socket.once('welcome', () => resolve()));
    }),
  );
  const moderator = io(a.url, {
    transports: ['websocket'],
    auth: { meetingId: created.meetingId, moderatorKey: created.moderatorKey },
    forceNew: true,
  });
  await new Promise<void>((resolve) => moderator.once('welcome', () => resolve()));
  const latencies: number[] = [];
  for (let v = 1; v <= BROADCASTS; v++) {
    const sentAt = performance.now();
    await moderator.emitWithAck('command', { id: `b${v}`, type: 'agenda.add', payload: { title: `Item ${v}`, minutes: 5 } });
    // Wait for every client to have it: the time of the last receiver.
    while ((counts.get(v) ?? 0) < CLIENTS) await new Promise((resolve) => setImmediate(resolve));
    latencies.push((received.get(v) ?? sentAt) - sentAt);
  }
  const reach = [...counts.values()].reduce((sum, n) => sum + n, 0) / (CLIENTS * BROADCASTS);
  for (const socket of [...sockets, moderator]) socket.disconnect();
  for (const server of servers) await server.kill('SIGKILL');
  await redis.destroy();
  return {
    adapter: kind,
    clients: CLIENTS,
    broadcasts: BROADCASTS,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    reach,
  };
}

const results = [];
for (const kind of KINDS) {
  const result = await measure(kind);
  results.push(result);
  process.stdout.write(
    `${kind.padEnd(8)} last receiver p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, reach ${(result.reach * 100).toFixed(1)}%\n`,
  );
}
const file = `bench/results/adapters-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(
  file,
  JSON.stringify(
    {
      command: `npx tsx bench/adapters.ts ${CLIENTS} ${BROADCASTS}`,
      date: new Date().toISOString(),
      machine: { host: hostname(), cpus: cpus().length, cpu: cpus()[0]?.model },
      results,
    },
    null,
    2,
  ),
);
process.stdout.write(`written ${file}\n`);
