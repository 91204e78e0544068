/**
 * How long the record of a long meeting takes: a meeting of 20,000 changes
 * (the Redis replay stream keeps 10,000) is committed into a store, then its
 * record is read back and built from the whole log, and rendered in each format.
 *
 *   npx tsx bench/record.ts            SQLite store (a file in a temporary folder)
 *   npx tsx bench/record.ts --redis    Redis store too (a redis-server of its own)
 *   npx tsx bench/record.ts --changes=50000
 *
 * Prints one line per measurement (median of 5 runs) and a JSON summary.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { hashModeratorKey } from '../server/auth/secrets.js';
import { loadRecord, renderRecord } from '../server/record/index.js';
import { RedisStore } from '../server/store/redis.js';
import { SqliteStore } from '../server/store/sqlite.js';
import type { MeetingStore } from '../server/store/types.js';
import { type Command, commandPayloads } from '../shared/commands.js';
import type { Change } from '../shared/events.js';
import { type MeetingState, type Participant, STAKEHOLDER_GROUPS } from '../shared/model.js';
import { buildRecord } from '../shared/record.js';
import { applyEvents, decide } from '../shared/reducer.js';
import { idSequence, sampleMeeting } from '../tests/support/meetings.js';
import { TestRedis } from '../tests/support/redis.js';

const target = Number(process.argv.find((arg) => arg.startsWith('--changes='))?.slice('--changes='.length) ?? 20_000);
const withRedis = process.argv.includes('--redis');
const RUNS = 5;

/** A long, busy meeting through the pure reducer: requests, grants, extensions, turns, questions, agenda items. */
function longMeeting(total: number): { origin: MeetingState; changes: Change[]; state: MeetingState } {
  const origin = sampleMeeting();
  let state = origin;
  const changes: Change[] = [];
  const ids = idSequence('b');
  const people: Participant[] = Array.from({ length: 200 }, (_, i) => ({
    id: `p${i}`,
    name: `Delegate ${i}`,
    affiliation: `Organisation ${i}`,
    stakeholderGroup: STAKEHOLDER_GROUPS[i % STAKEHOLDER_GROUPS.length] ?? 'other',
    attendance: i % 3 === 0 ? 'remote' : 'in_room',
  }));
  let clock = Date.parse('2020-02-28T09:00:00+01:00');
  const act = (who: Participant | null, type: Command['type'], payload: unknown) => {
    clock += 7_000;
    const command = { type, payload: commandPayloads[type].parse(payload) } as Command;
    const events = decide(state, command, {
      now: clock,
      newId: ids,
      role: who ? 'participant' : 'moderator',
      participant: who,
      moderator: who ? null : { linkId: null, label: 'chair', role: 'chair' },
    });
    if (events.length === 0) return;
    const change: Change = {
      meetingId: origin.id,
      version: changes.length + 1,
      at: clock,
      events,
    };
    if (!who) change.by = { linkId: null, label: 'chair', role: 'chair' };
    changes.push(change);
    state = applyEvents(state, events, clock);
  };
  act(null, 'agenda.next', {});
  for (let i = 0; changes.length < total; i++) {
    const person = people[i % people.length] as Participant;
    const { floor } = state;
    if (i % 600 === 599) {
      if (!state.agenda.items.some((item) => item.status === 'pending'))
        act(null, 'agenda.add', { title: `Item ${i}`, minutes: 20 });
      act(null, 'agenda.next', {});
    } else if (i % 40 === 13 && state.questions.items.length < 900) {
      act(person, 'question.ask', { text: `Question ${i} from ${person.name}?`, anonymous: i % 3 === 0 });
    } else if (i % 40 === 27 && state.questions.items.some((q) => q.status === 'approved')) {
      const open = state.questions.items.find((q) => q.status === 'approved');
      act(null, i % 80 === 27 ? 'question.answer' : 'question.dismiss', { questionId: open?.id });
    } else if (floor.queue.length < 6 && !floor.queue.some((entry) => entry.participantId === person.id)) {
      act(person, 'floor.request', { type: i % 7 === 0 ? 'clarifying_question' : 'new_topic' });
    } else if (floor.current && i % 5 === 1) {
      act(null, 'floor.extend', { entryId: floor.current.entry.id, seconds: 30 });
    } else if (floor.current && i % 2 === 0) {
      const speaker = people.find((candidate) => candidate.id === floor.current?.entry.participantId) ?? null;
      act(speaker, 'floor.finish', { entryId: floor.current.entry.id });
    } else {
      act(null, 'floor.grant', { expectedCurrentEntryId: floor.current?.entry.id ?? null });
    }
  }
  act(null, 'meeting.end', {});
  return { origin, changes, state };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function measure(label: string, task: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  const ms = Math.round(median(times) * 10) / 10;
  console.log(`${label.padEnd(52)} ${String(ms).padStart(8)} ms`);
  return ms;
}

async function fill(store: MeetingStore, origin: MeetingState, changes: Change[]): Promise<void> {
  await store.createMeeting({ state: origin, moderatorKeyHash: hashModeratorKey('bench') });
  let state = origin;
  for (const change of changes) {
    state = applyEvents(state, change.events, change.at);
    await store.commit(change, state, { sender: 'm:bench', id: `c${change.version}` });
  }
}

async function main(): Promise<void> {
  const generated = performance.now();
  const { origin, changes, state } = longMeeting(target);
  console.log(
    `meeting: ${changes.length} changes, ${state.floor.stats.byAttendance.in_room.interventions + state.floor.stats.byAttendance.remote.interventions} turns, ${state.questions.items.length} questions, ${state.agenda.items.length} items (generated in ${Math.round(performance.now() - generated)} ms)`,
  );
  const results: Record<string, number> = {};
  results.foldInMemory = await measure('fold the log in memory (buildRecord)', () => buildRecord(origin, changes, {}, 0));

  const dir = mkdtempSync(join(tmpdir(), 'plenary-record-bench-'));
  const sqlite = new SqliteStore(dir);
  await fill(sqlite, origin, changes);
  results.sqliteLoad = await measure('SQLite: read every change and build the record', () =>
    loadRecord(sqlite, origin.id, Date.now()),
  );
  const record = await loadRecord(sqlite, origin.id, Date.now());
  if (!record || record.version !== changes.length) throw new Error('the record misses changes');
  for (const format of ['json', 'csv', 'md', 'html'] as const) {
    results[`render_${format}`] = await measure(`render ${format} (moderators, en)`, () =>
      renderRecord(record, 'moderators', { format, lang: 'en', table: 'turns' }),
    );
  }
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });

  if (withRedis) {
    const redis = new TestRedis();
    await redis.start();
    const store = new RedisStore(redis.url, () => undefined);
    try {
      await fill(store, origin, changes);
      results.redisLoad = await measure('Redis: read every change and build the record', () =>
        loadRecord(store, origin.id, Date.now()),
      );
      const fromRedis = await loadRecord(store, origin.id, Date.now());
      if (!fromRedis || fromRedis.version !== changes.length) throw new Error('the Redis record misses changes');
    } finally {
      await store.close();
      await redis.destroy();
    }
  }
  console.log(
    JSON.stringify({
      changes: changes.length,
      turns: record.turns.length,
      questions: record.questions.length,
      medianMs: results,
    }),
  );
}

await main();
