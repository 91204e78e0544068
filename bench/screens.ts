/**
 * The screens of a full meeting: 300 people waiting for the floor and 1,000 questions (the most a
 * meeting holds), the speaker's clock running. In Chromium, for the chair's console at 1366×768 and
 * an attendee's phone at 390×844 (its CPU slowed fourfold, as Chromium's DevTools emulate a mid-range
 * phone), it measures how busy the page's main thread is over a quiet stretch (only the clocks tick)
 * and over a vote storm (50 votes a second), and how long a floor change takes to show.
 *
 *   npm run bench -- --only=screens                          10 s per stretch
 *   npm run bench -- --only=screens --quick                  3 s per stretch, 300 questions
 *   npm run bench -- --only=screens --client-dirs=old,client/dist   two builds of the client, side by side
 *
 * Busy time is Chromium's own (`Performance.getMetrics` TaskDuration): on a shared machine it grows
 * with the load, so compare builds within one run (`--client-dirs`), not across runs.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../tests/support/browser.js';
import { TestClient } from '../tests/support/client.js';
import { startTestServer, type TestServer } from '../tests/support/server.js';

const PARTICIPANTS = 100;
const VOTES_PER_SECOND = 50;
const GROUPS = ['government', 'private_sector', 'civil_society', 'academia', 'technical_community'];

export interface StretchResult {
  /** Seconds the main thread was busy, per second measured. */
  busyShare: number;
  scriptSeconds: number;
  longTasks: number;
  longestTaskMs: number;
}

export interface ScreenResult {
  clientDir: string;
  screen: string;
  cpuSlowdown: number;
  loadMs: number;
  domNodes: number;
  quiet: StretchResult;
  voteStorm: StretchResult & { votesSent: number };
  /** From a floor grant's command to the new speaker's name on this screen. */
  grantToScreenMs: number;
}

interface Meeting {
  server: TestServer;
  chair: TestClient;
  people: TestClient[];
  questionIds: string[];
  moderateUrl: string;
  attendUrl: string;
  /** Votes given, as "voter question", so that each storm's votes all change a count. */
  given: Set<string>;
  stormRound: number;
}

async function fullMeeting(clientDir: string, questions: number): Promise<Meeting> {
  const server = await startTestServer({
    clientDir,
    commandsPerSecond: 100_000,
    limits: { registrationsPerMeeting: { points: 100_000, seconds: 3600 } },
  });
  const created = await server.createMeeting();
  const auth = { protocolVersion: 1, meetingId: created.meetingId };
  const chair = new TestClient(server.url, { ...auth, moderatorKey: created.moderatorKey });
  await chair.welcomed();
  const people: TestClient[] = [];
  for (let i = 0; i < PARTICIPANTS; i++) {
    const { token } = await server.register(created.meetingId, {
      name: `Delegate ${i + 1} of a long list of names`,
      affiliation: `Ministry of Digital Affairs ${i + 1}`,
      stakeholderGroup: GROUPS[i % GROUPS.length] as string,
      attendance: i % 2 === 0 ? 'in_room' : 'remote',
    });
    people.push(new TestClient(server.url, { ...auth, token }));
  }
  await Promise.all(people.map((person) => person.welcomed()));
  const ok = async (ack: Promise<{ ok: boolean }>) => {
    const answer = await ack;
    if (!answer.ok) throw new Error(`refused while filling the meeting: ${JSON.stringify(answer)}`);
  };
  await ok(chair.command('agenda.next', {}));
  for (const person of people)
    for (const type of ['point_of_order', 'clarifying_question', 'new_topic'])
      await ok(person.command('floor.request', { type, topic: 'Capacity building for remote participants' }));
  for (let i = 0; i < questions; i++)
    await ok(
      (people[i % PARTICIPANTS] as TestClient).command('question.ask', {
        text: `Question ${i + 1}: how will the consultation make sure that remote participants in other time zones are heard as well as the room?`,
      }),
    );
  await chair.waitFor('every question', () => chair.state().questions.items.length === questions);
  const state = chair.state();
  await ok(chair.command('floor.grant', { expectedCurrentEntryId: null }));
  await ok(chair.command('floor.timer', { entryId: (state.floor.queue[0] as { id: string }).id, action: 'start' }));
  const local = (link: string) => link.replace(/^https?:\/\/[^/]+/, server.url);
  return {
    server,
    chair,
    people,
    questionIds: state.questions.items.map((question) => question.id),
    moderateUrl: local(created.links.moderate),
    attendUrl: local(created.links.attend),
    given: new Set(),
    stormRound: 0,
  };
}

async function metric(cdp: CDPSession, name: string): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((entry) => entry.name === name)?.value ?? 0;
}

async function stretch(page: Page, cdp: CDPSession, seconds: number, during: () => () => Promise<void>): Promise<StretchResult> {
  await page.evaluate(() => {
    const long: number[] = [];
    (window as unknown as { longTasks: number[] }).longTasks = long;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) long.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  const [busy0, script0] = [await metric(cdp, 'TaskDuration'), await metric(cdp, 'ScriptDuration')];
  const stop = during();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  await stop();
  const [busy1, script1] = [await metric(cdp, 'TaskDuration'), await metric(cdp, 'ScriptDuration')];
  const long = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  return {
    busyShare: Math.round(((busy1 - busy0) / seconds) * 1000) / 1000,
    scriptSeconds: Math.round((script1 - script0) * 100) / 100,
    longTasks: long.length,
    longestTaskMs: Math.round(Math.max(0, ...long)),
  };
}

async function measureScreen(
  browser: Browser,
  meeting: Meeting,
  options: {
    clientDir: string;
    screen: string;
    url: string;
    viewport: { width: number; height: number };
    cpuSlowdown: number;
    seconds: number;
  },
): Promise<ScreenResult> {
  const context = await browser.newContext({ viewport: options.viewport, locale: 'en-GB' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  if (options.cpuSlowdown > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpuSlowdown });
  const startedAt = Date.now();
  await page.goto(options.url);
  await page.locator('[data-testid="question"]').first().waitFor({ timeout: 180_000 });
  // Settled: the extra strings and the lazy parts have arrived and rendered.
  await page.waitForLoadState('networkidle');
  const loadMs = Date.now() - startedAt;

  const quiet = await stretch(page, cdp, options.seconds, () => async () => undefined);

  let votesSent = 0;
  const voteStorm = await stretch(page, cdp, options.seconds, () => {
    let running = true;
    const storm = (async () => {
      for (let i = 0; running; i++) {
        const voter = meeting.people[i % PARTICIPANTS] as TestClient;
        const questionId = meeting.questionIds[(i * 7 + meeting.stormRound * 13) % meeting.questionIds.length] as string;
        // Every vote changes a count: a vote given is taken back, and the reverse.
        const key = `${i % PARTICIPANTS} ${questionId}`;
        const up = !meeting.given.has(key);
        if (up) meeting.given.add(key);
        else meeting.given.delete(key);
        void voter.command('question.vote', { questionId, up });
        votesSent++;
        await new Promise((resolve) => setTimeout(resolve, 1000 / VOTES_PER_SECOND));
      }
    })();
    return async () => {
      running = false;
      await storm;
      meeting.stormRound++;
    };
  });

  const next = meeting.chair.state().floor.queue[0];
  if (!next) throw new Error('nobody left waiting');
  const grantedAt = Date.now();
  await meeting.chair.command('floor.grant', { expectedCurrentEntryId: meeting.chair.state().floor.current?.entry.id ?? null });
  await page.waitForFunction(
    (name) => document.querySelector('[data-testid="speaker-name"]')?.textContent?.includes(name),
    next.name,
    { timeout: 60_000 },
  );
  const grantToScreenMs = Date.now() - grantedAt;
  const domNodes = await metric(cdp, 'Nodes');
  await context.close();
  return {
    clientDir: options.clientDir,
    screen: options.screen,
    cpuSlowdown: options.cpuSlowdown,
    loadMs,
    domNodes,
    quiet,
    voteStorm: { ...voteStorm, votesSent },
    grantToScreenMs,
  };
}

export async function screensBench(options: { quick: boolean; clientDirs: string[] }): Promise<ScreenResult[]> {
  const seconds = options.quick ? 3 : 10;
  const questions = options.quick ? 300 : 1000;
  const browser = await launchChromium();
  const results: ScreenResult[] = [];
  try {
    for (const clientDir of options.clientDirs) {
      const meeting = await fullMeeting(clientDir, questions);
      try {
        const screens = [
          { screen: 'chair 1366×768', url: meeting.moderateUrl, viewport: { width: 1366, height: 768 }, cpuSlowdown: 1 },
          { screen: 'chair 1366×768', url: meeting.moderateUrl, viewport: { width: 1366, height: 768 }, cpuSlowdown: 4 },
          { screen: 'attendee phone 390×844', url: meeting.attendUrl, viewport: { width: 390, height: 844 }, cpuSlowdown: 4 },
        ];
        for (const screen of screens) {
          const result = await measureScreen(browser, meeting, { clientDir, seconds, ...screen });
          results.push(result);
          process.stdout.write(`${JSON.stringify(result)}\n`);
        }
      } finally {
        for (const client of [meeting.chair, ...meeting.people]) client.close();
        await meeting.server.stop();
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}
