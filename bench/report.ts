/**
 * Prints the Markdown tables of docs/BENCHMARKS.md from one results file.
 *
 *   npx tsx bench/report.ts bench/results/full-….json
 */
import { readFileSync } from 'node:fs';
import type { FanoutResult } from './protocol.js';

const results = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as {
  command: string;
  date: string;
  machine?: Record<string, unknown>;
  loadAverage?: number[];
  fanout?: FanoutResult[];
  voteStorm?: Record<string, number | boolean>;
  /** One entry per target; older files hold Plenary's alone, as an object. */
  joinStorm?: Record<string, number | string>[] | Record<string, number | string>;
  writes?: { one: Record<string, unknown>; three: Record<string, unknown>; p99Ratio: number };
  votesCluster?: Record<string, number | boolean>;
};
const lines: string[] = [];
const table = (title: string, rows: Record<string, unknown>) => {
  lines.push(`| ${title} | value |`, '|---|---|');
  for (const [key, value] of Object.entries(rows))
    lines.push(`| ${key} | ${typeof value === 'object' ? JSON.stringify(value) : value} |`);
  lines.push('');
};
// The results of the writes and votes-cluster benches (alone or in a whole run): one table each.
if (results.writes || results.votesCluster) {
  lines.push(
    `Run: \`${results.command}\` on ${results.date.slice(0, 10)}; load average ${JSON.stringify(results.loadAverage)}.`,
    '',
  );
  if (results.writes) {
    const { one, three, p99Ratio } = results.writes;
    lines.push('| many writers | 1 instance | 3 instances |', '|---|---|---|');
    for (const key of Object.keys(one)) lines.push(`| ${key} | ${JSON.stringify(one[key])} | ${JSON.stringify(three[key])} |`);
    lines.push(`| ack p99, 3 instances / 1 | | ${p99Ratio}x |`, '');
  }
  if (results.votesCluster) table('votes through two instances', results.votesCluster);
  if (!results.fanout?.length) {
    process.stdout.write(`${lines.join('\n')}\n`);
    process.exit(0);
  }
}
const fanout = results.fanout ?? [];
const sizes = [...new Set(fanout.map((f) => f.clients))];
const find = (target: string, clients: number) => fanout.find((f) => f.target === target && f.clients === clients);

lines.push(`Run: \`${results.command}\` on ${results.date.slice(0, 10)}; machine: ${JSON.stringify(results.machine)}.`, '');
lines.push(
  '| clients | target | last receiver p50 | p99 | reach | dropped | vs raw ws (p50) | vs Socket.IO (p50) | payload | server CPU during the broadcasts |',
);
lines.push('|---|---|---|---|---|---|---|---|---|---|');
for (const size of sizes) {
  const raw = find('raw-ws', size);
  const socketio = find('socketio', size);
  for (const target of ['raw-ws', 'socketio', 'plenary', 'plenary-redis', 'naive-socketio']) {
    const f = find(target, size);
    if (!f) continue;
    const ratio = raw ? (f.p50Ms / raw.p50Ms).toFixed(2) : '–';
    const socketioRatio = socketio ? `${(f.p50Ms / socketio.p50Ms).toFixed(2)}x` : '–';
    const serverCpu = Object.entries(f.cpuMs)
      .filter(([name]) => !name.startsWith('loadgen'))
      .map(([name, ms]) => `${name} ${ms} ms`)
      .join(', ');
    lines.push(
      `| ${size.toLocaleString('en')} | ${target} | ${f.p50Ms} ms | ${f.p99Ms} ms | ${(f.reach * 100).toFixed(2)}% | ${f.droppedDuringRun ?? '–'} | ${ratio}x | ${socketioRatio} | ${f.payloadBytes.toLocaleString('en')} B | ${serverCpu} |`,
    );
  }
}
lines.push('');
const largest = Math.max(...sizes);
const plenary = find('plenary', largest);
const naive = find('naive-socketio', largest);
if (plenary && naive)
  lines.push(
    `At ${largest.toLocaleString('en')} clients Plenary is ${(naive.p50Ms / plenary.p50Ms).toFixed(1)}x faster than the naive peer at the median.`,
    '',
  );
if (results.voteStorm) table('vote storm', results.voteStorm);
const joins = Array.isArray(results.joinStorm) ? results.joinStorm : results.joinStorm ? [results.joinStorm] : [];
for (const join of joins) table(`join storm: ${join.target ?? 'plenary'}`, join);
process.stdout.write(`${lines.join('\n')}\n`);
