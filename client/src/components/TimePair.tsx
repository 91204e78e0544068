import { useTranslation } from 'react-i18next';
import { isolate } from '../lib/bidi.js';
import { formatClock, formatViewerTime, useLocale, viewerTimeZone, zonesDiffer } from '../lib/time.js';

/**
 * A moment in the venue's time and, when it differs, the viewer's own, with the viewer's date when
 * their day is not the venue's: "05:20 Geneva · Thu 27 Feb, 11:20 PM your time".
 */
export function TimePair({ at, venueZone, place }: { at: number; venueZone: string; place: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const mine = viewerTimeZone();
  // Isolated parts keep each time whole (AM/PM included) when Latin place names sit inside right-to-left text.
  const venue = t('time.venue', { time: isolate(formatClock(at, venueZone, locale)), place: isolate(place) });
  if (!zonesDiffer(venueZone, mine, at)) return <bdi className="time-pair">{venue}</bdi>;
  return (
    <span className="time-pair">
      <bdi>{venue}</bdi> <span aria-hidden="true">·</span>{' '}
      <bdi className="time-mine" data-testid="time-mine">
        {t('time.yours', { time: isolate(formatViewerTime(at, venueZone, mine, locale)) })}
      </bdi>
    </span>
  );
}
