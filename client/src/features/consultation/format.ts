import { dayIn, keepTimesWhole, viewerTimeZone } from '../../lib/time.js';

/** Date and time with the weekday, in a zone: timelines need the date, not only the clock. */
export function formatDateTime(ms: number, timeZone: string, locale: string): string {
  return keepTimesWhole(new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(ms));
}

export function formatDay(ms: number, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'long' }).format(ms);
}

/** "3 d 04:05:06" style countdown in the locale's digits. */
export function formatCountdown(ms: number, locale: string): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const two = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  const clock = `${two.format(Math.floor((total % 86_400) / 3600))}:${two.format(Math.floor((total % 3600) / 60))}:${two.format(total % 60)}`;
  if (days === 0) return clock;
  return `${new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'short' }).format(days)} ${clock}`;
}

export { viewerTimeZone };

/**
 * A time zone as people read it, in the page's language and for the season of `at` ("Central European
 * Standard Time", "heure normale d’Europe centrale"); the IANA id only where Intl has no name.
 */
export function zoneLabel(zone: string, at: number, locale: string): string {
  try {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'long' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value;
    return name ?? zone;
  } catch {
    return zone;
  }
}

/** The end of a span that starts at `start`: the clock alone on the same day in `timeZone`, else with its date. */
export function formatEnd(end: number, start: number, timeZone: string, locale: string): string {
  if (dayIn(end, timeZone) !== dayIn(start, timeZone)) return formatDateTime(end, timeZone, locale);
  return keepTimesWhole(new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' }).format(end));
}
