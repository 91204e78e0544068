/** Messages between bench/run.ts and its load-generating processes. */
export type LoadgenRequest =
  | {
      cmd: 'connect';
      url: string;
      mode: 'socketio' | 'raw';
      auths: object[];
      concurrency: number;
      spreadMs: number;
      /** Source address of this generator's connections (127.0.0.x): each address has its own ephemeral ports. */
      localAddress: string;
    }
  | { cmd: 'vote'; questionId: string; spreadMs: number }
  | { cmd: 'report'; questionId?: string; expectedVotes?: number }
  | { cmd: 'close' };

export type LoadgenReport =
  | { cmd: 'connected'; clients: number; failures: number; joinTimes: number[] }
  | { cmd: 'voted' }
  | { cmd: 'complete'; sequence: number; last: number }
  | {
      cmd: 'report';
      clients: number;
      open: number;
      received: Record<string, { count: number; last: number }>;
      ackLatencies: number[];
      votesMessages: number[];
      clientsWithFinalCount: number;
      cpuMs: number;
    };

/** One fan-out measurement, as written to bench/results and read by bench/report.ts. */
export interface FanoutResult {
  target: 'plenary' | 'plenary-redis' | 'raw-ws' | 'socketio' | 'naive-socketio';
  clients: number;
  connected: number;
  /** Clients connected at the start that were no longer open at the end (reach counts them as missing). */
  droppedDuringRun: number;
  broadcasts: number;
  p50Ms: number;
  p99Ms: number;
  reach: number;
  payloadBytes: number;
  cpuMs: Record<string, number>;
}
