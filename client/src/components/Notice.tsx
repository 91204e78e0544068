import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlenary } from '../state/store.js';

const KNOWN_CODES = [
  'invalid',
  'forbidden',
  'unauthorized',
  'not_found',
  'conflict',
  'invalid_state',
  'rate_limited',
  'unavailable',
  'internal',
  'undo_expired',
] as const;

/** The last refused command, in words, announced politely to screen readers. */
export function Notice() {
  const { t } = useTranslation();
  const notice = usePlenary((state) => state.notice);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    if (!notice) return;
    setVisible(true);
    const timer = setTimeout(() => setVisible(false), 6000);
    return () => clearTimeout(timer);
  }, [notice]);
  const code = KNOWN_CODES.find((known) => known === notice?.code) ?? 'internal';
  return (
    <div className="notice-region" aria-live="polite" data-testid="notice">
      {visible && notice && <p className="notice">{t(`errors.${code}`, { message: notice.message })}</p>}
    </div>
  );
}
