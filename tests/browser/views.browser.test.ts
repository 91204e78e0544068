import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ar } from '../../client/src/i18n/ar.js';
import { en } from '../../client/src/i18n/en.js';
import { fr } from '../../client/src/i18n/fr.js';
import { seriousViolations } from '../support/axe.js';
import { browserAndServerForFile } from '../support/browser.js';
import { TestClient } from '../support/client.js';
import type { CreatedMeeting } from '../support/server.js';

/** Screenshots of every view, for review; the README names this folder. */
const SCREENSHOT_DIR = 'test-artifacts/screenshots';

const clients: TestClient[] = [];
const env = browserAndServerForFile({ commandsPerSecond: 1000 });
beforeAll(() => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});
afterAll(() => {
  for (const c of clients) c.close();
});

interface Viewer {
  locale: string;
  timezoneId: string;
  token?: { meetingId: string; token: string };
  viewport?: { width: number; height: number };
}

async function open(url: string, viewer: Viewer): Promise<Page> {
  const context: BrowserContext = await env.browser.newContext({
    locale: viewer.locale,
    timezoneId: viewer.timezoneId,
    viewport: viewer.viewport ?? { width: 1280, height: 800 },
    // axe-core is injected as an inline script.
    bypassCSP: true,
  });
  if (viewer.token) {
    const { meetingId, token } = viewer.token;
    await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [
      `plenary:token:${meetingId}`,
      token,
    ] as const);
  }
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

const live = (page: Page) => page.locator('[data-testid="connection"][data-state="live"]').first().waitFor();

/** A meeting in the middle of its business: an item running, a speaker, people waiting, a question on the screen. */
async function busyMeeting(): Promise<{ meeting: CreatedMeeting; remoteToken: string }> {
  const meeting = await env.server.createMeeting();
  const chair = new TestClient(env.server.url, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
  clients.push(chair);
  await chair.welcomed();
  const people = await Promise.all(
    [
      { name: 'Bruno Silva', attendance: 'in_room', stakeholderGroup: 'civil_society', affiliation: 'Brazil' },
      { name: 'أمينة حسن', attendance: 'remote', stakeholderGroup: 'government', affiliation: 'مصر' },
      { name: 'Chen Wei', attendance: 'remote', stakeholderGroup: 'academia', affiliation: 'Tsinghua University' },
    ].map(async (profile) => {
      const { token } = await env.server.register(meeting.meetingId, profile);
      const client = new TestClient(env.server.url, { meetingId: meeting.meetingId, token });
      clients.push(client);
      await client.welcomed();
      return { client, token };
    }),
  );
  const [bruno, amina, chen] = people;
  if (!bruno || !amina || !chen) throw new Error('participants missing');
  await chair.command('agenda.next', {});
  await bruno.client.command('floor.request', { type: 'new_topic', topic: 'Hybrid format of the Forum' });
  await amina.client.command('floor.request', { type: 'new_topic', topic: 'الترجمة الفورية للمشاركين عن بعد' });
  await chen.client.command('floor.request', { type: 'clarifying_question' });
  await chair.command('floor.grant', { expectedCurrentEntryId: null });
  await amina.client.command('question.ask', { text: 'هل ستتوفر الترجمة الفورية إلى العربية في جميع الجلسات؟' });
  await bruno.client.command('question.ask', { text: 'Will the thematic workshops be streamed?', anonymous: true });
  await chair.waitFor('questions', () => chair.state().questions.items.length === 2);
  await chair.command('question.highlight', { questionId: chair.state().questions.items[0]?.id });
  return { meeting, remoteToken: amina.token };
}

describe('views people trust', () => {
  it('every view passes axe-core (no serious or critical violation) in English and Arabic, photographed on desktop and phone', async () => {
    const { meeting, remoteToken } = await busyMeeting();
    const views = [
      { name: 'landing', url: `${env.server.url}/`, ready: (page: Page) => page.locator('h1').waitFor() },
      { name: 'attendee', url: meeting.links.attend, ready: live },
      { name: 'participant', url: meeting.links.attend, ready: live, token: remoteToken },
      { name: 'moderator', url: meeting.links.moderate, ready: live },
      { name: 'display', url: meeting.links.display, ready: live },
    ];
    for (const language of [
      { locale: 'en-GB', code: 'en', timezoneId: 'Europe/Zurich' },
      { locale: 'ar-EG', code: 'ar', timezoneId: 'Africa/Cairo' },
    ]) {
      for (const view of views) {
        for (const size of [
          { label: 'desktop', viewport: { width: 1280, height: 800 } },
          { label: 'phone', viewport: { width: 390, height: 844 } },
        ]) {
          const page = await open(view.url, {
            locale: language.locale,
            timezoneId: language.timezoneId,
            viewport: size.viewport,
            ...(view.token ? { token: { meetingId: meeting.meetingId, token: view.token } } : {}),
          });
          await view.ready(page);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(language.code);
          expect(await page.evaluate(() => document.documentElement.dir)).toBe(language.code === 'ar' ? 'rtl' : 'ltr');
          if (size.label === 'desktop') {
            const violations = await seriousViolations(page);
            expect(violations, `${view.name} (${language.code}): ${JSON.stringify(violations, null, 1)}`).toEqual([]);
          }
          await page.screenshot({
            path: `${SCREENSHOT_DIR}/${view.name}-${language.code}-${size.label}.png`,
            fullPage: view.name !== 'display',
          });
          await page.context().close();
        }
      }
    }
  }, 180_000);

  it('a whole meeting in four screens: moderator, participant in the room, remote participant in Arabic, room display', async () => {
    const meeting = await env.server.createMeeting();
    const moderator = await open(meeting.links.moderate, { locale: 'en-GB', timezoneId: 'Europe/Zurich' });
    const inRoom = await open(meeting.links.attend, { locale: 'fr-CH', timezoneId: 'Europe/Zurich' });
    const remote = await open(meeting.links.attend, {
      locale: 'ar-EG',
      timezoneId: 'Africa/Cairo',
      viewport: { width: 390, height: 844 },
    });
    const display = await open(meeting.links.display, { locale: 'en-GB', timezoneId: 'Europe/Zurich' });
    await Promise.all([moderator, inRoom, remote, display].map(live));

    // Joining: the room participant in French, the remote one in Arabic.
    await inRoom.getByTestId('join-name').fill('Bruno Silva');
    await inRoom.locator('input[name="attendance"][value="in_room"]').check();
    await inRoom.getByTestId('join-submit').click();
    await remote.getByTestId('join-name').fill('أمينة حسن');
    await remote.locator('input[name="attendance"][value="remote"]').check();
    await remote.getByTestId('join-submit').click();
    await Promise.all([inRoom.getByTestId('self').waitFor(), remote.getByTestId('self').waitFor()]);
    expect(await remote.evaluate(() => document.documentElement.dir)).toBe('rtl');

    // The agenda advances, from the moderator's keyboard: A asks first, since it moves the whole room.
    await moderator.locator('body').press('a');
    await moderator.getByTestId('confirm-next-yes').click();
    for (const page of [inRoom, remote, moderator])
      await expect.poll(() => page.getByTestId('current-item-title').textContent()).toBe('Opening');
    await expect.poll(() => display.getByTestId('display-item').textContent()).toBe('Opening');
    // The remote participant sees the venue's time and her own.
    await expect.poll(() => remote.getByTestId('projected-end').textContent()).toMatch(/Geneva/);

    // Floor requests, made and granted.
    await remote.getByTestId('request-submit').click();
    await inRoom.getByTestId('request-submit').click();
    await expect.poll(() => moderator.getByTestId('queue-entry').count()).toBe(2);
    await moderator.locator('body').press('n');
    await expect.poll(() => display.getByTestId('display-speaker').textContent()).toContain('أمينة حسن');
    await expect.poll(() => remote.getByTestId('standing').textContent()).toBe(ar.floor.youHaveTheFloor);
    await expect.poll(() => inRoom.getByTestId('standing').textContent()).toBe(fr.floor.youAreNext);
    await moderator.locator('body').press('t');
    await expect.poll(() => display.getByTestId('speaker-clock').textContent()).toContain(en.floor.paused);

    // A question, asked, approved (pre-moderation), highlighted: on every screen.
    // The box shows the meeting's setting: it turns checked when the server's change arrives.
    await moderator.getByTestId('pre-moderation').click();
    await expect.poll(() => moderator.getByTestId('pre-moderation').isChecked()).toBe(true);
    await remote.getByTestId('question-text').fill('هل ستتوفر الترجمة الفورية إلى العربية؟');
    await remote.getByTestId('question-submit').click();
    await expect.poll(() => moderator.getByTestId('question').count()).toBe(1);
    expect(await inRoom.getByTestId('question').count()).toBe(0);
    await moderator.getByTestId('question-approve').click();
    await moderator.getByTestId('question-highlight').click();
    for (const page of [inRoom, remote, moderator]) {
      await expect.poll(() => page.getByTestId('highlighted-text').textContent()).toBe('هل ستتوفر الترجمة الفورية إلى العربية؟');
    }
    await expect
      .poll(() => display.getByTestId('display-question').textContent())
      .toContain('هل ستتوفر الترجمة الفورية إلى العربية؟');
    await expect.poll(() => display.getByTestId('meeting-qr').count()).toBe(1);
    for (const page of [moderator, inRoom, remote, display]) await page.context().close();
  });
});
