import { type ReactNode, type RefObject, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FLOOR_POLICIES, type FloorEntry, type FloorPolicy, type FloorState } from '../../../../shared/model.js';
import { isAcceptedSpeaker } from '../../../../shared/speakers.js';
import { sendCommand } from '../../state/connection.js';
import { SpeakersList } from './SpeakersList.js';

/** The chair's buttons for whoever speaks now. */
export function SpeakerControls({ floor, ended }: { floor: FloorState; ended: boolean }) {
  const { t } = useTranslation();
  if (ended) return null;
  const speaker = floor.current;
  const expectedCurrentEntryId = speaker?.entry.id ?? null;
  return (
    <div className="toolbar" role="toolbar" aria-label={t('floor.speaking')}>
      <button
        type="button"
        className="primary"
        data-testid="floor-next"
        disabled={!speaker && floor.queue.length === 0}
        onClick={() => void sendCommand('floor.grant', { expectedCurrentEntryId })}
      >
        {t('floorControls.next')}
      </button>
      {speaker && (
        <>
          {speaker.runningSince === null ? (
            <button
              type="button"
              data-testid="timer-start"
              onClick={() => void sendCommand('floor.timer', { entryId: speaker.entry.id, action: 'start' })}
            >
              {t('floorControls.start')}
            </button>
          ) : (
            <button
              type="button"
              data-testid="timer-pause"
              onClick={() => void sendCommand('floor.timer', { entryId: speaker.entry.id, action: 'pause' })}
            >
              {t('floorControls.pause')}
            </button>
          )}
          {speaker.limitMs !== null && (
            <button
              type="button"
              data-testid="timer-extend"
              onClick={() => void sendCommand('floor.extend', { entryId: speaker.entry.id, seconds: 60 })}
            >
              {t('floorControls.extend', { minutes: 1 })}
            </button>
          )}
          <button type="button" onClick={() => void sendCommand('floor.timer', { entryId: speaker.entry.id, action: 'reset' })}>
            {t('floorControls.reset')}
          </button>
          <button
            type="button"
            data-testid="floor-end-turn"
            onClick={() => void sendCommand('floor.finish', { entryId: speaker.entry.id })}
          >
            {t('floorControls.endTurn')}
          </button>
        </>
      )}
    </div>
  );
}

/**
 * Keeps a keyboard user's place in a list whose rows move and vanish under the buttons they press: when
 * the focused button's row is moved or removed, focus goes back to the same button of that entry, or
 * of the entry now in its place; never to a "give the floor" button, where a second Enter would cut
 * off the speaker just called. Only focus that was in the list is kept: a click elsewhere lets go.
 */
function useKeptFocus(list: RefObject<HTMLElement | null>, order: readonly string[]): void {
  const kept = useRef<{ entryId: string; control: string } | null>(null);
  const orderKey = order.join(' ');
  const shownKey = useRef(orderKey);
  useEffect(() => {
    const onFocus = (event: FocusEvent) => {
      const target = event.target as HTMLElement;
      const entryId = target.closest<HTMLElement>('[data-entry-id]')?.dataset.entryId;
      const control = target.dataset.testid;
      kept.current = entryId && control && list.current?.contains(target) ? { entryId, control } : null;
    };
    const onPointer = (event: PointerEvent) => {
      // A click that does not focus a button of the list (a row's padding, another browser's habits) lets go.
      const target = event.target as HTMLElement;
      if (!(list.current?.contains(target) && target.closest('button'))) kept.current = null;
    };
    document.addEventListener('focusin', onFocus);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('focusin', onFocus);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [list]);
  useLayoutEffect(() => {
    const before = shownKey.current.split(' ');
    if (shownKey.current === orderKey) return;
    shownKey.current = orderKey;
    const element = list.current;
    const place = kept.current;
    if (!element || !place || (document.activeElement !== document.body && document.activeElement !== null)) return;
    const rows = [...element.querySelectorAll<HTMLElement>('[data-entry-id]')];
    const row =
      rows.find((candidate) => candidate.dataset.entryId === place.entryId) ??
      rows[Math.min(Math.max(0, before.indexOf(place.entryId)), rows.length - 1)];
    const controls = [place.control, 'entry-down', 'entry-up', 'entry-remove'].filter((control) => control !== 'entry-grant');
    const button = controls
      .map((control) => row?.querySelector<HTMLElement>(`[data-testid="${control}"]:not(:disabled)`))
      .find(Boolean);
    button?.focus();
  }, [list, orderKey]);
}

/** The list with the chair's controls on every entry: give the floor, move (buttons or drag and drop), remove. */
export function ModeratedSpeakersList({
  floor,
  ended,
  action,
  onPhoneLink,
  presenters = [],
}: {
  floor: FloorState;
  /** Over: the list stays as it was, for reading. */
  ended: boolean;
  action?: ReactNode;
  /**
   * The agenda's presenters: accepted speakers of a consultation arrive on the agenda as presenters, so a
   * person on the list whose name is one of them is marked for the chair.
   */
  presenters?: readonly string[];
  /** For a person the chair put on the list: a one-time link to their own phone. */
  onPhoneLink?: (entry: FloorEntry) => void;
}) {
  const { t } = useTranslation();
  const expectedCurrentEntryId = floor.current?.entry.id ?? null;
  const count = floor.queue.length;
  const speakers = presenters.map((name) => ({ name, affiliation: '' }));
  const area = useRef<HTMLDivElement>(null);
  useKeptFocus(
    area,
    floor.queue.map((entry) => entry.id),
  );
  return (
    // No box of its own (display: contents): only the boundary of the rows whose focus is kept.
    <div ref={area} className="kept-focus">
      <SpeakersList
        floor={floor}
        action={ended ? undefined : action}
        marker={(entry) =>
          isAcceptedSpeaker(entry, speakers) && (
            <span className="added-by" data-testid="on-agenda">
              {t('chair.onAgenda')}
            </span>
          )
        }
        onDropAt={ended ? undefined : (entryId, toIndex) => void sendCommand('floor.move', { entryId, toIndex })}
        controls={(entry, index) => {
          if (ended) return null;
          const label = (action: string) => `${action}: ${entry.name}`;
          return (
            <span className="item-controls">
              <button
                type="button"
                onClick={() => void sendCommand('floor.grant', { entryId: entry.id, expectedCurrentEntryId })}
                aria-label={label(t('floorControls.grant'))}
                title={t('floorControls.grant')}
                data-testid="entry-grant"
              >
                ▶
              </button>
              {onPhoneLink && entry.addedBy !== undefined && (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => onPhoneLink(entry)}
                  // The visible "QR" leads the name, so speech control users can say what they see.
                  aria-label={`QR: ${label(t('chair.phoneLink'))}`}
                  title={t('chair.phoneLink')}
                  data-testid="entry-phone-link"
                >
                  QR
                </button>
              )}
              <button
                type="button"
                disabled={index === 0}
                onClick={() => void sendCommand('floor.move', { entryId: entry.id, toIndex: index - 1 })}
                aria-label={label(t('common.moveUp'))}
                data-testid="entry-up"
              >
                ↑
              </button>
              <button
                type="button"
                disabled={index === count - 1}
                onClick={() => void sendCommand('floor.move', { entryId: entry.id, toIndex: index + 1 })}
                aria-label={label(t('common.moveDown'))}
                data-testid="entry-down"
              >
                ↓
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => void sendCommand('floor.remove', { entryId: entry.id })}
                aria-label={label(t('common.remove'))}
                data-testid="entry-remove"
              >
                ✕
              </button>
            </span>
          );
        }}
      />
    </div>
  );
}

/** Open or closed, the ordering policy, the speaking-time limit, clearing between items. */
export function FloorSettings({ floor }: { floor: FloorState }) {
  const { t } = useTranslation();
  const minutes = floor.defaultLimitMs === null ? '' : String(floor.defaultLimitMs / 60_000);
  const [limit, setLimit] = useState(minutes);
  const [refused, setRefused] = useState(false);
  const [editing, setEditing] = useState(false);
  // The field follows the limit in force when it changes (another moderator set it), unless this
  // chair is typing in it.
  const [shown, setShown] = useState(minutes);
  if (shown !== minutes && !editing) {
    setShown(minutes);
    setLimit(minutes);
  }
  const commitLimit = async (input: HTMLInputElement) => {
    const trimmed = limit.trim();
    setRefused(false);
    if (trimmed === minutes) return;
    // To the half minute, as the arrows step.
    const seconds = trimmed === '' ? null : Math.round(Number(trimmed) * 2) * 30;
    const { badInput, rangeOverflow, rangeUnderflow } = input.validity;
    // Out of range: the field goes back to the limit in force, so it never shows one that is not.
    if (badInput || rangeOverflow || rangeUnderflow || (seconds !== null && !Number.isFinite(seconds))) {
      setLimit(minutes);
      setRefused(true);
      return;
    }
    const ack = await sendCommand('floor.configure', { defaultLimitSeconds: seconds });
    setLimit(ack.ok && seconds !== null ? String(seconds / 60) : minutes);
  };
  return (
    <section className="card floor-settings" aria-labelledby="floor-settings-title">
      <h2 id="floor-settings-title">{t('floorControls.settings')}</h2>
      <div className="toolbar">
        <button
          type="button"
          data-testid="floor-toggle"
          onClick={() => void sendCommand(floor.open ? 'floor.close' : 'floor.open', {})}
        >
          {floor.open ? t('floorControls.close') : t('floorControls.open')}
        </button>
        {floor.queue.some((entry) => entry.pinned) && (
          <button type="button" className="secondary" onClick={() => void sendCommand('floor.resetOrder', {})}>
            {t('floorControls.resetOrder')}
          </button>
        )}
      </div>
      <div className="row">
        <label>
          {t('floorControls.policy')}
          <select
            value={floor.policy}
            onChange={(event) => void sendCommand('floor.configure', { policy: event.target.value as FloorPolicy })}
            data-testid="floor-policy"
          >
            {FLOOR_POLICIES.map((policy) => (
              <option key={policy} value={policy}>
                {t(`floorControls.policies.${policy}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('floorControls.defaultLimit')}
          <input
            type="number"
            min={0.5}
            max={60}
            step={0.5}
            value={limit}
            onChange={(event) => setLimit(event.target.value)}
            onFocus={() => setEditing(true)}
            onBlur={(event) => {
              setEditing(false);
              void commitLimit(event.currentTarget);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter') void commitLimit(event.currentTarget);
            }}
            aria-describedby="floor-limit-range"
            aria-invalid={refused}
            data-testid="floor-limit"
          />
          <span id="floor-limit-range" className={refused ? 'hint form-error' : 'hint'} data-testid="floor-limit-range">
            {t('floorControls.limitRange', { min: 0.5, max: 60 })}
          </span>
        </label>
      </div>
      <label className="inline">
        <input
          type="checkbox"
          checked={floor.clearOnItemComplete}
          onChange={(event) => void sendCommand('floor.configure', { clearOnItemComplete: event.target.checked })}
        />
        {t('floorControls.clearOnItem')}
      </label>
    </section>
  );
}
