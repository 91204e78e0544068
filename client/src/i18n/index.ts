import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ar } from './ar.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ru } from './ru.js';
import { zh } from './zh.js';

/** The six UN languages, in the UN's order, each named in itself. */
export const UI_LANGUAGES = [
  { code: 'ar', name: 'العربية', dir: 'rtl' },
  { code: 'zh', name: '中文', dir: 'ltr' },
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'fr', name: 'Français', dir: 'ltr' },
  { code: 'ru', name: 'Русский', dir: 'ltr' },
  { code: 'es', name: 'Español', dir: 'ltr' },
] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number]['code'];

const STORAGE_KEY = 'plenary:lang';

function isUiLanguage(code: string | null | undefined): code is UiLanguage {
  return UI_LANGUAGES.some((language) => language.code === code);
}

/** The saved choice, else the first of the browser's languages we speak, else English. */
export function detectLanguage(): UiLanguage {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (isUiLanguage(saved)) return saved;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isUiLanguage(base)) return base;
  }
  return 'en';
}

function applyDocumentLanguage(code: UiLanguage): void {
  const language = UI_LANGUAGES.find((candidate) => candidate.code === code) ?? { code: 'en', dir: 'ltr' };
  document.documentElement.lang = language.code;
  document.documentElement.dir = language.dir;
}

export async function initI18n(): Promise<void> {
  const lng = detectLanguage();
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    resources: {
      ar: { translation: ar },
      zh: { translation: zh },
      en: { translation: en },
      fr: { translation: fr },
      ru: { translation: ru },
      es: { translation: es },
    },
    // React escapes on render; escaping here would double it.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyDocumentLanguage(lng);
  i18next.on('languageChanged', (code) => {
    if (isUiLanguage(code)) applyDocumentLanguage(code);
  });
}

export function changeLanguage(code: UiLanguage): void {
  localStorage.setItem(STORAGE_KEY, code);
  void i18next.changeLanguage(code);
}
