/** Messages between bench/run.ts and its load-generating processes. */
export type LoadgenRequest =
  | { cmd: 'connect'; url: string; mode: 'socketio' | 'raw'; auths: object[]; concurrency: number; spreadMs: number }
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
