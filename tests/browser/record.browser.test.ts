import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashModeratorKey } from '../../server/auth/secrets.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { LANGUAGES } from '../../shared/model.js';
import { applyChange } from '../../shared/reducer.js';
import { seriousViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import { sampleMeeting } from '../support/meetings.js';
import { amina, CHAIR, referenceMeeting, ScriptedMeeting } from '../support/record-meeting.js';
import { startTestServer, type TestServer } from '../support/server.js';

const KEY = 'reference-moderator-key';
let browser: Browser;
let server: TestServer;

/** The reference meeting of the unit tests, committed change by change into a real store behind a real server. */
/** Long unbroken text where people type it: a title, a name, an affiliation and a topic. */
const LONG_NAME = 'Mohammed-Abdulrahman-Al-Khwarizmi-Ibn-Musa-Representative';
const LONG_AFFILIATION = 'Ministry-of-Communications-and-Information-Technology-and-the-Digital-Economy';
const LONG_TOPIC = `Financing ${'of-remote-participation-hubs-'.repeat(2)}and a few more words about the long tail of the question`;

function longTextMeeting(): ScriptedMeeting {
  const m = new ScriptedMeeting({ ...sampleMeeting(), id: 'm2', title: `Consultation-on-${'the-long-title-'.repeat(6)}end` });
  const speaker = { ...amina, id: 'p-long', name: LONG_NAME, affiliation: LONG_AFFILIATION };
  m.act(0, CHAIR, 'agenda.next', {});
  m.act(10, speaker, 'floor.request', { type: 'new_topic', topic: LONG_TOPIC });
  m.act(20, CHAIR, 'floor.grant', { expectedCurrentEntryId: null });
  m.act(400, speaker, 'floor.finish', { entryId: m.state.floor.current?.entry.id });
  m.act(410, speaker, 'question.ask', { text: `${LONG_TOPIC}? ${'https://example.org/'.padEnd(120, 'x')}` });
  m.act(420, CHAIR, 'meeting.end', {});
  return m;
}

beforeAll(async () => {
  const { meeting, votes } = referenceMeeting();
  const store = new SqliteStore(null);
  for (const scripted of [meeting, longTextMeeting()]) {
    await store.createMeeting({ state: scripted.origin, moderatorKeyHash: hashModeratorKey(KEY) });
    let state = scripted.origin;
    for (const change of scripted.changes) {
      state = applyChange(state, change);
      await store.commit(change, state, { sender: 'm:test', id: `${scripted.origin.id}-c${change.version}` });
    }
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

const url = (query: string, meetingId = 'm1') => `${server.url}/api/meetings/${meetingId}/record${query}`;

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

async function openRecord(
  query: string,
  moderators: boolean,
  meetingId = 'm1',
  device: object = { viewport: { width: 1100, height: 900 } },
) {
  const context = await browser.newContext({
    bypassCSP: true,
    ...device,
    extraHTTPHeaders: moderators ? { authorization: `Bearer ${KEY}` } : {},
  });
  const page = await context.newPage();
  const response = await page.goto(url(query, meetingId));
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

  it('fits a phone (390×844) in English and Arabic: no sideways page, tables scroll in their own box, long text wraps', async () => {
    for (const meetingId of ['m1', 'm2']) {
      for (const lang of ['en', 'ar']) {
        const where = `${meetingId} ${lang}`;
        const { context, page } = await openRecord(`?format=html&lang=${lang}`, false, meetingId, PHONE);
        await page.screenshot({ path: join(tmpdir(), `plenary-record-phone-${meetingId}-${lang}.png`) });
        const layout = await page.evaluate(() => {
          const first = document.querySelector('table tr > :first-child')?.getBoundingClientRect();
          const heading = document.querySelector('h1')?.getBoundingClientRect();
          return {
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
            first: first && { left: first.left, right: first.right },
            heading: heading && { left: heading.left, right: heading.right, top: heading.top },
          };
        });
        expect(layout.innerWidth, where).toBe(390);
        expect(layout.scrollWidth, where).toBeLessThanOrEqual(layout.innerWidth);
        // The first screen shows the start of the page: the title, and the first table from its first column.
        expect(layout.heading?.left, where).toBeGreaterThanOrEqual(0);
        expect(layout.heading?.right, where).toBeLessThanOrEqual(layout.innerWidth);
        expect(layout.heading?.top, where).toBeLessThan(844);
        expect(layout.first?.left, where).toBeGreaterThanOrEqual(0);
        expect(layout.first?.right, where).toBeLessThanOrEqual(layout.innerWidth);
        // Whatever is wider than the phone scrolls inside its own box.
        const boxes = await page
          .locator('.table-scroll')
          .evaluateAll((elements) =>
            elements.map(
              (element) =>
                element.getBoundingClientRect().right <= window.innerWidth && element.getBoundingClientRect().left >= 0,
            ),
          );
        expect(boxes.length, where).toBeGreaterThan(0);
        expect(boxes.every(Boolean), where).toBe(true);
        if (meetingId === 'm2') {
          // Long words break inside their cell rather than stretching it off the screen.
          for (const text of [LONG_NAME, LONG_AFFILIATION]) {
            const cell = await page.locator('td', { hasText: text }).first().boundingBox();
            expect(cell?.width, `${where} ${text}`).toBeLessThan(390);
          }
        }
        await context.close();
      }
    }
  }, 60_000);

  it('prints every table whole: on paper no table is clipped by the box that scrolls it on a phone', async () => {
    // An A4 page less the 15 mm margins is 180 mm wide: 680 CSS px, narrower than the speakers table.
    const { context, page } = await openRecord('?format=html&lang=en', true, 'm2', { viewport: { width: 680, height: 962 } });
    await page.emulateMedia({ media: 'print' });
    const boxes = await page
      .locator('.table-scroll')
      .evaluateAll((elements) =>
        elements.map((box) => ({ wider: box.scrollWidth > box.clientWidth, overflow: getComputedStyle(box).overflowX })),
      );
    expect(boxes.some((box) => box.wider)).toBe(true);
    expect(boxes.filter((box) => box.wider && box.overflow !== 'visible')).toEqual([]);
    await context.close();
  }, 60_000);

  it('shows signed durations and time ranges in their order in Arabic: "+1:40", not "1:40+", in the HTML record and in the Markdown record as a viewer shows it', async () => {
    /** Each "+" and "–" beside digits, and whether it reads in order: "+" left of its number, a range's start left of its end. */
    const readings = (page: Page) =>
      page.evaluate(() => {
        const found: { text: string; inOrder: boolean }[] = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const box = (node: Node, at: number) => {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          return range.getBoundingClientRect();
        };
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (const match of text.matchAll(/\+\d|\d–\d/g)) {
            const at = match.index;
            const inOrder =
              match[0][0] === '+' ? box(node, at).left < box(node, at + 1).left : box(node, at).left < box(node, at + 2).left;
            found.push({ text: text.slice(Math.max(0, at - 5), at + 6), inOrder });
          }
        }
        return found;
      });
    for (const moderators of [true, false]) {
      const { context, page } = await openRecord('?format=html&lang=ar', moderators);
      const html = await readings(page);
      expect(html.length).toBe(8);
      expect(html.filter((reading) => !reading.inOrder)).toEqual([]);

      // A Markdown viewer puts each table cell and list item in right-to-left text, as GitHub does for Arabic.
      const markdown = await (
        await page.request.get(url('?format=md&lang=ar'), { headers: moderators ? { authorization: `Bearer ${KEY}` } : {} })
      ).text();
      await page.setContent('<!doctype html><html lang="ar" dir="rtl"><body></body></html>');
      await page.evaluate((source) => {
        for (const line of source.split('\n')) {
          const element = document.createElement(line.startsWith('|') ? 'table' : 'p');
          if (line.startsWith('|')) {
            const row = element.appendChild(document.createElement('tr'));
            for (const cell of line.slice(2, -2).split(' | ')) row.appendChild(document.createElement('td')).textContent = cell;
          } else element.textContent = line;
          document.body.appendChild(element);
        }
      }, markdown);
      const md = await readings(page);
      // The facts' two ranges, the item's and the turn's overruns, the extension (Markdown has no item lines).
      expect(md.length).toBe(5);
      expect(md.filter((reading) => !reading.inOrder)).toEqual([]);
      await context.close();
    }
  }, 60_000);
});
