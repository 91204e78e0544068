import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { localeFor } from '../lib/time.js';

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

/** The room display's link may name its language (`/m/<id>/display?lang=ar`): see display/DisplayLanguage.tsx. */
export const linkedLanguage = (): string | null =>
  /\/display\/?$/.test(location.pathname) ? new URLSearchParams(location.search).get('lang') : null;

/** The display link's language, else the saved choice, else the first of the browser's languages we speak, else English. */
export function detectLanguage(): UiLanguage {
  const linked = linkedLanguage();
  if (isUiLanguage(linked)) return linked;
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
  // The locale's digits (ar-EG: Arabic-Indic), for the numbers of lists, as for the times beside them.
  document.documentElement.dataset.digits = new Intl.NumberFormat(
    localeFor(language.code, navigator.languages),
  ).resolvedOptions().numberingSystem;
}

/**
 * Each language is its own chunk, fetched when it is first needed: a page carries the one
 * language it shows, not all six. Every language has every key, so none falls back.
 */
const loaders: Record<UiLanguage, () => Promise<object>> = {
  ar: () => import('./ar.js').then((m) => m.ar),
  zh: () => import('./zh.js').then((m) => m.zh),
  en: () => import('./en.js').then((m) => m.en),
  fr: () => import('./fr.js').then((m) => m.fr),
  ru: () => import('./ru.js').then((m) => m.ru),
  es: () => import('./es.js').then((m) => m.es),
};

/** Strings beyond a participant's first screen (console, landing page, room display, form problems): another chunk per language. */
const extraLoaders: Record<UiLanguage, () => Promise<object>> = {
  ar: () => import('./ar.extra.js').then((m) => m.arExtra),
  zh: () => import('./zh.extra.js').then((m) => m.zhExtra),
  en: () => import('./en.extra.js').then((m) => m.enExtra),
  fr: () => import('./fr.extra.js').then((m) => m.frExtra),
  ru: () => import('./ru.extra.js').then((m) => m.ruExtra),
  es: () => import('./es.extra.js').then((m) => m.esExtra),
};
let extraWanted = false;
const extraLoaded = new Set<UiLanguage>();

async function ensureLoaded(code: UiLanguage): Promise<void> {
  if (!i18next.hasResourceBundle(code, 'translation')) {
    i18next.addResourceBundle(code, 'translation', await loaders[code]());
  }
  if (extraWanted && !extraLoaded.has(code)) {
    // Deep: the extra groups join the language's bundle.
    i18next.addResourceBundle(code, 'translation', await extraLoaders[code](), true, true);
    extraLoaded.add(code);
  }
}

/** Called by whatever needs the extra strings, before it renders them; languages chosen later bring theirs too. */
export async function loadExtraStrings(): Promise<void> {
  extraWanted = true;
  const current = i18next.language;
  if (isUiLanguage(current)) await ensureLoaded(current);
}

/** A chunk's module once it and the extra strings (which it shows) have both arrived. */
export const withExtraStrings = <T>(load: Promise<T>): Promise<T> =>
  Promise.all([load, loadExtraStrings()]).then(([module]) => module);

export async function initI18n(): Promise<void> {
  const lng = detectLanguage();
  const resources = { [lng]: { translation: await loaders[lng]() } };
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: false,
    resources,
    // Languages arrive later through addResourceBundle.
    partialBundledLanguages: true,
    // React escapes on render; escaping here would double it.
    interpolation: { escapeValue: false },
    // Strings that arrive later (the extra bundle) re-render what shows them.
    react: { bindI18nStore: 'added' },
    returnNull: false,
  });
  // Counts in the locale's digits, like the times and durations beside them (the browser's region within the language).
  // One formatter per locale: building one per counted phrase was most of a long list's render time.
  const numberFormats = new Map<string, Intl.NumberFormat>();
  i18next.services.formatter?.add('number', (value, code) => {
    const locale = localeFor(code ?? lng, navigator.languages);
    let format = numberFormats.get(locale);
    if (!format) {
      format = new Intl.NumberFormat(locale);
      numberFormats.set(locale, format);
    }
    return format.format(value);
  });
  applyDocumentLanguage(lng);
  i18next.on('languageChanged', (code) => {
    if (isUiLanguage(code)) applyDocumentLanguage(code);
  });
}

/** `save: false` leaves the choice saved for this browser's other pages as it was. */
export async function changeLanguage(code: UiLanguage, save = true): Promise<void> {
  if (save) localStorage.setItem(STORAGE_KEY, code);
  await ensureLoaded(code);
  await i18next.changeLanguage(code);
}
