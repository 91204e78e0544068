import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAndServerForFile } from '../support/browser.js';
import { TestClient } from '../support/client.js';

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

  it('keeps the questions in place under a finger: a vote counts at once, and the list re-ranks only once the person has let go', async () => {
    const meeting = await env.server.createMeeting();
    const voters: TestClient[] = [];
    for (const name of ['Asker', 'Voter one', 'Voter two']) {
      const { token } = await env.server.register(meeting.meetingId, { name });
      const client = new TestClient(env.server.url, { meetingId: meeting.meetingId, token });
      await client.welcomed();
      voters.push(client);
    }
    const [asker, one, two] = voters as [TestClient, TestClient, TestClient];
    await asker.command('question.ask', { text: 'First question' });
    await asker.command('question.ask', { text: 'Second question' });
    await asker.waitFor('both questions', () => asker.state().questions.items.length === 2);
    const [first, second] = asker.state().questions.items.map((question) => question.id) as [string, string];
    await one.command('question.vote', { questionId: first, up: true });
    await two.command('question.vote', { questionId: second, up: true });

    const page = await openPage(meeting.links.attend);
    await takePart(page, 'Keiko Tanaka', 'remote');
    const order = () => page.getByTestId('question-body').allTextContents();
    const votesOf = (text: string) => page.getByTestId('question').filter({ hasText: text }).getByTestId('question-vote');
    await expect.poll(() => page.getByTestId('question-votes').allTextContents()).toEqual(['1 vote', '1 vote']);
    expect(await order()).toEqual(['First question', 'Second question']);
    // Her vote puts the second question ahead; the list holds still while she is using it (she keeps
    // touching it until her vote shows, however long the machine takes).
    await votesOf('Second question').click();
    const secondVotes = page.getByTestId('question').filter({ hasText: 'Second question' }).getByTestId('question-votes');
    while ((await secondVotes.textContent()) !== '2 votes') {
      await page.getByTestId('questions').dispatchEvent('pointerdown');
      await secondVotes
        .filter({ hasText: '2 votes' })
        .waitFor({ timeout: 1000 })
        .catch(() => undefined);
    }
    expect(await order()).toEqual(['First question', 'Second question']);
    // Then it takes the new ranking by itself.
    await expect.poll(() => order(), { timeout: 20_000 }).toEqual(['Second question', 'First question']);
    for (const client of voters) client.close();
    await page.context().close();
  });

  it('draws a hundred questions at once and the rest on request, so a meeting of hundreds still opens on a phone', async () => {
    const meeting = await env.server.createMeeting();
    const askers: TestClient[] = [];
    for (let i = 0; i < 6; i++) {
      const { token } = await env.server.register(meeting.meetingId, { name: `Asker ${i + 1}` });
      const client = new TestClient(env.server.url, { meetingId: meeting.meetingId, token });
      await client.welcomed();
      askers.push(client);
    }
    for (let i = 0; i < 105; i++) {
      const ack = await (askers[i % askers.length] as TestClient).command('question.ask', { text: `Question number ${i + 1}` });
      expect(ack).toMatchObject({ ok: true });
    }
    const page = await openPage(meeting.links.attend);
    await expect.poll(() => page.getByTestId('question').count()).toBe(100);
    expect(await page.getByTestId('questions-more').textContent()).toBe('More questions (5)');
    await page.getByTestId('questions-more').click();
    await expect.poll(() => page.getByTestId('question').count()).toBe(105);
    expect(await page.getByTestId('questions-more').count()).toBe(0);
    for (const client of askers) client.close();
    await page.context().close();
  });
});
