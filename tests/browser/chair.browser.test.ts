import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { browserAndServerForFile } from '../support/browser.js';
import { TestClient } from '../support/client.js';
import { sampleBody } from '../support/meetings.js';
import type { CreatedMeeting } from '../support/server.js';

const SCREENSHOT_DIR = 'test-artifacts/screenshots';
const LONG_QUESTION =
  'Given that the consultation received contributions from every stakeholder group and every region, how will the final ' +
  'programme of the Forum ensure that remote participants in time zones far from Geneva can take the floor in the ' +
  'high-level sessions, with interpretation into all six languages, and will the recordings and transcripts be published ' +
  'within a week so that those who could not attend can still send written comments before the deadline?';

const clients: TestClient[] = [];
const env = browserAndServerForFile({ commandsPerSecond: 1000, presenceIntervalMs: 50 });
beforeAll(() => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});
afterAll(() => {
  for (const c of clients) c.close();
});

interface Viewer {
  locale?: string;
  viewport?: { width: number; height: number };
  clipboard?: boolean;
}

async function open(url: string, viewer: Viewer = {}): Promise<Page> {
  const context = await env.browser.newContext({
    locale: viewer.locale ?? 'en-GB',
    timezoneId: 'Europe/Zurich',
    viewport: viewer.viewport ?? { width: 1366, height: 768 },
    bypassCSP: true,
  });
  if (viewer.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('[data-testid="connection"][data-state="live"]').first().waitFor();
  return page;
}

function track(client: TestClient): TestClient {
  clients.push(client);
  return client;
}

async function chairClient(meeting: CreatedMeeting): Promise<TestClient> {
  const chair = track(new TestClient(env.server.url, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey }));
  await chair.welcomed();
  return chair;
}

const DELEGATES = [
  ['Delegate of Chile', 'government', 'in_room'],
  ['Amina Hassan', 'government', 'remote'],
  ['Bruno Silva', 'civil_society', 'in_room'],
  ['Chen Wei', 'academia', 'remote'],
  ['Dara Okafor', 'private_sector', 'in_room'],
  ['Elif Demir', 'technical_community', 'remote'],
  ['Farid Haddad', 'international_organization', 'in_room'],
  ['Gala Petrova', 'civil_society', 'remote'],
  ['Hiro Tanaka', 'academia', 'in_room'],
  ['Ines Duarte', 'government', 'remote'],
] as const;

/**
 * A live meeting: an item running, one speaker with the floor, `waiting`
 * people on the list, a long question put to the room, and one waiting for moderation.
 */
async function busyMeeting(waiting: number): Promise<{ meeting: CreatedMeeting; chair: TestClient }> {
  const meeting = await env.server.createMeeting();
  const chair = await chairClient(meeting);
  await chair.command('agenda.next', {});
  for (const [name, group, attendance] of DELEGATES.slice(0, waiting + 1)) {
    const ack = await chair.command('floor.inscribe', {
      person: { name, affiliation: 'Delegation', stakeholderGroup: group, attendance },
      type: 'new_topic',
      topic: `Point of ${name}`,
    });
    expect(ack).toMatchObject({ ok: true });
  }
  await chair.command('floor.grant', { expectedCurrentEntryId: null });
  const { token } = await env.server.register(meeting.meetingId, { name: 'Amina', attendance: 'remote' });
  const amina = track(new TestClient(env.server.url, { meetingId: meeting.meetingId, token }));
  await amina.welcomed();
  await amina.command('question.ask', { text: LONG_QUESTION });
  await chair.command('questions.configure', { preModeration: true });
  await amina.command('question.ask', { text: 'Will there be a remote hub in Nairobi?' });
  await chair.waitFor('questions', () => chair.state().questions.items.length === 2);
  await chair.command('question.highlight', { questionId: chair.state().questions.items[0]?.id });
  return { meeting, chair };
}

async function box(page: Page, selector: string) {
  const found = await page.locator(selector).boundingBox();
  if (!found) throw new Error(`${selector} is not visible`);
  return found;
}

async function expectInViewport(page: Page, selectors: string[]): Promise<void> {
  const viewport = page.viewportSize();
  if (!viewport) throw new Error('no viewport');
  for (const selector of selectors) {
    const b = await box(page, selector);
    expect(b.y, `${selector} top`).toBeGreaterThanOrEqual(0);
    expect(b.x, `${selector} start`).toBeGreaterThanOrEqual(0);
    expect(b.y + b.height, `${selector} bottom`).toBeLessThanOrEqual(viewport.height);
    expect(b.x + b.width, `${selector} end`).toBeLessThanOrEqual(viewport.width);
  }
}

const pageScrolls = (page: Page) =>
  page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return { vertical: root.scrollHeight > window.innerHeight, horizontal: root.scrollWidth > window.innerWidth };
  });

const queueNames = (page: Page) => page.locator('[data-testid="queue-entry"] .entry-name').allTextContents();

describe('the chair on one screen', () => {
  it('5. at 1366×768 the speaker, clock controls, eight waiting speakers, the item with Next/Complete and the questions count fit without scrolling, in English and Arabic; the moderator key is never shown', async () => {
    const { meeting } = await busyMeeting(8);
    for (const locale of ['en-GB', 'ar-EG']) {
      const page = await open(meeting.links.moderate, { locale });
      await page.locator('[data-testid="queue-entry"]').nth(7).waitFor();
      await page.locator('.highlighted-question').waitFor();
      const code = locale.slice(0, 2);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/chair-console-${code}-1366x768.png` });
      expect(await pageScrolls(page)).toEqual({ vertical: false, horizontal: false });
      await expectInViewport(page, [
        '[data-testid="speaker-card"]',
        '[data-testid="speaker-clock"]',
        '[data-testid="floor-next"]',
        '[data-testid="timer-pause"]',
        '[data-testid="floor-end-turn"]',
        '[data-testid="queue-entry"]:nth-child(1)',
        '[data-testid="queue-entry"]:nth-child(8)',
        '[data-testid="current-item"]',
        '[data-testid="agenda-next"]',
        '[data-testid="agenda-complete"]',
        '[data-testid="pending-questions"]',
      ]);
      expect(await page.getByTestId('pending-questions').textContent()).toMatch(/1|١/);
      // Numbers in labels follow the locale's digits, as the clocks beside them do.
      expect(await page.getByTestId('timer-extend').textContent()).toBe(locale === 'ar-EG' ? '+١ دقيقة' : '+1 min');
      await page.getByTestId('tab-links').click();
      await expect.poll(() => page.getByTestId('console-link-moderate').textContent()).toContain('••••');
      expect(await page.content()).not.toContain(meeting.moderatorKey);
      const violations = await seriousViolations(page);
      expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
      await page.context().close();
    }
  }, 90_000);

  it('1. the chair inscribes a person without a device and an existing participant found by name', async () => {
    const meeting = await env.server.createMeeting();
    const chair = await chairClient(meeting);
    const { token } = await env.server.register(meeting.meetingId, { name: 'Amina Hassan', affiliation: 'Egypt' });
    const amina = track(new TestClient(env.server.url, { meetingId: meeting.meetingId, token }));
    await amina.welcomed();
    await amina.command('question.ask', { text: 'A question from Amina' });
    await chair.command('agenda.next', {});
    const page = await open(meeting.links.moderate);
    const attendee = await open(meeting.links.attend);

    await page.getByTestId('inscribe-open').click();
    await page.getByTestId('inscribe-name').fill('Delegate of Chile');
    await page.getByTestId('inscribe-attendance').selectOption('in_room');
    await page.getByTestId('inscribe-submit').click();
    await expect.poll(() => queueNames(page)).toEqual(['Delegate of Chile']);
    expect(await page.getByTestId('added-by').first().textContent()).toBe('added by the chair');
    // A one-time link, as a QR code, for that person's own phone.
    await page.getByTestId('entry-phone-link').first().click();
    await page.getByTestId('phone-link').getByTestId('meeting-qr').waitFor();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/chair-phone-link.png` });
    await page.getByTestId('phone-link').getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => queueNames(attendee)).toEqual(['Delegate of Chile']);

    await page.getByTestId('inscribe-open').click();
    await page.getByTestId('inscribe-name').fill('egyp');
    await page.getByTestId('inscribe-match').first().click();
    await page.getByTestId('inscribe-type').selectOption('clarifying_question');
    await page.getByTestId('inscribe-submit').click();
    // A clarifying question comes before a new topic.
    await expect.poll(() => queueNames(page)).toEqual(['Amina Hassan', 'Delegate of Chile']);
    expect(chair.state().floor.queue[0]?.participantId).toBe(amina.welcome?.self?.id);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/chair-inscribed.png` });

    // An accepted speaker arrives on the agenda as a presenter (the consultation's "add to the agenda"):
    // the chair sees who on the list that is, and nobody else is marked.
    expect(await page.getByTestId('on-agenda').count()).toBe(0);
    await chair.command('agenda.add', { title: 'Proposal from Egypt', minutes: 5, presenters: ['Amina Hassan'] });
    const aminaEntry = page.getByTestId('queue-entry').filter({ hasText: 'Amina Hassan' });
    await expect.poll(() => aminaEntry.getByTestId('on-agenda').textContent()).toBe('speaker on the agenda');
    expect(await page.getByTestId('on-agenda').count()).toBe(1);
    expect(await attendee.getByTestId('on-agenda').count()).toBe(0);
    await page.context().close();
    await attendee.context().close();
  }, 60_000);

  it('2. the chair makes a co-chair link; the co-chair acts "by Secretariat"; revoking it disconnects that screen', async () => {
    const meeting = await env.server.createMeeting();
    const page = await open(meeting.links.moderate, { clipboard: true });
    await page.getByTestId('tab-links').click();
    await page.getByTestId('link-label').fill('Secretariat');
    await page.getByTestId('link-role').selectOption('co_chair');
    await page.getByTestId('link-create').click();
    await page.getByTestId('new-link-copy').click();
    const url = await page.evaluate(() => navigator.clipboard.readText());
    expect(url).toMatch(/\/moderate#key=/);
    expect(await page.getByTestId('new-link').textContent()).not.toContain(url.split('#key=')[1]);

    const coChair = await open(url);
    expect(await coChair.getByTestId('acting-as').textContent()).toBe('Secretariat (Co-chair)');
    await coChair.getByTestId('inscribe-open').click();
    await coChair.getByTestId('inscribe-name').fill('Delegate of Kenya');
    await coChair.getByTestId('inscribe-submit').click();
    await expect.poll(() => page.getByTestId('added-by').first().textContent(), { timeout: 15_000 }).toBe('added by Secretariat');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('link-revoke').click();
    // Disconnected at once, then refused on the reconnect: the revoked screen says its link is not valid.
    await coChair.getByTestId('refused').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('co-moderator').first().textContent(), { timeout: 15_000 }).toContain('revoked');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/chair-links.png` });
    await page.context().close();
    await coChair.context().close();
  }, 120_000);

  it('3. finished speakers per item with time used; the last one goes back on the list', async () => {
    const { meeting } = await busyMeeting(3);
    const page = await open(meeting.links.moderate);
    await page.getByTestId('floor-end-turn').click();
    await page.getByTestId('tab-spoken').click();
    await expect.poll(() => page.getByTestId('spoken-turn').count()).toBe(1);
    expect(await page.getByTestId('spoken-turn').first().textContent()).toContain('Delegate of Chile');
    await page.getByTestId('put-back').click();
    await expect.poll(() => queueNames(page)).toEqual(['Delegate of Chile', 'Amina Hassan', 'Bruno Silva', 'Chen Wei']);
    await expect.poll(() => page.getByTestId('spoken-turn').count()).toBe(0);
    await page.context().close();
  }, 60_000);

  it('4. removing a speaker offers Undo; undo puts them back at the same place on every screen', async () => {
    const { meeting } = await busyMeeting(4);
    const page = await open(meeting.links.moderate);
    const attendee = await open(meeting.links.attend);
    const before = await queueNames(page);
    await page.getByRole('button', { name: `Remove: ${before[1]}` }).click();
    await expect.poll(() => queueNames(attendee)).toEqual(before.filter((_, i) => i !== 1));
    await page.getByTestId('undo-bar').waitFor();
    // The name sits in isolates, so a Latin name keeps its order (and its "…") inside right-to-left text.
    expect(await page.getByTestId('undo-bar').textContent()).toContain(`Removed \u2068${before[1]}\u2069 from the list`);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/chair-undo.png` });
    await page.getByTestId('undo').click();
    await expect.poll(() => queueNames(attendee)).toEqual(before);
    await expect.poll(() => queueNames(page)).toEqual(before);
    await page.context().close();
    await attendee.context().close();
  }, 60_000);

  it('6. shortcuts follow the physical key on a Russian layout; A asks first; ? lists them', async () => {
    const { meeting, chair } = await busyMeeting(3);
    const page = await open(meeting.links.moderate, { locale: 'ru-RU' });
    const press = (code: string, key: string, shiftKey = false) =>
      page.evaluate(
        ([c, k, s]) => window.dispatchEvent(new KeyboardEvent('keydown', { code: c, key: k, shiftKey: s, bubbles: true })),
        [code, key, shiftKey] as const,
      );
    const speakerBefore = chair.state().floor.current?.entry.name;
    await press('KeyN', 'т');
    await chair.waitFor('next speaker', () => chair.state().floor.current?.entry.name !== speakerBefore);
    const item = chair.state().agenda.currentItemId;
    await press('KeyA', 'ф');
    await page.getByTestId('confirm-next').waitFor();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/chair-confirm-next-ru.png` });
    // Cancel, and press A again as soon as the dialog has closed: before the browser's own "close" event
    // of the cancelled dialog has been delivered (a task later), which must not close the new one.
    await page.evaluate(async () => {
      const cancel = [...document.querySelectorAll<HTMLButtonElement>('[data-testid="confirm-next"] button')].find(
        (button) => button.textContent === 'Отмена',
      );
      cancel?.click();
      for (let i = 0; i < 100 && document.querySelector('dialog[open]'); i++) await Promise.resolve();
      if (document.querySelector('dialog[open]')) throw new Error('the cancelled dialog is still open');
      window.dispatchEvent(new KeyboardEvent('keydown', { code: 'KeyA', key: 'ф', bubbles: true }));
    });
    expect(chair.state().agenda.currentItemId).toBe(item);
    await page.getByTestId('confirm-next-yes').click({ timeout: 10_000 });
    await chair.waitFor('next item', () => chair.state().agenda.currentItemId !== item);
    await page.getByTestId('confirm-next').waitFor({ state: 'hidden' });
    await press('Slash', ',', true);
    await page.getByTestId('shortcut-help').waitFor();
    expect(await page.getByTestId('shortcut-help').textContent()).toContain('N');
    await page.context().close();
  }, 60_000);
});

describe('the room display', () => {
  it('7. fits 1024×768 and 1920×1080 with a long question and five waiting; shows a dropped speaker, a message with countdown, the QR large when nobody speaks', async () => {
    const { meeting, chair } = await busyMeeting(6);
    const endsAt = Date.now() + 15 * 60_000;
    await chair.command('meeting.announce', { text: 'Break until 15:30', endsAt });
    for (const viewport of [
      { width: 1024, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      const page = await open(meeting.links.display, { viewport });
      await page.getByTestId('display-question').waitFor();
      await page.getByTestId('announcement-countdown').waitFor();
      await page.screenshot({ path: `${SCREENSHOT_DIR}/chair-display-${viewport.width}x${viewport.height}.png` });
      expect(await pageScrolls(page)).toEqual({ vertical: false, horizontal: false });
      await expectInViewport(page, [
        '[data-testid="display-item"]',
        '[data-testid="display-speaker"]',
        '[data-testid="speaker-clock"]',
        '.display-question-text',
        '[data-testid="display-next-speakers"] li:nth-child(5)',
        '[data-testid="announcement"]',
        '[data-testid="meeting-qr"]',
      ]);
      await page.context().close();
    }
    const attendee = await open(meeting.links.attend);
    expect(await attendee.getByTestId('announcement').textContent()).toContain('Break until 15:30');
    await attendee.context().close();

    // Nobody speaks: the QR code takes at least a fifth of the height, and the next item shows.
    await chair.command('floor.finish', { entryId: chair.state().floor.current?.entry.id });
    const idle = await open(meeting.links.display, { viewport: { width: 1024, height: 768 } });
    await idle.getByTestId('display-next-item').waitFor();
    const qr = await box(idle, '[data-testid="meeting-qr"] img');
    expect(qr.height).toBeGreaterThanOrEqual(768 / 5);
    await idle.screenshot({ path: `${SCREENSHOT_DIR}/chair-display-idle-1024x768.png` });

    // A remote speaker whose connection drops: the room sees it, and whether the clock still runs.
    const { token } = await env.server.register(meeting.meetingId, { name: 'Remote Speaker', attendance: 'remote' });
    const remote = new TestClient(env.server.url, { meetingId: meeting.meetingId, token });
    await remote.welcomed();
    await remote.command('floor.request', { type: 'point_of_order' });
    const entryId = remote.state().floor.queue.find((entry) => entry.name === 'Remote Speaker')?.id;
    await chair.waitFor('request', () => chair.state().floor.queue.some((entry) => entry.id === entryId));
    await chair.command('floor.grant', { entryId, expectedCurrentEntryId: null });
    remote.close();
    await idle.getByTestId('display-dropped').waitFor();
    expect(await idle.getByTestId('display-dropped').textContent()).toContain('the clock is running');
    await idle.screenshot({ path: `${SCREENSHOT_DIR}/chair-display-dropped-1024x768.png` });
    await idle.context().close();

    const floorOnly = await open(`${meeting.links.display}?view=floor`, { viewport: { width: 1024, height: 768 } });
    await floorOnly.getByTestId('display-next-speakers').waitFor();
    expect(await floorOnly.getByTestId('display-item').count()).toBe(0);
    expect(await floorOnly.getByTestId('meeting-qr').count()).toBe(0);
    await floorOnly.screenshot({ path: `${SCREENSHOT_DIR}/chair-display-floor-1024x768.png` });
    await floorOnly.context().close();
  }, 90_000);

  it('7. before the meeting it shows the start time in venue time and the agenda', async () => {
    const meeting = await env.server.createMeeting();
    const page = await open(meeting.links.display, { viewport: { width: 1024, height: 768 } });
    // Booked for another day (28 February 2020): its date is shown under the time.
    expect(await page.getByTestId('display-starts').textContent()).toMatch(/14:00|02:00 PM/);
    expect(await page.getByTestId('display-date').textContent()).toMatch(/2020/);
    expect(await page.getByTestId('display-agenda').locator('li').count()).toBe(3);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/chair-display-before-1024x768.png` });
    await page.context().close();

    // Booked for later today (UTC venue): the time alone.
    const start = Date.now() + 30 * 60_000;
    const today = await env.server.createMeeting({
      ...sampleBody,
      timeZone: 'UTC',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 60 * 60_000).toISOString(),
    });
    const soon = await open(today.links.display, { viewport: { width: 1024, height: 768 } });
    await soon.getByTestId('display-starts').waitFor();
    const sameDay = new Date(start).toISOString().slice(0, 10) === new Date().toISOString().slice(0, 10);
    // Within half an hour of midnight (UTC) the start is tomorrow, and then its date is shown.
    expect(await soon.getByTestId('display-date').count()).toBe(sameDay ? 0 : 1);
    await soon.context().close();
  }, 60_000);
});

describe('the chair when things are refused or over', () => {
  it('8. once the meeting has ended, nothing offers what it would refuse: the chair gets the record, a participant a link to it', async () => {
    const { meeting, chair } = await busyMeeting(3);
    const { token } = await env.server.register(meeting.meetingId, { name: 'Keiko Tanaka', attendance: 'remote' });
    const keiko = track(new TestClient(env.server.url, { meetingId: meeting.meetingId, token }));
    await keiko.welcomed();
    await chair.command('questions.configure', { preModeration: false });
    await keiko.command('question.ask', { text: 'A question anyone may vote for', anonymous: false });
    await keiko.command('question.ask', { text: 'A question asked without my name', anonymous: true });
    await chair.waitFor('four questions', () => chair.state().questions.items.length === 4);
    const page = await open(meeting.links.moderate);
    // An anonymous author is never named to the room: no button offers to give them the floor.
    const anonymous = page.getByTestId('question').filter({ hasText: 'A question asked without my name' });
    const named = page.getByTestId('question').filter({ hasText: 'A question anyone may vote for' });
    await named.getByTestId('question-to-floor').waitFor();
    expect(await anonymous.getByTestId('question-to-floor').count()).toBe(0);

    const participant = await open(meeting.links.attend);
    await participant.evaluate(([id, value]) => localStorage.setItem(`plenary:token:${id}`, value), [
      meeting.meetingId,
      token,
    ] as const);
    await participant.reload();
    await participant.getByTestId('request-submit').waitFor();
    await participant.getByTestId('question-vote').first().waitFor();

    // Ending asks first, in the page's own dialog, with the focus on the safe answer; cancelling changes nothing.
    await page.getByTestId('meeting-end').click();
    await page.getByTestId('confirm-end-cancel').waitFor();
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('confirm-end-cancel');
    await page.keyboard.press('Enter');
    await page.getByTestId('confirm-end').waitFor({ state: 'hidden' });
    // A command from the same page after it: had the dialog ended the meeting, the pause would come after the end.
    await page.getByTestId('meeting-pause').click();
    await page.getByTestId('meeting-resume').waitFor();
    expect(chair.state().status).toBe('live');
    await page.getByTestId('meeting-resume').click();
    await page.getByTestId('meeting-pause').waitFor();
    await page.getByTestId('meeting-end').click();
    await page.getByTestId('confirm-end-yes').click();
    await page.getByTestId('meeting-ended-note').waitFor();
    expect(await page.getByTestId('floor-next').count()).toBe(0);
    expect(await page.getByTestId('entry-grant').count()).toBe(0);
    expect(await page.getByTestId('inscribe-open').count()).toBe(0);
    expect(await page.getByTestId('question-to-floor').count()).toBe(0);
    await page.getByTestId('ended-record').click();
    await page.getByTestId('tab-stats').and(page.locator('[aria-selected="true"]')).waitFor();

    await participant.getByTestId('meeting-ended').waitFor();
    const href = await participant.getByTestId('meeting-ended-record').getAttribute('href');
    expect(href).toBe(`/api/meetings/${encodeURIComponent(meeting.meetingId)}/record?format=html&lang=en`);
    expect((await participant.request.get(new URL(href ?? '', env.server.url).toString())).status()).toBe(200);
    expect(await participant.getByTestId('request-submit').count()).toBe(0);
    expect(await participant.getByTestId('question-vote').count()).toBe(0);
    expect(await participant.getByTestId('highlighted-question').count()).toBe(0);
    await page.context().close();
    await participant.context().close();
  }, 90_000);

  it("9. a refusal reads in the page's language, and the speaking-time field never shows a limit that is not in force", async () => {
    const { meeting, chair } = await busyMeeting(1);
    await chair.command('floor.configure', { defaultLimitSeconds: 240 });
    const { token } = await env.server.register(meeting.meetingId, { name: 'Keiko Tanaka', attendance: 'remote' });
    const keiko = track(new TestClient(env.server.url, { meetingId: meeting.meetingId, token }));
    await keiko.welcomed();
    await keiko.command('floor.request', { type: 'new_topic', topic: '' });
    await chair.command('questions.configure', { preModeration: false });
    await keiko.command('question.ask', { text: 'Who answers for the remote hubs?' });
    await chair.waitFor('her question', () => chair.state().questions.items.length === 3);
    const page = await open(meeting.links.moderate, { locale: 'ar' });

    // She already waits with a new topic: the server refuses; the notice is Arabic, without the server's English.
    await page
      .getByTestId('question')
      .filter({ hasText: 'Who answers for the remote hubs?' })
      .getByTestId('question-to-floor')
      .click();
    const notice = page.getByTestId('notice').locator('.notice');
    await notice.waitFor();
    expect(await notice.textContent()).toBe('غير ممكن الآن.');

    await page.getByTestId('tab-settings').click();
    const limit = page.getByTestId('floor-limit');
    expect(await limit.inputValue()).toBe('4');
    await limit.fill('100');
    await limit.press('Enter');
    expect(await limit.inputValue()).toBe('4');
    expect(await page.getByTestId('floor-limit-range').getAttribute('class')).toContain('form-error');
    expect(await limit.getAttribute('aria-invalid')).toBe('true');
    // Set elsewhere (another moderator), the field follows once this chair is not typing in it.
    await limit.blur();
    await chair.command('floor.configure', { defaultLimitSeconds: 180 });
    await expect.poll(() => limit.inputValue(), { timeout: 15_000 }).toBe('3');
    await limit.fill('2');
    await limit.press('Enter');
    await chair.waitFor('two minutes', () => chair.state().floor.defaultLimitMs === 120_000);
    await page.context().close();
  }, 90_000);

  it('10. a keyboard-only chair keeps their place in the list: moving and removing a speaker leave the focus on the same button', async () => {
    const { meeting } = await busyMeeting(4);
    const page = await open(meeting.links.moderate);
    const before = await queueNames(page);
    const focused = () =>
      page.evaluate(() => {
        const active = document.activeElement as HTMLElement | null;
        return {
          control: active?.dataset.testid ?? active?.tagName ?? null,
          entry: active?.closest('[data-testid="queue-entry"]')?.querySelector('.entry-name')?.textContent ?? null,
        };
      });
    // Moving the first speaker down: their row moves under the button that was pressed.
    await page.getByRole('button', { name: `Move down: ${before[0]}` }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => queueNames(page)).toEqual([before[1], before[0], before[2], before[3]]);
    await expect.poll(focused).toEqual({ control: 'entry-down', entry: before[0] });
    await page.keyboard.press('Enter');
    await expect.poll(() => queueNames(page)).toEqual([before[1], before[2], before[0], before[3]]);
    await expect.poll(focused).toEqual({ control: 'entry-down', entry: before[0] });
    // Removing: the row is gone; the same button of the speaker now in its place has the focus.
    await page.getByRole('button', { name: `Remove: ${before[2]}` }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => queueNames(page)).toEqual([before[1], before[0], before[3]]);
    await expect.poll(focused).toEqual({ control: 'entry-remove', entry: before[0] });
    // Giving the floor: never onto the next one's "give the floor", where a second Enter would cut off the
    // speaker just called.
    await page.getByRole('button', { name: `Give the floor: ${before[1]}` }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => queueNames(page)).toEqual([before[0], before[3]]);
    await expect.poll(focused).toEqual({ control: 'entry-down', entry: before[0] });
    await page.context().close();
  }, 60_000);

  it('11. "awaiting moderation" opens the questions that await it, not all of them sorted by votes', async () => {
    const { meeting } = await busyMeeting(1);
    const page = await open(meeting.links.moderate);
    await page.getByTestId('tab-stats').click();
    await page.getByTestId('pending-questions').getByRole('button').click();
    await page.getByTestId('question-filter').waitFor();
    expect(await page.getByTestId('question-filter').inputValue()).toBe('pending');
    await expect.poll(() => page.getByTestId('question').count()).toBe(1);
    expect(await page.getByTestId('question').first().getAttribute('data-status')).toBe('pending');
    expect(await page.getByTestId('question').first().textContent()).toContain('Will there be a remote hub in Nairobi?');
    await page.getByTestId('question-filter').selectOption('all');
    await expect.poll(() => page.getByTestId('question').count()).toBe(2);
    await page.context().close();
  }, 60_000);

  it('12. what screen readers are told about the floor follows it: a finished turn leaves no "now speaking"', async () => {
    const { meeting } = await busyMeeting(2);
    const page = await open(meeting.links.moderate);
    const announcer = page.getByTestId('floor-announcer');
    const next = (await queueNames(page))[0];
    await page.getByTestId('floor-next').click();
    await expect.poll(() => announcer.textContent()).toBe(`Now speaking: ${next}`);
    await page.getByTestId('floor-end-turn').click();
    await expect.poll(() => announcer.textContent()).toBe('');
    await page.context().close();
  }, 60_000);
});
