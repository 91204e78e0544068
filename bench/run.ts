/**
 * Plenary's benchmark harness: fan-out on one instance and through two
 * instances and Redis, a vote storm, a join storm, and the same fan-out on
 * two baselines (the raw `ws` limit and a naive Socket.IO peer). Servers and
 * load generators are separate processes; CPU is recorded per process.
 *
 *   npm run bench            N = 1,000, 5,000, 10,000 (takes several minutes)
 *   npm run bench -- --quick N = 200, and the quick writes and votes-cluster runs (CI runs this, so the harness keeps working)
 *   npm run bench -- --only=meetings-churn   twice 1,000 meetings joined and left: heap before and after release
 *
 * Results: bench/results/<date>.json and a Markdown table beside it.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { hashModeratorKey, ParticipantTokens } from '../server/auth/secrets.js';
import { newMeetingState } from '../server/meetings/create.js';
import { SqliteStore } from '../server/store/sqlite.js';
import { STAKEHOLDER_GROUPS } from '../shared/model.js';
import { TestRedis } from '../tests/support/redis.js';
import type { FanoutResult, LoadgenReport, LoadgenRequest } from './protocol.js';

const quick = process.argv.includes('--quick');
/** `--only=fanout|votes|join|meetings-churn|durability|writes|votes-cluster|screens`: one part alone, for tuning. */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
if (only === 'durability') {
  // appendfsync always against everysec on Redis: a bench of its own (bench/durability.ts).
  const { durabilityBench } = await import('./durability.js');
  await durabilityBench({ quick });
  process.exit(0);
}
if (only === 'writes') {
  // Many writers on one meeting over one and three instances: a bench of its own (bench/writes.ts).
  const { writesBench } = await import('./writes.js');
  const slowDisk = process.argv.includes('--slow-disk');
  const writes = await writesBench({ quick, slowDisk });
  const file = `bench/results/writes-${quick ? 'quick-' : ''}${slowDisk ? 'slow-disk-' : ''}${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(
    file,
    `${JSON.stringify({ command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, date: new Date().toISOString(), loadAverage: loadavg(), writes }, null, 2)}\n`,
  );
  process.stdout.write(`results: ${file}\n`);
  process.exit(0);
}
if (only === 'screens') {
  // The chair's console and a phone in a full meeting, in Chromium: a bench of its own (bench/screens.ts).
  const { screensBench } = await import('./screens.js');
  const dirs = process.argv.find((arg) => arg.startsWith('--client-dirs='))?.slice('--client-dirs='.length);
  const screens = await screensBench({ quick, clientDirs: dirs ? dirs.split(',') : ['client/dist'] });
  const file = `bench/results/screens-${quick ? 'quick-' : ''}${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(
    file,
    `${JSON.stringify({ command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, date: new Date().toISOString(), loadAverage: loadavg(), screens }, null, 2)}\n`,
  );
  process.stdout.write(`results: ${file}\n`);
  process.exit(0);
}
if (only === 'votes-cluster') {
  const { votesClusterBench } = await import('./votes-cluster.js');
  const votesCluster = await votesClusterBench({ quick });
  process.stdout.write(`votes through two instances: ${JSON.stringify(votesCluster)}\n`);
  const file = `bench/results/votes-cluster-${quick ? 'quick-' : ''}${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(
    file,
    `${JSON.stringify({ command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, date: new Date().toISOString(), loadAverage: loadavg(), votesCluster }, null, 2)}\n`,
  );
  process.stdout.write(`results: ${file}\n`);
  process.exit(0);
}
/** `--clients=10000,20000`: fan-out sizes other than the default ones. */
const clientsArg = process.argv.find((arg) => arg.startsWith('--clients='))?.slice('--clients='.length);
const SIZES = clientsArg ? clientsArg.split(',').map(Number) : quick ? [200] : [1000, 5000, 10_000];
const BROADCASTS = 50;
const VOTERS = quick ? 200 : 10_000;
const JOINERS = quick ? 200 : 10_000;
const CHURN_MEETINGS = quick ? 200 : 1000;
/** The churn scenario's idle grace: long enough to measure meetings held, short enough to wait for. */
const CHURN_IDLE_SECONDS = 2;
const LOADGENS = quick ? 2 : 4;
const TOKEN_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
/** /metrics answers only with this bearer token. */
const METRICS_TOKEN = 'bench-metrics-token-0123456789';
const BROADCAST_TIMEOUT_MS = 15_000;

const now = () => performance.timeOrigin + performance.now();
const percentile = (values: number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
};
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------

interface Running {
  name: string;
  child: ChildProcess;
  url: string;
  pid: number;
}
const running: Running[] = [];

/** Starts a server script and waits for its `listening` line. */
function startProcess(name: string, args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'listening' && entry.port && child.pid) {
          clearTimeout(timer);
          const server = { name, child, url: `http://127.0.0.1:${entry.port}`, pid: child.pid };
          running.push(server);
          resolve(server);
        }
      } catch {
        // not a log line
      }
    });
  });
}

function plenary(name: string, env: Record<string, string> = {}): Promise<Running> {
  // --expose-gc with METRICS_GC: memory figures are what is retained, not garbage not yet collected.
  return startProcess(name, ['--expose-gc', 'server/main.ts'], {
    METRICS_GC: 'on',
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'off',
    CLIENT_DIR: '',
    TOKEN_SECRET,
    METRICS_TOKEN,
    COMMANDS_PER_SECOND: '10000',
    // Every simulated person comes from this one address.
    MEETINGS_PER_HOUR: '1000000',
    REGISTRATIONS_PER_ADDRESS_PER_HOUR: '1000000',
    REGISTRATIONS_PER_MEETING_PER_HOUR: '1000000',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'plenary-bench-')),
    ...env,
  });
}

async function stop(server: Running): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  process.kill(server.pid, 'SIGKILL');
  await exited;
  running.splice(running.indexOf(server), 1);
}

/** CPU time (ms) a process has used, from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

class Loadgen {
  readonly child = fork('bench/loadgen.ts', [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  private readonly waiting = new Map<string, (message: LoadgenReport) => void>();
  readonly complete = new Map<number, number>();
  onComplete: (() => void) | null = null;

  constructor() {
    this.child.on('message', (message: LoadgenReport) => {
      if (message.cmd === 'complete') {
        this.complete.set(message.sequence, message.last);
        this.onComplete?.();
        return;
      }
      this.waiting.get(message.cmd)?.(message);
    });
  }

  request<T extends LoadgenReport['cmd']>(message: LoadgenRequest, reply: T): Promise<Extract<LoadgenReport, { cmd: T }>> {
    return new Promise((resolve) => {
      this.waiting.set(reply, (answer) => resolve(answer as Extract<LoadgenReport, { cmd: T }>));
      this.child.send(message);
    });
  }

  close(): void {
    this.child.send({ cmd: 'close' } satisfies LoadgenRequest);
  }
}

async function withLoadgens<T>(work: (loadgens: Loadgen[]) => Promise<T>): Promise<T> {
  const loadgens = Array.from({ length: LOADGENS }, () => new Loadgen());
  try {
    return await work(loadgens);
  } finally {
    for (const loadgen of loadgens) loadgen.close();
  }
}

/** Splits `auths` over the load generators and connects them all. */
async function connect(loadgens: Loadgen[], urls: string[], mode: 'socketio' | 'raw', auths: object[], spreadMs: number) {
  const share = Math.ceil(auths.length / loadgens.length);
  const answers = await Promise.all(
    loadgens.map((loadgen, i) =>
      loadgen.request(
        {
          cmd: 'connect',
          url: urls[i % urls.length] as string,
          mode,
          auths: auths.slice(i * share, (i + 1) * share),
          concurrency: 50,
          spreadMs,
          localAddress: `127.0.0.${2 + i}`,
        },
        'connected',
      ),
    ),
  );
  return {
    clients: answers.reduce((n, a) => n + a.clients, 0),
    failures: answers.reduce((n, a) => n + a.failures, 0),
    joinTimes: answers.flatMap((a) => a.joinTimes),
  };
}

// ---------------------------------------------------------------------------
// The realistic meeting: 30 agenda items, 100 speakers-list entries, 300 questions
// ---------------------------------------------------------------------------

async function seedMeeting(
  url: string,
): Promise<{ meetingId: string; moderatorKey: string; itemId: string; questionId: string }> {
  const agenda = Array.from({ length: 30 }, (_, i) => ({
    title: `Agenda item ${i + 1}: thematic session on WSIS Action Line C${(i % 11) + 1}`,
    minutes: 10,
    presenters: ['WSIS Secretariat'],
  }));
  const created = await (
    await fetch(`${url}/api/meetings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'WSIS Forum 2020 open consultation: final briefing',
        venue: { name: 'ITU headquarters', room: 'Room A', city: 'Geneva' },
        timeZone: 'Europe/Zurich',
        startsAt: '2020-02-28T14:00:00+01:00',
        endsAt: '2020-02-28T15:30:00+01:00',
        agenda,
      }),
    })
  ).json();
  const participants = await Promise.all(
    Array.from({ length: 50 }, async (_, i) => {
      const response = await fetch(`${url}/api/meetings/${created.meetingId}/participants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `Delegate ${i + 1}`,
          affiliation: `Delegation ${i + 1}`,
          stakeholderGroup: STAKEHOLDER_GROUPS[i % STAKEHOLDER_GROUPS.length],
          attendance: i % 2 ? 'remote' : 'in_room',
        }),
      });
      return ((await response.json()) as { token: string }).token;
    }),
  );
  let questionId = '';
  for (const token of participants) {
    const socket = io(url, { transports: ['websocket'], auth: { meetingId: created.meetingId, token }, forceNew: true });
    await new Promise((resolve) => socket.once('welcome', resolve));
    const send = (type: string, payload: object) =>
      socket.timeout(10_000).emitWithAck('command', { id: `${type}-${Math.random()}`, type, payload });
    await send('floor.request', { type: 'new_topic', topic: 'On the format of the Forum' });
    await send('floor.request', { type: 'clarifying_question', topic: '' });
    for (let q = 0; q < 6; q++) {
      await send('question.ask', {
        text: `Question ${q + 1}: how will remote participants from every region be heard in the thematic workshops and the high-level track?`,
      });
    }
    socket.disconnect();
  }
  const snapshot = (await (await fetch(`${url}/api/meetings/${created.meetingId}`)).json()) as {
    meeting: { agenda: { items: { id: string }[] }; questions: { items: { id: string }[] }; floor: { queue: unknown[] } };
  };
  questionId = snapshot.meeting.questions.items[0]?.id ?? '';
  if (snapshot.meeting.questions.items.length !== 300 || snapshot.meeting.floor.queue.length !== 100)
    throw new Error('seeding failed');
  return {
    meetingId: created.meetingId,
    moderatorKey: created.moderatorKey,
    itemId: snapshot.meeting.agenda.items[0]?.id ?? '',
    questionId,
  };
}

// ---------------------------------------------------------------------------
// Fan-out
// ---------------------------------------------------------------------------

type Target = FanoutResult['target'];

/** The change the baselines relay: the same shape and size as Plenary's agenda edit. */
const baselineChange = (sequence: number) => ({
  meetingId: 'm',
  version: sequence,
  at: Date.now(),
  events: [{ type: 'agenda.itemEdited', itemId: 'item', changes: { notes: `n${sequence}` } }],
});

async function fanout(target: Target, size: number): Promise<FanoutResult> {
  const servers: Running[] = [];
  let redis: TestRedis | null = null;
  try {
    let urls: string[];
    let trigger: (sequence: number) => Promise<void>;
    let auths: object[];
    let mode: 'socketio' | 'raw' = 'socketio';
    let payloadBytes = 0;
    let firstSequence = 1;
    let close = () => {};
    if (target === 'raw-ws') {
      const server = await startProcess('raw ws', ['--expose-gc', 'bench/raw-server.ts']);
      servers.push(server);
      urls = [server.url.replace('http', 'ws')];
      mode = 'raw';
      auths = Array.from({ length: size }, () => ({}));
      const controlSocket = new WebSocket(`${urls[0]}/control`);
      await new Promise((resolve) => controlSocket.once('open', resolve));
      trigger = async (sequence) => {
        const frame = `42["change",${JSON.stringify(baselineChange(sequence))}]`;
        payloadBytes = frame.length;
        controlSocket.send(frame);
      };
      close = () => controlSocket.close();
    } else if (target === 'socketio') {
      const server = await startProcess('socket.io', ['--expose-gc', 'bench/socketio-server.ts']);
      servers.push(server);
      urls = [server.url];
      auths = Array.from({ length: size }, () => ({}));
      const control = io(server.url, { forceNew: true, transports: ['websocket'] });
      await new Promise((resolve) => control.once('welcome', resolve));
      trigger = async (sequence) => {
        const change = baselineChange(sequence);
        payloadBytes = Buffer.byteLength(`42["change",${JSON.stringify(change)}]`);
        control.emit('relay', change);
      };
      close = () => control.disconnect();
    } else {
      // Plenary seeds the realistic meeting; the naive peer starts from Plenary's snapshot of it.
      const seeder = target === 'plenary-redis' ? null : await plenary('plenary');
      if (target === 'plenary-redis') {
        redis = new TestRedis();
        await redis.start();
        servers.push(
          await plenary('plenary A', { REDIS_URL: redis.url, INSTANCE_ID: 'bench-a' }),
          await plenary('plenary B', { REDIS_URL: redis.url, INSTANCE_ID: 'bench-b' }),
        );
      } else if (seeder) servers.push(seeder);
      const seedUrl = (servers[0] as Running).url;
      const meeting = await seedMeeting(seedUrl);
      if (target === 'naive-socketio') {
        const file = join(mkdtempSync(join(tmpdir(), 'plenary-naive-')), 'state.json');
        writeFileSync(file, await (await fetch(`${seedUrl}/api/meetings/${meeting.meetingId}`)).text());
        await stop(servers.pop() as Running);
        const naive = await startProcess('naive socket.io', ['bench/naive-server.ts', file]);
        servers.push(naive);
        urls = [naive.url];
        auths = Array.from({ length: size }, () => ({}));
        const chair = io(naive.url, { forceNew: true, transports: ['websocket'] });
        const initial = await new Promise<{ version: number }>((resolve) => chair.once('state', resolve));
        firstSequence = initial.version + 1;
        trigger = async (sequence) => {
          chair.emit('command', { notes: `n${sequence}` });
        };
        close = () => chair.disconnect();
        payloadBytes = Buffer.byteLength(readFileSync(file, 'utf8')) + 12;
      } else {
        urls = servers.map((server) => server.url);
        auths = Array.from({ length: size }, () => ({ meetingId: meeting.meetingId }));
        const chair: Socket = io((servers[0] as Running).url, {
          forceNew: true,
          transports: ['websocket'],
          auth: { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey },
        });
        const welcome = await new Promise<{ snapshot: { version: number } }>((resolve) => chair.once('welcome', resolve));
        firstSequence = welcome.snapshot.version + 1;
        // The payload as it travels: the moderator receives the same change frame as everyone.
        chair.on('change', (change: unknown) => {
          payloadBytes = Buffer.byteLength(`42["change",${JSON.stringify(change)}]`);
        });
        trigger = async (sequence) => {
          chair.emit(
            'command',
            { id: `edit-${sequence}`, type: 'agenda.edit', payload: { itemId: meeting.itemId, notes: `n${sequence}` } },
            () => undefined,
          );
        };
        close = () => chair.disconnect();
      }
    }

    return await withLoadgens(async (loadgens) => {
      const connected = await connect(loadgens, urls, mode, auths, 0);
      const cpuBefore = Object.fromEntries(servers.map((server) => [server.name, cpuMs(server.pid)]));
      const latencies: number[] = [];
      for (let i = 0; i < BROADCASTS; i++) {
        const sequence = firstSequence + i;
        const everyone = new Promise<void>((resolve) => {
          const check = () => {
            if (loadgens.every((loadgen) => loadgen.complete.has(sequence))) resolve();
          };
          for (const loadgen of loadgens) loadgen.onComplete = check;
          setTimeout(resolve, BROADCAST_TIMEOUT_MS).unref();
        });
        const sentAt = now();
        await trigger(sequence);
        await everyone;
        const lasts = loadgens.map((loadgen) => loadgen.complete.get(sequence));
        if (lasts.every((last) => last !== undefined)) latencies.push(Math.max(...(lasts as number[])) - sentAt);
      }
      const reports = await Promise.all(loadgens.map((loadgen) => loadgen.request({ cmd: 'report' }, 'report')));
      const delivered = reports.reduce(
        (sum, report) =>
          sum +
          Object.entries(report.received)
            .filter(([s]) => Number(s) >= firstSequence)
            .reduce((n, [, entry]) => n + entry.count, 0),
        0,
      );
      const cpu: Record<string, number> = {};
      for (const server of servers) cpu[server.name] = round(cpuMs(server.pid) - (cpuBefore[server.name] ?? 0), 0);
      reports.forEach((report, i) => {
        cpu[`loadgen ${i + 1} (whole run)`] = round(report.cpuMs, 0);
      });
      close();
      const connectedClients = connected.clients - connected.failures;
      return {
        target,
        clients: size,
        connected: connectedClients,
        droppedDuringRun: connectedClients - reports.reduce((n, report) => n + report.open, 0),
        broadcasts: BROADCASTS,
        p50Ms: round(percentile(latencies, 50)),
        p99Ms: round(percentile(latencies, 99)),
        reach: round(delivered / (size * BROADCASTS), 4),
        payloadBytes,
        cpuMs: cpu,
      };
    });
  } finally {
    for (const server of servers) await stop(server);
    await redis?.destroy();
  }
}

// ---------------------------------------------------------------------------
// Vote storm and join storm (one Plenary instance)
// ---------------------------------------------------------------------------

/** A metric from /metrics, summed over its label sets. */
async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const values = [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+]+)$`, 'gm'))].map((match) => Number(match[1]));
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0);
}

async function voteStorm() {
  const server = await plenary('plenary');
  try {
    const meeting = await seedMeeting(server.url);
    const tokens = new ParticipantTokens({ current: TOKEN_SECRET });
    const auths = Array.from({ length: VOTERS }, (_, i) => ({
      meetingId: meeting.meetingId,
      token: tokens.issue(meeting.meetingId, {
        id: `voter-${i}`,
        name: `Voter ${i}`,
        affiliation: '',
        stakeholderGroup: 'civil_society',
        attendance: 'remote',
      }),
    }));
    const spreadMs = quick ? 2_000 : 10_000;
    return await withLoadgens(async (loadgens) => {
      await connect(loadgens, [server.url], 'socketio', auths, 0);
      const cpuBefore = cpuMs(server.pid);
      const started = now();
      await Promise.all(
        loadgens.map((loadgen) => loadgen.request({ cmd: 'vote', questionId: meeting.questionId, spreadMs }, 'voted')),
      );
      // Every client ends with the exact count: poll (each second, at most 20 s) until they all have it.
      let reports: Extract<LoadgenReport, { cmd: 'report' }>[] = [];
      for (let attempt = 0; attempt < 20; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        reports = await Promise.all(
          loadgens.map((l) => l.request({ cmd: 'report', questionId: meeting.questionId, expectedVotes: VOTERS }, 'report')),
        );
        if (reports.reduce((n, r) => n + r.clientsWithFinalCount, 0) === VOTERS) break;
      }
      const seconds = (now() - started) / 1000;
      const acks = reports.flatMap((r) => r.ackLatencies);
      const messages = reports.flatMap((r) => r.votesMessages);
      return {
        voters: VOTERS,
        spreadSeconds: spreadMs / 1000,
        acked: acks.length,
        exactOnEveryClient: reports.reduce((n, r) => n + r.clientsWithFinalCount, 0) === VOTERS,
        clientsWithExactCount: reports.reduce((n, r) => n + r.clientsWithFinalCount, 0),
        ackP50Ms: round(percentile(acks, 50)),
        ackP99Ms: round(percentile(acks, 99)),
        countUpdatesPerClientPerSecondMax: round(Math.max(...messages) / seconds, 2),
        countUpdatesPerClientPerSecondMean: round(messages.reduce((a, b) => a + b, 0) / messages.length / seconds, 2),
        serverCpuMs: round(cpuMs(server.pid) - cpuBefore, 0),
      };
    });
  } finally {
    await stop(server);
  }
}

type JoinTarget = 'raw-ws' | 'socketio' | 'plenary';

/** Heap and RSS of a server after forced collections: Plenary's /metrics, a baseline's /heap. */
async function serverMemory(target: JoinTarget, url: string): Promise<{ heap: number; rss: number }> {
  if (target === 'plenary') {
    return { heap: await metric(url, 'nodejs_heap_size_used_bytes'), rss: await metric(url, 'process_resident_memory_bytes') };
  }
  const answer = (await (await fetch(`${url}/heap`)).json()) as { heapUsed: number; rss: number; collected: boolean };
  if (!answer.collected) throw new Error(`${target} runs without --expose-gc: its heap would count garbage`);
  return { heap: answer.heapUsed, rss: answer.rss };
}

/**
 * JOINERS clients connect within 30 s: time to the snapshot, and the server's
 * heap and RSS per connection. The baselines (bare `ws`, bare Socket.IO)
 * greet without a snapshot; their figures are the floor Plenary stands on.
 */
async function joinStorm(target: JoinTarget) {
  let server: Running;
  let auths: object[];
  let url: string;
  let mode: 'socketio' | 'raw' = 'socketio';
  if (target === 'plenary') {
    server = await plenary('plenary');
    const meeting = await seedMeeting(server.url);
    auths = Array.from({ length: JOINERS }, () => ({ meetingId: meeting.meetingId }));
    url = server.url;
  } else {
    server = await startProcess(target, [
      '--expose-gc',
      target === 'raw-ws' ? 'bench/raw-server.ts' : 'bench/socketio-server.ts',
    ]);
    auths = Array.from({ length: JOINERS }, () => ({}));
    url = target === 'raw-ws' ? server.url.replace('http', 'ws') : server.url;
    if (target === 'raw-ws') mode = 'raw';
  }
  try {
    const before = await serverMemory(target, server.url);
    const spreadMs = quick ? 3_000 : 30_000;
    return await withLoadgens(async (loadgens) => {
      const started = now();
      const joined = await connect(loadgens, [url], mode, auths, spreadMs);
      const seconds = (now() - started) / 1000;
      const after = await serverMemory(target, server.url);
      const reports = await Promise.all(loadgens.map((loadgen) => loadgen.request({ cmd: 'report' }, 'report')));
      return {
        target,
        joiners: JOINERS,
        spreadSeconds: spreadMs / 1000,
        seconds: round(seconds),
        welcomed: joined.joinTimes.length,
        failures: joined.failures,
        openAtEnd: reports.reduce((n, report) => n + report.open, 0),
        timeToSnapshotP50Ms: round(percentile(joined.joinTimes, 50)),
        timeToSnapshotP99Ms: round(percentile(joined.joinTimes, 99)),
        heapPerClientKB: round((after.heap - before.heap) / JOINERS / 1024, 2),
        rssPerClientKB: round((after.rss - before.rss) / JOINERS / 1024, 2),
      };
    });
  } finally {
    await stop(server);
  }
}

// ---------------------------------------------------------------------------
// Meetings churn: memory held for meetings nobody is in any more
// ---------------------------------------------------------------------------

/** Connects one socket and resolves once it is welcomed. */
function welcomed(url: string, auth: object): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('welcome', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function meetingsChurn() {
  // Seeded straight into the instance's SQLite file: creation over HTTP is rate limited per address.
  const dataDir = mkdtempSync(join(tmpdir(), 'plenary-bench-'));
  const seedStore = new SqliteStore(dataDir);
  const moderatorKey = 'bench-moderator-key';
  const meetingIds: string[] = [];
  for (let i = 0; i < 2 * CHURN_MEETINGS; i++) {
    const state = newMeetingState(
      `churn-${i}`,
      {
        title: `Consultation meeting ${i + 1}`,
        venue: { name: 'ITU headquarters', room: 'Room A', city: 'Geneva' },
        timeZone: 'Europe/Zurich',
        startsAt: '2020-02-28T14:00:00+01:00',
        endsAt: '2020-02-28T15:30:00+01:00',
        languages: ['en'],
        agenda: [{ title: 'Opening', minutes: 5, presenters: [], notes: '' }],
      },
      (() => {
        let n = 0;
        return () => `churn-${i}-${++n}`;
      })(),
    );
    await seedStore.createMeeting({ state, moderatorKeyHash: hashModeratorKey(moderatorKey) });
    meetingIds.push(state.id);
  }
  await seedStore.close();

  const server = await plenary('plenary', { DATA_DIR: dataDir, MEETING_IDLE_SECONDS: String(CHURN_IDLE_SECONDS) });
  try {
    const tokens = new ParticipantTokens({ current: TOKEN_SECRET });
    const heap = async () => round((await metric(server.url, 'nodejs_heap_size_used_bytes')) / 2 ** 20, 2);
    /** 50 meetings at a time: a chair and a delegate join, the delegate asks for the floor, both leave. */
    const churn = async (ids: string[]) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          while (next < ids.length) {
            const meetingId = ids[next++] as string;
            const participant = {
              id: `delegate-${meetingId}`,
              name: 'Delegate',
              affiliation: 'Delegation',
              stakeholderGroup: 'government' as const,
              attendance: 'remote' as const,
            };
            const [chair, delegate] = await Promise.all([
              welcomed(server.url, { meetingId, moderatorKey }),
              welcomed(server.url, { meetingId, token: tokens.issue(meetingId, participant) }),
            ]);
            await delegate.timeout(10_000).emitWithAck('command', {
              id: `request-${meetingId}`,
              type: 'floor.request',
              payload: { type: 'new_topic' },
            });
            chair.disconnect();
            delegate.disconnect();
          }
        }),
      );
    };
    // The bench may sleep (a test may not): the grace, a presence broadcast interval, and a margin.
    const afterGrace = () => new Promise((resolve) => setTimeout(resolve, CHURN_IDLE_SECONDS * 1000 + 3_000));

    const heapBeforeMB = await heap();
    const started = now();
    // The first round also warms the process up (compiled code, pools); the second shows what each meeting leaves.
    await churn(meetingIds.slice(0, CHURN_MEETINGS));
    const seconds = (now() - started) / 1000;
    const heapRightAfterLeavingMB = await heap();
    await afterGrace();
    const heapAfterGraceMB = await heap();
    await churn(meetingIds.slice(CHURN_MEETINGS));
    await afterGrace();
    const heapAfterSecondRoundMB = await heap();
    return {
      meetingsPerRound: CHURN_MEETINGS,
      firstRoundSeconds: round(seconds),
      idleGraceSeconds: CHURN_IDLE_SECONDS,
      connectedAtEnd: await metric(server.url, 'plenary_connected_clients'),
      heapBeforeMB,
      heapRightAfterLeavingMB,
      heapAfterGraceMB,
      heapAfterSecondRoundMB,
      retainedPerMeetingBytesSecondRound: round(((heapAfterSecondRoundMB - heapAfterGraceMB) * 2 ** 20) / CHURN_MEETINGS, 0),
    };
  } finally {
    await stop(server);
  }
}

// ---------------------------------------------------------------------------

const results: {
  fanout: FanoutResult[];
  voteStorm?: unknown;
  joinStorm?: Awaited<ReturnType<typeof joinStorm>>[];
  meetingsChurn?: unknown;
  writes?: unknown;
  votesCluster?: unknown;
} = {
  fanout: [],
};
const allTargets: Target[] = ['raw-ws', 'socketio', 'plenary', 'plenary-redis', 'naive-socketio'];
/** `--targets=raw-ws,plenary`: some fan-out targets only. */
const targetsArg = process.argv.find((arg) => arg.startsWith('--targets='))?.slice('--targets='.length);
const targets = targetsArg ? allTargets.filter((target) => targetsArg.split(',').includes(target)) : allTargets;
try {
  for (const size of only && only !== 'fanout' ? [] : SIZES) {
    for (const target of targets) {
      const result = await fanout(target, size);
      results.fanout.push(result);
      process.stdout.write(
        `fan-out ${target.padEnd(15)} N=${String(size).padEnd(6)} p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  reach ${(result.reach * 100).toFixed(2)}%\n`,
      );
    }
  }
  if (!only || only === 'votes') {
    results.voteStorm = await voteStorm();
    process.stdout.write(`vote storm ${JSON.stringify(results.voteStorm)}\n`);
  }
  if (!only || only === 'join') {
    // `--targets` picks among them here too; Plenary alone unless asked (the baselines add a minute each).
    const joinTargets = (['raw-ws', 'socketio', 'plenary'] as const).filter((target) =>
      targetsArg ? targetsArg.split(',').includes(target) : target === 'plenary',
    );
    results.joinStorm = [];
    for (const target of joinTargets) {
      const result = await joinStorm(target);
      results.joinStorm.push(result);
      process.stdout.write(`join storm ${JSON.stringify(result)}\n`);
    }
  }
  if (!only || only === 'meetings-churn') {
    results.meetingsChurn = await meetingsChurn();
    process.stdout.write(`meetings churn ${JSON.stringify(results.meetingsChurn)}\n`);
  }
  // The cluster benches run in the whole run too (quick: 10 s per writes layout, 100 voters over 3 s); they report, never fail on timings.
  if (!only) {
    const { writesBench } = await import('./writes.js');
    results.writes = await writesBench({ quick });
    const { votesClusterBench } = await import('./votes-cluster.js');
    results.votesCluster = await votesClusterBench({ quick });
    process.stdout.write(`votes through two instances: ${JSON.stringify(results.votesCluster)}\n`);
  }
} finally {
  for (const server of [...running]) await stop(server);
}

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const file = `bench/results/${quick ? 'quick' : only ? `only-${only}` : 'full'}-${stamp}.json`;
writeFileSync(
  file,
  `${JSON.stringify(
    {
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      date: new Date().toISOString(),
      loadAverage: loadavg(),
      machine: {
        host: hostname(),
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        memoryGB: round(totalmem() / 2 ** 30),
        node: process.version,
      },
      ...results,
    },
    null,
    2,
  )}\n`,
);
process.stdout.write(`results: ${file}\n`);
const incomplete = results.fanout.filter((result) => result.reach < 1);
if (incomplete.length > 0) {
  process.stderr.write(`reach below 100%: ${incomplete.map((r) => `${r.target} N=${r.clients}`).join(', ')}\n`);
  process.exitCode = 1;
}
