import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Issue } from '../../../shared/errors.js';
import { errorKey, problemText } from '../lib/problems.js';
import { usePlenary } from '../state/store.js';

/**
 * A refusal in the page's language: what was wrong with each field the server named, in words; the
 * server's own explanation is English, shown only on an English page rather than in a mix of languages.
 */
function noticeText(t: TFunction, language: string, notice: { code: string; message: string; issues?: Issue[] }): string {
  const summary = t(errorKey(notice.code));
  if (notice.issues && notice.issues.length > 0)
    return `${summary} ${notice.issues.map((issue) => problemText(t, issue)).join(' · ')}`;
  if (language === 'en' && notice.message && (notice.code === 'invalid' || notice.code === 'invalid_state'))
    return `${summary} ${notice.message.charAt(0).toUpperCase()}${notice.message.slice(1)}.`;
  return summary;
}

/** The last refused command, in words, announced politely to screen readers. */
export function Notice() {
  const { t, i18n } = useTranslation();
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
      {visible && notice && <p className="notice">{noticeText(t, i18n.language, notice)}</p>}
    </div>
  );
}
