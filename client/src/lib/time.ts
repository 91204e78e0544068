import { useEffect, useState } from 'react';
import { usePlenary } from '../state/store.js';

/** The server's current time as this browser best knows it, refreshed every `intervalMs`. */
export function useServerNow(intervalMs = 500): number {
  const offset = usePlenary((state) => state.clockOffsetMs);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now + offset;
}

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function formatClock(ms: number, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(ms);
}

export function formatDate(ms: number, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'full' }).format(ms);
}

/** Whether two zones show a different wall-clock time at `at`. */
export function zonesDiffer(a: string, b: string, at: number): boolean {
  return formatClock(at, a, 'en-GB') !== formatClock(at, b, 'en-GB');
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
