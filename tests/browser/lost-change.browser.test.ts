import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../server/store/redis.js';
import { assertClientBuilt, BUILT_CLIENT, launchChromium } from '../support/browser.js';
import { TestClient } from '../support/client.js';
import { TestRedis } from '../support/redis.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Two instances on one Redis store but, unlike a deployment, without the
 * Socket.IO adapter between them: what one commits reaches the other's clients
 * only as a change lost on the way would, when its instance dies between its
 * commit and its broadcast.
 */
const redis = new TestRedis();
let browser: Browser;
let here: TestServer;
let elsewhere: TestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  assertClientBuilt();
  await redis.start();
  here = await startTestServer({ clientDir: BUILT_CLIENT, store: new RedisStore(redis.url, () => undefined), sharedStore: true });
  elsewhere = await startTestServer({ store: new RedisStore(redis.url, () => undefined), sharedStore: true });
  browser = await launchChromium();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(async () => {
  await browser?.close();
  await here?.stop();
  await elsewhere?.stop();
  await redis.destroy();
});

const live = (page: Page) => page.locator('[data-testid="connection"][data-state="live"]').first().waitFor();

describe('a change whose broadcast was lost', () => {
  it('reaches the screen: the next presence report carries the version, and the page asks for what it missed', async () => {
    const meeting = await here.createMeeting();
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Zurich' });
    const page = await context.newPage();
    await page.goto(meeting.links.attend);
    await live(page);
    await page.locator('.agenda-item-title').first().waitFor();

    const chair = new TestClient(elsewhere.url, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    clients.push(chair);
    await chair.welcomed();
    const ack = await chair.command('agenda.add', { title: 'Added where this page never heard of it', minutes: 5 });
    expect(ack).toMatchObject({ ok: true });

    // Someone joins here: the presence report that follows carries the meeting's version, read from the store.
    const attendee = new TestClient(here.url, { meetingId: meeting.meetingId });
    clients.push(attendee);
    await attendee.welcomed();
    const version = ack.ok ? ack.version : -1;
    await attendee.waitFor('presence with the version', () => attendee.presence.some((message) => message.version === version));

    await page.locator('.agenda-item-title', { hasText: 'Added where this page never heard of it' }).waitFor({ timeout: 15_000 });
    await context.close();
  });
});
