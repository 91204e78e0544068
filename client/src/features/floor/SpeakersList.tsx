import { type DragEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FloorEntry, FloorState } from '../../../../shared/model.js';
import { useLocale } from '../../lib/time.js';
import { EntryIdentity, OfflineMarker } from './SpeakerCard.js';

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
        <ol className="queue" data-testid="queue">
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
