import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAndServerForFile } from '../support/browser.js';
import { TestClient } from '../support/client.js';

const env = browserAndServerForFile();

async function openPage(url: string, timezoneId = 'Europe/Zurich'): Promise<Page> {
  const context = await env.browser.newContext({ locale: 'en-GB', timezoneId });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('[data-testid="connection"][data-state="live"]').waitFor();
  return page;
}

async function takePart(page: Page, name: string, attendance: 'in_room' | 'remote', topic: string): Promise<void> {
  await page.getByTestId('join-name').fill(name);
  await page.locator(`input[name="attendance"][value="${attendance}"]`).check();
  await page.getByTestId('join-submit').click();
  await page.getByTestId('self').waitFor();
  await page.getByTestId('request-topic').fill(topic);
  await page.getByTestId('request-submit').click();
  await page.getByTestId('my-requests').waitFor();
}

/** Seconds on a countdown figure ("2:53" → 173, "+0:04" → -4). */
async function clockSeconds(page: Page): Promise<number> {
  const text = (await page.getByTestId('speaker-clock-figure').first().textContent()) ?? '';
  const match = /(\+?)(\d+):(\d{2})/.exec(text);
  if (!match) throw new Error(`no countdown in "${text}"`);
  const seconds = Number(match[2]) * 60 + Number(match[3]);
  return match[1] ? -seconds : seconds;
}

const queueNames = (page: Page) => page.locator('[data-testid="queue-entry"] .entry-name').allTextContents();

describe('the floor in real browsers', () => {
  it('a chair grants the floor; the speaker and the next one are told; every screen shows one countdown, and time is up on all of them', async () => {
    const meeting = await env.server.createMeeting();
    const amina = await openPage(meeting.links.attend, 'Africa/Cairo');
    const bruno = await openPage(meeting.links.attend);
    const moderator = await openPage(meeting.links.moderate);
    const display = await openPage(meeting.links.display);

    await takePart(amina, 'Amina Hassan', 'remote', 'Language access for remote delegates');
    await takePart(bruno, 'Bruno Silva', 'in_room', 'Hybrid format');
    await expect.poll(() => queueNames(moderator)).toEqual(['Amina Hassan', 'Bruno Silva']);
    await expect
      .poll(() => moderator.getByTestId('queue-entry').first().textContent())
      .toContain('Language access for remote delegates');

    // Drag and drop: Bruno onto the first place; the chair's placement wins.
    await moderator.getByTestId('queue-entry').nth(1).dragTo(moderator.getByTestId('queue-entry').first());
    await expect.poll(() => queueNames(moderator)).toEqual(['Bruno Silva', 'Amina Hassan']);
    await expect.poll(() => queueNames(amina)).toEqual(['Bruno Silva', 'Amina Hassan']);
    // And with the keyboard-operable buttons: Amina back up.
    await moderator.getByRole('button', { name: 'Move up: Amina Hassan' }).click();
    await expect.poll(() => queueNames(moderator)).toEqual(['Amina Hassan', 'Bruno Silva']);

    await expect.poll(() => amina.getByTestId('standing').textContent()).toBe('You are next');
    await moderator.getByTestId('floor-next').click();
    await expect.poll(() => amina.getByTestId('standing').textContent()).toBe('You have the floor');
    await expect.poll(() => bruno.getByTestId('standing').textContent()).toBe('You are next');
    await expect.poll(() => display.getByTestId('display-speaker').textContent()).toContain('Amina Hassan');
    await expect.poll(() => display.getByTestId('display-next-speakers').textContent()).toContain('Bruno Silva');

    // One countdown for every screen, within a second.
    // Read again until every screen has ticked: on a busy machine one page's tick can come late.
    await expect
      .poll(async () => {
        const counts = await Promise.all([moderator, amina, bruno, display].map(clockSeconds));
        return Math.max(...counts) - Math.min(...counts);
      })
      .toBeLessThanOrEqual(1);
    expect(await clockSeconds(moderator)).toBeGreaterThan(120);

    // The chair cuts the turn to ten seconds; "time is up" shows on every screen.
    const chair = new TestClient(env.server.url, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    const welcome = await chair.welcomed();
    const speakerId = welcome.snapshot.meeting.floor.current?.entry.id;
    expect(await chair.command('floor.setEntryLimit', { entryId: speakerId, limitSeconds: 10 })).toMatchObject({ ok: true });
    chair.close();
    for (const page of [moderator, amina, bruno, display]) {
      await expect
        .poll(() => page.getByTestId('speaker-clock').first().getAttribute('data-time-up'), { timeout: 15_000 })
        .toBe('true');
    }
    expect(await display.getByTestId('speaker-clock').textContent()).toContain('Time is up');

    // The speaker ends her own turn; the chair gives the floor to the next.
    await amina.getByTestId('floor-done').click();
    await expect.poll(() => moderator.getByTestId('speaker-card').textContent()).toContain('Nobody has the floor');
    await moderator.getByTestId('floor-next').click();
    await expect.poll(() => bruno.getByTestId('standing').textContent()).toBe('You have the floor');
    await moderator.getByTestId('tab-stats').click();
    await expect.poll(() => moderator.getByTestId('stats-remote').textContent()).toMatch(/Remote\s*1/);
    await expect.poll(() => amina.getByTestId('stats-in_room').textContent()).toMatch(/In the room\s*1/);

    for (const page of [amina, bruno, moderator, display]) await page.context().close();
  });
});
