import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite.js';
import { BUILT_CLIENT, browserAndServerForFile } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

const env = browserAndServerForFile();

async function openPage(url: string, options: { locale?: string; timezoneId?: string } = {}): Promise<Page> {
  const context = await env.browser.newContext({
    locale: options.locale ?? 'en-GB',
    timezoneId: options.timezoneId ?? 'Europe/Zurich',
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(url);
  return page;
}

const live = (page: Page) => page.locator('[data-testid="connection"][data-state="live"]').waitFor();

/** Seconds shown as elapsed on the current item ("1:05 of 5:00" → 65). */
async function elapsedSeconds(page: Page): Promise<number> {
  const text = (await page.getByTestId('current-item-elapsed').textContent()) ?? '';
  const match = /(\d+):(\d{2})/.exec(text);
  if (!match) throw new Error(`no elapsed time in "${text}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

describe('the live agenda in a real browser', () => {
  it('a meeting created on the landing page is run from the moderator console while an attendee follows live', async () => {
    const landing = await openPage(`${env.server.url}/`);
    await landing.getByTestId('create-title').fill('Consultation on the WSIS Forum format');
    await landing.getByTestId('create-venue').fill('ITU headquarters');
    await landing.getByTestId('create-timezone').selectOption('Europe/Zurich');
    await landing.getByTestId('create-starts').fill('2030-02-28T14:00');
    await landing.getByTestId('create-ends').fill('2030-02-28T15:30');
    await landing.getByTestId('create-item-title').first().fill('Opening');
    await landing.getByTestId('create-item-minutes').first().fill('5');
    await landing.getByTestId('create-add-item').click();
    await landing.getByTestId('create-item-title').nth(1).fill('Thematic aspects');
    await landing.getByTestId('create-submit').click();
    const moderateUrl = await landing.getByTestId('link-moderate').getAttribute('href');
    const attendUrl = await landing.getByTestId('link-attend').getAttribute('href');
    expect(moderateUrl).toMatch(/\/moderate#key=/);
    if (!moderateUrl || !attendUrl) throw new Error('links missing');

    const moderator = await openPage(moderateUrl);
    // An attendee in Bogotá: the venue's time and their own both show.
    const attendee = await openPage(attendUrl, { timezoneId: 'America/Bogota' });
    await Promise.all([live(moderator), live(attendee)]);
    // The key left the address bar once it was read.
    expect(moderator.url()).not.toContain('key=');
    await expect.poll(() => attendee.getByTestId('meeting-title').textContent()).toBe('Consultation on the WSIS Forum format');
    await expect.poll(() => attendee.getByTestId('projected-end').textContent()).toMatch(/your time/);

    await moderator.getByTestId('agenda-next').click();
    await expect.poll(() => attendee.getByTestId('current-item-title').textContent()).toBe('Opening');
    await expect.poll(() => attendee.getByTestId('meeting-status').textContent()).toBe('In session');

    // Both screens count the same elapsed time, from the server's clock.
    await expect.poll(() => elapsedSeconds(attendee), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    // Read again until both screens have ticked: on a busy machine one page's tick can come late.
    await expect
      .poll(async () => {
        const [a, b] = await Promise.all([elapsedSeconds(moderator), elapsedSeconds(attendee)]);
        return Math.abs(a - b);
      })
      .toBeLessThanOrEqual(1);

    await moderator.getByTestId('meeting-pause').click();
    await expect.poll(() => attendee.getByTestId('meeting-status').textContent()).toBe('Paused');
    await moderator.getByTestId('meeting-resume').click();
    await moderator.getByTestId('agenda-next').click();
    await expect.poll(() => attendee.getByTestId('current-item-title').textContent()).toBe('Thematic aspects');
    await expect.poll(() => attendee.locator('[data-testid="agenda-item"][data-status="done"]').count()).toBe(1);

    // The moderator adds an item (in the console's Agenda tab); the attendee's agenda grows.
    await moderator.getByTestId('tab-agenda').click();
    await moderator.getByTestId('item-title').fill('Any other business');
    await moderator.getByTestId('item-submit').click();
    await expect.poll(() => attendee.getByTestId('agenda-item').count()).toBe(3);
    await moderator.context().close();
    await attendee.context().close();
    await landing.context().close();
  });

  it('in Arabic the page is right to left; a participant joins and stays the same person after a reload', async () => {
    const created = await env.server.createMeeting();
    const page = await openPage(created.links.attend, { locale: 'ar-EG', timezoneId: 'Africa/Cairo' });
    await live(page);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    await expect.poll(() => page.locator('#agenda-title').textContent()).toBe('جدول الأعمال');
    // Its items are numbered in the locale's digits, like the times (ar-EG: Arabic-Indic).
    const numbering = () => page.getByTestId('agenda').evaluate((list) => getComputedStyle(list).listStyleType);
    await expect.poll(numbering).toBe('arabic-indic');
    await page.getByTestId('join-name').fill('أمينة');
    await page.getByTestId('join-group').selectOption('civil_society');
    await page.getByTestId('join-submit').click();
    await expect.poll(() => page.getByTestId('self').textContent()).toContain('أمينة');
    await expect.poll(() => page.getByTestId('presence').textContent()).toContain('شخص واحد عن بُعد');
    await page.reload();
    await live(page);
    await expect.poll(() => page.getByTestId('self').textContent()).toContain('أمينة');
    await page.getByTestId('language').selectOption('en');
    // The English strings are fetched first (each language is its own chunk), then the page turns.
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await expect.poll(numbering).toBe('decimal');
    await page.context().close();
  });

  it('a part of the page whose file does not arrive is fetched again, and the page keeps working', async () => {
    const created = await env.server.createMeeting();
    const context = await env.browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Zurich' });
    // The first fetch of the join form's file, of the questions' file and of the extra strings fails, as when
    // the connection drops at that moment.
    const refused = new Set<string>();
    await context.route(/\/assets\/(JoinForm|Questions|en\.extra)-[\w-]+\.js$/, (route) => {
      const file = new URL(route.request().url()).pathname;
      if (refused.has(file)) return route.continue();
      refused.add(file);
      return route.abort('connectionrefused');
    });
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.goto(created.links.attend);
    await live(page);
    await page.getByTestId('join-name').fill('Amina Hassan');
    await page.getByTestId('join-group').selectOption('civil_society');
    await page.getByTestId('join-submit').click();
    await expect.poll(() => page.getByTestId('self').textContent()).toContain('Amina Hassan');
    expect([...refused].map((file) => file.replace(/^\/assets\/|-[\w-]+\.js$/g, '')).sort()).toEqual([
      'JoinForm',
      'Questions',
      'en.extra',
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows when the connection drops and recovers by itself when the server is back', async () => {
    const store = new SqliteStore(null);
    const first = await startTestServer({ clientDir: BUILT_CLIENT, store, keepStore: true });
    const created = await first.createMeeting();
    const page = await openPage(created.links.attend);
    await live(page);
    await first.stop();
    await page.locator('[data-testid="connection"][data-state="reconnecting"]').waitFor();
    const second = await startTestServer({ clientDir: BUILT_CLIENT, store, port: first.port });
    try {
      // The client retries with a growing, jittered pause (up to 7.5 s); a loaded machine slows the page's timers too.
      await page.locator('[data-testid="connection"][data-state="live"]').waitFor({ timeout: 45_000 });
      // A change made after the comeback reaches the page.
      const { TestClient } = await import('../support/client.js');
      const moderator = new TestClient(second.url, { meetingId: created.meetingId, moderatorKey: created.moderatorKey });
      await moderator.welcomed();
      await moderator.command('agenda.next', {});
      await expect.poll(() => page.getByTestId('current-item-title').textContent()).toBe('Opening');
      moderator.close();
    } finally {
      await page.context().close();
      await second.stop();
    }
  }, 90_000);
});
