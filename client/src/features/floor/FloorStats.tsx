import '../questions/questions.css';
import { useTranslation } from 'react-i18next';
import { floorStats } from '../../../../shared/floor.js';
import { ATTENDANCE, type FloorState, STAKEHOLDER_GROUPS } from '../../../../shared/model.js';
import { formatDuration, useLocale, useServerNow } from '../../lib/time.js';

/** Interventions and speaking time by stakeholder group and by room/remote, the running turn included. */
export function FloorStats({ floor }: { floor: FloorState }) {
  const now = useServerNow();
  const { t } = useTranslation();
  const locale = useLocale();
  const stats = floorStats(floor, now);
  const number = new Intl.NumberFormat(locale);
  const rows = [
    ...ATTENDANCE.map((attendance) => ({
      key: attendance,
      label: t(`attendance.${attendance}`),
      value: stats.byAttendance[attendance],
    })),
    ...STAKEHOLDER_GROUPS.map((group) => ({ key: group, label: t(`groups.${group}`), value: stats.byGroup[group] })),
  ];
  return (
    <section className="card floor-stats" aria-labelledby="stats-title">
      <h2 id="stats-title">{t('floor.stats')}</h2>
      <table data-testid="floor-stats">
        <thead>
          <tr>
            <th scope="col">
              {t('floor.statsPlace')} / {t('floor.statsGroup')}
            </th>
            <th scope="col">{t('floor.statsInterventions')}</th>
            <th scope="col">{t('floor.statsTime')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-testid={`stats-${row.key}`}>
              <th scope="row">{row.label}</th>
              <td>{number.format(row.value.interventions)}</td>
              <td>{formatDuration(row.value.speakingMs, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
