import { useTranslation } from 'react-i18next';
import { formatClock, useLocale, viewerTimeZone } from '../lib/time.js';
import { usePlenary } from '../state/store.js';

/** Always visible: whether what the screen shows is live, and if not, how old it is. */
export function ConnectionBadge() {
  const { t } = useTranslation();
  const locale = useLocale();
  const connection = usePlenary((state) => state.connection);
  const lastHeardAt = usePlenary((state) => state.lastHeardAt);
  const stale = connection !== 'live' && connection !== 'connecting' && lastHeardAt !== null;
  return (
    <div className={`connection connection-${connection}`} role="status" data-testid="connection" data-state={connection}>
      <span className="connection-dot" aria-hidden="true" />
      <span>{t(`connection.${connection}`)}</span>
      {stale && (
        <span className="connection-stale">
          {t('connection.staleSince', { time: formatClock(lastHeardAt, viewerTimeZone(), locale) })}
        </span>
      )}
    </div>
  );
}
