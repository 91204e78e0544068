/**
 * A load-generating process: many lightweight clients speaking the Socket.IO
 * wire protocol (Engine.IO v4 over a bare WebSocket), or plain WebSocket for
 * the raw baseline. Run by bench/run.ts through IPC; it records when each
 * broadcast reached each client and answers with summaries, so that no
 * client runs in a server's process.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { VotesMessage } from '../shared/protocol.js';
import type { LoadgenReport, LoadgenRequest } from './protocol.js';

const now = () => performance.timeOrigin + performance.now();

interface Client {
  ws: WebSocket;
  joinedAt: number | null;
  /** The latest broadcast sequence this client received (broadcasts reach one client in order). */
  lastSequence: number;
  votesMessages: number;
  lastCounts: Record<string, number>;
  /** The vote sequence each of `lastCounts` was read at. */
  countSequences: Record<string, number>;
}

const clients: Client[] = [];
/** Per broadcast sequence number: how many clients have it, and when the last one got it. */
const received = new Map<number, { count: number; last: number }>();
const joinTimes: number[] = [];
const ackLatencies: number[] = [];
let connectFailures = 0;

function send(message: LoadgenReport): void {
  process.send?.(message);
}

/** The broadcast's sequence number: Plenary's change version, or the naive peer's state version. */
const SEQUENCE = /"version":(\d+)/;

function onFrame(client: Client, data: string, mode: 'socketio' | 'raw'): void {
  if (mode === 'raw') {
    record(client, data);
  } else if (data === '2') {
    client.ws.send('3');
  } else if (data.startsWith('0')) {
    client.ws.send(`40${JSON.stringify(pendingAuth.get(client) ?? {})}`);
  } else if (data.startsWith('42["welcome"')) {
    markJoined(client);
  } else if (data.startsWith('42["state"') && client.joinedAt === null) {
    // The naive peer greets with its whole state, and sends it again on every change.
    markJoined(client);
  } else if (data.startsWith('42["change"') || data.startsWith('42["state"')) {
    record(client, data);
  } else if (data.startsWith('42["votes"')) {
    client.votesMessages++;
    // As a page applies them: a count replaces the one shown only when it was read later.
    const { sequence, counts } = (JSON.parse(data.slice(2)) as [string, VotesMessage])[1];
    for (const [questionId, count] of Object.entries(counts)) {
      if (sequence <= (client.countSequences[questionId] ?? -1)) continue;
      client.lastCounts[questionId] = count;
      client.countSequences[questionId] = sequence;
    }
  } else if (data.startsWith('43')) {
    const sentAt = ackSentAt.get(client);
    if (sentAt !== undefined) ackLatencies.push(now() - sentAt);
  }
}

function markJoined(client: Client): void {
  client.joinedAt = now();
  openJoined++;
  joinTimes.push(client.joinedAt - (startedAt.get(client) ?? client.joinedAt));
}

/** Clients that were welcomed and are still open: a broadcast is complete when all of them have it. */
let openJoined = 0;
/** Per broadcast sequence: how many of the clients still open have it. */
const receivedByOpen = new Map<number, number>();
const reportedComplete = new Set<number>();

function record(client: Client, data: string): void {
  const sequence = Number(SEQUENCE.exec(data)?.[1] ?? -1);
  client.lastSequence = Math.max(client.lastSequence, sequence);
  const entry = received.get(sequence) ?? { count: 0, last: 0 };
  entry.count++;
  entry.last = Math.max(entry.last, now());
  received.set(sequence, entry);
  receivedByOpen.set(sequence, (receivedByOpen.get(sequence) ?? 0) + 1);
  reportIfComplete(sequence);
}

/** Tells the orchestrator as soon as every open client of this process has the broadcast. */
function reportIfComplete(sequence: number): void {
  const entry = received.get(sequence);
  if (!entry || reportedComplete.has(sequence) || (receivedByOpen.get(sequence) ?? 0) < openJoined) return;
  reportedComplete.add(sequence);
  send({ cmd: 'complete', sequence, last: entry.last });
}

/**
 * A welcomed client closed. What it received still counts for reach (in
 * `received`), no longer for completion; broadcasts that every client still
 * open has are complete now. A drop is reported, never waited out.
 */
function dropped(client: Client): void {
  if (client.joinedAt === null) return;
  openJoined--;
  for (const [sequence, count] of receivedByOpen) if (sequence <= client.lastSequence) receivedByOpen.set(sequence, count - 1);
  for (const sequence of received.keys()) reportIfComplete(sequence);
}

const pendingAuth = new Map<Client, object>();
const startedAt = new Map<Client, number>();
const ackSentAt = new Map<Client, number>();

async function connectAll(request: Extract<LoadgenRequest, { cmd: 'connect' }>): Promise<void> {
  const { url, auths, mode, concurrency, spreadMs, localAddress } = request;
  let next = 0;
  const started = now();
  const one = (index: number) =>
    new Promise<void>((resolve) => {
      const target = mode === 'raw' ? url : `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
      const ws = new WebSocket(target, { perMessageDeflate: false, localAddress });
      const client: Client = { ws, joinedAt: null, lastSequence: -1, votesMessages: 0, lastCounts: {}, countSequences: {} };
      ws.on('close', () => dropped(client));
      clients.push(client);
      pendingAuth.set(client, auths[index] ?? {});
      startedAt.set(client, now());
      ws.on('message', (raw) => {
        const data = raw.toString();
        const wasJoined = client.joinedAt !== null;
        onFrame(client, data, mode);
        if (!wasJoined && (client.joinedAt !== null || mode === 'raw')) resolve();
      });
      ws.on('open', () => {
        if (mode === 'raw') {
          markJoined(client);
          resolve();
        }
      });
      ws.on('error', () => {
        connectFailures++;
        resolve();
      });
    });
  // Spread the connections over `spreadMs`, at most `concurrency` opening at once.
  const workers = Array.from({ length: Math.min(concurrency, auths.length) }, async () => {
    while (next < auths.length) {
      const index = next++;
      const due = started + (spreadMs * index) / auths.length;
      const wait = due - now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await one(index);
    }
  });
  await Promise.all(workers);
}

function vote(request: Extract<LoadgenRequest, { cmd: 'vote' }>): Promise<void> {
  const { questionId, spreadMs } = request;
  return new Promise((resolve) => {
    let done = 0;
    if (clients.length === 0) resolve();
    clients.forEach((client, i) => {
      setTimeout(() => {
        ackSentAt.set(client, now());
        client.ws.send(
          `421["command",${JSON.stringify({ id: `vote-${process.pid}-${i}`, type: 'question.vote', payload: { questionId, up: true } })}]`,
        );
        if (++done === clients.length) resolve();
      }, Math.random() * spreadMs);
    });
  });
}

process.on('message', async (request: LoadgenRequest) => {
  switch (request.cmd) {
    case 'connect':
      await connectAll(request);
      send({ cmd: 'connected', clients: clients.length, failures: connectFailures, joinTimes });
      break;
    case 'vote':
      await vote(request);
      send({ cmd: 'voted' });
      break;
    case 'report': {
      const sequences = Object.fromEntries([...received].map(([sequence, entry]) => [sequence, entry]));
      const finalCount = request.questionId
        ? clients.filter((c) => c.lastCounts[request.questionId as string] === request.expectedVotes).length
        : 0;
      const cpu = process.cpuUsage();
      send({
        cmd: 'report',
        clients: clients.length,
        open: clients.filter((c) => c.ws.readyState === WebSocket.OPEN).length,
        received: sequences,
        ackLatencies,
        votesMessages: clients.map((c) => c.votesMessages),
        clientsWithFinalCount: finalCount,
        cpuMs: (cpu.user + cpu.system) / 1000,
      });
      break;
    }
    case 'close':
      for (const client of clients) client.ws.terminate();
      process.exit(0);
  }
});
