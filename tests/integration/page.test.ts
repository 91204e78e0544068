import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PARTICIPANT_BUDGET_BYTES, participantFirstLoad } from '../../scripts/page-weight.js';
import { meetingCalendar } from '../../server/http/calendar.js';
import { assertClientBuilt, BUILT_CLIENT } from '../support/browser.js';
import { sampleMeeting } from '../support/meetings.js';
import { serverForFile } from '../support/server.js';

assertClientBuilt();
const env = serverForFile({ clientDir: BUILT_CLIENT });

/** A raw GET, so that nothing decodes the body behind the test's back. */
function get(path: string, acceptEncoding: string): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${env.server.url}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a light page', () => {
  it('keeps the participant view’s first load within the budget', () => {
    const load = participantFirstLoad(BUILT_CLIENT);
    expect(load.files.some((file) => file.endsWith('.css'))).toBe(true);
    expect(load.brotli).toBeLessThanOrEqual(PARTICIPANT_BUDGET_BYTES);
  });

  it('serves brotli or gzip copies, hashed assets as immutable, the page revalidated, and no source map', async () => {
    const page = await get('/m/some-meeting', 'gzip, deflate, br');
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['cache-control']).toBe('no-cache');
    const html = brotliDecompressSync(page.body).toString('utf8');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    if (!script) throw new Error('index.html names no script');

    const brotli = await get(script, 'br;q=1.0, gzip;q=0.5');
    expect(brotli.headers).toMatchObject({
      'content-encoding': 'br',
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      vary: 'Accept-Encoding',
    });
    const gzip = await get(script, 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const plain = await get(script, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(brotliDecompressSync(brotli.body)).toEqual(plain.body);
    expect(gunzipSync(gzip.body)).toEqual(plain.body);
    expect(brotli.body.length).toBeLessThan(plain.body.length / 3);
    // A browser refusing brotli with q=0 gets gzip.
    expect((await get(script, 'br;q=0, gzip')).headers['content-encoding']).toBe('gzip');

    expect(plain.body.toString('utf8')).not.toMatch(/sourceMappingURL/);
    const map = await get(`${script}.map`, 'identity');
    expect(map.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('add to calendar', () => {
  it('serves an RFC 5545 file in the venue’s zone with its VTIMEZONE and the attend link', async () => {
    const meeting = await env.server.createMeeting();
    const response = await fetch(`${env.server.url}/api/meetings/${meeting.meetingId}/calendar.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="?plenary-.+\.ics"?$/);
    const ics = await response.text();
    expect(ics.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
    expect(ics).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich\r\n');
    expect(ics).toContain('DTSTART;TZID=Europe/Zurich:20200228T140000\r\n');
    expect(ics).toContain('DTEND;TZID=Europe/Zurich:20200228T153000\r\n');
    expect(ics).toContain(`URL:${meeting.links.attend}\r\n`);
    expect(ics).toContain('LOCATION:Room A\\, ITU headquarters\\, Geneva\r\n');
    expect((await fetch(`${env.server.url}/api/meetings/nope/calendar.ics`)).status).toBe(404);
  });

  it('names the zone’s real changes: Geneva’s summer time of 2020, none for Shanghai', () => {
    const geneva = meetingCalendar(sampleMeeting(), 'https://plenary.example/m/m1', Date.UTC(2020, 0, 1));
    expect(geneva).toContain(
      'BEGIN:DAYLIGHT\r\nDTSTART:20200329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT',
    );
    expect(geneva).toContain(
      'BEGIN:STANDARD\r\nDTSTART:20201025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD',
    );
    expect(geneva).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:/);
    expect(geneva).toContain('DTSTAMP:20200101T000000Z');
    expect(geneva).toContain('UID:plenary-m1\r\n');
    expect(geneva.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const shanghai = meetingCalendar(
      { ...sampleMeeting(), timeZone: 'Asia/Shanghai', title: 'A long title; with, commas '.repeat(5) },
      'https://plenary.example/m/m1',
      0,
    );
    expect(shanghai).toContain('BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800');
    expect(shanghai).not.toContain('DAYLIGHT');
    expect(shanghai).toContain('SUMMARY:A long title\\; with\\, commas');
    expect(shanghai).toMatch(/\r\n [^\r]/);
  });
});
