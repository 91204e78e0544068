import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './console.css';
import { currentItem } from '../../../../shared/agenda.js';
import type { AgendaItem, FloorEntry, MeetingState, QuestionStatus } from '../../../../shared/model.js';
import { Notice } from '../../components/Notice.js';
import { SkipLink } from '../../components/SkipLink.js';
import { Ticking } from '../../lib/time.js';
import { sendCommand } from '../../state/connection.js';
import { takeModeratorKey } from '../../state/credentials.js';
import { useMeeting, usePlenary } from '../../state/store.js';
import { AnnouncementBanner } from '../display/Announcement.js';
import { FloorSettings, ModeratedSpeakersList, SpeakerControls } from '../floor/FloorConsole.js';
import { FloorStats } from '../floor/FloorStats.js';
import { FloorAnnouncer, SpeakerCard } from '../floor/SpeakerCard.js';
import { CurrentItem } from '../meeting/Agenda.js';
import { AgendaList } from '../meeting/AgendaList.js';
import { AgendaAnnouncer } from '../meeting/Announcer.js';
import { RefusedView } from '../meeting/RefusedView.js';
import { useMeetingConnection } from '../meeting/useMeetingConnection.js';
import { ModeratorActions } from '../questions/ModeratorActions.js';
import { HighlightedQuestion, QuestionsPanel } from '../questions/Questions.js';
import { AgendaItemForm, type AgendaItemValues } from './AgendaItemForm.js';
import { Announce } from './Announce.js';
import { CoModerators } from './CoModerators.js';
import { ConsoleHeader } from './ConsoleHeader.js';
import { FinishedSpeakers } from './FinishedSpeakers.js';
import { InscribeForm } from './InscribeForm.js';
import { MeetingLinks } from './MeetingLinks.js';
import { PhoneLink } from './PhoneLink.js';
import { RecordDownload } from './RecordDownload.js';
import { ConfirmNextItem, Modal, ShortcutHelp, useModeratorShortcuts } from './shortcuts.js';
import { UndoBar } from './UndoBar.js';

/** Next and Complete for the running item, pause/resume, end: the agenda's buttons on the first screen. */
function MeetingControls({ meeting, mayEnd, onRecord }: { meeting: MeetingState; mayEnd: boolean; onRecord: () => void }) {
  const { t } = useTranslation();
  const [confirmEnd, setConfirmEnd] = useState(false);
  const running = currentItem(meeting);
  if (meeting.status === 'ended')
    return (
      <p className="meeting-ended-note" data-testid="meeting-ended-note">
        <strong>{t('display.ended')}</strong>{' '}
        <button type="button" className="primary" onClick={onRecord} data-testid="ended-record">
          {t('record.download')}
        </button>
      </p>
    );
  return (
    <div className="toolbar" role="toolbar" aria-label={t('chair.agendaControls')}>
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
      {mayEnd && (
        <button type="button" className="danger" onClick={() => setConfirmEnd(true)} data-testid="meeting-end">
          {t('moderator.end')}
        </button>
      )}
      <Modal open={confirmEnd} onClose={() => setConfirmEnd(false)} labelledBy="confirm-end-title" testId="confirm-end">
        <h2 id="confirm-end-title">{t('moderator.confirmEnd')}</h2>
        <div className="form-actions">
          <button
            type="button"
            className="danger"
            data-testid="confirm-end-yes"
            onClick={() => {
              void sendCommand('meeting.end', {});
              setConfirmEnd(false);
            }}
          >
            {t('moderator.end')}
          </button>
          {/* Ending is for good: the safe answer has the focus. */}
          <button
            type="button"
            className="secondary"
            data-autofocus
            onClick={() => setConfirmEnd(false)}
            data-testid="confirm-end-cancel"
          >
            {t('common.cancel')}
          </button>
        </div>
      </Modal>
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

const TABS = ['questions', 'agenda', 'spoken', 'stats', 'settings', 'links'] as const;
type Tab = (typeof TABS)[number];

/** How many questions wait for moderation; a new one is announced to screen readers. */
function PendingQuestions({ meeting, onOpen }: { meeting: MeetingState; onOpen: () => void }) {
  const { t } = useTranslation();
  const count = meeting.questions.items.filter((question) => question.status === 'pending').length;
  return (
    <p className="pending-questions" data-testid="pending-questions">
      <button type="button" className={count > 0 ? 'pending-count has-pending' : 'pending-count'} onClick={onOpen}>
        <span aria-live="polite">{t('chair.pendingQuestions', { count })}</span>
      </button>
    </p>
  );
}

function Tabs({ tab, onTab, tabs }: { tab: Tab; onTab: (tab: Tab) => void; tabs: readonly Tab[] }) {
  const { t } = useTranslation();
  return (
    <div className="tabs" role="tablist" aria-label={t('chair.panels')}>
      {tabs.map((name, index) => (
        <button
          key={name}
          type="button"
          role="tab"
          id={`tab-${name}`}
          aria-selected={tab === name}
          aria-controls="console-panel"
          tabIndex={tab === name ? 0 : -1}
          data-testid={`tab-${name}`}
          onClick={() => onTab(name)}
          onKeyDown={(event) => {
            const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
            if (step === 0) return;
            // Arrow keys follow the reading direction of the page.
            const forward = document.documentElement.dir === 'rtl' ? -step : step;
            const next = tabs[(index + forward + tabs.length) % tabs.length] as Tab;
            onTab(next);
            document.getElementById(`tab-${next}`)?.focus();
          }}
        >
          {t(`chair.tabs.${name}`)}
        </button>
      ))}
    </div>
  );
}

/**
 * The chair's console, one screen at 1366×768: the speaker and the clock, the
 * waiting list, the running item with Next/Complete and the questions waiting
 * for moderation are always in view; everything else sits in tabs.
 */
export function ModeratorConsole({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const [moderatorKey] = useState(() => takeModeratorKey(meetingId));
  useMeetingConnection(moderatorKey ? { meetingId, moderatorKey } : null);
  const meeting = useMeeting();
  const refusal = usePlenary((state) => state.refusal);
  const moderator = usePlenary((state) => state.moderator);
  const [tab, setTab] = useState<Tab>('questions');
  const [questionFilter, setQuestionFilter] = useState<QuestionStatus | 'all'>('all');
  const pendingCount = meeting?.questions.items.filter((question) => question.status === 'pending').length ?? 0;
  // Opened from "awaiting moderation": once none awaits, the chair sees all the questions again.
  useEffect(() => {
    if (questionFilter === 'pending' && pendingCount === 0) setQuestionFilter('all');
  }, [questionFilter, pendingCount]);
  const [inscribing, setInscribing] = useState(false);
  const addSpeaker = useRef<HTMLButtonElement>(null);
  const [help, setHelp] = useState(false);
  const [confirmNext, setConfirmNext] = useState(false);
  const [phoneFor, setPhoneFor] = useState<FloorEntry | null>(null);
  const openHelp = useCallback(() => setHelp(true), []);
  const askNextItem = useCallback(() => setConfirmNext(true), []);

  if (!moderatorKey) return <RefusedView code="unauthorized" message={t('moderator.keyMissing')} />;
  if (refusal) return <RefusedView code={refusal.code} />;
  if (!meeting) return <p className="loading">{t('common.loading')}</p>;

  const role = moderator?.role ?? 'chair';
  const agenda = role !== 'remote_moderator';
  const tabs = TABS.filter((name) => agenda || (name !== 'agenda' && name !== 'settings'));
  const shown = tabs.includes(tab) ? tab : 'questions';
  const count = meeting.agenda.items.length;
  return (
    <div className="console-page">
      <SkipLink />
      <Shortcuts meeting={meeting} onHelp={openHelp} onConfirmNextItem={askNextItem} agenda={agenda} />
      <ConsoleHeader meeting={meeting} onHelp={openHelp} />
      <main id="main" className="console">
        <h2 className="visually-hidden">{t('moderator.title')}</h2>
        <AgendaAnnouncer meeting={meeting} />
        <Ticking>{(now) => <FloorAnnouncer speaker={meeting.floor.current} now={now} />}</Ticking>
        <div className="console-col console-now">
          <SpeakerCard speaker={meeting.floor.current} detailed />
          <SpeakerControls floor={meeting.floor} ended={meeting.status === 'ended'} />
          <section className="card console-agenda" aria-label={t('chair.agendaControls')}>
            {currentItem(meeting) ? (
              <CurrentItem meeting={meeting} />
            ) : (
              <p className="no-current-item">{t('chair.noCurrentItem')}</p>
            )}
            {(agenda || meeting.status === 'ended') && (
              <MeetingControls meeting={meeting} mayEnd={role === 'chair'} onRecord={() => setTab('stats')} />
            )}
          </section>
          <PendingQuestions
            meeting={meeting}
            onOpen={() => {
              setTab('questions');
              setQuestionFilter('pending');
            }}
          />
          <Ticking>{(now) => <AnnouncementBanner meeting={meeting} now={now} />}</Ticking>
        </div>
        <div className="console-col console-queue">
          {inscribing && meeting.status !== 'ended' && (
            <InscribeForm
              meeting={meeting}
              onDone={() => {
                setInscribing(false);
                // The form is gone with the focus in it: back to the button that opened it.
                addSpeaker.current?.focus();
              }}
            />
          )}
          <ModeratedSpeakersList
            floor={meeting.floor}
            ended={meeting.status === 'ended'}
            presenters={meeting.agenda.items.flatMap((item) => item.presenters)}
            onPhoneLink={setPhoneFor}
            action={
              <button
                ref={addSpeaker}
                type="button"
                className={inscribing ? 'secondary small' : 'primary small'}
                aria-expanded={inscribing}
                onClick={() => setInscribing((open) => !open)}
                data-testid="inscribe-open"
              >
                {t('chair.inscribe')}
              </button>
            }
          />
        </div>
        <div className="console-col console-panels">
          <HighlightedQuestion meeting={meeting} />
          <Tabs tab={shown} onTab={setTab} tabs={tabs} />
          <div className="tab-panel" role="tabpanel" id="console-panel" aria-labelledby={`tab-${shown}`}>
            {shown === 'questions' && (
              <QuestionsPanel
                meeting={meeting}
                moderation={ModeratorActions}
                filter={questionFilter}
                onFilter={setQuestionFilter}
              />
            )}
            {shown === 'agenda' && (
              <>
                <AgendaList
                  meeting={meeting}
                  controls={(item, index) => (
                    <ItemControls item={item} index={index} count={count} ended={meeting.status === 'ended'} />
                  )}
                />
                <section aria-labelledby="add-item-title">
                  <h3 id="add-item-title" className="panel-subtitle">
                    {t('moderator.addItem')}
                  </h3>
                  <AgendaItemForm
                    initial={{ title: '', minutes: 10, presenters: '' }}
                    submitLabel={t('common.add')}
                    resetOnSubmit
                    onSubmit={async (values) => {
                      await sendCommand('agenda.add', toPayload(values));
                    }}
                  />
                </section>
              </>
            )}
            {shown === 'spoken' && <FinishedSpeakers meeting={meeting} />}
            {shown === 'stats' && (
              <>
                <FloorStats floor={meeting.floor} />
                <RecordDownload meeting={meeting} moderatorKey={moderatorKey} role={role} />
              </>
            )}
            {shown === 'settings' && (
              <>
                <Announce meeting={meeting} />
                <FloorSettings floor={meeting.floor} />
              </>
            )}
            {shown === 'links' && (
              <>
                <MeetingLinks meetingId={meetingId} moderatorKey={moderatorKey} />
                {role === 'chair' && <CoModerators meetingId={meetingId} moderatorKey={moderatorKey} />}
              </>
            )}
          </div>
        </div>
      </main>
      <Notice />
      <UndoBar meeting={meeting} />
      <ShortcutHelp open={help} onClose={() => setHelp(false)} />
      <ConfirmNextItem meeting={meeting} open={confirmNext} onClose={() => setConfirmNext(false)} />
      <PhoneLink meetingId={meetingId} moderatorKey={moderatorKey} entry={phoneFor} onClose={() => setPhoneFor(null)} />
    </div>
  );
}

/** Mounted only once the meeting is known, so the hook always has a meeting. */
function Shortcuts(props: { meeting: MeetingState; onHelp: () => void; onConfirmNextItem: () => void; agenda: boolean }) {
  const { meeting, ...handlers } = props;
  useModeratorShortcuts(meeting, handlers);
  return null;
}
