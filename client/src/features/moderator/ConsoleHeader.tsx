import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../../shared/model.js';
import { ConnectionBadge } from '../../components/ConnectionBadge.js';
import { LanguagePicker } from '../../components/LanguagePicker.js';
import { usePlenary } from '../../state/store.js';
import { ExpectedEnd, ScheduleLine } from '../meeting/MeetingHeader.js';

/** One line for the console: the chair needs the room's controls on the first screen, not the meeting's brochure. */
export function ConsoleHeader({ meeting, onHelp }: { meeting: MeetingState; onHelp: () => void }) {
  const { t } = useTranslation();
  const moderator = usePlenary((state) => state.moderator);
  const presence = usePlenary((state) => state.presence);
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
        <>
          {/* The same schedule rules as every other screen: late or early against the plan, never "ahead" for a short agenda. */}
          <ScheduleLine meeting={meeting} />
          <ExpectedEnd meeting={meeting} />
        </>
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
