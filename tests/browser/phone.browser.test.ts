import { mkdirSync, writeFileSync } from 'node:fs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arExtra } from '../../client/src/i18n/ar.extra.js';
import { ar } from '../../client/src/i18n/ar.js';
import { enExtra } from '../../client/src/i18n/en.extra.js';
import { en } from '../../client/src/i18n/en.js';
import { PARTICIPANT_BUDGET_BYTES, participantFirstLoad } from '../../scripts/page-weight.js';
import { BUILT_CLIENT, browserAndServerForFile } from '../support/browser.js';
import { TestClient } from '../support/client.js';
import { sampleBody } from '../support/meetings.js';
import type { CreatedMeeting } from '../support/server.js';

/** Screenshots for review (README: "What a remote participant sees"). */
const SCREENSHOT_DIR = 'test-artifacts/screenshots';
const PHONE = { width: 390, height: 844 };
const LANGUAGES = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const;
const WIDTHS = [320, 360, 390, 414];

const clients: TestClient[] = [];
const env = browserAndServerForFile({ commandsPerSecond: 1000 });
beforeAll(() => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});
afterAll(() => {
  for (const client of clients) client.close();
});

interface Viewer {
  language: string;
  /** The browser's locale, e.g. en-US for a 12-hour clock. */
  locale?: string;
  timezoneId?: string;
  token?: { meetingId: string; token: string };
  viewport?: { width: number; height: number };
}

async function phoneContext(viewer: Viewer): Promise<BrowserContext> {
  const context = await env.browser.newContext({
    locale: viewer.locale ?? (viewer.language === 'ar' ? 'ar-EG' : 'en-GB'),
    timezoneId: viewer.timezoneId ?? 'America/New_York',
    viewport: viewer.viewport ?? PHONE,
    isMobile: true,
    hasTouch: true,
    acceptDownloads: true,
  });
  const saved: [string, string][] = [['plenary:lang', viewer.language]];
  if (viewer.token) saved.push([`plenary:token:${viewer.token.meetingId}`, viewer.token.token]);
  await context.addInitScript((entries) => {
    for (const [key, value] of entries) localStorage.setItem(key, value);
  }, saved);
  return context;
}

async function openPhone(url: string, viewer: Viewer): Promise<Page> {
  const page = await (await phoneContext(viewer)).newPage();
  await page.goto(url);
  return page;
}

const live = (page: Page) => page.locator('[data-testid="connection"][data-state="live"]').first().waitFor();

/** Whether the element is wholly inside the visible screen (the viewport), not merely on the page. */
async function onScreen(locator: Locator): Promise<boolean> {
  await locator.waitFor();
  const box = await locator.boundingBox();
  const viewport = locator.page().viewportSize();
  if (!box || !viewport) return false;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5;
}

async function chairOf(meeting: CreatedMeeting): Promise<TestClient> {
  const chair = new TestClient(env.server.url, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
  clients.push(chair);
  await chair.welcomed();
  return chair;
}

/** A meeting mid-business: an item running, someone speaking, three waiting, questions. */
async function busyMeeting(): Promise<{ meeting: CreatedMeeting; chair: TestClient; token: string }> {
  const meeting = await env.server.createMeeting();
  const chair = await chairOf(meeting);
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
  await amina.client.command('question.ask', { text: 'هل ستتوفر الترجمة الفورية إلى العربية في جميع الجلسات؟' });
  await bruno.client.command('question.ask', {
    text: 'Will the thematic workshops be streamed? https://example.org/a-very-long-link-that-should-wrap-on-a-phone',
  });
  await chair.command('floor.grant', { expectedCurrentEntryId: null });
  return { meeting, chair, token: amina.token };
}

describe('1. no sideways scrolling on a phone', () => {
  it('every view fits 320, 360, 390 and 414 px in all six languages', async () => {
    const { meeting, token } = await busyMeeting();
    const views = [
      { name: 'landing', url: `${env.server.url}/`, ready: (page: Page) => page.getByTestId('create-title').waitFor() },
      { name: 'attendee', url: meeting.links.attend, ready: live },
      {
        name: 'participant',
        url: meeting.links.attend,
        token: true,
        ready: (page: Page) => page.getByTestId('my-state').waitFor(),
      },
      { name: 'moderator', url: meeting.links.moderate, ready: live },
      { name: 'display', url: meeting.links.display, ready: live },
    ];
    const overflowing: string[] = [];
    for (const language of LANGUAGES) {
      for (const view of views) {
        const page = await openPhone(view.url, {
          language,
          viewport: { width: 320, height: 700 },
          ...(view.token ? { token: { meetingId: meeting.meetingId, token } } : {}),
        });
        await view.ready(page);
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 800 });
          const { scroll, client } = await page.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            client: document.documentElement.clientWidth,
          }));
          if (scroll > client) overflowing.push(`${view.name} ${language} ${width}px: ${scroll} > ${client}`);
        }
        await page.context().close();
      }
    }
    expect(overflowing).toEqual([]);
  }, 240_000);
});

describe('2. the first screen is theirs', () => {
  for (const language of ['en', 'ar'] as const) {
    it(`keeps their state and main action in view at 390×844, in each state (${language})`, async () => {
      const strings = language === 'ar' ? ar : en;
      const meeting = await env.server.createMeeting();
      const chair = await chairOf(meeting);
      await chair.command('agenda.next', {});
      const page = await openPhone(meeting.links.attend, { language });
      await live(page);
      await page.getByTestId('join-name').fill(language === 'ar' ? 'سارة' : 'Sara Lopez');
      await page.getByTestId('join-submit').click();
      const label = page.getByTestId('my-state-label');
      await expect.poll(() => label.textContent()).toBe(strings.floor.notOnList);
      expect(await onScreen(page.getByTestId('bar-request'))).toBe(true);
      expect(await onScreen(page.getByTestId('bar-question'))).toBe(true);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/phone-${language}-not-on-list.png` });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `${SCREENSHOT_DIR}/phone-${language}-top.png` });

      // Someone else first, then this person: number 2, with "withdraw" at hand.
      const { token } = await env.server.register(meeting.meetingId, { name: 'Bruno Silva' });
      const bruno = new TestClient(env.server.url, { meetingId: meeting.meetingId, token });
      clients.push(bruno);
      await bruno.welcomed();
      await bruno.command('floor.request', { type: 'new_topic' });
      await page.getByTestId('bar-request').click();
      await expect.poll(() => label.textContent()).toContain('2');
      expect(await onScreen(page.getByTestId('bar-withdraw'))).toBe(true);

      await chair.command('floor.grant', { expectedCurrentEntryId: null });
      await expect.poll(() => label.textContent()).toBe(strings.floor.youAreNext);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/phone-${language}-next.png` });

      const speaking = chair.state().floor.current?.entry.id ?? null;
      await chair.command('floor.grant', { expectedCurrentEntryId: speaking });
      await expect.poll(() => label.textContent()).toBe(strings.floor.youHaveTheFloor);
      expect(await onScreen(page.locator('[data-testid="my-state"] [data-testid="speaker-clock"]'))).toBe(true);
      expect(await onScreen(page.getByTestId('bar-done'))).toBe(true);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/phone-${language}-speaking.png` });

      // The question box, one tap away.
      await page.getByTestId('bar-question').click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('question-text');
      await expect.poll(() => onScreen(page.getByTestId('question-text'))).toBe(true);

      await page.getByTestId('bar-done').click();
      await expect.poll(() => label.textContent()).toBe(strings.floor.notOnList);
      await page.context().close();
    });
  }
});

describe('3. leaving', () => {
  it('asks first, withdraws the requests and ends the turn; the same browser comes back as the same person unless forgotten', async () => {
    const meeting = await env.server.createMeeting();
    const chair = await chairOf(meeting);
    await chair.command('agenda.next', {});
    const page = await openPhone(meeting.links.attend, { language: 'en' });
    await live(page);
    await page.getByTestId('join-name').fill('Sara Lopez');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('bar-request').click();
    await chair.waitFor('a request', () => chair.state().floor.queue.length === 1);
    const firstId = chair.state().floor.queue[0]?.participantId;
    await chair.command('floor.grant', { expectedCurrentEntryId: null });
    await page.getByTestId('request-type-clarifying_question').check();
    await page.getByTestId('request-submit').click();
    await chair.waitFor('a second request', () => chair.state().floor.queue.length === 1);

    // Cancel changes nothing; confirming withdraws and ends the turn.
    await page.getByTestId('leave').click();
    await expect.poll(() => page.getByTestId('leave-dialog').isVisible()).toBe(true);
    await page.getByTestId('leave-cancel').click();
    expect(chair.state().floor.current?.entry.participantId).toBe(firstId);
    await page.getByTestId('leave').click();
    await page.getByTestId('leave-confirm').click();
    await chair.waitFor(
      'the leaver gone from the floor',
      () => chair.state().floor.current === null && chair.state().floor.queue.length === 0,
    );
    await page.getByTestId('left').waitFor();
    expect(await page.getByTestId('my-state').count()).toBe(0);

    // Taking part again: the same participant.
    await page.getByTestId('rejoin').click();
    await page.getByTestId('bar-request').click();
    await chair.waitFor('a request again', () => chair.state().floor.queue.length === 1);
    expect(chair.state().floor.queue[0]?.participantId).toBe(firstId);

    // A reload is the same person too; "forget me" is a new one.
    await page.reload();
    await page.getByTestId('my-state').waitFor();
    await page.getByTestId('leave').click();
    await page.getByTestId('leave-forget').check();
    await page.getByTestId('leave-confirm').click();
    await page.getByTestId('join-name').waitFor();
    await page.getByTestId('join-name').fill('Sara Lopez');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('bar-request').click();
    await chair.waitFor('a request from someone new', () => chair.state().floor.queue.length === 1);
    expect(chair.state().floor.queue[0]?.participantId).not.toBe(firstId);
    await page.context().close();
  });
});

describe('4. request types', () => {
  it('defaults to a new topic, never preselects a point of order, and says what one is for', async () => {
    const meeting = await env.server.createMeeting();
    const page = await openPhone(meeting.links.attend, { language: 'en' });
    await live(page);
    await page.getByTestId('join-name').fill('Sara Lopez');
    await page.getByTestId('join-submit').click();
    expect(await page.getByTestId('request-type-new_topic').isChecked()).toBe(true);
    await expect.poll(() => page.locator('.request-floor').textContent()).toContain(enExtra.floor.pointOfOrderHint);
    await page.getByTestId('request-submit').click();
    await page.getByTestId('my-requests').waitFor();
    // New topic is taken now: nothing is preselected, least of all a point of order.
    expect(await page.getByTestId('request-type-point_of_order').isChecked()).toBe(false);
    expect(await page.getByTestId('request-type-clarifying_question').isChecked()).toBe(false);
    expect(await page.getByTestId('request-submit').isDisabled()).toBe(true);
    // Notifications are offered now, after the first request, saying when they arrive.
    await expect.poll(() => page.locator('.request-floor').textContent()).toContain(enExtra.floor.notifyHint);
    await page.getByTestId('withdraw').click();
    await expect.poll(() => page.getByTestId('request-type-new_topic').isChecked()).toBe(true);
    await page.context().close();
  });
});

describe('5. times', () => {
  it('shows the viewer’s date when it is not the venue’s, in the browser’s regional format, and offers the calendar file', async () => {
    // 05:20 in Geneva, on a day far ahead: 23:20 the evening before in New York.
    const meeting = await env.server.createMeeting({
      ...sampleBody,
      startsAt: '2030-02-28T05:20:00+01:00',
      endsAt: '2030-02-28T07:00:00+01:00',
    });
    const us = await openPhone(meeting.links.attend, { language: 'en', locale: 'en-US', timezoneId: 'America/New_York' });
    await live(us);
    const mine = (await us.getByTestId('time-mine').first().textContent())?.replace(/[\u2068\u2069\u202f]/g, ' ') ?? '';
    expect(mine).toMatch(/Wed, Feb 27, 11:20\s+PM\s+your time/);
    await expect.poll(() => us.getByTestId('schedule').textContent()).toMatch(/^Starts \u2068in [\d,]+ days\u2069$/);
    const [download] = await Promise.all([us.waitForEvent('download'), us.getByTestId('calendar').click()]);
    expect(download.suggestedFilename()).toMatch(/\.ics$/);
    await us.context().close();

    // A British browser in Geneva: 24-hour clock, no second time.
    const uk = await openPhone(meeting.links.attend, { language: 'en', locale: 'en-GB', timezoneId: 'Europe/Zurich' });
    await live(uk);
    expect((await uk.locator('.meeting-schedule').textContent())?.replace(/[\u2068\u2069]/g, '')).toMatch(/05:20 Geneva/);
    expect(await uk.getByTestId('time-mine').count()).toBe(0);
    await uk.context().close();
  });

  it('says how late the meeting runs against the plan, never "ahead" because the agenda is shorter than the slot', async () => {
    const meeting = await env.server.createMeeting();
    const chair = await chairOf(meeting);
    await chair.command('agenda.next', {});
    const page = await openPhone(meeting.links.attend, { language: 'en' });
    await live(page);
    // The sample meeting was booked in 2020 and starts now: planned from its real start, on schedule.
    expect(await page.getByTestId('schedule').textContent()).toBe(en.schedule.onTime);
    expect(await page.getByTestId('end-drift').textContent()).toBe(en.schedule.endOnTime);
    await page.context().close();
  });
});

describe('6. errors in the page’s language', () => {
  it('shows a refused join beside its field, in Arabic, without internal field names', async () => {
    const meeting = await env.server.createMeeting();
    const page = await openPhone(meeting.links.attend, { language: 'ar' });
    await live(page);
    await page.getByTestId('join-name').fill('   ');
    await page.getByTestId('join-submit').click();
    await expect.poll(() => page.getByTestId('problem-name').textContent()).toBe(arExtra.problems.empty);
    const alert = (await page.getByTestId('join-error').textContent()) ?? '';
    expect(alert).toContain(arExtra.problems.summary);
    expect(alert).not.toMatch(/[A-Za-z]/);
    expect(await page.getByTestId('join-name').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/phone-ar-join-problem.png` });
    await page.context().close();
  });

  it('shows a refused meeting beside its fields on the landing page, in Arabic', async () => {
    const page = await openPhone(`${env.server.url}/`, { language: 'ar' });
    await page.getByTestId('create-title').fill('مشاورة');
    await page.getByTestId('create-venue').fill('مقر الاتحاد');
    await page.getByTestId('create-timezone').selectOption('Europe/Zurich');
    await page.getByTestId('create-starts').fill('2030-02-28T14:00');
    await page.getByTestId('create-ends').fill('2030-02-28T13:00');
    await page.getByTestId('create-item-title').first().fill('الافتتاح');
    await page.getByTestId('create-submit').click();
    await expect.poll(() => page.getByTestId('problem-endsAt').textContent()).toBe(arExtra.problems.ends_before_start);
    expect(await page.getByTestId('create-error').textContent()).not.toMatch(/[A-Za-z]/);
    await page.context().close();
  });
});

describe('7 and 8. plurals and isolated times, numbers and names in Arabic', () => {
  it('counts in Arabic forms and keeps each time whole inside right-to-left text, on the phone and the room display', async () => {
    const { meeting, token } = await busyMeeting();
    const page = await openPhone(meeting.links.attend, { language: 'ar', token: { meetingId: meeting.meetingId, token } });
    await page.getByTestId('my-state').waitFor();
    // Two remote participants connected (Amina's two connections count once): Arabic's dual form.
    await expect.poll(() => page.getByTestId('presence').textContent(), { timeout: 15_000 }).toContain(ar.meeting.remote_two);
    const isolation = await page.evaluate(() => {
      const isolated = (element: Element) => {
        const bidi = getComputedStyle(element).unicodeBidi;
        return bidi.includes('isolate') || bidi === 'plaintext' || /^\u2068.*\u2069$/s.test(element.textContent ?? '');
      };
      const pairs = [...document.querySelectorAll('.time-pair')];
      return {
        pairs: pairs.length,
        unisolatedTimes: pairs.filter(
          (pair) =>
            !isolated(pair) &&
            ![...pair.children].every((child) => child.getAttribute('aria-hidden') === 'true' || isolated(child)),
        ).length,
        names: [...document.querySelectorAll('.entry-name')].filter((name) => !isolated(name)).length,
        titleIsolates: (document.querySelector('.meeting-schedule')?.textContent ?? '').includes('\u2068'),
      };
    });
    expect(isolation.pairs).toBeGreaterThan(0);
    expect(isolation).toMatchObject({ unisolatedTimes: 0, names: 0, titleIsolates: true });
    // Durations are written with the same digits as the times: the locale's (ar-EG: Arabic-Indic), not the language's alone.
    const elapsed = (await page.getByTestId('current-item-elapsed').textContent()) ?? '';
    expect(elapsed).toMatch(/[\u0660-\u0669]/);
    expect(elapsed).not.toMatch(/[0-9]/);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/phone-ar-participant.png`, fullPage: true });
    await page.context().close();

    const display = await openPhone(meeting.links.display, { language: 'ar', viewport: { width: 1280, height: 720 } });
    await live(display);
    const clock = display.getByTestId('display-time');
    expect(await clock.evaluate((element) => getComputedStyle(element).unicodeBidi)).toContain('isolate');
    await display.screenshot({ path: `${SCREENSHOT_DIR}/display-ar.png` });
    await display.context().close();
  });
});

describe('9. a light page', () => {
  it('loads the participant view compressed, within the budget, and reports the time to live on a throttled connection', async () => {
    const { meeting, token } = await busyMeeting();
    const context = await phoneContext({ language: 'en', token: { meetingId: meeting.meetingId, token } });
    const page = await context.newPage();
    const scripts: { url: string; encoding: string | undefined; bytes: number }[] = [];
    page.on('response', async (response) => {
      if (!/\.(js|css)$/.test(response.url())) return;
      // A response still arriving when the page closes has no headers any more: nothing to count.
      const headers = await response.allHeaders().catch(() => null);
      if (!headers) return;
      scripts.push({ url: response.url(), encoding: headers['content-encoding'], bytes: Number(headers['content-length'] ?? 0) });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    // 400 ms round trip, 400 kbit/s both ways: a conference's mobile data on a bad day.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 400,
      downloadThroughput: 400_000 / 8,
      uploadThroughput: 400_000 / 8,
    });
    await page.goto(meeting.links.attend);
    await page.getByTestId('my-state').waitFor({ timeout: 60_000 });
    await live(page);
    // Navigation start to the participant's own bar on screen with a live connection, as the browser measured it.
    const liveAfterMs = await page.evaluate(() => Math.round(performance.now()));
    // The files of the first load as the build lists them; lazy parts that happen to arrive before the
    // page is live (sooner on a busy machine's slower render) are not the first load.
    const firstLoadFiles = new Set(participantFirstLoad(BUILT_CLIENT).files.map((file) => `/${file}`));
    const firstLoadJsCss = scripts.filter((entry) => {
      const path = new URL(entry.url).pathname;
      // The build counts its heaviest language; the page fetches its own one.
      return firstLoadFiles.has(path) || /^\/assets\/(ar|zh|en|fr|ru|es)-[\w-]+\.js$/.test(path);
    });
    expect(firstLoadJsCss.length).toBeGreaterThan(0);
    for (const entry of firstLoadJsCss) expect(entry.encoding, entry.url).toBe('br');
    const transferred = firstLoadJsCss.reduce((sum, entry) => sum + entry.bytes, 0);
    expect(transferred).toBeLessThanOrEqual(PARTICIPANT_BUDGET_BYTES);
    const build = participantFirstLoad(BUILT_CLIENT);
    const report = { throttled: { rttMs: 400, kbitPerSecond: 400 }, liveAfterMs, transferredJsCssBytes: transferred, build };
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync('test-artifacts/page-weight.json', `${JSON.stringify(report, null, 2)}\n`);
    console.log(
      `participant view live after ${liveAfterMs} ms at 400 ms RTT, 400 kbit/s; ${transferred} bytes of JS and CSS (brotli)`,
    );
    await context.close();
  }, 90_000);
});
