import { useTranslation } from 'react-i18next';
import { currentItem, itemElapsedMs } from '../../../../shared/agenda.js';
import type { AgendaItem, MeetingState } from '../../../../shared/model.js';
import { TimePair } from '../../components/TimePair.js';
import { formatDuration, useLocale, useServerNow } from '../../lib/time.js';

/** The running item in large: title, presenters, elapsed against planned, overrun. */
export function CurrentItem({ meeting }: { meeting: MeetingState }) {
  const now = useServerNow();
  const { t } = useTranslation();
  const locale = useLocale();
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
            elapsed: formatDuration(elapsed, locale),
            planned: formatDuration(planned, locale),
          })}
        </span>
        {overrun && (
          <span className="overrun-note">{t('agenda.overrun', { duration: formatDuration(elapsed - planned, locale) })}</span>
        )}
      </p>
      <progress max={planned} value={Math.min(elapsed, planned)} aria-hidden="true" />
    </section>
  );
}

export function ItemTiming({
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
  const { t } = useTranslation();
  const locale = useLocale();
  const place = meeting.venue.city || meeting.venue.name;
  if (item.status === 'pending' && expectedStart !== undefined) {
    return (
      <>
        {t('agenda.expectedAt')} <TimePair at={expectedStart} venueZone={meeting.timeZone} place={place} />
      </>
    );
  }
  if (item.status === 'active' || item.startedAt !== null) {
    return <>{t('agenda.ranFor', { duration: formatDuration(itemElapsedMs(item, now), locale) })}</>;
  }
  return null;
}
