import { type ReactNode, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlenary } from '../state/store.js';

// One clock for the whole page, running only while something shows time: every countdown on a
// screen moves at the same moment.
let clockNow = Date.now();
let clockTimer: ReturnType<typeof setInterval> | undefined;
const clockListeners = new Set<() => void>();

function subscribeClock(listener: () => void): () => void {
  clockListeners.add(listener);
  // Stopped until now: catch up at once (React re-reads the clock after subscribing).
  if (clockTimer === undefined) clockNow = Date.now();
  clockTimer ??= setInterval(() => {
    clockNow = Date.now();
    for (const notify of clockListeners) notify();
  }, 500);
  return () => {
    clockListeners.delete(listener);
    if (clockListeners.size === 0) {
      clearInterval(clockTimer);
      clockTimer = undefined;
    }
  };
}

/**
 * The server's current time as this browser best knows it, twice a second. Called by the parts
 * that show time, not by whole views: a tick re-renders a countdown, not a list of hundreds.
 */
export function useServerNow(): number {
  const offset = usePlenary((state) => state.clockOffsetMs);
  return useSyncExternalStore(subscribeClock, () => clockNow) + offset;
}

/** What shows time, given the clock's value: only it re-renders at each tick, not the view around it. */
export function Ticking({ children }: { children: (now: number) => ReactNode }): ReactNode {
  return children(useServerNow());
}

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const resolvedLocales = new Map<string, string>();

/**
 * The locale to format with: the chosen language in the browser's own region when the browser
 * speaks that language (en-GB: 24-hour clock, en-US: 12-hour), else the language alone. Remembered:
 * every counted phrase asks, and asking `Intl` each time cost a list of a thousand questions dearly.
 */
export function localeFor(language: string, browserTags: readonly string[]): string {
  const key = `${language} ${browserTags.join(' ')}`;
  let locale = resolvedLocales.get(key);
  if (locale === undefined) {
    locale = resolveLocale(language, browserTags);
    resolvedLocales.set(key, locale);
  }
  return locale;
}

function resolveLocale(language: string, browserTags: readonly string[]): string {
  const match = browserTags.find((tag) => tag.toLowerCase().split('-')[0] === language.toLowerCase());
  if (!match) return language;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([match]).length > 0 ? match : language;
  } catch {
    return language;
  }
}

/** The formatting locale of this page: the interface language, in the browser's region. */
export function useLocale(): string {
  const { i18n } = useTranslation();
  return localeFor(i18n.language, typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]));
}

/** "05:14" on a 24-hour clock (en-GB, fr), "05:14 AM" on a 12-hour one (en-US): the locale decides. */
/**
 * Joins a time to its day-period marker with a no-break space: Arabic writes "04:00 م" with a plain
 * one, so the marker could start the next line. Other spaces (of a long date) still break.
 */
export const keepTimesWhole = (text: string): string =>
  text.replace(/([0-9\u0660-\u0669]) (?=[^\s0-9\u0660-\u0669,،]{1,4}(?:\s|$))/g, '$1\u00a0');

/** A time of day, which never breaks across lines. */
export function formatClock(ms: number, timeZone: string, locale: string): string {
  return keepTimesWhole(new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(ms));
}

export function formatDate(ms: number, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'full' }).format(ms);
}

/** The calendar day at `ms` in `timeZone`, comparable across zones ("2020-02-28"). */
export function dayIn(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** Whether two zones show a different wall-clock time at `at`. */
export function zonesDiffer(a: string, b: string, at: number): boolean {
  const clock = (zone: string) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(at);
  return clock(a) !== clock(b) || dayIn(at, a) !== dayIn(at, b);
}

/**
 * A moment in the viewer's own zone, as the viewer reads it: the time alone when the viewer's
 * day is the venue's day, else with the viewer's date ("Thu 27 Feb, 23:20").
 */
export function formatViewerTime(ms: number, venueZone: string, viewerZone: string, locale: string): string {
  if (dayIn(ms, venueZone) === dayIn(ms, viewerZone)) return formatClock(ms, viewerZone, locale);
  return keepTimesWhole(
    new Intl.DateTimeFormat(locale, {
      timeZone: viewerZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    }).format(ms),
  );
}

/** 4:05 or 1:02:09, in the locale's digits. */
export function formatDuration(ms: number, locale: string): string {
  const totalSeconds = Math.floor(Math.max(0, ms) / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const two = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  const one = new Intl.NumberFormat(locale, { useGrouping: false });
  return hours > 0
    ? `${one.format(hours)}:${two.format(minutes)}:${two.format(seconds)}`
    : `${one.format(minutes)}:${two.format(seconds)}`;
}

/** "in 5 minutes", "in 3 hours", "tomorrow": how far ahead a start is, in the locale's words and plurals. */
export function formatTimeUntil(ms: number, locale: string): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 90) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return format.format(hours, 'hour');
  return format.format(Math.round(hours / 24), 'day');
}
