/**
 * Many writers on one meeting: participants and moderators spread over one or
 * three Plenary instances behind one redis-server (`appendfsync always`, as
 * deployed), sending 100 commands a second in all (floor requests, edits and
 * withdrawals, questions, agenda edits), none of which names an expected
 * state. Both layouts run in the same process one after the other, so their
 * ratio compares like with like.
 *
 *   npm run bench -- --only=writes            60 s per layout
 *   npm run bench -- --only=writes --quick    10 s per layout
 *   npm run bench -- --only=writes --slow-disk   with a process of our own writing and fsyncing 32 MB at a time in Redis's folder
 *
 * Reported per layout: commands sent and acknowledged, refusals by code (the
 * target is zero `conflict`), ack p50/p99/max, commits that lost a race and
 * were decided again and commands forwarded to the meeting's writer instance
 * (both from /metrics), server CPU.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { Change } from '../shared/events.js';
import { PROTOCOL_VERSION } from '../shared/protocol.js';
import { sampleBody } from '../tests/support/meetings.js';
import { counterValues, type ServerProcess, spawnServer } from '../tests/support/process.js';
import { SlowDisk, TestRedis } from '../tests/support/redis.js';

const PARTICIPANTS = 90;
const MODERATORS = 3;
const RATE_PER_SECOND = 100;

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

type Ack = { ok: true; version: number } | { ok: false; error: { code: string; message: string } };

interface Writer {
  socket: Socket;
  participantId: string | null;
  /** This participant's waiting entries, from the change stream. */
  entries: Set<string>;
  next: number;
}

export interface WritesResult {
  instances: number;
  seconds: number;
  sent: number;
  acked: number;
  refusedByCode: Record<string, number>;
  conflicts: number;
  unanswered: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  lostRaces: number;
  /** Commands sent to the meeting's writer instance, by outcome (answered, no_writer, timeout, failed). */
  forwarded: Record<string, number>;
  serverCpuMs: number;
}

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Every instance's counter, summed, less the same before the run. */
async function counterSince(urls: string[], name: string, before: Record<string, number>): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  for (const values of await Promise.all(urls.map((url) => counterValues(url, name))))
    for (const [labels, value] of Object.entries(values)) total[labels] = (total[labels] ?? 0) + value;
  for (const [labels, value] of Object.entries(before)) total[labels] = (total[labels] ?? 0) - value;
  return Object.fromEntries(Object.entries(total).filter(([, value]) => value !== 0));
}

function connect(url: string, auth: Record<string, unknown>): Promise<Socket> {
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { protocolVersion: PROTOCOL_VERSION, ...auth },
  });
  return new Promise((resolve, reject) => {
    socket.once('welcome', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function layout(redis: TestRedis, instanceCount: number, seconds: number): Promise<WritesResult> {
  const servers: ServerProcess[] = await Promise.all(
    Array.from({ length: instanceCount }, (_, i) =>
      spawnServer(
        {
          REDIS_URL: redis.url,
          INSTANCE_ID: `writes-${i}`,
          COMMANDS_PER_SECOND: '10000',
          MEETINGS_PER_HOUR: '1000000',
          REGISTRATIONS_PER_ADDRESS_PER_HOUR: '1000000',
          REGISTRATIONS_PER_MEETING_PER_HOUR: '1000000',
        },
        180_000,
      ),
    ),
  );
  const writers: Writer[] = [];
  try {
    const first = servers[0] as ServerProcess;
    const created = (await (
      await fetch(`${first.url}/api/meetings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(sampleBody),
      })
    ).json()) as { meetingId: string; moderatorKey: string };
    const { meetingId, moderatorKey } = created;
    const at = (i: number) => (servers[i % servers.length] as ServerProcess).url;
    for (let i = 0; i < MODERATORS; i++) {
      writers.push({
        socket: await connect(at(i), { meetingId, moderatorKey }),
        participantId: null,
        entries: new Set(),
        next: 0,
      });
    }
    for (let i = 0; i < PARTICIPANTS; i++) {
      const url = at(i);
      const registered = (await (
        await fetch(`${url}/api/meetings/${meetingId}/participants`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Delegate ${i}`, stakeholderGroup: 'government', attendance: 'remote' }),
        })
      ).json()) as { token: string; participant: { id: string } };
      const writer: Writer = {
        socket: await connect(url, { meetingId, token: registered.token }),
        participantId: registered.participant.id,
        entries: new Set(),
        next: 0,
      };
      writer.socket.on('change', (change: Change) => {
        for (const event of change.events) {
          if (event.type === 'floor.requested' && event.entry.participantId === writer.participantId)
            writer.entries.add(event.entry.id);
          if (event.type === 'floor.entryRemoved') writer.entries.delete(event.entryId);
        }
      });
      writers.push(writer);
    }
    const itemId = await firstItemId(first.url, meetingId);

    const latencies: number[] = [];
    const refused: Record<string, number> = {};
    let sent = 0;
    let answered = 0;
    const cpuBefore = servers.map((server) => cpuMs(server.pid));
    const urls = servers.map((server) => server.url);
    const racesBefore = await counterSince(urls, 'plenary_commit_conflicts_total', {});
    const forwardedBefore = await counterSince(urls, 'plenary_forwarded_commands_total', {});
    const pending: Promise<void>[] = [];
    const send = (writer: Writer, type: string, payload: object) => {
      sent++;
      const startedAt = performance.now();
      pending.push(
        writer.socket
          .timeout(30_000)
          .emitWithAck('command', { id: `w${sent}`, type, payload })
          .then((ack: Ack) => {
            answered++;
            latencies.push(performance.now() - startedAt);
            if (!ack.ok) refused[ack.error.code] = (refused[ack.error.code] ?? 0) + 1;
          })
          .catch(() => undefined),
      );
    };
    const act = (writer: Writer) => {
      writer.next++;
      if (writer.participantId === null) {
        send(writer, 'agenda.edit', { itemId, notes: `note ${sent}` });
        return;
      }
      const [entryId] = writer.entries;
      // Requests, their edits and withdrawals, and now and then a question.
      if (writer.next % 10 === 0) send(writer, 'question.ask', { text: `Question ${sent} from the floor?` });
      else if (entryId === undefined) send(writer, 'floor.request', { type: 'new_topic', topic: `topic ${sent}` });
      else if (writer.next % 3 === 0) {
        // Withdrawn: not edited again while the change is on its way.
        writer.entries.delete(entryId);
        send(writer, 'floor.withdraw', { entryId });
      } else send(writer, 'floor.edit', { entryId, topic: `topic ${sent}` });
    };

    const total = RATE_PER_SECOND * seconds;
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / RATE_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      // One in ten commands is a moderator's agenda edit, the rest participants' (spread over every instance).
      const writer =
        i % 10 === 0
          ? (writers[i % MODERATORS] as Writer)
          : (writers[MODERATORS + Math.floor(Math.random() * PARTICIPANTS)] as Writer);
      act(writer);
    }
    await Promise.all(pending);
    const races = await counterSince(urls, 'plenary_commit_conflicts_total', racesBefore);
    const forwarded = await counterSince(urls, 'plenary_forwarded_commands_total', forwardedBefore);
    return {
      instances: instanceCount,
      seconds,
      sent,
      acked: answered,
      refusedByCode: refused,
      conflicts: refused.conflict ?? 0,
      unanswered: sent - answered,
      ackP50Ms: round(percentile(latencies, 50)),
      ackP99Ms: round(percentile(latencies, 99)),
      ackMaxMs: round(Math.max(...latencies)),
      lostRaces: races[''] ?? 0,
      forwarded: Object.fromEntries(
        Object.entries(forwarded).map(([labels, value]) => [labels.replace(/^outcome="(.*)"$/, '$1'), value]),
      ),
      serverCpuMs: round(
        servers.reduce((sum, server, i) => sum + cpuMs(server.pid) - (cpuBefore[i] ?? 0), 0),
        0,
      ),
    };
  } finally {
    for (const writer of writers) writer.socket.disconnect();
    for (const server of servers) await server.kill('SIGKILL');
  }
}

async function firstItemId(url: string, meetingId: string): Promise<string> {
  const snapshot = (await (await fetch(`${url}/api/meetings/${meetingId}`)).json()) as {
    meeting: { agenda: { items: { id: string }[] } };
  };
  const item = snapshot.meeting.agenda.items[0];
  if (!item) throw new Error('the sample meeting has no agenda item');
  return item.id;
}

/** One instance, then three, on the same redis-server: the ratio of their ack p99 is the target's. */
export async function writesBench({
  quick,
  slowDisk = false,
}: {
  quick: boolean;
  /** Both layouts beside a process that keeps the disk busy with large fsyncs. */
  slowDisk?: boolean;
}): Promise<{ one: WritesResult; three: WritesResult; p99Ratio: number; slowDisk: boolean }> {
  const seconds = quick ? 10 : 60;
  // A redis-server per layout: the second starts from the same empty disk as the first.
  const one = await withRedis(slowDisk, (redis) => layout(redis, 1, seconds));
  process.stdout.write(`writes, 1 instance: ${JSON.stringify(one)}\n`);
  const three = await withRedis(slowDisk, (redis) => layout(redis, 3, seconds));
  process.stdout.write(`writes, 3 instances: ${JSON.stringify(three)}\n`);
  return { one, three, p99Ratio: round(three.ackP99Ms / one.ackP99Ms, 2), slowDisk };
}

async function withRedis<T>(slowDisk: boolean, work: (redis: TestRedis) => Promise<T>): Promise<T> {
  const redis = new TestRedis();
  await redis.start();
  const slow = slowDisk ? new SlowDisk(redis.dir) : null;
  try {
    return await work(redis);
  } finally {
    await slow?.stop();
    await redis.destroy();
  }
}
