import './announcement.css';
import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../../shared/model.js';
import { formatDuration, useLocale } from '../../lib/time.js';

/**
 * The chair's projected message ("Break until 15:30"), with its countdown:
 * the same on the room display, the console and every participant's view.
 * Its strings are in the extra bundle: whoever shows it loads that first.
 */
export function AnnouncementBanner({ meeting, now, large = false }: { meeting: MeetingState; now: number; large?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const announcement = meeting.announcement;
  if (!announcement) return null;
  const left = announcement.endsAt === null ? null : Math.max(0, announcement.endsAt - now);
  return (
    <section className={`announcement${large ? ' large' : ''}`} aria-label={t('chair.announcement')} data-testid="announcement">
      {/* Screen readers hear the message and the end of its countdown, not every second of it. */}
      <p className="announcement-text" role="status">
        {announcement.text}
        {left === 0 && (
          <span className="announcement-countdown" data-testid="announcement-over">
            {t('chair.countdownOver')}
          </span>
        )}
      </p>
      {left !== null && left > 0 && (
        // Labelled: a bare "19:29" reads as a time of day, in another zone all the more.
        <p className="announcement-countdown" data-testid="announcement-countdown">
          <span className="announcement-countdown-label">{t('chair.countdownLeft')}</span>{' '}
          <bdi className="announcement-countdown-figure" dir="ltr">
            {formatDuration(left, locale)}
          </bdi>
        </p>
      )}
    </section>
  );
}
