import { describe, expect, it } from 'vitest';
import type { MemoryStats } from '../../server/app.js';
import { ParticipantTokens } from '../../server/auth/secrets.js';
import type { TestClient } from '../support/client.js';
import { sampleInput } from '../support/meetings.js';
import { serverForFile } from '../support/server.js';

const IDLE_GRACE_MS = 300;
const suite = serverForFile({ idleGraceMs: IDLE_GRACE_MS });

const EMPTY: MemoryStats = {
  presenceMeetings: 0,
  presencePublished: 0,
  voteTallies: 0,
  heldMeetings: 0,
  cachedSnapshots: 0,
  commandQueues: 0,
  commandsInFlight: 0,
  rooms: 0,
  timers: 0,
};

/**
 * Resolves once the server holds nothing for any meeting. Memory is released
 * by the server's own timers, which a client cannot observe: this re-reads the
 * figures on every turn of the event loop's timer phase until they are zero.
 */
async function untilEmpty(timeoutMs = 60_000): Promise<MemoryStats> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stats = suite.server.memoryStats();
    if (Object.values(stats).every((value) => value === 0)) return stats;
    if (Date.now() > deadline) return stats;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Tokens signed as the server signs them, so that 1,000 registrations need no HTTP round trips. */
async function tokens(): Promise<ParticipantTokens> {
  return new ParticipantTokens({ current: await suite.server.store.settingOrInit('token-secret', 'unused') });
}

function participantAuth(signer: ParticipantTokens, meetingId: string, id: string, attendance: 'remote' | 'in_room' = 'remote') {
  return {
    meetingId,
    token: signer.issue(meetingId, {
      id,
      name: `Delegate ${id}`,
      affiliation: 'Chile',
      stakeholderGroup: 'government',
      attendance,
    }),
  };
}

/** Runs `task` for every item, at most `limit` at a time. */
async function bounded<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await task(item);
      }
    }),
  );
}

async function askedQuestion(client: TestClient): Promise<string> {
  const change = await client.changeWithVersion(2);
  const asked = change.events.find((event) => event.type === 'question.asked');
  if (asked?.type !== 'question.asked') throw new Error('no question asked');
  return asked.question.id;
}

const closed = (client: TestClient) => client.waitFor('disconnect', () => !client.socket.connected).then(() => undefined);

describe('memory that stays bounded', () => {
  it('holds nothing, and no timer, for 1,000 meetings joined and left once their idle grace has passed', async () => {
    const server = suite.server;
    const signer = await tokens();
    // Created through the service: the HTTP route is rate limited per address, which is not under test here.
    const meetings = await Promise.all(Array.from({ length: 1000 }, () => server.service.create(sampleInput)));
    let peakHeld = 0;

    await bounded(meetings, 25, async ({ meetingId, moderatorKey }) => {
      const moderator = suite.connect({ meetingId, moderatorKey });
      const delegate = suite.connect(participantAuth(signer, meetingId, `p-${meetingId}`));
      await Promise.all([moderator.welcomed(), delegate.welcomed()]);
      // A place on the floor (remembered when its owner drops) and a vote (a coalesced broadcast).
      expect(await delegate.command('floor.request', { type: 'new_topic' })).toMatchObject({ ok: true });
      expect(await delegate.command('question.ask', { text: 'Is interpretation provided?' })).toMatchObject({ ok: true });
      const questionId = await askedQuestion(delegate);
      expect(await delegate.command('question.vote', { questionId, up: true })).toMatchObject({ ok: true, votes: 1 });
      peakHeld = Math.max(peakHeld, server.memoryStats().heldMeetings);
      delegate.close();
      moderator.close();
      await Promise.all([closed(delegate), closed(moderator)]);
    });

    expect(peakHeld).toBeGreaterThan(0);
    expect(await untilEmpty()).toEqual(EMPTY);
    // Released from memory, not from the store.
    expect((await server.store.loadMeeting(meetings[999]?.meetingId ?? ''))?.version).toBe(2);
  }, 240_000);

  it('a meeting released from memory comes back whole: snapshot, presence and exact votes', async () => {
    const server = suite.server;
    const signer = await tokens();
    const { meetingId, moderatorKey } = await server.service.create(sampleInput);
    const amina = suite.connect(participantAuth(signer, meetingId, 'amina'));
    const bruno = suite.connect(participantAuth(signer, meetingId, 'bruno', 'in_room'));
    await Promise.all([amina.welcomed(), bruno.welcomed()]);
    expect(await amina.command('floor.request', { type: 'clarifying_question' })).toMatchObject({ ok: true });
    await amina.command('question.ask', { text: 'When is the deadline for contributions?' });
    const questionId = await askedQuestion(amina);
    await amina.command('question.vote', { questionId, up: true });
    await bruno.command('question.vote', { questionId, up: true });
    amina.close();
    bruno.close();
    await Promise.all([closed(amina), closed(bruno)]);
    expect(await untilEmpty()).toEqual(EMPTY);

    const chair = suite.connect({ meetingId, moderatorKey });
    const brunoAgain = suite.connect(participantAuth(signer, meetingId, 'bruno', 'in_room'));
    const carla = suite.connect(participantAuth(signer, meetingId, 'carla'));
    const [chairWelcome, brunoWelcome] = await Promise.all([chair.welcomed(), brunoAgain.welcomed(), carla.welcomed()]);
    expect(chairWelcome.snapshot.version).toBe(2);
    expect(chairWelcome.snapshot.meeting.floor.queue.map((entry) => entry.participantId)).toEqual(['amina']);
    expect(chairWelcome.votes).toEqual({ [questionId]: 2 });
    expect(brunoWelcome.myVotes).toEqual([questionId]);

    // Presence is counted afresh: one in the room, one remote, one moderator.
    await chair.waitFor('presence of the three', () =>
      chair.presence.find((p) => p.inRoom === 1 && p.remote === 1 && p.moderators === 1),
    );
    // Votes stay exact across the release: Carla's is the third, Bruno's taken back leaves two.
    expect(await carla.command('question.vote', { questionId, up: true })).toMatchObject({ ok: true, votes: 3 });
    expect(await brunoAgain.command('question.vote', { questionId, up: false })).toMatchObject({ ok: true, votes: 2 });
    await chair.waitFor('final count 2', () => chair.votes()[questionId] === 2 && chair.voteMessages.length > 0);
    // Commands commit on the reloaded state.
    expect(await chair.command('floor.grant', { expectedCurrentEntryId: null })).toMatchObject({ ok: true, version: 3 });
  }, 60_000);
});
