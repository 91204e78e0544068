import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../../components/LanguagePicker.js';
import { SkipLink } from '../../components/SkipLink.js';

/**
 * A consultation link the server refused, in the consultation's words: the meeting's "Cannot join"
 * would tell someone whose contribution was withdrawn that they had tried to join a meeting.
 */
export function LinkRefused({ title, text, consultationId }: { title?: string; text: string; consultationId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="page consultation refused">
      <SkipLink />
      <header className="meeting-header-top">
        <a className="brand" href="/">
          {t('app.name')}
        </a>
        <LanguagePicker />
      </header>
      <main id="main">
        <h1>{title ?? t('consultation.linkInvalid')}</h1>
        <p role="alert" data-testid="refused">
          {text}
        </p>
        {consultationId && <a href={`/c/${encodeURIComponent(consultationId)}`}>{t('consultation.backToConsultation')}</a>}
      </main>
    </div>
  );
}
