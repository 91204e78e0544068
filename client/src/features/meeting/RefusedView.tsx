import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../../components/LanguagePicker.js';

/**
 * Shown when the server will not let this link in: an unknown meeting, a
 * wrong key, or a page older (or newer) than the server, which a reload fixes.
 */
export function RefusedView({
  code,
  message,
  title,
  children,
}: {
  code: string;
  message?: string;
  /** The heading, when "Cannot join" is not what happened (a consultation's link). */
  title?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const incompatible = code === 'incompatible';
  const crashed = code === 'crashed';
  const text =
    message ??
    (code === 'not_found'
      ? t('meeting.notFound')
      : incompatible
        ? t('connection.incompatible')
        : crashed
          ? t('connection.crashed')
          : t('errors.unauthorized'));
  return (
    <div className="page refused">
      <div className="meeting-header-top">
        <a className="brand" href="/">
          {t('app.name')}
        </a>
        <LanguagePicker />
      </div>
      <main id="main">
        <h1>{title ?? (incompatible ? t('connection.updated') : crashed ? t('connection.failed') : t('connection.refused'))}</h1>
        <p role="alert" data-testid="refused" data-code={code}>
          {text}
        </p>
        {children}
        {(incompatible || crashed) && (
          <button type="button" data-testid="reload" onClick={() => window.location.reload()}>
            {t('connection.reload')}
          </button>
        )}
      </main>
    </div>
  );
}
