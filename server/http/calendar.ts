import type { MeetingState } from '../../shared/model.js';

/**
 * An iCalendar file (RFC 5545) of one meeting, in the venue's time zone: the
 * event names its TZID and carries a VTIMEZONE with the zone's real offsets
 * (read from the runtime's time-zone data), so a calendar anywhere places it
 * right, daylight saving included; the attend link rides along.
 */
export function meetingCalendar(meeting: MeetingState, attendUrl: string, now: number): string {
  const zone = meeting.timeZone;
  const location = [meeting.venue.room, meeting.venue.name, meeting.venue.city].filter(Boolean).join(', ');
  const description = [attendUrl, meeting.remoteUrl].filter(Boolean).join('\n');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Plenary//Plenary//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...vtimezone(zone, meeting.scheduledStart, meeting.scheduledEnd),
    'BEGIN:VEVENT',
    // Meeting ids are random and never reused: the id names the event wherever it is imported.
    `UID:plenary-${meeting.id}`,
    `DTSTAMP:${utcStamp(now)}`,
    `DTSTART;TZID=${zone}:${localStamp(meeting.scheduledStart, zoneOffsetMinutes(meeting.scheduledStart, zone))}`,
    `DTEND;TZID=${zone}:${localStamp(meeting.scheduledEnd, zoneOffsetMinutes(meeting.scheduledEnd, zone))}`,
    `SUMMARY:${escapeText(meeting.title)}`,
    ...(location ? [`LOCATION:${escapeText(location)}`] : []),
    `URL:${attendUrl}`,
    `DESCRIPTION:${escapeText(description)}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** Offset of `timeZone` from UTC at `at`, in minutes (Geneva in winter: 60). */
export function zoneOffsetMinutes(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return Math.round((asUtc - Math.floor(at / 60_000) * 60_000) / 60_000);
}

const HOUR = 3_600_000;

/** The instants in [from, to) at which the zone's offset changes, to the minute. */
function transitions(zone: string, from: number, to: number): number[] {
  const found: number[] = [];
  const step = 6 * HOUR;
  for (let at = from; at < to; at += step) {
    if (zoneOffsetMinutes(at, zone) === zoneOffsetMinutes(at + step, zone)) continue;
    let low = at;
    let high = at + step;
    while (high - low > 60_000) {
      const middle = low + Math.floor((high - low) / 120_000) * 60_000;
      if (zoneOffsetMinutes(middle, zone) === zoneOffsetMinutes(low, zone)) low = middle;
      else high = middle;
    }
    found.push(high);
  }
  return found;
}

/** Every offset change of the meeting's calendar years, as STANDARD and DAYLIGHT observances. */
function vtimezone(zone: string, start: number, end: number): string[] {
  const from = Date.UTC(new Date(start).getUTCFullYear(), 0, 1);
  const to = Date.UTC(new Date(end).getUTCFullYear() + 1, 0, 1);
  const changes = transitions(zone, from, to);
  const fixed = zoneOffsetMinutes(start, zone);
  const observances =
    changes.length === 0
      ? observance('STANDARD', Date.UTC(1970, 0, 1) - fixed * 60_000, fixed, fixed)
      : changes.flatMap((at) => {
          const before = zoneOffsetMinutes(at - 60_000, zone);
          const after = zoneOffsetMinutes(at, zone);
          return observance(after > before ? 'DAYLIGHT' : 'STANDARD', at, before, after);
        });
  return ['BEGIN:VTIMEZONE', `TZID:${zone}`, ...observances, 'END:VTIMEZONE'];
}

function observance(kind: 'STANDARD' | 'DAYLIGHT', at: number, fromMinutes: number, toMinutes: number): string[] {
  // DTSTART of an observance is the local time of the change, read with the offset in force before it.
  return [
    `BEGIN:${kind}`,
    `DTSTART:${localStamp(at, fromMinutes)}`,
    `TZOFFSETFROM:${offsetText(fromMinutes)}`,
    `TZOFFSETTO:${offsetText(toMinutes)}`,
    `END:${kind}`,
  ];
}

const two = (n: number) => String(n).padStart(2, '0');

function localStamp(at: number, offsetMinutes: number): string {
  const d = new Date(at + offsetMinutes * 60_000);
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}T${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
}

function utcStamp(at: number): string {
  return `${localStamp(at, 0)}Z`;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`;
}

/** TEXT values escape backslash, semicolon, comma and newline (RFC 5545, 3.3.11). */
function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets continue on the next line after a space (RFC 5545, 3.1), never inside a character. */
function fold(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const pieces: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const charSize = encoder.encode(char).length;
    const limit = pieces.length === 0 ? 75 : 74;
    if (size + charSize > limit) {
      pieces.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += charSize;
  }
  pieces.push(current);
  return pieces.join('\r\n ');
}
