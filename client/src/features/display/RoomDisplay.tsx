import { useTranslation } from 'react-i18next';
import { currentItem, itemElapsedMs, nextPendingItem } from '../../../../shared/agenda.js';
import { ConnectionBadge } from '../../components/ConnectionBadge.js';
import { formatClock, formatDuration, useServerNow } from '../../lib/time.js';
import { useMeeting, usePlenary } from '../../state/store.js';
import { venueLine } from '../meeting/MeetingHeader.js';
import { RefusedView } from '../meeting/RefusedView.js';
import { useMeetingConnection } from '../meeting/useMeetingConnection.js';

/** The projector in the room: large, read-only, readable from the back row. */
export function RoomDisplay({ meetingId }: { meetingId: string }) {
  const { t, i18n } = useTranslation();
  useMeetingConnection({ meetingId, display: true });
  const meeting = useMeeting();
  const refusal = usePlenary((state) => state.refusal);
  const now = useServerNow();
  if (refusal) return <RefusedView code={refusal.code} />;
  if (!meeting) return <p className="loading">{t('common.loading')}</p>;

  const item = currentItem(meeting);
  const next = nextPendingItem(meeting);
  const elapsed = item ? itemElapsedMs(item, now) : 0;
  const planned = item ? item.plannedMinutes * 60_000 : 0;
  return (
    <div className="display" data-testid="display">
      <header className="display-header">
        <span>{meeting.title}</span>
        <span>
          {venueLine(meeting)} · {formatClock(now, meeting.timeZone, i18n.language)}
        </span>
        <ConnectionBadge />
      </header>
      <main className="display-main">
        {meeting.status === 'ended' ? (
          <p className="display-message">{t('display.ended')}</p>
        ) : item ? (
          <>
            <p className="display-eyebrow">{meeting.pausedAt !== null ? t('display.paused') : t('agenda.now')}</p>
            <h1 className="display-title" data-testid="display-item">
              {item.title}
            </h1>
            <p className={`display-clock${elapsed > planned ? ' overrun' : ''}`} data-testid="display-clock">
              {formatDuration(elapsed, i18n.language)} / {formatDuration(planned, i18n.language)}
            </p>
          </>
        ) : (
          <p className="display-message">{t('display.waiting')}</p>
        )}
        {next && meeting.status !== 'ended' && (
          <p className="display-next">
            {t('display.next')}: {next.title}
          </p>
        )}
      </main>
    </div>
  );
}
