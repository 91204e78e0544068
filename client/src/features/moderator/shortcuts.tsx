import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { nextPendingItem } from '../../../../shared/agenda.js';
import type { MeetingState } from '../../../../shared/model.js';
import { sendCommand } from '../../state/connection.js';

/**
 * The chair's keys, by physical key (`KeyboardEvent.code`), so they sit in
 * the same place and work the same on a Latin, Cyrillic or Arabic layout.
 */
export const SHORTCUTS = { nextSpeaker: 'KeyN', timer: 'KeyT', nextItem: 'KeyA' } as const;
/** The letter printed on the key in a US layout, as the list of shortcuts shows it. */
const keyLabel = (code: string) => code.replace(/^Key/, '');

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** "?" on any layout: the character when the layout has it, else Shift and the key that holds it on a US layout. */
const isHelpKey = (event: KeyboardEvent) => event.key === '?' || (event.code === 'Slash' && event.shiftKey);

/**
 * N: next speaker, T: start or pause the speaker's clock, A: next agenda item
 * (after a confirmation, since it moves the whole room), ?: the list of
 * shortcuts. Ignored while typing in a field or with a modifier, so they never steal text.
 */
export function useModeratorShortcuts(
  meeting: MeetingState,
  { onConfirmNextItem, onHelp, agenda }: { onConfirmNextItem: () => void; onHelp: () => void; agenda: boolean },
): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const speaker = meeting.floor.current;
      if (isHelpKey(event)) {
        event.preventDefault();
        onHelp();
      } else if (event.shiftKey) {
        return;
      } else if (event.code === SHORTCUTS.nextSpeaker && meeting.status !== 'ended') {
        event.preventDefault();
        void sendCommand('floor.grant', { expectedCurrentEntryId: speaker?.entry.id ?? null });
      } else if (event.code === SHORTCUTS.timer && speaker) {
        event.preventDefault();
        void sendCommand('floor.timer', { entryId: speaker.entry.id, action: speaker.runningSince === null ? 'start' : 'pause' });
      } else if (event.code === SHORTCUTS.nextItem && agenda && meeting.status !== 'ended') {
        event.preventDefault();
        onConfirmNextItem();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [meeting, onConfirmNextItem, onHelp, agenda]);
}

/** A modal `<dialog>`: focus moves in, Escape closes, the page behind is inert. */
export function Modal({
  open,
  onClose,
  labelledBy,
  children,
  testId,
}: {
  open: boolean;
  onClose: () => void;
  labelledBy: string;
  children: ReactNode;
  testId: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // React's autoFocus fires before the dialog opens, and opening focuses the first button: name the one.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby={labelledBy}
      // The browser delivers "close" a task after the dialog closed: by then it may be open again
      // (cancel, then the shortcut at once), and that late event must not close it.
      onClose={() => {
        if (!ref.current?.open) onClose();
      }}
      data-testid={testId}
    >
      {open && children}
    </dialog>
  );
}

/** "Move the room to the next item?" — A's confirmation; the Next button itself offers Undo instead. */
export function ConfirmNextItem({ meeting, open, onClose }: { meeting: MeetingState; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const next = nextPendingItem(meeting);
  return (
    <Modal open={open} onClose={onClose} labelledBy="confirm-next-title" testId="confirm-next">
      <h2 id="confirm-next-title">{t('chair.confirmNextTitle')}</h2>
      <p>{next ? t('chair.confirmNextTo', { title: next.title }) : t('chair.confirmNextLast')}</p>
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          data-testid="confirm-next-yes"
          // The confirmation's answer is the one thing to do in this dialog.
          data-autofocus
          onClick={() => {
            void sendCommand('agenda.next', { expectedCurrentItemId: meeting.agenda.currentItemId });
            onClose();
          }}
        >
          {t('moderator.next')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </Modal>
  );
}

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [keyLabel(SHORTCUTS.nextSpeaker), t('moderator.shortcutNextSpeaker')],
    [keyLabel(SHORTCUTS.timer), t('moderator.shortcutTimer')],
    [keyLabel(SHORTCUTS.nextItem), t('chair.shortcutNextItemConfirm')],
    ['?', t('chair.shortcutHelp')],
  ];
  return (
    <Modal open={open} onClose={onClose} labelledBy="shortcuts-title" testId="shortcut-help">
      <div className="shortcuts">
        <h2 id="shortcuts-title">{t('moderator.shortcuts')}</h2>
        <dl>
          {rows.map(([key, what]) => (
            <div key={key} className="shortcut-row">
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <p className="hint">{t('moderator.shortcutHint')}</p>
        <p className="hint">{t('chair.shortcutLayoutHint')}</p>
        <button type="button" className="secondary" onClick={onClose}>
          {t('chair.close')}
        </button>
      </div>
    </Modal>
  );
}
