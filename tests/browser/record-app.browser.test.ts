import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { browserAndServerForFile } from '../support/browser.js';
import { TestClient } from '../support/client.js';

const env = browserAndServerForFile({ commandsPerSecond: 1000 });
const clients: TestClient[] = [];
afterAll(() => {
  for (const client of clients) client.close();
});

async function open(url: string): Promise<Page> {
  const context = await env.browser.newContext({
    locale: 'en-GB',
    timezoneId: 'Europe/Zurich',
    viewport: { width: 1366, height: 768 },
    bypassCSP: true,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

describe('Download the record', () => {
  it('from the console: the moderators’ record in the chosen format and language, and the chair publishes it', async () => {
    const meeting = await env.server.createMeeting();
    const { token } = await env.server.register(meeting.meetingId, { name: 'Amina' });
    const amina = new TestClient(env.server.url, { meetingId: meeting.meetingId, token });
    clients.push(amina);
    await amina.welcomed();
    const page = await open(meeting.links.moderate);
    await page.getByTestId('tab-stats').click();
    const panel = page.getByTestId('record-download');
    await panel.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-artifacts/screenshots/record-console.png' });

    await page.getByTestId('record-format').selectOption('md');
    await page.getByTestId('record-lang').selectOption('fr');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('record-download-button').click()]);
    expect(download.suggestedFilename()).toBe(`record-${meeting.meetingId}-moderators-fr.md`);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text).toContain('# Compte rendu de la séance (modération)');

    const before = await fetch(`${env.server.url}/api/meetings/${meeting.meetingId}/record`);
    expect(before.status).toBe(403);
    await page.getByTestId('record-publish').click();
    await page.getByTestId('record-status').getByText('The public record is published.').waitFor();
    const after = await fetch(`${env.server.url}/api/meetings/${meeting.meetingId}/record`);
    expect(after.status).toBe(200);
    await page.context().close();
  }, 60_000);

  it('from the room display’s end screen: the public record', async () => {
    const meeting = await env.server.createMeeting();
    const chair = new TestClient(env.server.url, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    clients.push(chair);
    await chair.welcomed();
    expect(await chair.command('agenda.next', {})).toMatchObject({ ok: true });
    expect(await chair.command('meeting.end', {})).toMatchObject({ ok: true });
    const page = await open(meeting.links.display);
    const link = page.getByTestId('display-record');
    await link.waitFor();
    expect(await link.textContent()).toBe('Download the record');
    const href = await link.getAttribute('href');
    await page.screenshot({ path: 'test-artifacts/screenshots/record-display-ended.png' });
    expect(await seriousViolations(page)).toEqual([]);
    expect(href).toBe(`/api/meetings/${meeting.meetingId}/record?format=html&lang=en`);
    const response = await page.goto(`${env.server.url}${href}`);
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Record of the meeting' }).waitFor();
    await page.context().close();
  }, 60_000);
});
