import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** The bearer token /metrics of a spawned server answers to. */
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789';
export const metricsHeaders = { authorization: `Bearer ${TEST_METRICS_TOKEN}` };

/**
 * A counter of a spawned server's /metrics, by its labels without the
 * instance's (`''` for a counter without labels), e.g. `{ 'outcome="answered"': 12 }`.
 */
export async function counterValues(url: string, name: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`, { headers: metricsHeaders })).text();
  const values: Record<string, number> = {};
  for (const match of text.matchAll(new RegExp(`^${name}(?:\\{([^}]*)\\})? ([\\d.e+]+)$`, 'gm'))) {
    const labels = (match[1] ?? '').replace(/,?instance="[^"]*"/, '').replace(/^,/, '');
    values[labels] = (values[labels] ?? 0) + Number(match[2]);
  }
  return values;
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  pid: number;
  /** Everything the process printed to stdout so far. */
  output: string[];
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs `server/main.ts` as a real child process, the way `npm start` does,
 * and resolves once it logs that it listens (port 0: the OS picks one).
 */
export async function spawnServer(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO: 'off',
      CLIENT_DIR: '',
      LOG_LEVEL: 'info',
      METRICS_TOKEN: TEST_METRICS_TOKEN,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time; stderr: ${stderr}`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening; stderr: ${stderr}`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      output.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'listening' && entry.port) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${entry.port}`);
        }
      } catch {
        // Not a log line (the demo links are plain text).
      }
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('no pid for the server process');
  return {
    child,
    url,
    pid,
    output,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      process.kill(pid, signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}
