import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arExtra } from '../../client/src/i18n/ar.extra.js';
import { enExtra } from '../../client/src/i18n/en.extra.js';
import { en } from '../../client/src/i18n/en.js';
import { zhExtra } from '../../client/src/i18n/zh.extra.js';
import { DEMO_MEETING } from '../../server/demo.js';
import { browserAndServerForFile } from '../support/browser.js';
import { TestClient } from '../support/client.js';
import type { CreatedMeeting } from '../support/server.js';

/** The room display under the heaviest load a chair gives it. */
const SCREENSHOT_DIR = 'test-artifacts/screenshots';

const clients: TestClient[] = [];
const env = browserAndServerForFile({ commandsPerSecond: 1000 });
beforeAll(() => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});
afterAll(() => {
  for (const c of clients) c.close();
});

function track(client: TestClient): TestClient {
  clients.push(client);
  return client;
}

interface Viewer {
  locale?: string;
  timezoneId?: string;
  viewport?: { width: number; height: number };
  /** A participant's token for the meeting, as their browser keeps it. */
  token?: { meetingId: string; token: string };
}

async function open(url: string, viewer: Viewer = {}): Promise<Page> {
  const context = await env.browser.newContext({
    locale: viewer.locale ?? 'en-GB',
    timezoneId: viewer.timezoneId ?? 'Europe/Zurich',
    viewport: viewer.viewport ?? { width: 1366, height: 768 },
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
  await page.locator('[data-testid="connection"][data-state="live"]').first().waitFor();
  return page;
}

/** The demo meeting's agenda: its titles are as long as real ones. */
const demoBody = {
  title: DEMO_MEETING.title,
  venue: DEMO_MEETING.venue,
  timeZone: DEMO_MEETING.timeZone,
  startsAt: DEMO_MEETING.startsAt,
  endsAt: DEMO_MEETING.endsAt,
  agenda: DEMO_MEETING.agenda.map(({ title, minutes, presenters }) => ({ title, minutes, presenters })),
};

const MESSAGE = 'Coffee break — we resume at 17:15 with item 3. Interpretation will continue in all six languages.';
const LONG_QUESTION =
  'Given that the consultation received contributions from every stakeholder group and every region, how will the final ' +
  'programme of the Forum ensure that remote participants in time zones far from Geneva can take the floor in the ' +
  'high-level sessions, with interpretation into all six languages, and will the recordings and transcripts be published ' +
  'within a week so that those who could not attend can still send written comments before the deadline?';
const WAITING = [
  ['Delegate of the Plurinational State of Bolivia', 'government', 'in_room'],
  ['Amina Diallo', 'civil_society', 'remote'],
  ['Bruno Silva', 'civil_society', 'in_room'],
  ['Chen Wei', 'academia', 'remote'],
  ['Dara Okafor', 'private_sector', 'in_room'],
  ['Elif Demir', 'technical_community', 'remote'],
] as const;

/**
 * The testers' heavy state: the second item running (the next one has a long title), a long question
 * put to the room, the chair's message with a countdown, a speaker with the floor and five waiting,
 * the list closed, the meeting paused.
 */
async function heavyMeeting(): Promise<{ meeting: CreatedMeeting; chair: TestClient }> {
  const meeting = await env.server.createMeeting(demoBody);
  const chair = track(new TestClient(env.server.url, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey }));
  await chair.welcomed();
  await chair.command('agenda.next', {});
  await chair.command('agenda.next', {});
  for (const [name, stakeholderGroup, attendance] of WAITING) {
    const ack = await chair.command('floor.inscribe', {
      person: { name, affiliation: 'Permanent Mission to the United Nations Office at Geneva', stakeholderGroup, attendance },
      type: 'new_topic',
      topic: '',
    });
    expect(ack).toMatchObject({ ok: true });
  }
  await chair.command('floor.grant', { expectedCurrentEntryId: null });
  await chair.command('floor.close', {});
  const { token } = await env.server.register(meeting.meetingId, { name: 'Amina', attendance: 'remote' });
  const amina = track(new TestClient(env.server.url, { meetingId: meeting.meetingId, token }));
  await amina.welcomed();
  await amina.command('question.ask', { text: LONG_QUESTION });
  await chair.waitFor('question', () => chair.state().questions.items.length === 1);
  await chair.command('question.highlight', { questionId: chair.state().questions.items[0]?.id });
  await chair.command('meeting.announce', { text: MESSAGE, endsAt: Date.now() + 19 * 60_000 + 29_000 });
  expect(await chair.command('meeting.pause', {})).toMatchObject({ ok: true });
  return { meeting, chair };
}

/**
 * Whatever the display draws outside the screen, or cuts off inside a box that hides its overflow
 * (the display itself hides it, so nothing scrolls on a projector): each as a readable line.
 */
const clippedParts = (page: Page) =>
  page.evaluate(() => {
    const problems: string[] = [];
    const display = document.querySelector('[data-testid="display"]');
    if (!display) return ['no display'];
    const { innerWidth: width, innerHeight: height } = window;
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > width) problems.push(`the page is ${root.scrollWidth}px wide`);
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()}.${element.className} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
    for (const element of [display, ...display.querySelectorAll('*')]) {
      // Screen-reader text is meant to take no room.
      if (element.closest('.visually-hidden')) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.bottom > height + 0.5 || box.top < -0.5 || box.right > width + 0.5 || box.left < -0.5) {
        problems.push(
          `${name(element)} at x ${Math.round(box.left)}–${Math.round(box.right)}, y ${Math.round(box.top)}–${Math.round(box.bottom)}`,
        );
      }
      const style = getComputedStyle(element);
      if (
        (style.overflowY !== 'visible' && element.scrollHeight > element.clientHeight + 1) ||
        (style.overflowX !== 'visible' && element.scrollWidth > element.clientWidth + 1)
      ) {
        problems.push(
          `${name(element)} cuts its content (${element.scrollWidth}×${element.scrollHeight} in ${element.clientWidth}×${element.clientHeight})`,
        );
      }
    }
    return problems;
  });

const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];

/** Opens the display at every size in English and Arabic and checks that nothing is cut off. */
async function expectNothingClipped(meeting: CreatedMeeting, label: string, mustShow: string[]): Promise<void> {
  for (const locale of ['en-GB', 'ar-EG']) {
    for (const viewport of VIEWPORTS) {
      const page = await open(meeting.links.display, { locale, viewport });
      await page.locator('[data-testid="meeting-qr"] img').waitFor();
      await page.getByTestId('announcement-countdown').waitFor();
      const where = `${label}, ${locale} ${viewport.width}×${viewport.height}`;
      await expect.poll(() => clippedParts(page), { message: where }).toEqual([]);
      // What matters most is never what gives way.
      for (const testId of mustShow) expect(await page.getByTestId(testId).isVisible(), `${where}: ${testId}`).toBe(true);
      await page.screenshot({
        path: `${SCREENSHOT_DIR}/display-${label}-${locale.slice(0, 2)}-${viewport.width}x${viewport.height}.png`,
      });
      await page.context().close();
    }
  }
}

describe('the room display under load', () => {
  it('1. with a message, a long question, a paused speaker and five waiting, nothing is cut off from 1024×768 to 3840×2160, in English and Arabic', async () => {
    const { meeting, chair } = await heavyMeeting();
    const essentials = [
      'display-paused',
      'announcement',
      'announcement-countdown',
      'display-item',
      'display-question',
      'meeting-qr',
    ];
    await expectNothingClipped(meeting, 'heavy-speaking', [...essentials, 'display-speaker', 'speaker-clock']);

    // Between speakers the next item shows and the QR code is at its largest.
    await chair.command('floor.finish', { entryId: chair.state().floor.current?.entry.id });
    await expectNothingClipped(meeting, 'heavy-between', essentials);
  }, 180_000);
});

/** Starts recording every change of text inside a live region (what a screen reader would say). */
const recordLiveRegions = (page: Page) =>
  page.evaluate(() => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    const live = '[role="status"], [role="alert"], [aria-live]:not([aria-live="off"])';
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        const node = mutation.target instanceof Element ? mutation.target : mutation.target.parentElement;
        const region = node?.closest(live);
        // The connection badge speaks for the network, which a busy machine may drop for a moment.
        if (region && !region.matches('[data-testid="connection"]')) said.push(region.textContent ?? '');
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
const liveRegionChanges = (page: Page) => page.evaluate(() => (window as unknown as { said: string[] }).said);

describe('the chair’s message', () => {
  it('2. its countdown says it is time left, in the page’s language, on the display and a phone; screen readers hear the message and its end, not every second', async () => {
    const meeting = await env.server.createMeeting();
    const chair = track(new TestClient(env.server.url, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey }));
    await chair.welcomed();
    await chair.command('meeting.announce', { text: MESSAGE, endsAt: Date.now() + 19 * 60_000 + 29_000 });
    const { token } = await env.server.register(meeting.meetingId, { name: 'Yuki Sato', attendance: 'remote' });
    const display = await open(meeting.links.display, { viewport: { width: 1024, height: 768 } });
    const phone = await open(meeting.links.attend, {
      locale: 'ar-EG',
      timezoneId: 'Asia/Tokyo',
      viewport: { width: 390, height: 844 },
      token: { meetingId: meeting.meetingId, token },
    });
    for (const [page, label] of [
      [display, enExtra.chair.countdownLeft],
      [phone, arExtra.chair.countdownLeft],
    ] as const) {
      const countdown = page.getByTestId('announcement-countdown');
      await countdown.waitFor();
      expect(await countdown.locator('.announcement-countdown-label').textContent()).toBe(label);
      await recordLiveRegions(page);
      const first = await countdown.textContent();
      await expect.poll(() => countdown.textContent()).not.toBe(first);
      // It ticked, and no live region changed: the countdown is outside them, the message inside one.
      expect(await liveRegionChanges(page)).toEqual([]);
      expect(
        await countdown.evaluate((element) =>
          element.closest('[role="status"], [role="alert"], [aria-live]:not([aria-live="off"])'),
        ),
      ).toBeNull();
      expect(await page.locator('[data-testid="announcement"] [role="status"]').textContent()).toBe(MESSAGE);
    }

    // The end of the countdown is news: said once, in the live region.
    await chair.command('meeting.announce', { text: 'Voting closes soon', endsAt: Date.now() + 1_500 });
    for (const page of [display, phone]) await page.getByTestId('announcement-over').waitFor();
    expect(await display.locator('[data-testid="announcement"] [role="status"]').textContent()).toBe(
      `Voting closes soon${en.chair.countdownOver}`,
    );
    for (const page of [display, phone]) await page.context().close();
  }, 60_000);
});

describe('the state of the meeting, from the back row', () => {
  it('3. a paused meeting is a banner across the screen, gone on resume', async () => {
    const meeting = await env.server.createMeeting();
    const chair = track(new TestClient(env.server.url, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey }));
    await chair.welcomed();
    await chair.command('agenda.next', {});
    const viewport = { width: 1024, height: 768 };
    const display = await open(meeting.links.display, { viewport });
    await display.getByTestId('display-item').waitFor();
    expect(await display.getByTestId('display-paused').count()).toBe(0);
    await chair.command('meeting.pause', {});
    const banner = display.getByTestId('display-paused');
    await banner.waitFor();
    expect(await banner.textContent()).toBe(enExtra.display.meetingPaused);
    // Unmistakable: most of the screen's width, and type larger than the item's eyebrow.
    const box = await banner.boundingBox();
    expect(box?.width).toBeGreaterThan(viewport.width * 0.8);
    expect(await banner.evaluate((element) => Number.parseFloat(getComputedStyle(element).fontSize))).toBeGreaterThanOrEqual(
      viewport.height * 0.04,
    );
    await display.screenshot({ path: `${SCREENSHOT_DIR}/display-paused-1024x768.png` });
    await chair.command('meeting.resume', {});
    await banner.waitFor({ state: 'detached' });
    await display.context().close();
  }, 60_000);
});

describe('the speakers list on the projector', () => {
  it('4. says when the chair closes the list, even when nobody is waiting, and not once it reopens', async () => {
    const meeting = await env.server.createMeeting();
    const chair = track(new TestClient(env.server.url, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey }));
    await chair.welcomed();
    await chair.command('agenda.next', {});
    for (const view of ['', '?view=floor']) {
      const display = await open(`${meeting.links.display}${view}`, { viewport: { width: 1024, height: 768 } });
      expect(await display.getByTestId('display-floor-closed').count()).toBe(0);
      await chair.command('floor.close', {});
      const closed = display.getByTestId('display-floor-closed');
      await closed.waitFor();
      expect(await closed.textContent()).toBe(en.floor.closed);
      await chair.command('floor.open', {});
      await closed.waitFor({ state: 'detached' });
      await display.context().close();
    }
  }, 60_000);
});

describe('the display for a screen reader', () => {
  it('5. its hidden words follow the meeting: nobody speaks once the speaker has finished, the end once the meeting has ended', async () => {
    const meeting = await env.server.createMeeting();
    const chair = track(new TestClient(env.server.url, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey }));
    await chair.welcomed();
    await chair.command('agenda.next', {});
    for (const name of ['Amina Diallo', 'Bruno Silva']) {
      await chair.command('floor.inscribe', {
        person: { name, stakeholderGroup: 'civil_society', attendance: 'in_room' },
        type: 'new_topic',
        topic: '',
      });
    }
    const display = await open(meeting.links.display, { viewport: { width: 1024, height: 768 } });
    // The display's one hidden live region, whatever component draws it.
    const words = display.locator('[data-testid="display"] .visually-hidden[aria-live]');
    await chair.command('floor.grant', { expectedCurrentEntryId: null });
    await expect.poll(() => words.textContent()).toBe(en.floor.announceSpeaker.replace('{{name}}', 'Amina Diallo'));
    await chair.command('floor.finish', { entryId: chair.state().floor.current?.entry.id });
    await expect.poll(() => words.textContent()).toBe(en.floor.nobodySpeaking);

    // Bruno's ten seconds run out (a limit set only now, so that Amina's turn cannot run out first on a
    // slow machine), then the chair ends the meeting.
    await chair.command('floor.configure', { defaultLimitSeconds: 10 });
    await chair.command('floor.grant', { expectedCurrentEntryId: null });
    await expect.poll(() => words.textContent(), { timeout: 20_000 }).toBe(`${en.floor.timeUp}: Bruno Silva`);
    await chair.command('meeting.end', {});
    await expect.poll(() => words.textContent()).toBe(en.agenda.announceEnded);
    await display.context().close();
  }, 60_000);
});

describe('before the meeting', () => {
  it('6. each agenda item’s duration stays on one line, set smaller than its title', async () => {
    const meeting = await env.server.createMeeting(demoBody);
    for (const locale of ['en-GB', 'ar-EG', 'fr-CH']) {
      for (const viewport of VIEWPORTS.slice(0, 3)) {
        const page = await open(meeting.links.display, { locale, viewport });
        await page.getByTestId('display-agenda').waitFor();
        const items = await page
          .getByTestId('display-agenda')
          .locator('li')
          .evaluateAll((lis) =>
            lis.map((li) => {
              const [title, duration] = [li.firstElementChild, li.lastElementChild];
              if (!(title && duration) || title === duration) return null;
              return {
                text: duration.textContent,
                // One box per text node, on as many lines as they have distinct tops.
                lines: new Set([...duration.getClientRects()].map((box) => Math.round(box.top))).size,
                smaller:
                  Number.parseFloat(getComputedStyle(duration).fontSize) < Number.parseFloat(getComputedStyle(title).fontSize),
              };
            }),
          );
        expect(items.length).toBe(DEMO_MEETING.agenda.length);
        for (const item of items)
          expect(item, `${locale} ${viewport.width}×${viewport.height}`).toMatchObject({ lines: 1, smaller: true });
        await page.screenshot({
          path: `${SCREENSHOT_DIR}/display-before-${locale.slice(0, 2)}-${viewport.width}x${viewport.height}.png`,
        });
        await page.context().close();
      }
    }
  }, 60_000);
});

describe('the projector’s language', () => {
  it('7. the display link names it (?lang=ar, above the saved choice and the browser’s); the quiet picker writes it into the address', async () => {
    const meeting = await env.server.createMeeting();
    const viewport = { width: 1366, height: 768 };
    const lang = (page: Page) => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);
    const waiting = (page: Page) => page.getByTestId('display-before').locator('.display-eyebrow').textContent();

    // An English browser that saved French on another page: the link's Arabic wins, and is not saved.
    const linked = await open(`${meeting.links.display}?lang=ar`, { viewport });
    expect(await lang(linked)).toEqual(['ar', 'rtl']);
    expect(await waiting(linked)).toBe(arExtra.display.waiting);
    await linked.evaluate(() => localStorage.setItem('plenary:lang', 'fr'));
    await linked.reload();
    await linked.getByTestId('display-before').waitFor();
    expect(await lang(linked)).toEqual(['ar', 'rtl']);
    expect(await linked.evaluate(() => localStorage.getItem('plenary:lang'))).toBe('fr');
    await linked.context().close();

    // The picker, small in the header: Chinese, in the address, kept by a reload; the saved choice untouched.
    const page = await open(meeting.links.display, { viewport });
    expect(await lang(page)).toEqual(['en', 'ltr']);
    const picker = page.getByTestId('language');
    const box = await picker.boundingBox();
    expect(box?.height).toBeLessThanOrEqual(viewport.height * 0.04);
    expect(await picker.evaluate((select) => select.closest('header') !== null)).toBe(true);
    await picker.selectOption('zh');
    await expect.poll(() => waiting(page)).toBe(zhExtra.display.waiting);
    expect(new URL(page.url()).searchParams.get('lang')).toBe('zh');
    expect(await page.evaluate(() => localStorage.getItem('plenary:lang'))).toBeNull();
    await page.reload();
    await page.getByTestId('display-before').waitFor();
    expect(await lang(page)).toEqual(['zh', 'ltr']);
    await page.context().close();

    // Other pages keep their own picker and saved choice: the parameter is the display's.
    const attendee = await open(`${meeting.links.attend}?lang=ar`, { viewport });
    expect(await lang(attendee)).toEqual(['en', 'ltr']);
    await attendee.context().close();
  }, 60_000);
});
