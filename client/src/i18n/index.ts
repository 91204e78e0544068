import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ar } from './ar.js';
import { en } from './en.js';

/** Interface languages available now; the other UN languages join this list. */
export const UI_LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
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
  const language = UI_LANGUAGES.find((candidate) => candidate.code === code) ?? UI_LANGUAGES[0];
  document.documentElement.lang = language.code;
  document.documentElement.dir = language.dir;
}

export async function initI18n(): Promise<void> {
  const lng = detectLanguage();
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    resources: { en: { translation: en }, ar: { translation: ar } },
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
