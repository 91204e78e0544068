import { useTranslation } from 'react-i18next';
import { changeLanguage, UI_LANGUAGES, type UiLanguage } from '../i18n/index.js';

export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-picker">
      <span className="visually-hidden">{t('common.language')}</span>
      <select
        value={i18n.language}
        onChange={(event) => void changeLanguage(event.target.value as UiLanguage)}
        data-testid="language"
      >
        {UI_LANGUAGES.map((language) => (
          <option key={language.code} value={language.code} lang={language.code}>
            {language.name}
          </option>
        ))}
      </select>
    </label>
  );
}
