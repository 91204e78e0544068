import { type DragEvent, type ReactNode, type RefObject, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FloorEntry, FloorState } from '../../../../shared/model.js';
import { useLocale } from '../../lib/time.js';
import { EntryIdentity, OfflineMarker } from './SpeakerCard.js';

/**
 * Keeps a keyboard user's place in a list whose rows move and vanish under the buttons they press: when
 * the focused button's row is moved or removed, focus goes back to the same button of that entry, or
 * of the entry now in its place, instead of falling to the top of the page.
 */
function useKeptFocus(list: RefObject<HTMLOListElement | null>, order: readonly string[]): void {
  const last = useRef<{ entryId: string; control: string; index: number } | null>(null);
  const orderKey = order.join(' ');
  const shownKey = useRef(orderKey);
  useEffect(() => {
    // Focus or a click anywhere else means the person has moved on: nothing to keep.
    const follow = (event: Event) => {
      const target = event.target as HTMLElement;
      const entryId = target.closest?.<HTMLElement>('[data-entry-id]')?.dataset.entryId;
      const control = target.dataset?.testid;
      last.current =
        entryId && control && list.current?.contains(target)
          ? { entryId, control, index: orderKey.split(' ').indexOf(entryId) }
          : null;
    };
    document.addEventListener('focusin', follow);
    document.addEventListener('pointerdown', follow);
    return () => {
      document.removeEventListener('focusin', follow);
      document.removeEventListener('pointerdown', follow);
    };
  }, [list, orderKey]);
  useLayoutEffect(() => {
    if (shownKey.current === orderKey) return;
    shownKey.current = orderKey;
    const element = list.current;
    const kept = last.current;
    if (!element || !kept || (document.activeElement !== document.body && document.activeElement !== null)) return;
    const rows = [...element.querySelectorAll<HTMLElement>('[data-entry-id]')];
    const row =
      rows.find((candidate) => candidate.dataset.entryId === kept.entryId) ?? rows[Math.min(kept.index, rows.length - 1)];
    const button =
      row?.querySelector<HTMLElement>(`[data-testid="${kept.control}"]:not(:disabled)`) ??
      row?.querySelector<HTMLElement>('button:not(:disabled)');
    button?.focus();
  }, [list, orderKey]);
}

/**
 * The waiting list in calling order. With `controls`, a moderator's list:
 * buttons per entry, and drag and drop onto another entry's place.
 */
export function SpeakersList({
  floor,
  selfId,
  controls,
  onDropAt,
  action,
  marker,
}: {
  floor: FloorState;
  /** Something the chair should know about an entry (the console's own). */
  marker?: (entry: FloorEntry) => ReactNode;
  selfId?: string | null;
  controls?: (entry: FloorEntry, index: number) => ReactNode;
  onDropAt?: (entryId: string, toIndex: number) => void;
  /** A control beside the title (the chair's "Add a speaker"). */
  action?: ReactNode;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  // Positions and the count in the locale's digits, like the times and counts around them.
  const number = new Intl.NumberFormat(locale);
  const [dragged, setDragged] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  useKeptFocus(
    listRef,
    floor.queue.map((entry) => entry.id),
  );
  const draggable = Boolean(onDropAt);
  const drop = (index: number) => (event: DragEvent) => {
    event.preventDefault();
    const entryId = event.dataTransfer.getData('text/plain') || dragged;
    if (entryId && onDropAt) onDropAt(entryId, index);
    setDragged(null);
  };
  return (
    <section className="card speakers-list" aria-labelledby="speakers-title">
      <div className="speakers-list-head">
        <h2 id="speakers-title">
          {t('floor.title')}
          {controls && floor.queue.length > 0 && (
            <span className="queue-count" data-testid="queue-count">
              {' '}
              ({number.format(floor.queue.length)})
            </span>
          )}
        </h2>
        {action}
      </div>
      {!floor.open && (
        <p className="floor-closed" data-testid="floor-closed">
          {t('floor.closed')}
        </p>
      )}
      {draggable && floor.queue.length > 1 && <p className="hint drag-hint">{t('floorControls.dragHint')}</p>}
      {floor.queue.length === 0 ? (
        <p>{t('floor.empty')}</p>
      ) : (
        <ol className="queue" data-testid="queue" ref={listRef}>
          {floor.queue.map((entry, index) => (
            <li
              key={entry.id}
              className={`queue-entry${entry.participantId === selfId ? ' mine' : ''}${dragged === entry.id ? ' dragging' : ''}`}
              data-testid="queue-entry"
              data-entry-id={entry.id}
              draggable={draggable}
              onDragStart={(event) => {
                event.dataTransfer.setData('text/plain', entry.id);
                setDragged(entry.id);
              }}
              onDragEnd={() => setDragged(null)}
              onDragOver={draggable ? (event) => event.preventDefault() : undefined}
              onDrop={draggable ? drop(index) : undefined}
            >
              <span className="queue-position" aria-hidden="true">
                {number.format(index + 1)}
              </span>
              <span className="queue-main">
                <EntryIdentity entry={entry} />
                <OfflineMarker participantId={entry.participantId} detailed={Boolean(controls)} />
                {entry.pinned && <span className="pinned-marker">{t('floor.pinned')}</span>}
                {entry.addedBy !== undefined && (
                  <span className="added-by" data-testid="added-by">
                    {controls && entry.addedBy !== 'chair'
                      ? t('chair.addedByLabel', { label: entry.addedBy })
                      : t('chair.addedByChair')}
                  </span>
                )}
                {marker?.(entry)}
              </span>
              {controls?.(entry, index)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
