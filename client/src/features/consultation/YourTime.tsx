import { useTranslation } from 'react-i18next';
import { isolate } from '../../lib/bidi.js';
import { zonesDiffer } from '../../lib/time.js';
import { formatDateTime, viewerTimeZone, zoneLabel } from './format.js';

/** A moment in the venue's time with its zone named: "Monday 3 February 2020 at 23:59 (Europe/Zurich)". */
export function formatZoned(ms: number, zone: string, locale: string): string {
  return isolate(`${formatDateTime(ms, zone, locale)} (${zoneLabel(zone, ms, locale)})`);
}

/** The same moment in the viewer's own zone, when the viewer's clock reads otherwise; nothing when it does not. */
export function YourTime({ ms, zone, locale }: { ms: number; zone: string; locale: string }) {
  const { t } = useTranslation();
  const mine = viewerTimeZone();
  if (!zonesDiffer(zone, mine, ms)) return null;
  return (
    <p className="time-mine" data-testid="your-time">
      {t('consultation.yourTime', { zone: zoneLabel(mine, ms, locale) })}: <bdi>{formatDateTime(ms, mine, locale)}</bdi>
    </p>
  );
}
