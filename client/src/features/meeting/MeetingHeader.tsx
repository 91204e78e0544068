import { useTranslation } from 'react-i18next';
import { projectSchedule, scheduleDriftMinutes } from '../../../../shared/agenda.js';
import type { MeetingState } from '../../../../shared/model.js';
import { ConnectionBadge } from '../../components/ConnectionBadge.js';
import { LanguagePicker } from '../../components/LanguagePicker.js';
import { TimePair } from '../../components/TimePair.js';
import { formatDate } from '../../lib/time.js';
import { usePlenary } from '../../state/store.js';

export function venueLine(meeting: MeetingState): string {
  return [meeting.venue.room, meeting.venue.name, meeting.venue.city].filter(Boolean).join(', ');
}

/** Title, place, schedule, status, expected end and presence: what everybody needs at the top. */
export function MeetingHeader({ meeting, now }: { meeting: MeetingState; now: number }) {
  const { t, i18n } = useTranslation();
  const presence = usePlenary((state) => state.presence);
  const place = meeting.venue.city || meeting.venue.name;
  const { end } = projectSchedule(meeting, now);
  const driftMinutes = scheduleDriftMinutes(meeting, now);
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
      <p className="meeting-venue">{venueLine(meeting)}</p>
      <p className="meeting-schedule">
        {formatDate(meeting.scheduledStart, meeting.timeZone, i18n.language)} ·{' '}
        <TimePair at={meeting.scheduledStart} venueZone={meeting.timeZone} place={place} /> –{' '}
        <TimePair at={meeting.scheduledEnd} venueZone={meeting.timeZone} place={place} />
      </p>
      <div className="meeting-status-row">
        <span className={`status-pill status-${meeting.status}`} data-testid="meeting-status">
          {meeting.pausedAt !== null ? t('meeting.paused') : t(`meeting.status.${meeting.status}`)}
        </span>
        {meeting.status !== 'ended' && (
          <span className="projected-end" data-testid="projected-end">
            {t('meeting.projectedEnd')}: <TimePair at={end} venueZone={meeting.timeZone} place={place} />{' '}
            <span className={driftMinutes > 0 ? 'drift-behind' : 'drift-ok'}>
              {driftMinutes > 0
                ? t('meeting.behind', { minutes: driftMinutes })
                : driftMinutes < 0
                  ? t('meeting.ahead', { minutes: -driftMinutes })
                  : t('meeting.onTime')}
            </span>
          </span>
        )}
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
