import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import './console.css';
import { currentItem } from '../../../../shared/agenda.js';
import type { AgendaItem, MeetingState } from '../../../../shared/model.js';
import { Notice } from '../../components/Notice.js';
import { SkipLink } from '../../components/SkipLink.js';
import { useServerNow } from '../../lib/time.js';
import { sendCommand } from '../../state/connection.js';
import { takeModeratorKey } from '../../state/credentials.js';
import { useMeeting, usePlenary } from '../../state/store.js';
import { FloorSettings, ModeratedSpeakersList, SpeakerControls } from '../floor/FloorConsole.js';
import { FloorStats } from '../floor/FloorStats.js';
import { FloorAnnouncer, SpeakerCard } from '../floor/SpeakerCard.js';
import { AgendaList, CurrentItem } from '../meeting/Agenda.js';
import { AgendaAnnouncer } from '../meeting/Announcer.js';
import { MeetingHeader } from '../meeting/MeetingHeader.js';
import { RefusedView } from '../meeting/RefusedView.js';
import { useMeetingConnection } from '../meeting/useMeetingConnection.js';
import { ModeratorActions } from '../questions/ModeratorActions.js';
import { HighlightedQuestion, QuestionsPanel } from '../questions/Questions.js';
import { AgendaItemForm, type AgendaItemValues } from './AgendaItemForm.js';
import { MeetingLinks } from './MeetingLinks.js';
import { ShortcutHelp, useModeratorShortcuts } from './shortcuts.js';

/** The chair's controls for the meeting as a whole. */
function MeetingControls({ meeting }: { meeting: MeetingState }) {
  const { t } = useTranslation();
  const running = currentItem(meeting);
  if (meeting.status === 'ended') return null;
  return (
    <div className="toolbar" role="toolbar" aria-label={t('moderator.title')}>
      <button
        type="button"
        className="primary"
        data-testid="agenda-next"
        onClick={() => void sendCommand('agenda.next', { expectedCurrentItemId: meeting.agenda.currentItemId })}
      >
        {meeting.status === 'scheduled' ? t('moderator.startFirst') : t('moderator.next')}
      </button>
      {running && (
        <button
          type="button"
          onClick={() => void sendCommand('agenda.complete', { itemId: running.id })}
          data-testid="agenda-complete"
        >
          {t('moderator.complete')}
        </button>
      )}
      {meeting.status === 'live' &&
        (meeting.pausedAt === null ? (
          <button type="button" onClick={() => void sendCommand('meeting.pause', {})} data-testid="meeting-pause">
            {t('moderator.pause')}
          </button>
        ) : (
          <button type="button" onClick={() => void sendCommand('meeting.resume', {})} data-testid="meeting-resume">
            {t('moderator.resume')}
          </button>
        ))}
      <button
        type="button"
        className="danger"
        onClick={() => {
          if (window.confirm(t('moderator.confirmEnd'))) void sendCommand('meeting.end', {});
        }}
      >
        {t('moderator.end')}
      </button>
    </div>
  );
}

function ItemControls({ item, index, count, ended }: { item: AgendaItem; index: number; count: number; ended: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <AgendaItemForm
        initial={{ title: item.title, minutes: item.plannedMinutes, presenters: item.presenters.join(', ') }}
        submitLabel={t('common.save')}
        onCancel={() => setEditing(false)}
        onSubmit={async (values) => {
          const ack = await sendCommand('agenda.edit', { itemId: item.id, ...toPayload(values) });
          if (ack.ok) setEditing(false);
        }}
      />
    );
  }
  const label = (action: string) => `${action}: ${item.title}`;
  return (
    <div className="item-controls">
      {!ended && item.status !== 'active' && (
        <button
          type="button"
          onClick={() => void sendCommand('agenda.start', { itemId: item.id })}
          aria-label={label(t('moderator.start'))}
          data-testid="item-start"
        >
          {t('moderator.start')}
        </button>
      )}
      {(item.status === 'pending' || item.status === 'active') && (
        <button
          type="button"
          onClick={() => void sendCommand('agenda.skip', { itemId: item.id })}
          aria-label={label(t('moderator.skip'))}
        >
          {t('moderator.skip')}
        </button>
      )}
      <button type="button" onClick={() => setEditing(true)} aria-label={label(t('common.edit'))}>
        {t('common.edit')}
      </button>
      <button
        type="button"
        disabled={index === 0}
        onClick={() => void sendCommand('agenda.move', { itemId: item.id, toIndex: index - 1 })}
        aria-label={label(t('common.moveUp'))}
      >
        ↑
      </button>
      <button
        type="button"
        disabled={index === count - 1}
        onClick={() => void sendCommand('agenda.move', { itemId: item.id, toIndex: index + 1 })}
        aria-label={label(t('common.moveDown'))}
      >
        ↓
      </button>
      {item.status !== 'active' && (
        <button
          type="button"
          className="danger"
          onClick={() => void sendCommand('agenda.remove', { itemId: item.id })}
          aria-label={label(t('common.remove'))}
        >
          {t('common.remove')}
        </button>
      )}
    </div>
  );
}

/** Mounted only once the meeting is known, so the hook always has a meeting. */
function Shortcuts({ meeting }: { meeting: MeetingState }) {
  useModeratorShortcuts(meeting);
  return null;
}

function toPayload(values: AgendaItemValues) {
  return {
    title: values.title,
    minutes: values.minutes,
    presenters: values.presenters
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  };
}

/** The chair's console: the meeting as everybody sees it, plus every control. */
export function ModeratorConsole({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const [moderatorKey] = useState(() => takeModeratorKey(meetingId));
  useMeetingConnection(moderatorKey ? { meetingId, moderatorKey } : null);
  const meeting = useMeeting();
  const refusal = usePlenary((state) => state.refusal);
  const now = useServerNow();

  if (!moderatorKey) return <RefusedView code="unauthorized" message={t('moderator.keyMissing')} />;
  if (refusal) return <RefusedView code={refusal.code} />;
  if (!meeting) return <p className="loading">{t('common.loading')}</p>;

  const count = meeting.agenda.items.length;
  return (
    <div className="page moderator-page">
      <SkipLink />
      <Shortcuts meeting={meeting} />
      <MeetingHeader meeting={meeting} now={now} />
      <main id="main">
        <AgendaAnnouncer meeting={meeting} />
        <h2 className="visually-hidden">{t('moderator.title')}</h2>
        <Notice />
        <FloorAnnouncer speaker={meeting.floor.current} now={now} />
        <HighlightedQuestion meeting={meeting} />
        <div className="columns">
          <div className="column">
            <SpeakerCard speaker={meeting.floor.current} now={now} detailed />
            <SpeakerControls floor={meeting.floor} />
            <ModeratedSpeakersList floor={meeting.floor} now={now} />
            <QuestionsPanel
              meeting={meeting}
              moderation={(question) => <ModeratorActions question={question} meeting={meeting} />}
            />
            <FloorSettings floor={meeting.floor} />
            <FloorStats floor={meeting.floor} now={now} />
          </div>
          <div className="column">
            <MeetingControls meeting={meeting} />
            <CurrentItem meeting={meeting} now={now} />
            <AgendaList
              meeting={meeting}
              now={now}
              controls={(item, index) => (
                <ItemControls item={item} index={index} count={count} ended={meeting.status === 'ended'} />
              )}
            />
            <section className="card" aria-labelledby="add-item-title">
              <h2 id="add-item-title">{t('moderator.addItem')}</h2>
              <AgendaItemForm
                initial={{ title: '', minutes: 10, presenters: '' }}
                submitLabel={t('common.add')}
                resetOnSubmit
                onSubmit={async (values) => {
                  await sendCommand('agenda.add', toPayload(values));
                }}
              />
            </section>
          </div>
        </div>
        <ShortcutHelp />
        <MeetingLinks meetingId={meetingId} moderatorKey={moderatorKey} />
      </main>
    </div>
  );
}
