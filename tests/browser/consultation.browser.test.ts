import { mkdirSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicConsultation } from '../../shared/consultation.js';
import { seriousViolations } from '../support/axe.js';
import { assertClientBuilt, BUILT_CLIENT, launchChromium } from '../support/browser.js';
import {
  type ConsultationTestServer,
  forms,
  photoWithGps,
  sampleConsultation,
  startConsultationServer,
  submitter,
} from '../support/consultations.js';

const SCREENSHOT_DIR = 'test-artifacts/screenshots';
const PHONE = { width: 390, height: 844 };
/** How the pages name the venue's zone (sampleConsultation) and the browser's (open()), in English, any season. */
const VENUE_ZONE = /\(Central European (Standard|Summer) Time\)/;
const VIEWER_ZONE = /Eastern (Standard|Daylight) Time/;

let browser: Browser;
let server: ConsultationTestServer;
let created: { consultationId: string; organizerKey: string; links: { public: string; organize: string } };
let view: PublicConsultation;

beforeAll(async () => {
  assertClientBuilt();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  browser = await launchChromium();
  server = await startConsultationServer(undefined, BUILT_CLIENT);
  const response = await fetch(`${server.url}/api/consultations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sampleConsultation()),
  });
  created = await response.json();
  view = await (await fetch(`${server.url}/api/consultations/${created.consultationId}`)).json();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(
  url: string,
  locale = 'en-GB',
  viewport = { width: 1280, height: 900 },
  prepare: (context: BrowserContext) => Promise<unknown> = async () => {},
): Promise<Page> {
  const context = await browser.newContext({
    locale,
    timezoneId: 'America/New_York',
    viewport,
    bypassCSP: true,
    acceptDownloads: true,
  });
  await prepare(context);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

const callId = (title: string) => {
  const call = view.calls.find((c) => c.title === title);
  if (!call) throw new Error(title);
  return call.id;
};

/** Opens a call's form and fills in the submitter. */
async function openForm(page: Page, title: string, kind: string): Promise<string> {
  const prefix = `call-${callId(title)}`;
  await page.locator(`[data-testid="call"]:has-text("${title}") [data-testid="contribute-${kind}"]`).click();
  await page.fill(`[name="${prefix}-s-name"]`, 'Amina Haddad');
  await page.fill(`[name="${prefix}-s-email"]`, 'amina@example.org');
  await page.fill(`[name="${prefix}-s-organisation"]`, 'Ministry');
  await page.selectOption(`[name="${prefix}-s-group"]`, 'government');
  await page.selectOption(`[name="${prefix}-s-country"]`, 'EG');
  return prefix;
}

/** The text of the label that holds a field, without the field's own text. */
function label(page: Page, name: string): Promise<string> {
  return page.locator(`label:has([name="${name}"])`).evaluate((element) =>
    [...element.childNodes]
      .filter((node) => node.nodeType === Node.TEXT_NODE || (node as Element).matches?.('.required-mark'))
      .map((node) => node.textContent)
      .join('')
      .trim(),
  );
}

async function send(page: Page, kind: string): Promise<string> {
  const invalid = await page
    .locator(`[data-testid="form-${kind}"]`)
    .evaluate((form) => [...form.querySelectorAll(':invalid')].map((e) => e.getAttribute('name')));
  if (invalid.length > 0) throw new Error(`invalid fields: ${invalid.join(', ')}`);
  await page.locator(`[data-testid="form-${kind}"] button[type="submit"]`).click();
  const link = page.locator('[data-testid="receipt-link"]');
  const refusal = page.locator(`[data-testid="form-${kind}"] .form-error`);
  await Promise.race([link.waitFor({ timeout: 15_000 }), refusal.waitFor({ timeout: 15_000 })]);
  if (await refusal.isVisible()) throw new Error(`refused: ${await refusal.textContent()}`);
  const href = await link.getAttribute('href');
  if (!href) throw new Error('no receipt link');
  return href;
}

describe('consultation pages in Chromium', () => {
  it('shows the public page in English, at desktop and phone size, without serious accessibility violations', async () => {
    const page = await open(created.links.public);
    await page.locator('[data-testid="phase"]').first().waitFor();
    expect(await page.locator('[data-testid="call"]').count()).toBe(view.calls.length);
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    await expect(page.locator('.countdown').first().textContent()).resolves.toMatch(/Closes in/);
    await expectAccessible(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/consultation-public-en-desktop.png`, fullPage: true });
    const phone = await open(created.links.public, 'en-GB', PHONE);
    await phone.locator('[data-testid="phase"]').first().waitFor();
    await phone.screenshot({ path: `${SCREENSHOT_DIR}/consultation-public-en-phone.png` });
    await page.context().close();
    await phone.context().close();
  });

  it('shows the public page in Arabic, right to left', async () => {
    const page = await open(created.links.public, 'ar');
    await page.locator('[data-testid="phase"]').first().waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect(page.locator('#calls-heading').textContent()).resolves.toBe('دعوات تقديم المساهمات');
    // English organiser text keeps its own direction inside the Arabic page: its full stop stays at its end.
    const direction = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((e) => getComputedStyle(e).direction);
    expect(await direction('.consultation-description')).toBe('ltr');
    expect(await direction('.call-description')).toBe('ltr');
    expect(await direction('.call h3')).toBe('ltr');
    await expectAccessible(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/consultation-public-ar-desktop.png`, fullPage: true });
    const phone = await open(created.links.public, 'ar', PHONE);
    await phone.locator('[data-testid="phase"]').first().waitFor();
    await phone.screenshot({ path: `${SCREENSHOT_DIR}/consultation-public-ar-phone.png` });
    await page.context().close();
    await phone.context().close();
  });

  it('submits each kind, a photo among them, then edits and withdraws with the receipt link', async () => {
    const page = await open(created.links.public);
    await page.locator('[data-testid="call"]').first().waitFor();
    const receipts: string[] = [];

    let p = await openForm(page, 'Share your views', 'views');
    await page.fill(`[name="${p}-themes"]`, 'ICT for climate action');
    receipts.push(await send(page, 'views'));
    await page.reload();

    p = await openForm(page, 'Propose speakers', 'speaker_proposal');
    await page.fill(`[name="${p}-speaker"]`, 'Li Wei');
    await page.fill(`[name="${p}-affiliation"]`, 'Tsinghua University');
    await page.fill(`[name="${p}-topic"]`, 'AI for the SDGs');
    await page.selectOption(`[name="${p}-speakerGroup"]`, 'academia');
    await page.selectOption(`[name="${p}-gender"]`, 'female');
    await page.selectOption(`[name="${p}-speakerCountry"]`, 'CN');
    await expectAccessible(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/consultation-form-speaker-desktop.png`, fullPage: true });
    receipts.push(await send(page, 'speaker_proposal'));
    await page.reload();

    p = await openForm(page, 'Request a thematic workshop', 'workshop');
    await page.fill(`[name="${p}-title"]`, 'Digital inclusion');
    await page.fill(`[name="${p}-description"]`, 'A roundtable.');
    await page.fill(`[name="${p}-organisers"]`, 'APC');
    await page.fill(`[name="${p}-speakers"]`, 'Ana Pérez\nJohn Doe');
    await page.selectOption(`[name="${p}-format"]`, 'roundtable');
    receipts.push(await send(page, 'workshop'));
    await page.reload();

    p = await openForm(page, 'Request an exhibition booth', 'exhibition');
    await page.fill(`[name="${p}-organisation"]`, 'Open Source Lab');
    await page.fill(`[name="${p}-boothNeeds"]`, 'Two tables');
    receipts.push(await send(page, 'exhibition'));
    await page.reload();

    p = await openForm(page, 'Nominate facilitators', 'hltf_nomination');
    await page.fill(`[name="${p}-nominee"]`, 'Marie Dupont');
    await page.fill(`[name="${p}-mechanism"]`, 'Civil society');
    await page.fill(`[name="${p}-statement"]`, 'Experienced.');
    receipts.push(await send(page, 'hltf_nomination'));
    await page.reload();

    p = await openForm(page, 'Photo contest', 'photo');
    await page.fill(`[name="${p}-title"]`, 'Solar school');
    await page.fill(`[name="${p}-place"]`, 'Kigali');
    await page.selectOption(`[name="${p}-sdg"]`, '4');
    await page.setInputFiles(`[name="${p}-photo"]`, { name: 'school.jpg', mimeType: 'image/jpeg', buffer: await photoWithGps() });
    receipts.push(await send(page, 'photo'));
    expect(receipts).toHaveLength(6);

    // The country names come in a file of their own after the page. Here its first fetch fails, as
    // on a connection that drops, and the second is held back until the edit is saved: the names are
    // fetched again, and the form does not wait for them to be saved.
    let releaseNames = () => {};
    const namesHeld = new Promise<void>((resolve) => {
      releaseNames = resolve;
    });
    let nameFetches = 0;
    const receiptPage = await open(receipts[0] ?? '', 'en-GB', undefined, (context) =>
      context.route('**/assets/*.js', async (route) => {
        const response = await route.fetch();
        const body = await response.text();
        if (body.includes('Afghanistan')) {
          nameFetches += 1;
          if (nameFetches === 1) return route.abort('connectionreset');
          await namesHeld;
        }
        await route.fulfill({ status: response.status(), contentType: 'text/javascript', body });
      }),
    );
    const themes = receiptPage.locator('[name="receipt-themes"]');
    await themes.waitFor();
    expect(await themes.inputValue()).toBe('ICT for climate action');
    await themes.fill('Edited in the browser');
    await expect.poll(() => nameFetches).toBe(2);
    await receiptPage.locator('button[type="submit"]').click();
    // Whatever the page says after saving, so that a refusal shows its own message here.
    const status = receiptPage.locator('p[role="status"]:not(:empty), [data-testid="form-error"]').first();
    await status.waitFor({ timeout: 30_000 });
    expect(await status.textContent()).toBe('Saved.');
    releaseNames();
    await expect.poll(() => receiptPage.locator('[name="receipt-s-country"] option:checked').textContent()).toBe('Egypt');
    await expectAccessible(receiptPage);
    await receiptPage.screenshot({ path: `${SCREENSHOT_DIR}/consultation-receipt-desktop.png`, fullPage: true });
    await receiptPage.locator('[data-testid="withdraw"]').click();
    await receiptPage.locator('[data-testid="withdraw-yes"]').click();
    await receiptPage.locator('[data-testid="withdrawn"]').waitFor();
    await page.context().close();
    await receiptPage.context().close();

    const list = await (
      await fetch(`${server.url}/api/consultations/${created.consultationId}/submissions`, {
        headers: { authorization: `Bearer ${created.organizerKey}` },
      })
    ).json();
    expect(list.submissions.map((s: { kind: string }) => s.kind).sort()).toEqual(
      ['exhibition', 'hltf_nomination', 'photo', 'speaker_proposal', 'workshop'].sort(),
    );
  });

  it('brings the receipt into view on a phone and moves the focus to it', async () => {
    const page = await open(created.links.public, 'en-GB', PHONE);
    await page.locator('[data-testid="call"]').first().waitFor();
    const p = await openForm(page, 'Share your views', 'views');
    await page.fill(`[name="${p}-themes"]`, 'Remote participation for everyone');
    await page.fill(`[name="${p}-format"]`, 'Hybrid sessions with captions');
    await send(page, 'views');
    const box = await page.locator('[data-testid="receipt"]').boundingBox();
    // Within a pixel: layout positions are fractional.
    expect(box?.y).toBeGreaterThan(-1);
    expect((box?.y ?? PHONE.height) + (box?.height ?? 0)).toBeLessThanOrEqual(PHONE.height);
    const focused = await page.evaluate(() => ({
      tag: document.activeElement?.tagName,
      text: document.activeElement?.textContent,
      inReceipt: Boolean(document.activeElement?.closest('[data-testid="receipt"]')),
    }));
    expect(focused).toEqual({ tag: 'H4', text: 'Thank you. Your contribution was received.', inReceipt: true });
    await page.context().close();
  });

  it('labels every field of the exhibition form in each language, the exhibitor apart from the contributor', async () => {
    for (const locale of ['en', 'fr', 'es', 'ru', 'zh', 'ar']) {
      const page = await open(created.links.public, locale);
      const prefix = `call-${callId('Request an exhibition booth')}`;
      await page
        .locator('[data-testid="call"]:has-text("Request an exhibition booth") [data-testid="contribute-exhibition"]')
        .click();
      const form = page.locator('[data-testid="form-exhibition"]');
      await form.waitFor();
      const labels = await form.locator('label').evaluateAll((found) => found.map((l) => l.firstChild?.textContent ?? ''));
      expect(
        labels.filter((label) => label.includes('consultation.')),
        locale,
      ).toEqual([]);
      const labelOf = (name: string) =>
        page.locator(`label:has([name="${name}"])`).evaluate((label) => label.firstChild?.textContent ?? '');
      const exhibitor = await labelOf(`${prefix}-organisation`);
      expect(exhibitor, locale).not.toBe('');
      expect(exhibitor, locale).not.toBe(await labelOf(`${prefix}-s-organisation`));
      await page.context().close();
    }
  });

  it('asks before withdrawing, in the page language, and then says the link no longer opens anything', async () => {
    const response = await fetch(
      `${server.url}/api/consultations/${created.consultationId}/calls/${callId('Share your views')}/submissions`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ submitter, form: forms.views, language: 'fr' }),
      },
    );
    const { submissionId, receiptKey, links } = await response.json();
    const stored = () =>
      fetch(`${server.url}/api/consultations/${created.consultationId}/submissions/${submissionId}`, {
        headers: { authorization: `Bearer ${receiptKey}` },
      }).then((r) => r.status);
    const page = await open(links.receipt, 'fr', PHONE);
    const withdraw = page.getByRole('button', { name: 'Retirer ma contribution' });
    await withdraw.click();
    const confirm = page.locator('[data-testid="withdraw-confirm"]');
    await expect(confirm.textContent()).resolves.toContain('Retirer cette contribution ?');
    expect(await stored()).toBe(200);
    // Keeping it goes back to where the person was.
    await page.locator('[data-testid="withdraw-no"]').click();
    expect(await confirm.count()).toBe(0);
    expect(await withdraw.evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await stored()).toBe(200);

    await withdraw.click();
    await page.locator('[data-testid="withdraw-yes"]').click();
    const withdrawn = page.locator('[data-testid="withdrawn"] h2');
    await expect(withdrawn.textContent()).resolves.toBe('Votre contribution a été retirée.');
    expect(await withdrawn.evaluate((heading) => heading === document.activeElement)).toBe(true);
    expect(await stored()).toBe(401);

    await page.reload();
    const refused = page.locator('[data-testid="refused"]');
    await expect(refused.textContent()).resolves.toBe(
      'Ce lien de confirmation n’est pas valide : la contribution a été retirée, ou le lien est mal recopié.',
    );
    expect(await page.locator('h1').textContent()).toBe('Lien non valide');
    await expectAccessible(page);
    await page.context().close();
  });

  it('states the limits and marks required fields, then shows each refusal translated beside its field', async () => {
    const page = await open(created.links.public, 'fr', PHONE);
    await page.locator('[data-testid="call"]').first().waitFor();
    const p = await openForm(page, 'Request a thematic workshop', 'workshop');
    const form = page.locator('[data-testid="form-workshop"]');
    const speakers = page.locator(`[name="${p}-speakers"]`);
    // The limit is said before it is reached, and tied to the field for screen readers.
    const hintId = (await speakers.getAttribute('aria-describedby'))?.split(' ')[0] ?? '';
    expect(await page.locator(`[id="${hintId}"]`).textContent()).toBe('Maximum : 12');
    expect(await label(page, `${p}-title`)).toMatch(/\*$/);
    expect(await label(page, `${p}-s-organisation`)).not.toMatch(/\*$/);
    expect(await form.textContent()).toContain('Les champs marqués d’un * sont obligatoires.');

    await page.fill(`[name="${p}-title"]`, 'Inclusion numérique');
    await page.fill(`[name="${p}-description"]`, 'Une table ronde.');
    await page.fill(`[name="${p}-organisers"]`, 'APC');
    await page.fill(`[name="${p}-speakers"]`, Array.from({ length: 13 }, (_, i) => `Orateur ${i + 1}`).join('\n'));
    await page.selectOption(`[name="${p}-format"]`, 'roundtable');
    await form.locator('button[type="submit"]').click();
    const problem = page.locator('[data-testid="problem-form.speakers"]');
    await expect(problem.textContent()).resolves.toBe('12 éléments au plus');
    expect(await speakers.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[data-testid="form-error"]').textContent()).toBe('Veuillez corriger les champs signalés.');
    expect(await form.textContent()).not.toContain('form.');
    await page.context().close();

    // The receipt page shows the server's problems the same way.
    const response = await fetch(
      `${server.url}/api/consultations/${created.consultationId}/calls/${callId('Share your views')}/submissions`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ submitter, form: { themes: 'Climat', format: '', innovations: '' }, language: 'fr' }),
      },
    );
    const receipt = await open((await response.json()).links.receipt, 'fr', PHONE);
    const themes = receipt.locator('[name="receipt-themes"]');
    await themes.waitFor();
    await themes.fill('   ');
    await receipt.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await expect(receipt.locator('[data-testid="problem-form.themes"]').textContent()).resolves.toBe('Obligatoire');
    expect(await receipt.locator('[data-testid="form-error"]').textContent()).toBe('Veuillez corriger les champs signalés.');
    await expectAccessible(receipt);
    await receipt.context().close();
  });

  it('writes dates and times in the browser region: en-GB day-month and a 24-hour clock, en-US its own', async () => {
    const deadlineOf = async (page: Page) => {
      const call = page.locator('[data-testid="call"]:has-text("Share your views") [data-testid="deadline"]');
      await call.waitFor();
      return (await call.textContent()) ?? '';
    };
    const british = await open(created.links.public, 'en-GB');
    const britishDeadline = await deadlineOf(british);
    expect(britishDeadline).toMatch(/\b\d{1,2} [A-Z][a-z]+ \d{4}\b/);
    expect(britishDeadline).not.toMatch(/[AP]M/);
    expect(await british.locator('.phase').first().textContent()).not.toMatch(/[AP]M/);
    const american = await open(created.links.public, 'en-US');
    expect(await deadlineOf(american)).toMatch(/[A-Z][a-z]+ \d{1,2}, \d{4}.*[AP]M/);

    const response = await fetch(
      `${server.url}/api/consultations/${created.consultationId}/calls/${callId('Share your views')}/submissions`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ submitter, form: forms.views }) },
    );
    const receipt = await open((await response.json()).links.receipt, 'en-GB');
    const until = receipt.locator('[data-testid="edit-until"]');
    await until.waitFor();
    expect(await until.textContent()).not.toMatch(/[AP]M/);
    expect(await until.textContent()).toMatch(/\b\d{1,2} [A-Z][a-z]+ \d{4}\b/);
    for (const page of [british, american, receipt]) await page.context().close();
  });

  it('gives every deadline with its zone and, for a viewer elsewhere, in their own time', async () => {
    const closesAt = view.calls.find((c) => c.title === 'Share your views')?.closesAt ?? 0;
    const clock = (zone: string) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(closesAt);
    // The browser is in New York, the venue in Geneva.
    const page = await open(created.links.public, 'en-GB');
    const call = page.locator('[data-testid="call"]:has-text("Share your views")');
    await call.waitFor();
    const deadline = (await call.locator('[data-testid="deadline"]').textContent()) ?? '';
    expect(deadline).toContain(clock('Europe/Zurich'));
    expect(deadline).toMatch(VENUE_ZONE);
    const mine = (await call.locator('[data-testid="your-time"]').textContent()) ?? '';
    expect(mine).toMatch(VIEWER_ZONE);
    expect(mine).toContain(clock('America/New_York'));

    const response = await fetch(
      `${server.url}/api/consultations/${created.consultationId}/calls/${callId('Share your views')}/submissions`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ submitter, form: forms.views }) },
    );
    const receipt = await open((await response.json()).links.receipt, 'en-GB');
    const until = receipt.locator('[data-testid="edit-until"]');
    await until.waitFor();
    expect(await until.textContent()).toMatch(VENUE_ZONE);
    expect(await until.textContent()).toContain(clock('Europe/Zurich'));
    expect(await receipt.locator('[data-testid="your-time"]').textContent()).toContain(clock('America/New_York'));
    await page.context().close();
    await receipt.context().close();
  });

  it('names time zones as people read them, in the page language, and gives a phase its end in the viewer time too', async () => {
    const briefing = view.phases.find((p) => p.title === 'Final briefing');
    const endsAt = briefing?.endsAt ?? 0;
    const page = await open(created.links.public, 'en-GB');
    const phase = page.locator('[data-testid="phase"]:has-text("Final briefing")');
    await phase.waitFor();
    const text = (await phase.textContent()) ?? '';
    expect(text).toMatch(/Venue time \(Central European (Standard|Summer) Time\)/);
    expect(text).not.toContain('Europe/Zurich');
    const mine = (await phase.locator('[data-testid="phase-your-time"]').textContent()) ?? '';
    expect(mine).toMatch(VIEWER_ZONE);
    expect(mine).not.toContain('America/New_York');
    const endClock = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(endsAt);
    expect(mine).toMatch(new RegExp(`– .*${endClock}`));
    const french = await open(created.links.public, 'fr');
    const deadline = french.locator('[data-testid="call"]:has-text("Share your views") [data-testid="deadline"]');
    await deadline.waitFor();
    expect(await deadline.textContent()).toMatch(/\(heure (normale|d’été) d’Europe centrale\)/);
    await page.context().close();
    await french.context().close();
  });

  it('lets the organiser filter, accept, export CSV, and see the statistics', async () => {
    const page = await open(created.links.organize);
    await page.locator('[data-testid="submission"]').first().waitFor();
    await page.selectOption('[data-testid="filter-call"]', callId('Propose speakers'));
    await expect(page.locator('[data-testid="submission"]').count()).resolves.toBe(1);
    await page.selectOption('[data-testid="review-status"]', 'accepted');
    await page.locator('[role="status"]:has-text("Saved.")').waitFor();
    await page.locator('button:has-text("Add to the agenda of")').first().waitFor();
    await page.selectOption('[data-testid="filter-call"]', '');
    await expectAccessible(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/consultation-organize-desktop.png`, fullPage: true });
    const phone = await open(created.links.organize, 'en-GB', PHONE);
    await phone.locator('[data-testid="submission"]').first().waitFor();
    await phone.screenshot({ path: `${SCREENSHOT_DIR}/consultation-organize-phone.png` });

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-csv"]').click()]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const rows = parse(readFileSync(path, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.find((r) => r.kind === 'speaker_proposal')?.status).toBe('accepted');
    expect(await page.locator('figure.chart').count()).toBe(4);

    const publicPage = await open(created.links.public);
    await publicPage.locator('[data-testid="accepted"]').first().waitFor();
    await expect(publicPage.locator('[data-testid="accepted"]').first().textContent()).resolves.toContain('AI for the SDGs');
    await page.context().close();
    await phone.context().close();
    await publicPage.context().close();
  });
});
