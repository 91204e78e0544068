import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAndServerForFile } from '../support/browser.js';

const dialogs: string[] = [];
const env = browserAndServerForFile();

async function openPage(url: string): Promise<Page> {
  const context = await env.browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Zurich' });
  const page = await context.newPage();
  // A script smuggled into a question would show up here.
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url);
  await page.locator('[data-testid="connection"][data-state="live"]').waitFor();
  return page;
}

async function takePart(page: Page, name: string, attendance: 'in_room' | 'remote'): Promise<void> {
  await page.getByTestId('join-name').fill(name);
  await page.locator(`input[name="attendance"][value="${attendance}"]`).check();
  await page.getByTestId('join-submit').click();
  await page.getByTestId('self').waitFor();
}

const MARKUP = '<img src=x onerror=alert(1)>';

describe('remote questions in real browsers', () => {
  it('a remote participant asks; the moderator approves, highlights and gives the floor; the room display shows it as text', async () => {
    const meeting = await env.server.createMeeting();
    const moderator = await openPage(meeting.links.moderate);
    const amina = await openPage(meeting.links.attend);
    const bruno = await openPage(meeting.links.attend);
    const attendee = await openPage(meeting.links.attend);
    const display = await openPage(meeting.links.display);
    // The box shows the meeting's setting: it turns checked when the server's change arrives.
    await moderator.getByTestId('pre-moderation').click();
    await expect.poll(() => moderator.getByTestId('pre-moderation').isChecked()).toBe(true);
    await takePart(amina, 'Amina Hassan', 'remote');
    await takePart(bruno, 'Bruno Silva', 'in_room');

    const text = `How will remote delegates be heard? ${MARKUP}`;
    await amina.getByTestId('question-text').fill(text);
    await amina.getByTestId('question-submit').click();
    await expect.poll(() => amina.getByTestId('question').first().getAttribute('data-status')).toBe('pending');
    await expect.poll(() => moderator.getByTestId('question-body').first().textContent()).toBe(text);
    // Pending: nobody else sees it.
    expect(await attendee.getByTestId('question').count()).toBe(0);
    expect(await bruno.getByTestId('question').count()).toBe(0);

    await moderator.getByTestId('question-approve').click();
    await expect.poll(() => attendee.getByTestId('question-body').first().textContent()).toBe(text);
    await bruno.getByTestId('question-vote').click();
    await expect.poll(() => attendee.getByTestId('question-votes').first().textContent()).toBe('1 vote');
    await expect.poll(() => bruno.getByTestId('question-vote').getAttribute('aria-pressed')).toBe('true');

    await moderator.getByTestId('question-highlight').click();
    await expect.poll(() => display.getByTestId('display-question').textContent()).toContain(text);
    await expect.poll(() => attendee.getByTestId('highlighted-text').textContent()).toBe(text);
    // Shown as text: no element was made from it, no script ran.
    expect(await display.locator('[data-testid="display-question"] img').count()).toBe(0);
    expect(await attendee.locator('[data-testid="questions"] img').count()).toBe(0);

    await moderator.getByTestId('question-to-floor').click();
    await expect.poll(() => amina.getByTestId('standing').textContent()).toBe('You are next');
    await moderator.getByTestId('floor-next').click();
    await expect.poll(() => display.getByTestId('display-speaker').textContent()).toContain('Amina Hassan');
    await moderator.getByTestId('question-answer').click();
    await expect.poll(() => attendee.getByTestId('question').first().getAttribute('data-status')).toBe('answered');
    expect(dialogs).toEqual([]);
    for (const page of [moderator, amina, bruno, attendee, display]) await page.context().close();
  });
});
