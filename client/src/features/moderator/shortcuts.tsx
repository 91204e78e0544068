import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../../shared/model.js';
import { sendCommand } from '../../state/connection.js';

/** The chair's keys, chosen to be the same in every keyboard layout's Latin letters. */
export const SHORTCUTS = { nextSpeaker: 'n', timer: 't', nextItem: 'a' } as const;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * N: next speaker, T: start or pause the speaker's clock, A: next agenda item.
 * Ignored while typing in a field or with a modifier, so they never steal text.
 */
export function useModeratorShortcuts(meeting: MeetingState): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || isTyping(event.target)) return;
      const key = event.key.toLowerCase();
      const speaker = meeting.floor.current;
      if (key === SHORTCUTS.nextSpeaker) {
        event.preventDefault();
        void sendCommand('floor.grant', { expectedCurrentEntryId: speaker?.entry.id ?? null });
      } else if (key === SHORTCUTS.timer && speaker) {
        event.preventDefault();
        void sendCommand('floor.timer', { entryId: speaker.entry.id, action: speaker.runningSince === null ? 'start' : 'pause' });
      } else if (key === SHORTCUTS.nextItem && meeting.status !== 'ended') {
        event.preventDefault();
        void sendCommand('agenda.next', { expectedCurrentItemId: meeting.agenda.currentItemId });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [meeting]);
}

export function ShortcutHelp() {
  const { t } = useTranslation();
  return (
    <section className="card shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">{t('moderator.shortcuts')}</h2>
      <dl>
        <dt>
          <kbd>{SHORTCUTS.nextSpeaker.toUpperCase()}</kbd>
        </dt>
        <dd>{t('moderator.shortcutNextSpeaker')}</dd>
        <dt>
          <kbd>{SHORTCUTS.timer.toUpperCase()}</kbd>
        </dt>
        <dd>{t('moderator.shortcutTimer')}</dd>
        <dt>
          <kbd>{SHORTCUTS.nextItem.toUpperCase()}</kbd>
        </dt>
        <dd>{t('moderator.shortcutNextItem')}</dd>
      </dl>
      <p className="hint">{t('moderator.shortcutHint')}</p>
    </section>
  );
}
