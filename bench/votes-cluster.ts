/**
 * Votes through two instances and Redis: participants split over both vote
 * on a handful of questions at random moments within a spread. Measured per
 * client: `votes` messages in any one second (sliding window; the target is
 * at most four whatever the number of instances), and whether every client
 * ends with the exact counts (applying messages by their sequence, as the
 * browser client does).
 *
 *   npm run bench -- --only=votes-cluster            500 voters, 10 s
 *   npm run bench -- --only=votes-cluster --quick    100 voters, 3 s
 */
import { io, type Socket } from 'socket.io-client';
import { applyVotesMessage, type ShownVotes } from '../client/src/state/votes.js';
import type { VotesMessage, Welcome } from '../shared/protocol.js';
import { PROTOCOL_VERSION } from '../shared/protocol.js';
import { sampleBody } from '../tests/support/meetings.js';
import { type ServerProcess, spawnServer } from '../tests/support/process.js';
import { TestRedis } from '../tests/support/redis.js';

const QUESTIONS = 10;
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

interface Voter {
  socket: Socket;
  shown: ShownVotes;
  arrivals: number[];
}

function join(url: string, auth: Record<string, unknown>): Promise<{ socket: Socket; welcome: Welcome }> {
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { protocolVersion: PROTOCOL_VERSION, ...auth },
  });
  return new Promise((resolve, reject) => {
    socket.once('welcome', (welcome: Welcome) => resolve({ socket, welcome }));
    socket.once('connect_error', reject);
  });
}

/** Most messages within any one second of a client's arrivals. */
function busiestSecond(arrivals: number[]): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < arrivals.length; end++) {
    while ((arrivals[end] as number) - (arrivals[start] as number) >= 1000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

export async function votesClusterBench({ quick }: { quick: boolean }) {
  const voters = quick ? 100 : 500;
  const spreadMs = quick ? 3_000 : 10_000;
  const redis = new TestRedis();
  await redis.start();
  const servers: ServerProcess[] = [];
  const everyone: Voter[] = [];
  try {
    servers.push(
      ...(await Promise.all(
        [0, 1].map((i) =>
          spawnServer(
            {
              REDIS_URL: redis.url,
              INSTANCE_ID: `votes-${i}`,
              COMMANDS_PER_SECOND: '10000',
              MEETINGS_PER_HOUR: '1000000',
              REGISTRATIONS_PER_ADDRESS_PER_HOUR: '1000000',
              REGISTRATIONS_PER_MEETING_PER_HOUR: '1000000',
            },
            180_000,
          ),
        ),
      )),
    );
    const urls = servers.map((server) => server.url);
    const { meetingId } = (await (
      await fetch(`${urls[0]}/api/meetings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(sampleBody),
      })
    ).json()) as { meetingId: string };
    for (let i = 0; i < voters; i++) {
      const url = urls[i % urls.length] as string;
      const { token } = (await (
        await fetch(`${url}/api/meetings/${meetingId}/participants`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Voter ${i}`, stakeholderGroup: 'civil_society', attendance: 'remote' }),
        })
      ).json()) as { token: string };
      const { socket, welcome } = await join(url, { meetingId, token });
      const voter: Voter = {
        socket,
        shown: { votes: welcome.votes, voteSequences: {}, votesBase: welcome.votesSequence },
        arrivals: [],
      };
      socket.on('votes', (message: VotesMessage) => {
        voter.arrivals.push(performance.now());
        voter.shown = applyVotesMessage(voter.shown, message);
      });
      everyone.push(voter);
    }
    // The first voters ask the questions (approved at once: no pre-moderation).
    const questionIds: string[] = [];
    for (let i = 0; i < QUESTIONS; i++) {
      const asker = everyone[i] as Voter;
      await asker.socket
        .timeout(30_000)
        .emitWithAck('command', { id: `ask-${i}`, type: 'question.ask', payload: { text: `Question ${i}?` } });
    }
    const snapshot = (await (await fetch(`${urls[0]}/api/meetings/${meetingId}`)).json()) as {
      meeting: { questions: { items: { id: string }[] } };
    };
    questionIds.push(...snapshot.meeting.questions.items.map((question) => question.id));
    for (const voter of everyone) voter.arrivals = [];

    // Every voter votes for three questions at random moments; the expected counts follow.
    const expected: Record<string, number> = {};
    const started = performance.now();
    let refused = 0;
    await Promise.all(
      everyone.flatMap((voter, v) =>
        [0, 1, 2].map(async (k) => {
          const questionId = questionIds[(v + k * 3) % questionIds.length] as string;
          expected[questionId] = (expected[questionId] ?? 0) + 1;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * spreadMs));
          const ack = (await voter.socket
            .timeout(30_000)
            .emitWithAck('command', { id: `vote-${v}-${k}`, type: 'question.vote', payload: { questionId, up: true } })) as {
            ok: boolean;
          };
          if (!ack.ok) refused++;
        }),
      ),
    );
    // Settling: wait (at most 20 s) until every client shows the exact counts.
    const exact = (voter: Voter) =>
      questionIds.every((questionId) => (voter.shown.votes[questionId] ?? 0) === (expected[questionId] ?? 0));
    const deadline = performance.now() + 20_000;
    while (!everyone.every(exact) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    const seconds = (performance.now() - started) / 1000;
    const exactWhenVotesStopped = everyone.filter(exact).length;
    // The settling messages come about a second after the last broadcast: counts must still be exact after them.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const busiest = everyone.map((voter) => busiestSecond(voter.arrivals));
    return {
      instances: servers.length,
      voters,
      votes: voters * 3,
      refused,
      spreadSeconds: spreadMs / 1000,
      clientsWithExactCountsBeforeSettling: exactWhenVotesStopped,
      clientsWithExactCounts: everyone.filter(exact).length,
      exactOnEveryClient: everyone.every(exact),
      messagesInBusiestSecondMax: Math.max(...busiest),
      messagesPerClientPerSecondMean: round(
        everyone.reduce((n, voter) => n + voter.arrivals.length, 0) / everyone.length / seconds,
      ),
    };
  } finally {
    for (const voter of everyone) voter.socket.disconnect();
    for (const server of servers) await server.kill('SIGKILL');
    await redis.destroy();
  }
}
