import { useTranslation } from 'react-i18next';
import './display.css';
import { currentItem, itemElapsedMs, nextPendingItem } from '../../../../shared/agenda.js';
import { ConnectionBadge } from '../../components/ConnectionBadge.js';
import { MeetingQr } from '../../components/MeetingQr.js';
import { formatClock, formatDuration, useLocale, useServerNow } from '../../lib/time.js';
import { useMeeting, usePlenary } from '../../state/store.js';
import { FloorAnnouncer, SpeakerClock } from '../floor/SpeakerCard.js';
import { venueLine } from '../meeting/MeetingHeader.js';
import { RefusedView } from '../meeting/RefusedView.js';
import { useMeetingConnection } from '../meeting/useMeetingConnection.js';

/** The projector in the room: large, read-only, readable from the back row. */
export function RoomDisplay({ meetingId }: { meetingId: string }) {
  const { t, i18n } = useTranslation();
  const locale = useLocale();
  useMeetingConnection({ meetingId, display: true });
  const meeting = useMeeting();
  const refusal = usePlenary((state) => state.refusal);
  const now = useServerNow(250);
  if (refusal) return <RefusedView code={refusal.code} />;
  if (!meeting) return <p className="loading">{t('common.loading')}</p>;

  const item = currentItem(meeting);
  const nextItem = nextPendingItem(meeting);
  const speaker = meeting.floor.current;
  const upcoming = meeting.floor.queue.slice(0, 3);
  const highlighted = meeting.questions.items.find((question) => question.id === meeting.questions.highlightedId);
  const elapsed = item ? itemElapsedMs(item, now) : 0;
  const planned = item ? item.plannedMinutes * 60_000 : 0;
  return (
    <div className="display" data-testid="display">
      <FloorAnnouncer speaker={speaker} now={now} />
      <header className="display-header">
        <span>{meeting.title}</span>
        <span>
          {/* Isolated, so that in Arabic a time keeps its AM/PM marker and the Latin room name stays whole. */}
          <bdi>{venueLine(meeting)}</bdi> · <bdi data-testid="display-time">{formatClock(now, meeting.timeZone, locale)}</bdi>
        </span>
        <ConnectionBadge />
      </header>
      <main className="display-main">
        {meeting.status === 'ended' ? (
          <p className="display-message">{t('display.ended')}</p>
        ) : (
          <>
            {item ? (
              <div className={speaker ? 'display-item compact' : 'display-item'}>
                <p className="display-eyebrow">{meeting.pausedAt !== null ? t('display.paused') : t('agenda.now')}</p>
                <h1 className="display-title" data-testid="display-item">
                  {item.title}
                </h1>
                <p className={`display-clock${elapsed > planned ? ' overrun' : ''}`} data-testid="display-clock" dir="ltr">
                  {formatDuration(elapsed, i18n.language)} / {formatDuration(planned, i18n.language)}
                </p>
              </div>
            ) : (
              <p className="display-message">{t('display.waiting')}</p>
            )}
            {speaker && (
              <section className="display-speaker" aria-label={t('floor.speaking')}>
                <p className="display-eyebrow">{t('floor.speaking')}</p>
                <p className="display-speaker-name" data-testid="display-speaker">
                  {speaker.entry.name}
                  {speaker.entry.affiliation && <span className="display-affiliation"> · {speaker.entry.affiliation}</span>}
                  <span className="display-affiliation"> · {t(`attendance.${speaker.entry.attendance}`)}</span>
                </p>
                <SpeakerClock speaker={speaker} now={now} large />
              </section>
            )}
            {highlighted && (
              <section className="display-question" aria-label={t('questions.highlighted')} data-testid="display-question">
                <p className="display-eyebrow">{t('questions.highlighted')}</p>
                <p className="display-question-text">{highlighted.text}</p>
                <p className="display-affiliation">
                  {highlighted.author ? highlighted.author.name : t('questions.anonymousAuthor')}
                </p>
              </section>
            )}
            {upcoming.length > 0 && (
              <section className="display-next-speakers" aria-label={t('display.nextSpeakers')}>
                <p className="display-eyebrow">{t('display.nextSpeakers')}</p>
                <ol data-testid="display-next-speakers">
                  {upcoming.map((entry) => (
                    <li key={entry.id}>
                      {entry.name} <span className="display-affiliation">· {t(`floor.types.${entry.type}`)}</span>
                    </li>
                  ))}
                </ol>
              </section>
            )}
            {nextItem && !speaker && (
              <p className="display-next">
                {t('display.next')}: {nextItem.title}
              </p>
            )}
          </>
        )}
      </main>
      <aside className="display-qr">
        <MeetingQr url={`${window.location.origin}/m/${encodeURIComponent(meetingId)}`} />
      </aside>
    </div>
  );
}
