import { useTranslation } from 'react-i18next';

/** The first stop of the keyboard: straight to the content, past the header. */
export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a className="skip-link" href="#main">
      {t('app.skipToContent')}
    </a>
  );
}
