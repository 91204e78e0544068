import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorKey } from '../lib/problems.js';
import { usePlenary } from '../state/store.js';

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
  return (
    <div className="notice-region" aria-live="polite" data-testid="notice">
      {visible && notice && <p className="notice">{t(errorKey(notice.code), { message: notice.message })}</p>}
    </div>
  );
}
