/**
 * Wall-clock time in a venue's IANA time zone ⇄ instants, to the second,
 * with Intl alone (the zone database of the runtime), so server and browser
 * agree and daylight-saving changes are handled by the same tables.
 */

/** The offset of `timeZone` from UTC at instant `at`, in ms (Geneva in winter: +3,600,000). */
export function zoneOffsetAt(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** "2020-02-03T23:59" or "2020-02-03T23:59:59": a wall time without a zone. */
export const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant at which the wall clock in `timeZone` reads `wallTime`. A time
 * skipped by a spring-forward change resolves to the instant one offset later
 * (02:30 → 03:30); a time repeated in autumn resolves to its first occurrence.
 */
export function wallTimeToInstant(wallTime: string, timeZone: string): number {
  const match = WALL_TIME.exec(wallTime);
  if (!match) return Number.NaN;
  const [y, mo, d, h, mi, s] = match.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  // The offset before the wall time, then after it: the first that maps back to the same wall time wins.
  const earlier = asUtc - zoneOffsetAt(asUtc - 86_400_000, timeZone);
  const later = asUtc - zoneOffsetAt(asUtc + 86_400_000, timeZone);
  for (const candidate of [Math.min(earlier, later), Math.max(earlier, later)]) {
    if (candidate + zoneOffsetAt(candidate, timeZone) === asUtc) return candidate;
  }
  // In a gap: no instant reads this wall time; take the offset from before the change.
  return asUtc - zoneOffsetAt(asUtc - 86_400_000, timeZone);
}

/** The wall time ("2020-02-03T23:59:59") that `instant` reads in `timeZone`. */
export function instantToWallTime(instant: number, timeZone: string): string {
  return new Date(Math.floor(instant / 1000) * 1000 + zoneOffsetAt(instant, timeZone)).toISOString().slice(0, 19);
}

/**
 * A zoned instant given either with an explicit offset (ISO 8601) or as a wall
 * time read in the venue's zone. Returns epoch ms, or NaN when unreadable.
 */
export function resolveZonedInstant(value: string, timeZone: string): number {
  if (WALL_TIME.test(value)) return wallTimeToInstant(value, timeZone);
  return /(?:Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
}

/**
 * Moves an instant by whole weeks of the venue's calendar: the weekday and the
 * time of day stay the same, whatever daylight-saving changes lie between.
 */
export function shiftByWeeks(instant: number, weeks: number, timeZone: string): number {
  const wall = instantToWallTime(instant, timeZone);
  const shifted = new Date(Date.parse(`${wall}Z`) + weeks * 7 * 86_400_000).toISOString().slice(0, 19);
  return wallTimeToInstant(shifted, timeZone);
}

/** The last instant (ms) of the venue's calendar day that contains `instant`. */
export function endOfVenueDay(instant: number, timeZone: string): number {
  const day = instantToWallTime(instant, timeZone).slice(0, 10);
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 19);
  return wallTimeToInstant(next, timeZone) - 1;
}
