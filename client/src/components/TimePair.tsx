import { useTranslation } from 'react-i18next';
import { formatClock, viewerTimeZone, zonesDiffer } from '../lib/time.js';

/** A moment in the venue's time and, when it differs, the viewer's own: "14:00 Geneva · 21:00 your time". */
export function TimePair({ at, venueZone, place }: { at: number; venueZone: string; place: string }) {
  const { t, i18n } = useTranslation();
  const mine = viewerTimeZone();
  const venue = t('time.venue', { time: formatClock(at, venueZone, i18n.language), place });
  // <bdi> keeps each time whole when Latin place names sit inside right-to-left text.
  if (!zonesDiffer(venueZone, mine, at)) return <bdi className="time-pair">{venue}</bdi>;
  return (
    <span className="time-pair">
      {venue} <span aria-hidden="true">·</span>{' '}
      <span className="time-mine">{t('time.yours', { time: formatClock(at, mine, i18n.language) })}</span>
    </span>
  );
}
