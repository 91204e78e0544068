import { useTranslation } from 'react-i18next';
import { changeLanguage, UI_LANGUAGES, type UiLanguage } from '../i18n/index.js';

/** The page's language; `onChoose` replaces saving the choice for the browser's other pages (the room display's link carries it). */
export function LanguagePicker({
  className = 'language-picker',
  onChoose = (code) => void changeLanguage(code),
}: {
  className?: string;
  onChoose?: (code: UiLanguage) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <label className={className}>
      <span className="visually-hidden">{t('common.language')}</span>
      <select value={i18n.language} onChange={(event) => onChoose(event.target.value as UiLanguage)} data-testid="language">
        {UI_LANGUAGES.map((language) => (
          <option key={language.code} value={language.code} lang={language.code}>
            {language.name}
          </option>
        ))}
      </select>
    </label>
  );
}
