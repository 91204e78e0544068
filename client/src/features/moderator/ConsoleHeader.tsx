import { useTranslation } from 'react-i18next';
import { projectSchedule, scheduleDriftMinutes } from '../../../../shared/agenda.js';
import type { MeetingState } from '../../../../shared/model.js';
import { ConnectionBadge } from '../../components/ConnectionBadge.js';
import { LanguagePicker } from '../../components/LanguagePicker.js';
import { TimePair } from '../../components/TimePair.js';
import { usePlenary } from '../../state/store.js';

/** One line for the console: the chair needs the room's controls on the first screen, not the meeting's brochure. */
export function ConsoleHeader({ meeting, now, onHelp }: { meeting: MeetingState; now: number; onHelp: () => void }) {
  const { t } = useTranslation();
  const moderator = usePlenary((state) => state.moderator);
  const presence = usePlenary((state) => state.presence);
  const place = meeting.venue.city || meeting.venue.name;
  const { end } = projectSchedule(meeting, now);
  const drift = scheduleDriftMinutes(meeting, now);
  return (
    <header className="console-header">
      <a className="brand" href="/" aria-label={t('common.home')}>
        {t('app.name')}
      </a>
      <h1 data-testid="meeting-title">{meeting.title}</h1>
      <span className={`status-pill status-${meeting.status}`} data-testid="meeting-status">
        {meeting.pausedAt !== null ? t('meeting.paused') : t(`meeting.status.${meeting.status}`)}
      </span>
      {meeting.status !== 'ended' && (
        <span className="projected-end" data-testid="projected-end">
          {t('meeting.projectedEnd')}: <TimePair at={end} venueZone={meeting.timeZone} place={place} />{' '}
          <span className={drift > 0 ? 'drift-behind' : 'drift-ok'}>
            {drift > 0
              ? t('meeting.behind', { minutes: drift })
              : drift < 0
                ? t('meeting.ahead', { minutes: -drift })
                : t('meeting.onTime')}
          </span>
        </span>
      )}
      <span className="presence-compact" data-testid="presence">
        {t('meeting.inRoom', { count: presence.inRoom })} · {t('meeting.remote', { count: presence.remote })}
      </span>
      {moderator && (
        <span className="acting-as" data-testid="acting-as">
          {moderator.linkId === null ? t('chair.roles.chair') : `${moderator.label} (${t(`chair.roles.${moderator.role}`)})`}
        </span>
      )}
      <span className="header-end">
        <button
          type="button"
          className="secondary small"
          onClick={onHelp}
          aria-label={t('moderator.shortcuts')}
          title={t('moderator.shortcuts')}
          data-testid="shortcuts-button"
        >
          <kbd>?</kbd>
        </button>
        <ConnectionBadge />
        <LanguagePicker />
      </span>
    </header>
  );
}
