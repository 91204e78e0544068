import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { currentItem, itemElapsedMs, projectSchedule } from '../../../../shared/agenda.js';
import type { AgendaItem, MeetingState } from '../../../../shared/model.js';
import { TimePair } from '../../components/TimePair.js';
import { formatDuration } from '../../lib/time.js';

/** The running item in large: title, presenters, elapsed against planned, overrun. */
export function CurrentItem({ meeting, now }: { meeting: MeetingState; now: number }) {
  const { t, i18n } = useTranslation();
  const item = currentItem(meeting);
  if (!item) return null;
  const elapsed = itemElapsedMs(item, now);
  const planned = item.plannedMinutes * 60_000;
  const overrun = elapsed > planned;
  return (
    <section
      className={`current-item${overrun ? ' overrun' : ''}`}
      aria-labelledby="current-item-title"
      data-testid="current-item"
    >
      <p className="eyebrow">{meeting.pausedAt !== null ? t('meeting.paused') : t('agenda.now')}</p>
      <h2 id="current-item-title" data-testid="current-item-title">
        {item.title}
      </h2>
      {item.presenters.length > 0 && (
        <p className="presenters">{t('agenda.presenters', { names: item.presenters.join(', ') })}</p>
      )}
      <p className="elapsed" data-testid="current-item-elapsed">
        <span className="elapsed-figure">
          {t('agenda.elapsedOfPlanned', {
            elapsed: formatDuration(elapsed, i18n.language),
            planned: formatDuration(planned, i18n.language),
          })}
        </span>
        {overrun && (
          <span className="overrun-note">
            {t('agenda.overrun', { duration: formatDuration(elapsed - planned, i18n.language) })}
          </span>
        )}
      </p>
      <progress max={planned} value={Math.min(elapsed, planned)} aria-hidden="true" />
    </section>
  );
}

function ItemTiming({
  item,
  meeting,
  now,
  expectedStart,
}: {
  item: AgendaItem;
  meeting: MeetingState;
  now: number;
  expectedStart: number | undefined;
}) {
  const { t, i18n } = useTranslation();
  const place = meeting.venue.city || meeting.venue.name;
  if (item.status === 'pending' && expectedStart !== undefined) {
    return (
      <>
        {t('agenda.expectedAt')} <TimePair at={expectedStart} venueZone={meeting.timeZone} place={place} />
      </>
    );
  }
  if (item.status === 'active' || item.startedAt !== null) {
    return <>{t('agenda.ranFor', { duration: formatDuration(itemElapsedMs(item, now), i18n.language) })}</>;
  }
  return null;
}

/** The whole agenda; `controls` adds the moderator's buttons to each item. */
export function AgendaList({
  meeting,
  now,
  controls,
}: {
  meeting: MeetingState;
  now: number;
  controls?: (item: AgendaItem, index: number) => ReactNode;
}) {
  const { t } = useTranslation();
  const { starts } = projectSchedule(meeting, now);
  const items = meeting.agenda.items;
  return (
    <section className="agenda" aria-labelledby="agenda-title">
      <h2 id="agenda-title">{t('agenda.title')}</h2>
      {items.length === 0 ? (
        <p>{t('agenda.empty')}</p>
      ) : (
        <ol className="agenda-list" data-testid="agenda">
          {items.map((item, index) => (
            <li
              key={item.id}
              className={`agenda-item item-${item.status}`}
              data-testid="agenda-item"
              data-status={item.status}
              aria-current={item.status === 'active' ? 'step' : undefined}
            >
              <div className="agenda-item-main">
                <span className="agenda-item-title">{item.title}</span>
                <span className="agenda-item-meta">
                  <span className={`item-status status-${item.status}`}>{t(`agenda.itemStatus.${item.status}`)}</span>
                  <span>{t('common.minutes', { count: item.plannedMinutes })}</span>
                  <span>
                    <ItemTiming item={item} meeting={meeting} now={now} expectedStart={starts.get(item.id)} />
                  </span>
                </span>
                {item.presenters.length > 0 && (
                  <span className="presenters">{t('agenda.presenters', { names: item.presenters.join(', ') })}</span>
                )}
              </div>
              {controls?.(item, index)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
