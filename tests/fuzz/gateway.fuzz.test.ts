import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { FuzzMeeting, stats } from './harness.js';
import { step } from './steps.js';

/**
 * Arbitrary sequences of commands from every role, valid and not, out of
 * order, with retries, borrowed ids, lost changes and reconnects, against a
 * real server (port 0, SQLite) through real socket.io-clients; the checks run
 * after every step (see FuzzMeeting.check).
 *
 * `npm test` runs a quick variant; `npm run fuzz` the full one. FUZZ_RUNS and
 * FUZZ_STEPS size it; FUZZ_SEED (and FUZZ_PATH, both printed on a failure)
 * replay a failing sequence.
 */
const runs = Number(process.env.FUZZ_RUNS ?? 25);
const maxSteps = Number(process.env.FUZZ_STEPS ?? 30);
const seed = process.env.FUZZ_SEED === undefined ? Date.now() ^ (Math.random() * 0x100000000) : Number(process.env.FUZZ_SEED);
const path = process.env.FUZZ_PATH;

let server: TestServer | undefined;

beforeAll(async () => {
  // Rate limits are not under test here: high enough never to refuse (`rate_limited` is still accepted).
  server = await startTestServer({ commandsPerSecond: 1_000_000, presenceIntervalMs: 1000 });
});

afterAll(async () => {
  await server?.stop();
});

describe('the gateway under arbitrary sequences of commands', () => {
  it(
    `keeps every client consistent and every audience within its view (${runs} sequences of up to ${maxSteps} steps)`,
    async () => {
      const started = Date.now();
      const running = server;
      if (!running) throw new Error('the server is not started');
      console.info(`gateway fuzz: seed ${seed}, ${runs} sequences of up to ${maxSteps} steps`);
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: maxSteps }), async (steps) => {
          const meeting = await FuzzMeeting.open(running);
          stats.sequences++;
          try {
            await meeting.check();
            for (const next of steps) {
              await meeting.run(next);
              await meeting.check();
            }
            await meeting.finalCheck();
          } finally {
            meeting.close();
          }
        }),
        { numRuns: runs, seed, ...(path === undefined ? {} : { path }), endOnFailure: process.env.FUZZ_SHRINK === 'off' },
      );
      console.info(
        `gateway fuzz: ${stats.sequences} sequences (shrinking included), ${stats.steps} steps, ${stats.commands} command acks, ` +
          `${stats.commits} commits, ${stats.resyncs} resyncs, ${stats.reconnects} reconnects, ${stats.freshJoins} fresh joins, ` +
          `${stats.payloadsScanned} payloads scanned, in ${((Date.now() - started) / 1000).toFixed(1)} s; acks ${JSON.stringify(stats.acks)}`,
      );
    },
    Math.max(120_000, runs * maxSteps * 1_000),
  );
});
