import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import './display.css';
import { currentItem, itemElapsedMs, nextPendingItem } from '../../../../shared/agenda.js';
import { speakerRemainingMs } from '../../../../shared/floor.js';
import type { CurrentSpeaker, MeetingState } from '../../../../shared/model.js';
import { ConnectionBadge } from '../../components/ConnectionBadge.js';
import { MeetingQr } from '../../components/MeetingQr.js';
import { dayIn, formatClock, formatDate, formatDuration, useLocale, useServerNow } from '../../lib/time.js';
import { useMeeting, usePlenary } from '../../state/store.js';
import { SpeakerClock } from '../floor/SpeakerCard.js';
import { venueLine } from '../meeting/MeetingHeader.js';
import { RefusedView } from '../meeting/RefusedView.js';
import { useMeetingConnection } from '../meeting/useMeetingConnection.js';
import { recordUrl } from '../moderator/RecordDownload.js';
import { AnnouncementBanner } from './Announcement.js';
import { DisplayLanguagePicker } from './DisplayLanguage.js';
import { useFit, useWindowSize } from './useFit.js';

/**
 * What the projector gives up, step by step, when the screen is full (the chair's message, a long
 * question, a small projector): never the speaker, their clock, the item or the message. The main
 * column sets the running item on one line, drops the next item's line, then shrinks as a whole.
 */
const MAIN_STEPS = [
  { nextItem: true, compactItem: false, zoom: 1 },
  { nextItem: true, compactItem: true, zoom: 1 },
  { nextItem: false, compactItem: true, zoom: 1 },
  ...[0.9, 0.8, 0.7, 0.6, 0.5].map((zoom) => ({ nextItem: false, compactItem: true, zoom })),
] as const;
/**
 * The side column drops the next speakers' details, then speakers (the rest are counted), then
 * shrinks the QR code. `full` and `floor`: speakers shown in each view (`?view=floor` has no QR code).
 */
const SIDE_STEPS = [
  { full: 5, floor: 12, details: true, qr: 'large' },
  { full: 5, floor: 12, details: false, qr: 'large' },
  { full: 3, floor: 8, details: false, qr: 'large' },
  { full: 3, floor: 5, details: false, qr: 'normal' },
  { full: 1, floor: 3, details: false, qr: 'normal' },
  { full: 1, floor: 1, details: false, qr: 'small' },
  { full: 0, floor: 0, details: false, qr: 'small' },
] as const;
/** Agenda items listed before the meeting starts; more are counted. */
const AGENDA_PREVIEW = 8;
/** A question longer than this is set smaller, so that it fits whole instead of being cut. */
const LONG_QUESTION = 180;

/** `/display?view=floor`: the speakers list alone, for a second screen or a stream overlay. */
export function displayView(): 'full' | 'floor' {
  return new URLSearchParams(window.location.search).get('view') === 'floor' ? 'floor' : 'full';
}

/** Who speaks, their clock, and — when their connection dropped — that the room is waiting for them. */
function Speaker({ speaker, now }: { speaker: CurrentSpeaker; now: number }) {
  const { t } = useTranslation();
  const droppedAt = usePlenary((state) => state.presence.offline[speaker.entry.participantId]);
  const clockRuns = speaker.runningSince !== null;
  return (
    <section className="display-speaker" aria-label={t('floor.speaking')}>
      <p className="display-eyebrow">{t('floor.speaking')}</p>
      <p className="display-speaker-name" data-testid="display-speaker">
        {speaker.entry.name}
        {speaker.entry.affiliation && <span className="display-affiliation"> · {speaker.entry.affiliation}</span>}
        <span className="display-affiliation"> · {t(`attendance.${speaker.entry.attendance}`)}</span>
      </p>
      {droppedAt !== undefined && (
        <p className="display-dropped" data-testid="display-dropped" role="status">
          {t('chair.displayReconnecting')} · {clockRuns ? t('chair.clockRunning') : t('chair.clockStopped')}
        </p>
      )}
      <SpeakerClock speaker={speaker} now={now} large />
    </section>
  );
}

function NextSpeakers({ meeting, limit, details }: { meeting: MeetingState; limit: number; details: boolean }) {
  const { t } = useTranslation();
  const upcoming = meeting.floor.queue.slice(0, limit);
  if (meeting.floor.queue.length === 0 && meeting.floor.open) return null;
  const more = meeting.floor.queue.length - upcoming.length;
  return (
    <section className="display-next-speakers" aria-label={t('display.nextSpeakers')}>
      <p className="display-eyebrow">{t('display.nextSpeakers')}</p>
      {/* The chair's console and the phones say it; the room, asking to speak, needs it most. */}
      {!meeting.floor.open && (
        <p className="display-floor-closed" data-testid="display-floor-closed">
          {t('floor.closed')}
        </p>
      )}
      {upcoming.length > 0 && (
        <ol data-testid="display-next-speakers">
          {upcoming.map((entry) => (
            <li key={entry.id}>
              <span className="display-entry-name">{entry.name}</span>
              {details && (
                <>
                  {' '}
                  <span className="display-affiliation">
                    · {t(`floor.types.${entry.type}`)} · {t(`attendance.${entry.attendance}`)}
                  </span>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      {more > 0 && <p className="display-more">{t('chair.displayMore', { count: more })}</p>}
    </section>
  );
}

/**
 * The display's words for screen readers, taken from the meeting as it is now (who speaks, whether their
 * time is up, whether it has ended), so that they never name a speaker who has finished or a clock that
 * ran out before the end. Polite: each change is said once, when it happens.
 */
function DisplayAnnouncer({ meeting, now }: { meeting: MeetingState; now: number }) {
  const { t } = useTranslation();
  const speaker = meeting.floor.current;
  const remaining = speaker ? speakerRemainingMs(speaker, now) : null;
  const message =
    meeting.status === 'ended'
      ? t('agenda.announceEnded')
      : speaker === null
        ? t('floor.nobodySpeaking')
        : remaining !== null && remaining <= 0
          ? `${t('floor.timeUp')}: ${speaker.entry.name}`
          : t('floor.announceSpeaker', { name: speaker.entry.name });
  return (
    <div className="visually-hidden" aria-live="polite" data-testid="display-announcer">
      {message}
    </div>
  );
}

/** Before the meeting: when it starts, in the venue's time (and its date when that is not today), and what it will cover. */
function BeforeStart({ meeting, now }: { meeting: MeetingState; now: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const place = meeting.venue.city || meeting.venue.name;
  const { scheduledStart, timeZone } = meeting;
  const today = dayIn(scheduledStart, timeZone) === dayIn(now, timeZone);
  const items = meeting.agenda.items.slice(0, AGENDA_PREVIEW);
  const more = meeting.agenda.items.length - items.length;
  return (
    <div className="display-before" data-testid="display-before">
      <p className="display-eyebrow">{t('display.waiting')}</p>
      <p className="display-starts" data-testid="display-starts">
        {t('chair.displayStartsAt', { time: formatClock(scheduledStart, timeZone, locale), place })}
      </p>
      {!today && (
        <p className="display-date" data-testid="display-date">
          {formatDate(scheduledStart, timeZone, locale)}
        </p>
      )}
      {items.length > 0 && (
        <ol className="display-agenda" data-testid="display-agenda">
          {items.map((item) => (
            <li key={item.id}>
              <span className="display-entry-name">{item.title}</span>{' '}
              <span className="display-duration">· {t('common.minutes', { count: item.plannedMinutes })}</span>
            </li>
          ))}
        </ol>
      )}
      {more > 0 && <p className="display-more">{t('chair.displayMoreItems', { count: more })}</p>}
    </div>
  );
}

/** The projector in the room: large, read-only, readable from the back row, fitting any screen from 1024×768 up. */
export function RoomDisplay({ meetingId }: { meetingId: string }) {
  const { t, i18n } = useTranslation();
  const locale = useLocale();
  useMeetingConnection({ meetingId, display: true });
  const meeting = useMeeting();
  const refusal = usePlenary((state) => state.refusal);
  const now = useServerNow();
  const view = displayView();
  const { width, height } = useWindowSize();
  const offline = usePlenary((state) => state.presence.offline);
  // The speaker's dropped connection adds a line.
  const dropped = meeting?.floor.current ? offline[meeting.floor.current.entry.participantId] !== undefined : false;
  const main = useRef<HTMLElement>(null);
  const side = useRef<HTMLElement>(null);
  const fit = useFit(
    [meeting, dropped, i18n.language, width, height, view],
    { main, side },
    {
      main: MAIN_STEPS.length,
      side: SIDE_STEPS.length,
    },
  );
  if (refusal) return <RefusedView code={refusal.code} />;
  if (!meeting) return <p className="loading">{t('common.loading')}</p>;

  const mainStep = MAIN_STEPS[fit.main] ?? MAIN_STEPS[0];
  const sideStep = SIDE_STEPS[fit.side] ?? SIDE_STEPS[0];
  const item = currentItem(meeting);
  const nextItem = nextPendingItem(meeting);
  const speaker = meeting.floor.current;
  const highlighted = meeting.questions.items.find((question) => question.id === meeting.questions.highlightedId);
  const elapsed = item ? itemElapsedMs(item, now) : 0;
  const planned = item ? item.plannedMinutes * 60_000 : 0;
  const qrSize = speaker === null && view === 'full' ? sideStep.qr : sideStep.qr === 'large' ? 'normal' : sideStep.qr;
  return (
    <div className={`display display-${view}`} data-testid="display">
      <DisplayAnnouncer meeting={meeting} now={now} />
      <header className="display-header">
        <span>{meeting.title}</span>
        <span>
          {/* Isolated, so that in Arabic a time keeps its AM/PM marker and the Latin room name stays whole. */}
          <bdi>{venueLine(meeting)}</bdi> · <bdi data-testid="display-time">{formatClock(now, meeting.timeZone, locale)}</bdi>
        </span>
        <span className="display-header-end">
          <DisplayLanguagePicker />
          <ConnectionBadge />
        </span>
      </header>
      {/* Across the screen, so that the back row sees it: the NOW label alone was too small. */}
      {meeting.pausedAt !== null && (
        <p className="display-paused" data-testid="display-paused">
          {t('display.meetingPaused')}
        </p>
      )}
      <AnnouncementBanner meeting={meeting} now={now} large />
      <div className="display-body">
        <main className="display-main" ref={main} style={mainStep.zoom === 1 ? undefined : { zoom: mainStep.zoom }}>
          {meeting.status === 'ended' ? (
            <div className="display-ended">
              <p className="display-message">{t('display.ended')}</p>
              <p>
                <a href={recordUrl(meeting.id, 'html', i18n.language)} data-testid="display-record" className="display-record">
                  {t('record.download')}
                </a>
              </p>
            </div>
          ) : view === 'floor' ? (
            speaker ? (
              <Speaker speaker={speaker} now={now} />
            ) : (
              <p className="display-message">{t('floor.nobodySpeaking')}</p>
            )
          ) : (
            <>
              {meeting.status === 'scheduled' && !item && !speaker ? (
                <BeforeStart meeting={meeting} now={now} />
              ) : item ? (
                <div className={speaker || mainStep.compactItem ? 'display-item compact' : 'display-item'}>
                  <p className="display-eyebrow">{meeting.pausedAt !== null ? t('display.paused') : t('agenda.now')}</p>
                  <h1 className="display-title" data-testid="display-item">
                    {item.title}
                  </h1>
                  <p className={`display-clock${elapsed > planned ? ' overrun' : ''}`} data-testid="display-clock" dir="ltr">
                    {formatDuration(elapsed, locale)} / {formatDuration(planned, locale)}
                  </p>
                </div>
              ) : (
                <p className="display-message">{t('chair.displayBetweenItems')}</p>
              )}
              {speaker && <Speaker speaker={speaker} now={now} />}
              {highlighted && (
                <section
                  className={`display-question${highlighted.text.length > LONG_QUESTION ? ' long' : ''}`}
                  aria-label={t('questions.highlighted')}
                  data-testid="display-question"
                >
                  <p className="display-eyebrow">{t('questions.highlighted')}</p>
                  <p className="display-question-text">{highlighted.text}</p>
                  <p className="display-affiliation">
                    {highlighted.author ? highlighted.author.name : t('questions.anonymousAuthor')}
                  </p>
                </section>
              )}
              {nextItem && !speaker && meeting.status !== 'scheduled' && mainStep.nextItem && (
                <p className="display-next" data-testid="display-next-item">
                  {t('display.next')}: {nextItem.title}
                </p>
              )}
            </>
          )}
        </main>
        <aside className="display-side" ref={side}>
          {meeting.status !== 'ended' && <NextSpeakers meeting={meeting} limit={sideStep[view]} details={sideStep.details} />}
          {view === 'full' && (
            <div className={`display-qr ${qrSize}`}>
              <MeetingQr url={`${window.location.origin}/m/${encodeURIComponent(meetingId)}`} />
            </div>
          )}
        </aside>
      </div>
    </div>
  );
}
