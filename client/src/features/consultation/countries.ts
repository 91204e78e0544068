import countries from 'i18n-iso-countries';
import { useEffect, useState } from 'react';

// Only the page's language is loaded, when it is needed.
const LOCALES: Record<string, () => Promise<{ default: countries.LocaleData }>> = {
  en: () => import('i18n-iso-countries/langs/en.json'),
  fr: () => import('i18n-iso-countries/langs/fr.json'),
  es: () => import('i18n-iso-countries/langs/es.json'),
  ru: () => import('i18n-iso-countries/langs/ru.json'),
  ar: () => import('i18n-iso-countries/langs/ar.json'),
  zh: () => import('i18n-iso-countries/langs/zh.json'),
};

/**
 * Country names in `language`, sorted for that language; empty until loaded.
 * A file that does not arrive is fetched again every 2 s, as the page's lazy
 * views are (`lazyView`; its import here would reshape the bundle's chunks and
 * grow the participant's first load).
 */
export function useCountryNames(language: string): [string, string][] {
  const [names, setNames] = useState<[string, string][]>([]);
  useEffect(() => {
    let cancelled = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = LOCALES[language] ?? LOCALES.en;
    const fetchNames = () =>
      load?.().then(
        (locale) => {
          countries.registerLocale(locale.default);
          const table = countries.getNames(locale.default.locale, { select: 'official' });
          const sorted = Object.entries(table).sort((a, b) => a[1].localeCompare(b[1], language));
          if (!cancelled) setNames(sorted);
        },
        () => {
          if (!cancelled) retry = setTimeout(fetchNames, 2e3);
        },
      );
    fetchNames();
    return () => {
      cancelled = true;
      clearTimeout(retry);
    };
  }, [language]);
  return names;
}

export function countryLabel(names: [string, string][], code: string): string {
  return names.find(([c]) => c === code)?.[1] ?? code;
}
