import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** A free TCP port on loopback, from the OS. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function redisServerPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server']).toString().trim();
  } catch {
    throw new Error('redis-server not found: run scripts/install-test-deps.sh (apt-get install redis-server)');
  }
}

/** How a test's redis-server persists: the settings Plenary's deployment uses unless a test says otherwise. */
export interface RedisPersistence {
  appendonly: 'yes' | 'no';
  appendfsync: 'always' | 'everysec' | 'no';
  /** More redis-server arguments, e.g. `['--rename-command', 'CONFIG', '']`. */
  extraArgs: string[];
}

/**
 * A redis-server of the test's own: a free port on 127.0.0.1, its own data
 * folder, AOF on with an fsync before every reply (`appendfsync always`, the
 * setting under which an acknowledged change survives a kill of Redis; see
 * the README's "Durability"). It is stopped only by the pid we started,
 * after checking that this pid is the one answering on the port.
 */
export class TestRedis {
  private child: ChildProcess | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), 'plenary-redis-'));
  readonly persistence: RedisPersistence;
  port = 0;
  pid = 0;

  constructor(persistence: Partial<RedisPersistence> = {}) {
    this.persistence = { appendonly: 'yes', appendfsync: 'always', extraArgs: [], ...persistence };
  }

  get running(): boolean {
    return this.child !== null;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(port?: number): Promise<void> {
    this.port = port ?? (await freePort());
    const child = spawn(
      redisServerPath(),
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        this.persistence.appendonly,
        '--appendfsync',
        this.persistence.appendfsync,
        '--save',
        '',
        '--protected-mode',
        'yes',
        ...this.persistence.extraArgs,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    if (child.pid === undefined) throw new Error('redis-server did not start');
    this.pid = child.pid;
    await this.waitUntilAnswering();
  }

  /** SIGKILL, as a crash would: no shutdown, no final save. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    process.kill(this.pid, signal);
    await exited;
    this.child = null;
  }

  /** Waits for redis-server to say it is ready, then checks that the pid answering on the port is ours. */
  private async waitUntilAnswering(): Promise<void> {
    const child = this.child;
    if (!child?.stdout) throw new Error('redis-server has no output');
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not get ready: ${output}`)), 10_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${output}`));
      });
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const probe = new Redis(this.port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      const info = await probe.info('server');
      const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
      if (pid !== this.pid) throw new Error(`port ${this.port} is answered by pid ${pid}, not by our redis-server ${this.pid}`);
    } finally {
      probe.disconnect();
    }
  }
}

/**
 * A slow disk of the test's own making: a child process that keeps writing
 * freshly allocated data and fsyncing it in `dir` (Redis's folder), so that
 * every fsync on that file system, Redis's included, waits behind it.
 * Stopped by its pid.
 */
export class SlowDisk {
  private readonly child: ChildProcess;

  constructor(dir: string, megabytesPerFsync = 32) {
    const script = `
      const { openSync, writeSync, fsyncSync, closeSync } = require('node:fs');
      const chunk = Buffer.alloc(1 << 20, 7);
      for (let i = 0; ; i++) {
        // Orphaned (the test process died without stopping it): stop writing.
        if (process.ppid !== ${process.pid}) process.exit(0);
        const fd = openSync(require('node:path').join(process.argv[1], 'slow-disk-' + (i % 2) + '.bin'), 'w');
        for (let j = 0; j < ${megabytesPerFsync}; j++) writeSync(fd, chunk);
        fsyncSync(fd);
        closeSync(fd);
      }`;
    this.child = spawn(process.execPath, ['-e', script, dir], { stdio: 'ignore' });
  }

  async stop(): Promise<void> {
    const { child } = this;
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    process.kill(child.pid, 'SIGKILL');
    await exited;
  }
}
