import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNginxConfig } from '../../scripts/cluster/nginx.js';
import { TestClient } from '../support/client.js';
import { sampleBody } from '../support/meetings.js';
import { metricsHeaders, type ServerProcess, spawnServer } from '../support/process.js';
import { freePort, TestRedis } from '../support/redis.js';

const redis = new TestRedis();
const workDir = mkdtempSync(join(tmpdir(), 'plenary-nginx-'));
let nginx: ChildProcess;
let proxyUrl = '';
let instances: ServerProcess[] = [];

function nginxPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx']).toString().trim();
  } catch {
    throw new Error('nginx not found: run scripts/install-test-deps.sh (apt-get install nginx)');
  }
}

/** Polls (every 100 ms, at most 10 s) until the proxy answers. */
async function untilProxyAnswers(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('nginx did not answer');
}

const connectedOn = async (server: ServerProcess) => {
  const metrics = await (await fetch(`${server.url}/metrics`, { headers: metricsHeaders })).text();
  return [...metrics.matchAll(/^plenary_connected_clients\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
};

beforeAll(async () => {
  await redis.start();
  instances = await Promise.all(
    [0, 1].map((i) => spawnServer({ REDIS_URL: redis.url, INSTANCE_ID: `proxied-${i}`, COMMANDS_PER_SECOND: '1000' })),
  );
  const listenPort = await freePort();
  const conf = writeNginxConfig({ listenPort, upstreamPorts: instances.map((s) => Number(new URL(s.url).port)), workDir });
  nginx = spawn(nginxPath(), ['-c', conf, '-p', workDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  proxyUrl = `http://127.0.0.1:${listenPort}`;
  await untilProxyAnswers(proxyUrl);
});

afterAll(async () => {
  if (nginx?.pid !== undefined && nginx.exitCode === null) {
    const exited = once(nginx, 'exit');
    process.kill(nginx.pid, 'SIGTERM');
    await exited;
  }
  for (const instance of instances) await instance.kill('SIGKILL');
  await redis.destroy();
  rmSync(workDir, { recursive: true, force: true });
});

describe('several instances behind nginx, one URL', () => {
  it('serves the API and WebSockets through the proxy, spreads clients, and survives losing an instance', async () => {
    const created = await (
      await fetch(`${proxyUrl}/api/meetings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(sampleBody),
      })
    ).json();
    const moderator = new TestClient(
      proxyUrl,
      { meetingId: created.meetingId, moderatorKey: created.moderatorKey },
      { reconnect: true },
    );
    const followers = Array.from(
      { length: 6 },
      () => new TestClient(proxyUrl, { meetingId: created.meetingId }, { reconnect: true }),
    );
    const everyone = [moderator, ...followers];
    await Promise.all(everyone.map((c) => c.welcomed()));
    const [first, second] = instances;
    if (!first || !second) throw new Error('instances missing');
    const spread = await Promise.all([connectedOn(first), connectedOn(second)]);
    expect(spread[0] + spread[1]).toBe(7);
    expect(Math.min(...spread)).toBeGreaterThan(0);

    expect(await moderator.command('agenda.add', { title: 'Through the proxy', minutes: 5 }, 'via-proxy')).toMatchObject({
      ok: true,
      version: 1,
    });
    await Promise.all(everyone.map((c) => c.waitFor('v1', () => c.version() >= 1)));

    // One instance dies: its clients come back through the same URL, to the other one.
    await first.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    while ((await connectedOn(second)) < 7) {
      if (Date.now() > deadline) throw new Error('the clients did not all reach the remaining instance');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await Promise.all(everyone.map((c) => c.waitFor('connected', () => c.socket.connected)));
    expect(await moderator.command('agenda.add', { title: 'After losing an instance', minutes: 5 }, 'after-loss')).toMatchObject({
      ok: true,
      version: 2,
    });
    await Promise.all(
      everyone.map((c) => c.waitFor('v2 everywhere', () => c.version() >= 2 || (c.welcome?.snapshot.version ?? 0) >= 2, 15_000)),
    );
    const snapshot = await (await fetch(`${proxyUrl}/api/meetings/${created.meetingId}`)).json();
    expect(snapshot.version).toBe(2);
    for (const c of everyone) c.close();
  });
});
