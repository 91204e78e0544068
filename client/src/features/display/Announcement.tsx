import './announcement.css';
import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../../shared/model.js';
import { formatDuration, useLocale } from '../../lib/time.js';

/**
 * The chair's projected message ("Break until 15:30"), with its countdown:
 * the same on the room display, the console and every participant's view.
 */
export function AnnouncementBanner({ meeting, now, large = false }: { meeting: MeetingState; now: number; large?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const announcement = meeting.announcement;
  if (!announcement) return null;
  const left = announcement.endsAt === null ? null : Math.max(0, announcement.endsAt - now);
  return (
    <section
      className={`announcement${large ? ' large' : ''}`}
      aria-label={t('chair.announcement')}
      data-testid="announcement"
      role="status"
    >
      <p className="announcement-text">{announcement.text}</p>
      {left !== null && (
        <p className="announcement-countdown" data-testid="announcement-countdown" dir="ltr">
          {left > 0 ? formatDuration(left, locale) : t('chair.countdownOver')}
        </p>
      )}
    </section>
  );
}
