/**
 * What durability costs on Redis: `appendfsync always` against `everysec`,
 * on a quiet disk and on a slow one (a process of our own writing and
 * fsyncing in Redis's folder), through the real RedisStore.
 *
 *   npm run bench -- --only=durability            5 s per measurement, 10 kill rounds
 *   npm run bench -- --only=durability --quick    2 s per measurement, 3 kill rounds
 *   npx tsx bench/durability.ts [--quick]         the same, alone
 *
 * Per setting: commits/s with 1 and with 50 concurrent writers (each on its
 * own meeting, as 50 busy meetings would be), votes/s with 200 concurrent
 * voters, each vote a new one (a vote storm), ack latencies, and a kill check:
 * a writer commits and, after each ack, asks Redis whether it still holds
 * unwritten AOF data; at that moment (or after 3 s) Redis is SIGKILLed and
 * restarted, and every acknowledged commit is looked for.
 *
 * Results: bench/results/durability-<date>.json and a Markdown table on stdout.
 */
import { writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { RedisStore } from '../server/store/redis.js';
import type { Change } from '../shared/events.js';
import type { MeetingState } from '../shared/model.js';
import { sampleMeeting } from '../tests/support/meetings.js';
import { SlowDisk, TestRedis } from '../tests/support/redis.js';

type Policy = 'always' | 'everysec';
type Disk = 'quiet' | 'slow';

interface Throughput {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

interface SettingResult {
  appendfsync: Policy;
  disk: Disk;
  commits1: Throughput;
  commits50: Throughput;
  votes200: Throughput;
  killRounds: number;
  roundsKilledWithUnwrittenAck: number;
  acknowledgedCommitsLost: number;
  acknowledgedCommits: number;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

/** Runs `workers` loops of `operation` for `seconds`; counts completed operations and their latencies. */
async function throughput(workers: number, seconds: number, operation: (worker: number, i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = 0; performance.now() < until; i++) {
        const t = performance.now();
        await operation(worker, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    perSecond: round(latencies.length / elapsed, 0),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
  };
}

function change(meetingId: string, version: number): Change {
  return {
    meetingId,
    version,
    at: version,
    events: [{ type: 'agenda.itemEdited', itemId: 'item1', changes: { title: `v${version}` } }],
  };
}

/** Commit throughput with `writers` concurrent writers, each on its own meeting. */
async function commits(store: RedisStore, writers: number, seconds: number, tag: string): Promise<Throughput> {
  const states: MeetingState[] = [];
  for (let w = 0; w < writers; w++) {
    const state = { ...sampleMeeting(), id: `${tag}-m${w}` };
    await store.createMeeting({ state, moderatorKeyHash: 'h' });
    states.push(state);
  }
  return throughput(writers, seconds, async (w, i) => {
    const state = { ...(states[w] as MeetingState), title: `v${i + 1}` };
    const outcome = await store.commit(change(state.id, i + 1), state, { sender: 'm:bench', id: `${tag}-w${w}-${i + 1}` });
    if (outcome.kind !== 'committed') throw new Error(`commit ${outcome.kind}`);
  });
}

/**
 * Commits until an ack arrives while Redis still holds unwritten AOF data
 * (INFO persistence: aof_buffer_length > 0; only this writer writes, so that
 * data is the acknowledged commit), or for at most 3 s; then SIGKILL.
 */
async function killRound(redis: TestRedis, roundNo: number) {
  const store = new RedisStore(redis.url, () => undefined);
  const probe = new Redis(redis.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  const meetingId = `kill-${roundNo}`;
  let state: MeetingState = { ...sampleMeeting(), id: meetingId };
  await store.createMeeting({ state, moderatorKeyHash: 'h' });
  let acked = 0;
  let unwritten = false;
  const until = performance.now() + 3_000;
  while (performance.now() < until) {
    state = { ...state, title: `v${acked + 1}` };
    await store.commit(change(meetingId, acked + 1), state, { sender: 'm:bench', id: `kill-${roundNo}-${acked + 1}` });
    acked++;
    const info = await probe.info('persistence');
    if (!/^aof_buffer_length:0\r?$/m.test(info)) {
      unwritten = true;
      break;
    }
  }
  await redis.kill();
  probe.disconnect();
  store.redis.disconnect();
  await redis.start(redis.port);
  const check = new RedisStore(redis.url, () => undefined);
  const kept = (await check.loadMeeting(meetingId))?.version ?? 0;
  await check.close();
  return { acked, lost: Math.max(0, acked - kept), unwritten };
}

async function measure(policy: Policy, disk: Disk, seconds: number, killRounds: number): Promise<SettingResult> {
  const redis = new TestRedis({ appendfsync: policy });
  await redis.start();
  const slow = disk === 'slow' ? new SlowDisk(redis.dir) : null;
  try {
    const store = new RedisStore(redis.url, () => undefined);
    const commits1 = await commits(store, 1, seconds, 'one');
    const commits50 = await commits(store, 50, seconds, 'fifty');
    const votes200 = await throughput(200, seconds, (voter, i) => store.setVote('storm', `q${i}`, `voter-${voter}`, true));
    await store.close();
    let lost = 0;
    let acknowledged = 0;
    let unwritten = 0;
    for (let r = 0; r < killRounds; r++) {
      const result = await killRound(redis, r);
      lost += result.lost;
      acknowledged += result.acked;
      if (result.unwritten) unwritten++;
    }
    return {
      appendfsync: policy,
      disk,
      commits1,
      commits50,
      votes200,
      killRounds,
      roundsKilledWithUnwrittenAck: unwritten,
      acknowledgedCommitsLost: lost,
      acknowledgedCommits: acknowledged,
    };
  } finally {
    await slow?.stop();
    await redis.destroy();
  }
}

export async function durabilityBench({ quick }: { quick: boolean }): Promise<SettingResult[]> {
  const seconds = quick ? 2 : 5;
  const killRounds = quick ? 3 : 10;
  const results: SettingResult[] = [];
  for (const disk of ['quiet', 'slow'] as const) {
    for (const policy of ['always', 'everysec'] as const) {
      const result = await measure(policy, disk, seconds, killRounds);
      results.push(result);
      process.stdout.write(`durability ${JSON.stringify(result)}\n`);
    }
  }
  const lines = [
    '| disk | appendfsync | commits/s, 1 writer (p50) | commits/s, 50 writers (p50 / p99) | votes/s, 200 voters (p50 / p99) | kills at an unwritten ack | acknowledged commits lost |',
    '|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.disk} | ${r.appendfsync} | ${r.commits1.perSecond} (${r.commits1.p50Ms} ms) | ${r.commits50.perSecond} (${r.commits50.p50Ms} / ${r.commits50.p99Ms} ms) | ${r.votes200.perSecond} (${r.votes200.p50Ms} / ${r.votes200.p99Ms} ms) | ${r.roundsKilledWithUnwrittenAck} of ${r.killRounds} | ${r.acknowledgedCommitsLost} of ${r.acknowledgedCommits} |`,
    ),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = `bench/results/durability-${stamp}.json`;
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        command: `npm run bench -- --only=durability${quick ? ' --quick' : ''}`,
        date: new Date().toISOString(),
        machine: { host: hostname(), cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
        results,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`results: ${file}\n`);
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await durabilityBench({ quick: process.argv.includes('--quick') });
  process.exit(0);
}
