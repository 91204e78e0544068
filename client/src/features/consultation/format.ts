import { viewerTimeZone } from '../../lib/time.js';

/** Date and time with the weekday, in a zone: timelines need the date, not only the clock. */
export function formatDateTime(ms: number, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(ms);
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

/** How a time zone is named on the consultation pages. */
export function zoneLabel(zone: string, _at: number, _locale: string): string {
  return zone;
}
