/**
 * `npm run cluster`: Plenary as several instances on this machine, sharing a
 * redis-server (AOF with an fsync before every reply) and behind nginx on one URL. For trying scale-out
 * locally; README "Scale-out" says how to spread it over machines.
 *
 *   CLUSTER_INSTANCES (3)  CLUSTER_PORT (3000)  CLUSTER_REDIS_PORT (6390)  CLUSTER_DIR (./data/cluster)
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeNginxConfig } from './nginx.js';

const instances = Number(process.env.CLUSTER_INSTANCES ?? 3);
const port = Number(process.env.CLUSTER_PORT ?? 3000);
const redisPort = Number(process.env.CLUSTER_REDIS_PORT ?? 6390);
const dir = resolve(process.env.CLUSTER_DIR ?? './data/cluster');
const children: ChildProcess[] = [];

function which(command: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`])
      .toString()
      .trim();
  } catch {
    throw new Error(`${command} is missing: run scripts/install-test-deps.sh (Debian packages redis-server and nginx)`);
  }
}

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`${name} exited (${code ?? signal})\n`);
  });
  return child;
}

let stopping = false;
function stopAll(): void {
  stopping = true;
  for (const child of children) if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
}
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);

mkdirSync(join(dir, 'redis'), { recursive: true });
// `appendfsync always`: Redis writes and fsyncs a change before it replies, so an acknowledged
// change survives a kill of Redis even while the disk is slow. With `everysec` a write that
// arrives during the previous second's fsync waits in Redis's memory, already acknowledged
// (README, "Durability", measured by `npm run bench -- --only=durability`).
run('redis-server', which('redis-server'), [
  '--port',
  String(redisPort),
  '--bind',
  '127.0.0.1',
  '--dir',
  join(dir, 'redis'),
  '--appendonly',
  'yes',
  '--appendfsync',
  'always',
]);
const redisUrl = `redis://127.0.0.1:${redisPort}`;
const publicUrl = `http://localhost:${port}`;
const upstreamPorts = Array.from({ length: instances }, (_, i) => port + 101 + i);
upstreamPorts.forEach((instancePort, i) => {
  run(`instance ${i + 1}`, process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    ...process.env,
    PORT: String(instancePort),
    HOST: '127.0.0.1',
    REDIS_URL: redisUrl,
    PUBLIC_URL: publicUrl,
    INSTANCE_ID: `instance-${i + 1}`,
    // One instance prints the demo links; all serve the demo meeting.
    DEMO: i === 0 ? 'on' : 'off',
  });
});
const conf = writeNginxConfig({ listenPort: port, upstreamPorts, workDir: join(dir, 'nginx') });
run('nginx', which('nginx'), ['-c', conf, '-p', join(dir, 'nginx')]);
process.stdout.write(
  `Plenary cluster: ${instances} instances on ports ${upstreamPorts.join(', ')}, Redis on ${redisPort}, one URL: ${publicUrl}\n`,
);
