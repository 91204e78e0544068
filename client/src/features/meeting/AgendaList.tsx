import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { projectSchedule } from '../../../../shared/agenda.js';
import type { AgendaItem, MeetingState } from '../../../../shared/model.js';
import { useServerNow } from '../../lib/time.js';
import { ItemTiming } from './Agenda.js';

/** The whole agenda; `controls` adds the moderator's buttons to each item. */
export function AgendaList({
  meeting,
  controls,
}: {
  meeting: MeetingState;
  controls?: (item: AgendaItem, index: number) => ReactNode;
}) {
  const { t } = useTranslation();
  const now = useServerNow();
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
