import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Participant } from '../../../../shared/model.js';
import { loadExtraStrings } from '../../i18n/index.js';
import { isolate } from '../../lib/bidi.js';
import { sendCommand } from '../../state/connection.js';

/**
 * "Leave", with a confirmation that says what happens: the person's waiting requests are
 * withdrawn and their turn ends (participant.leave); the browser remembers them unless asked not to.
 */
export function LeaveButton({ self, onLeft }: { self: Participant; onLeft: (forget: boolean) => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [forget, setForget] = useState(false);
  const [busy, setBusy] = useState(false);

  async function leave() {
    setBusy(true);
    const ack = await sendCommand('participant.leave', {});
    setBusy(false);
    if (!ack.ok) return;
    dialog.current?.close();
    onLeft(forget);
  }

  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={() => void loadExtraStrings().then(() => dialog.current?.showModal())}
        data-testid="leave"
      >
        {t('join.leave')}
      </button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby="leave-title" data-testid="leave-dialog">
        <h2 id="leave-title">{t('join.leaveTitle')}</h2>
        <p>{t('join.leaveExplain')}</p>
        <p className="hint">{t('join.joinedAs', { name: isolate(self.name), attendance: t(`attendance.${self.attendance}`) })}</p>
        <label className="inline">
          <input type="checkbox" checked={forget} onChange={(e) => setForget(e.target.checked)} data-testid="leave-forget" />
          {t('join.forget')}
        </label>
        <div className="form-actions">
          <button type="button" className="danger" disabled={busy} onClick={() => void leave()} data-testid="leave-confirm">
            {t('join.leave')}
          </button>
          <button type="button" className="secondary" onClick={() => dialog.current?.close()} data-testid="leave-cancel">
            {t('common.cancel')}
          </button>
        </div>
      </dialog>
    </>
  );
}

/** After leaving: the page still follows the meeting, and offers to take part again as the same person. */
export function LeftCard({ name, onRejoin, onForget }: { name: string; onRejoin: () => void; onForget: () => void }) {
  const { t, i18n } = useTranslation();
  // Its words are among the extra strings, fetched on the way here; nothing until they are in.
  if (!i18n.exists('join.leftAs')) return null;
  return (
    <section className="card self" data-testid="left">
      <p>{t('join.leftAs', { name: isolate(name) })}</p>
      <div className="form-actions">
        <button type="button" className="primary" onClick={onRejoin} data-testid="rejoin">
          {t('join.rejoin')}
        </button>
        <button type="button" className="secondary" onClick={onForget} data-testid="forget">
          {t('join.forgetNow')}
        </button>
      </div>
    </section>
  );
}
