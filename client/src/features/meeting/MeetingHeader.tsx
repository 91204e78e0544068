import { useTranslation } from 'react-i18next';
import { projectSchedule } from '../../../../shared/agenda.js';
import type { MeetingState } from '../../../../shared/model.js';
import { ConnectionBadge } from '../../components/ConnectionBadge.js';
import { LanguagePicker } from '../../components/LanguagePicker.js';
import { TimePair } from '../../components/TimePair.js';
import { isolate } from '../../lib/bidi.js';
import { scheduleStatus } from '../../lib/schedule.js';
import { formatDate, formatTimeUntil, useLocale, useServerNow } from '../../lib/time.js';
import { usePlenary } from '../../state/store.js';

export function venueLine(meeting: MeetingState): string {
  return [meeting.venue.room, meeting.venue.name, meeting.venue.city].filter(Boolean).join(', ');
}

/** Before the start, the time to it; then how late or early the current item began against the plan. */
export function ScheduleLine({ meeting }: { meeting: MeetingState }) {
  const now = useServerNow();
  const { t } = useTranslation();
  const locale = useLocale();
  const status = scheduleStatus(meeting, now);
  switch (status?.kind) {
    case undefined:
      return null;
    case 'countdown':
      return (
        <span className="schedule-note" data-testid="schedule">
          {t('schedule.startsIn', { when: isolate(formatTimeUntil(status.msToStart, locale)) })}
        </span>
      );
    case 'delayed':
      return (
        <span className="schedule-note drift-behind" data-testid="schedule">
          {t('schedule.startDelayed', { count: status.minutes })}
        </span>
      );
    case 'running': {
      const item =
        status.itemMinutes > 0
          ? t('schedule.late', { count: status.itemMinutes })
          : status.itemMinutes < 0
            ? t('schedule.early', { count: -status.itemMinutes })
            : t('schedule.onTime');
      return (
        <span className={`schedule-note ${status.itemMinutes > 0 ? 'drift-behind' : 'drift-ok'}`} data-testid="schedule">
          {item}
        </span>
      );
    }
  }
}

/** The end expected from actual progress, and, once running, how it compares with the planned end. */
export function ExpectedEnd({ meeting }: { meeting: MeetingState }) {
  const now = useServerNow();
  const { t } = useTranslation();
  const { end } = projectSchedule(meeting, now);
  const status = scheduleStatus(meeting, now);
  const place = meeting.venue.city || meeting.venue.name;
  return (
    <span className="projected-end" data-testid="projected-end">
      {t('meeting.projectedEnd')}: <TimePair at={end} venueZone={meeting.timeZone} place={place} />{' '}
      {status?.kind === 'running' && (
        <span className={status.endLateMinutes > 0 ? 'drift-behind' : 'drift-ok'} data-testid="end-drift">
          {status.endLateMinutes > 0 ? t('schedule.endLate', { count: status.endLateMinutes }) : t('schedule.endOnTime')}
        </span>
      )}
    </span>
  );
}

/** Title, place, schedule, status, expected end and presence: what everybody needs at the top. */
export function MeetingHeader({ meeting }: { meeting: MeetingState }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const presence = usePlenary((state) => state.presence);
  const place = meeting.venue.city || meeting.venue.name;
  return (
    <header className="meeting-header">
      <div className="meeting-header-top">
        <a className="brand" href="/" aria-label={t('common.home')}>
          {t('app.name')}
        </a>
        <ConnectionBadge />
        <LanguagePicker />
      </div>
      <h1 data-testid="meeting-title">{meeting.title}</h1>
      <p className="meeting-venue">
        <bdi>{venueLine(meeting)}</bdi>
      </p>
      <p className="meeting-schedule">
        <bdi>{formatDate(meeting.scheduledStart, meeting.timeZone, locale)}</bdi> ·{' '}
        <TimePair at={meeting.scheduledStart} venueZone={meeting.timeZone} place={place} /> –{' '}
        <TimePair at={meeting.scheduledEnd} venueZone={meeting.timeZone} place={place} />{' '}
        <a
          className="calendar-link"
          href={`/api/meetings/${encodeURIComponent(meeting.id)}/calendar.ics`}
          download
          data-testid="calendar"
        >
          {t('schedule.addToCalendar')}
        </a>
      </p>
      <div className="meeting-status-row">
        <span className={`status-pill status-${meeting.status}`} data-testid="meeting-status">
          {meeting.pausedAt !== null ? t('meeting.paused') : t(`meeting.status.${meeting.status}`)}
        </span>
        <ScheduleLine meeting={meeting} />
        {meeting.status !== 'ended' && <ExpectedEnd meeting={meeting} />}
      </div>
      <p className="presence" data-testid="presence">
        <span className="visually-hidden">{t('meeting.presence')}</span>
        <span>{t('meeting.inRoom', { count: presence.inRoom })}</span>
        <span>{t('meeting.remote', { count: presence.remote })}</span>
        <span>{t('meeting.attendees', { count: presence.attendees })}</span>
      </p>
      {meeting.remoteUrl && (
        <p>
          <a href={meeting.remoteUrl} target="_blank" rel="noreferrer noopener">
            {t('meeting.remoteLink')}
          </a>
        </p>
      )}
    </header>
  );
}
