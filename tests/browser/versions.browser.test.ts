import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ParticipantTokens } from '../../server/auth/secrets.js';
import { publicRoom } from '../../server/fanout/rooms.js';
import type { Change } from '../../shared/events.js';
import { PROTOCOL_VERSION } from '../../shared/protocol.js';
import { browserAndServerForFile } from '../support/browser.js';
import { TestClient } from '../support/client.js';

const env = browserAndServerForFile();

/**
 * A page with the CSP enforced (no bypass), so that every test here also
 * proves that connect-src 'self' lets this Chromium open the page's own
 * WebSocket. Page errors are collected: none may happen.
 */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await env.browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Zurich' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
  return { page, errors };
}

const live = (page: Page) => page.locator('[data-testid="connection"][data-state="live"]').first().waitFor();

describe('protocol versions in a real browser', () => {
  it('a page of another protocol version is told so and offered a reload, which brings it back', async () => {
    const meeting = await env.server.createMeeting();
    const { page, errors } = await openPage();
    // Stand-in for a page built for the next protocol version: its handshake (the Socket.IO CONNECT
    // packet, "40{auth}") declares that version, until the page is reloaded.
    let declareNextVersion = true;
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        const rewritten =
          declareNextVersion && typeof message === 'string' && message.startsWith('40')
            ? message.replace(`"protocolVersion":${PROTOCOL_VERSION}`, `"protocolVersion":${PROTOCOL_VERSION + 1}`)
            : message;
        server.send(rewritten);
      });
    });
    await page.goto(meeting.links.attend);

    const refused = page.getByTestId('refused');
    await refused.waitFor();
    expect(await refused.getAttribute('data-code')).toBe('incompatible');
    expect(await refused.textContent()).toBe('This page is older than the server. Reload it to continue.');
    const reload = page.getByRole('button', { name: 'Reload the page' });
    await reload.waitFor();

    declareNextVersion = false;
    await reload.click();
    await live(page);
    expect(await page.getByTestId('meeting-title').textContent()).toBe('Open consultation: final briefing');
    expect(errors).toEqual([]);
  });

  it('a change with an event the page does not know brings a fresh snapshot, without an error', async () => {
    const meeting = await env.server.createMeeting();
    const { page, errors } = await openPage();
    await page.goto(meeting.links.attend);
    await live(page);

    // What a newer server would do: commit a change with an event of a type this client lacks, whose
    // effect only the snapshot can show, and broadcast it.
    const current = await env.server.store.loadMeeting(meeting.meetingId);
    if (!current) throw new Error('meeting missing');
    const change = {
      meetingId: meeting.meetingId,
      version: current.version + 1,
      at: Date.now(),
      events: [{ type: 'meeting.retitled', title: 'Retitled by a newer server' }],
    } as unknown as Change;
    const next = { ...current.meeting, title: 'Retitled by a newer server' };
    expect(await env.server.store.commit(change, next, { sender: 'm:test', id: 'from-a-newer-server' })).toEqual({
      kind: 'committed',
    });
    env.server.io.to(publicRoom(meeting.meetingId)).emit('change', change);

    await expect
      .poll(() => page.getByTestId('meeting-title').textContent(), { timeout: 15_000 })
      .toBe('Retitled by a newer server');
    expect(await page.locator('[data-testid="connection"]').first().getAttribute('data-state')).toBe('live');
    expect(errors).toEqual([]);
  });

  it('an expired participant token: the page follows as an attendee and offers to join again', async () => {
    const meeting = await env.server.createMeeting();
    const { participant } = await env.server.register(meeting.meetingId, { name: 'Lucía' });
    const secret = await env.server.store.settingOrInit('token-secret', 'unused');
    const monthAgo = Date.now() - 31 * 24 * 60 * 60 * 1000;
    const expired = new ParticipantTokens({ current: secret }, undefined, () => monthAgo).issue(meeting.meetingId, {
      id: participant.id,
      name: 'Lucía',
      affiliation: 'Egypt',
      stakeholderGroup: 'government',
      attendance: 'remote',
    });
    const { page, errors } = await openPage();
    await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [
      `plenary:token:${meeting.meetingId}`,
      expired,
    ] as const);
    await page.goto(meeting.links.attend);
    await live(page);
    const rejoin = page.getByTestId('rejoin');
    await rejoin.waitFor();
    expect(await rejoin.textContent()).toBe('Your registration for this meeting has expired. Give your name again to take part.');
    await page.getByTestId('join-name').fill('Lucía');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('self').waitFor();
    expect(await page.getByTestId('rejoin').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('a page that fails while it shows the meeting says so instead of going blank, and a reload brings the participant back in their place', async () => {
    const meeting = await env.server.createMeeting();
    const { token } = await env.server.register(meeting.meetingId, { name: 'Keiko Tanaka' });
    const keiko = new TestClient(env.server.url, { meetingId: meeting.meetingId, token });
    await keiko.welcomed();
    expect(await keiko.command('floor.request', { type: 'new_topic', topic: 'Remote participation from Asia' })).toMatchObject({
      ok: true,
    });
    keiko.close();

    const { page, errors } = await openPage();
    // Stands in for a bug, or a browser without something the page needs: once the flag is set,
    // formatting a time throws, and the page formats the time as it renders its clock.
    await page.addInitScript(
      ([key, value]) => {
        localStorage.setItem(key, value);
        const format = Object.getOwnPropertyDescriptor(Intl.DateTimeFormat.prototype, 'format');
        Object.defineProperty(Intl.DateTimeFormat.prototype, 'format', {
          get() {
            if ((window as { failFormatting?: boolean }).failFormatting) throw new Error('no time formatting here');
            return format?.get?.call(this);
          },
        });
      },
      [`plenary:token:${meeting.meetingId}`, token] as const,
    );
    await page.goto(meeting.links.attend);
    await live(page);
    await page.getByTestId('self').waitFor();

    await page.evaluate(() => {
      (window as { failFormatting?: boolean }).failFormatting = true;
    });
    const crashed = page.getByTestId('refused');
    await crashed.waitFor();
    expect(await crashed.getAttribute('data-code')).toBe('crashed');
    expect(await crashed.textContent()).toBe(
      'This page stopped working. Everything already saved is kept: reload it to continue.',
    );
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Something went wrong');

    await page.getByRole('button', { name: 'Reload the page' }).click();
    await live(page);
    await page.getByTestId('self').waitFor();
    const mine = page.locator('[data-testid="queue-entry"].mine');
    await mine.waitFor();
    expect(await mine.textContent()).toContain('Keiko Tanaka');
    // Reported as uncaught all the same, for the console and whatever watches window.onerror.
    expect(new Set(errors)).toEqual(new Set(['no time formatting here']));
  });
});
