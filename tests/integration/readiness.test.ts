import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type ServerProcess, spawnServer } from '../support/process.js';
import { type RedisPersistence, TestRedis } from '../support/redis.js';

const processes: ServerProcess[] = [];
const redises: TestRedis[] = [];
const dataDirs: string[] = [];

afterEach(async () => {
  for (const server of processes.splice(0)) await server.kill('SIGKILL');
  for (const redis of redises.splice(0)) await redis.destroy();
});
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** Plenary (server/main.ts) on a redis-server of its own with the given persistence. */
async function plenaryOnRedis(persistence: Partial<RedisPersistence>): Promise<ServerProcess> {
  const redis = new TestRedis(persistence);
  redises.push(redis);
  await redis.start();
  const server = await spawnServer({ REDIS_URL: redis.url });
  processes.push(server);
  return server;
}

async function readiness(server: ServerProcess): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, body: await response.json() };
}

/** The start-time warning, if Plenary logged one (it does so before it says it listens). */
function durabilityWarning(server: ServerProcess): { level: number; reason: string } | undefined {
  return server.output
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { msg?: string; level: number; reason: string }];
      } catch {
        return [];
      }
    })
    .find((entry) => entry.msg === 'acknowledged changes could be lost');
}

describe('readiness says whether acknowledged changes survive a kill of the store', () => {
  it('Redis with AOF and appendfsync always: ready and durable, no warning', async () => {
    const server = await plenaryOnRedis({ appendfsync: 'always' });
    expect(await readiness(server)).toEqual({ status: 200, body: { status: 'ready', durability: { ok: true } } });
    expect(durabilityWarning(server)).toBeUndefined();
  });

  it('Redis with appendfsync everysec: ready, not durable, and a warning at start', async () => {
    const server = await plenaryOnRedis({ appendfsync: 'everysec' });
    const { status, body } = await readiness(server);
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'ready',
      durability: { ok: false, reason: expect.stringContaining('appendfsync everysec') },
    });
    expect(durabilityWarning(server)).toMatchObject({ level: 40, reason: expect.stringContaining('appendfsync everysec') });
  });

  it('Redis with AOF off: ready, not durable, and a warning at start', async () => {
    const server = await plenaryOnRedis({ appendonly: 'no' });
    const { body } = await readiness(server);
    expect(body).toEqual({ status: 'ready', durability: { ok: false, reason: expect.stringContaining('AOF off') } });
    expect(durabilityWarning(server)?.reason).toContain('AOF off');
  });

  it('Redis whose CONFIG command is disabled: reads INFO persistence and cannot confirm the fsync policy', async () => {
    const server = await plenaryOnRedis({ appendfsync: 'always', extraArgs: ['--rename-command', 'CONFIG', '""'] });
    const { status, body } = await readiness(server);
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'ready',
      durability: { ok: false, reason: expect.stringContaining('cannot be read') },
    });
    expect(durabilityWarning(server)?.reason).toContain('cannot be read');
  });

  it('Redis with CONFIG disabled and AOF off: INFO persistence tells that AOF is off', async () => {
    const server = await plenaryOnRedis({ appendonly: 'no', extraArgs: ['--rename-command', 'CONFIG', '""'] });
    expect((await readiness(server)).body).toEqual({
      status: 'ready',
      durability: { ok: false, reason: expect.stringContaining('AOF off') },
    });
  });

  it('Redis gone: 503, as before', async () => {
    const server = await plenaryOnRedis({ appendfsync: 'always' });
    await redises[0]?.kill();
    expect((await readiness(server)).status).toBe(503);
  });

  it('the embedded SQLite store is durable by construction', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plenary-readiness-'));
    dataDirs.push(dir);
    const server = await spawnServer({ DATA_DIR: dir });
    processes.push(server);
    expect(await readiness(server)).toEqual({ status: 200, body: { status: 'ready', durability: { ok: true } } });
  });
});
