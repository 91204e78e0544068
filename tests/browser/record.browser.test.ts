import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashModeratorKey } from '../../server/auth/secrets.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { LANGUAGES } from '../../shared/model.js';
import { applyChange } from '../../shared/reducer.js';
import { seriousViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import { referenceMeeting } from '../support/record-meeting.js';
import { startTestServer, type TestServer } from '../support/server.js';

const KEY = 'reference-moderator-key';
let browser: Browser;
let server: TestServer;

/** The reference meeting of the unit tests, committed change by change into a real store behind a real server. */
beforeAll(async () => {
  const { meeting, votes } = referenceMeeting();
  const store = new SqliteStore(null);
  await store.createMeeting({ state: meeting.origin, moderatorKeyHash: hashModeratorKey(KEY) });
  let state = meeting.origin;
  for (const change of meeting.changes) {
    state = applyChange(state, change);
    await store.commit(change, state, { sender: 'm:test', id: `c${change.version}` });
  }
  for (const [questionId, count] of Object.entries(votes)) {
    for (let i = 0; i < count; i++) await store.setVote(meeting.origin.id, questionId, `voter-${i}`, true);
  }
  // The reference meeting ended years ago: retention would delete it at start.
  server = await startTestServer({ store, retentionDays: 0 });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const url = (query: string) => `${server.url}/api/meetings/m1/record${query}`;

async function openRecord(query: string, moderators: boolean) {
  const context = await browser.newContext({
    bypassCSP: true,
    viewport: { width: 1100, height: 900 },
    extraHTTPHeaders: moderators ? { authorization: `Bearer ${KEY}` } : {},
  });
  const page = await context.newPage();
  const response = await page.goto(url(query));
  expect(response?.status()).toBe(200);
  return { context, page };
}

/** Pages of a PDF: each page object names its type. */
const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;

describe('the printable record', () => {
  it('has no serious or critical accessibility violation, in each language and for each audience', async () => {
    for (const lang of LANGUAGES) {
      for (const moderators of [true, false]) {
        const { context, page } = await openRecord(`?format=html&lang=${lang}`, moderators);
        expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        expect(await seriousViolations(page)).toEqual([]);
        await context.close();
      }
    }
  }, 120_000);

  it('prints to A4 with each agenda item on its own page: agenda, Opening, Report, questions and statistics', async () => {
    const { context, page } = await openRecord('?format=html&lang=en', true);
    await page.screenshot({ path: join(tmpdir(), 'plenary-record-en.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    writeFileSync(join(tmpdir(), 'plenary-record-en.pdf'), pdf);
    expect(pageCount(pdf)).toBe(4);
    // Each item's speakers start a page of their own: the headings sit at the top of a printed page.
    const itemHeadings = await page.locator('section.page > h2:first-child').allTextContents();
    expect(itemHeadings).toEqual(['Opening', 'Report', 'Remote questions']);
    await context.close();
  }, 60_000);

  it('draws speaking time as SVG charts with accessible names, in Arabic too', async () => {
    const { context, page } = await openRecord('?format=html&lang=ar', false);
    await page.screenshot({ path: join(tmpdir(), 'plenary-record-ar.png'), fullPage: true });
    const charts = page.locator('svg[role="img"]');
    expect(await charts.count()).toBe(2);
    expect(await charts.first().getAttribute('aria-labelledby')).toBe('chart-groups-title');
    expect(await page.locator('#chart-groups rect').count()).toBe(4);
    expect(await page.locator('#chart-attendance rect').count()).toBe(2);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pageCount(pdf)).toBe(4);
    await context.close();
  }, 60_000);
});
