import { useTranslation } from 'react-i18next';
import type { FloorState, MeetingState, SpokenTurn } from '../../../../shared/model.js';
import { formatDuration } from '../../lib/time.js';
import { sendCommand } from '../../state/connection.js';

/** Who has spoken, per agenda item in agenda order, with the time used against the limit; "put back" for the last. */
export function FinishedSpeakers({ meeting }: { meeting: MeetingState }) {
  const { t, i18n } = useTranslation();
  const { floor } = meeting;
  const last = floor.spoken.at(-1);
  const canPutBack = last !== undefined && floor.current === null;
  const groups = groupByItem(floor, meeting);
  if (floor.spoken.length === 0) return <p>{t('chair.spokenEmpty')}</p>;
  return (
    <div className="finished-speakers" data-testid="finished-speakers">
      {groups.map(({ key, title, turns }) => (
        <section key={key} aria-label={title}>
          <h3 className="panel-subtitle">{title}</h3>
          <table className="spoken-table">
            <thead>
              <tr>
                <th scope="col">{t('chair.spokenWho')}</th>
                <th scope="col">{t('chair.spokenType')}</th>
                <th scope="col">{t('chair.spokenWhere')}</th>
                <th scope="col">{t('chair.spokenTime')}</th>
              </tr>
            </thead>
            <tbody>
              {turns.map((turn) => (
                <tr key={`${turn.entry.id}-${turn.grantedAt}`} data-testid="spoken-turn">
                  <td>
                    <span className="entry-name">{turn.entry.name}</span>
                    <span className="entry-group"> · {t(`groups.${turn.entry.stakeholderGroup}`)}</span>
                  </td>
                  <td>{t(`floor.types.${turn.entry.type}`)}</td>
                  <td>{t(`attendance.${turn.entry.attendance}`)}</td>
                  <td dir="ltr" className={turn.limitMs !== null && turn.spokenMs > turn.limitMs ? 'over-limit' : undefined}>
                    {formatDuration(turn.spokenMs, i18n.language)}
                    {turn.limitMs !== null && ` / ${formatDuration(turn.limitMs, i18n.language)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {last && (
        <button
          type="button"
          className="secondary"
          disabled={!canPutBack}
          onClick={() => void sendCommand('floor.putBack', { entryId: last.entry.id })}
          data-testid="put-back"
        >
          {t('chair.putBack', { name: last.entry.name })}
        </button>
      )}
    </div>
  );
}

function groupByItem(floor: FloorState, meeting: MeetingState): { key: string; title: string; turns: SpokenTurn[] }[] {
  const order = new Map(meeting.agenda.items.map((item, index) => [item.id, index]));
  const groups = new Map<string, SpokenTurn[]>();
  for (const turn of floor.spoken) {
    const key = turn.agendaItemId ?? '';
    groups.set(key, [...(groups.get(key) ?? []), turn]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (order.get(a) ?? -1) - (order.get(b) ?? -1))
    .map(([key, turns]) => ({
      key,
      title: meeting.agenda.items.find((item) => item.id === key)?.title ?? '—',
      turns,
    }));
}
