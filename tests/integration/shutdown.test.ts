import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type ServerProcess, spawnServer } from '../support/process.js';

const processes: ServerProcess[] = [];
const sockets: Socket[] = [];
const dataDirs: string[] = [];

async function start(env: Record<string, string> = {}): Promise<ServerProcess> {
  const DATA_DIR = mkdtempSync(join(tmpdir(), 'plenary-shutdown-'));
  dataDirs.push(DATA_DIR);
  const server = await spawnServer({ DATA_DIR, ...env });
  processes.push(server);
  return server;
}

/** Sends a signal and resolves with the exit code. */
async function signalAndWait(server: ServerProcess, signal: NodeJS.Signals): Promise<number | null> {
  const exited = once(server.child, 'exit') as Promise<[number | null]>;
  process.kill(server.pid, signal);
  const [code] = await exited;
  return code;
}

afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of processes.splice(0)) await server.kill('SIGKILL');
});

/** Resolves once the server has printed a log line with this message. */
function logged(server: ServerProcess, message: string): Promise<Record<string, unknown>> {
  const find = () =>
    server.output
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return null;
        }
      })
      .find((entry) => entry?.msg === message);
  return new Promise((resolve, reject) => {
    const check = () => {
      const entry = find();
      if (entry) {
        server.child.stdout?.off('data', onData);
        server.child.off('exit', onExit);
        resolve(entry);
      }
    };
    const onData = () => setImmediate(check);
    const onExit = () => {
      setImmediate(() => {
        check();
        reject(new Error(`the server exited without logging '${message}'`));
      });
    };
    server.child.stdout?.on('data', onData);
    server.child.on('exit', onExit);
    check();
  });
}

/**
 * A client that opens a connection and never finishes its request: the HTTP
 * server's close waits for it (until Node's headers timeout), so the drain hangs.
 */
async function slowClient(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  // The server resets it when it exits: expected, not a failure.
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
  return socket;
}

describe('shutdown', () => {
  it('drains and exits with 0 when nothing holds it', async () => {
    const server = await start();
    expect(await signalAndWait(server, 'SIGTERM')).toBe(0);
    expect(await logged(server, 'stopped')).toMatchObject({ signal: 'SIGTERM' });
  });

  it('exits with 1 at the deadline when the drain hangs', async () => {
    const server = await start({ SHUTDOWN_TIMEOUT: '1s' });
    await slowClient(server.url);
    expect(await signalAndWait(server, 'SIGTERM')).toBe(1);
    expect(await logged(server, 'drain did not finish before the deadline; exiting')).toMatchObject({ deadlineMs: 1000 });
    expect(server.output.some((line) => line.includes('"msg":"stopped"'))).toBe(false);
  });

  it('exits with 1 at a second signal while the drain hangs, long before the deadline', async () => {
    const server = await start({ SHUTDOWN_TIMEOUT: '1h' });
    await slowClient(server.url);
    const exited = once(server.child, 'exit') as Promise<[number | null]>;
    process.kill(server.pid, 'SIGTERM');
    await logged(server, 'draining');
    process.kill(server.pid, 'SIGINT');
    const [code] = await exited;
    expect(code).toBe(1);
    expect(await logged(server, 'second signal: exiting without waiting for the drain')).toMatchObject({ signal: 'SIGINT' });
  });
});
