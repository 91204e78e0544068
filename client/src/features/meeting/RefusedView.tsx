import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../../components/LanguagePicker.js';

/** Shown when the server will not let this link in: an unknown meeting or a wrong key. */
export function RefusedView({ code, message }: { code: string; message?: string }) {
  const { t } = useTranslation();
  const text = message ?? (code === 'not_found' ? t('meeting.notFound') : t('errors.unauthorized'));
  return (
    <div className="page refused">
      <div className="meeting-header-top">
        <a className="brand" href="/">
          {t('app.name')}
        </a>
        <LanguagePicker />
      </div>
      <main id="main">
        <h1>{t('connection.refused')}</h1>
        <p role="alert" data-testid="refused">
          {text}
        </p>
      </main>
    </div>
  );
}
