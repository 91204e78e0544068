import { LanguagePicker } from '../../components/LanguagePicker.js';
import { changeLanguage, type UiLanguage } from '../../i18n/index.js';

/**
 * The projector's language. The display link carries it (`/m/<id>/display?lang=ar`, read before the
 * first paint by i18n/index.ts): whoever connects the projector sets it once, it survives a reload or a
 * restart with nobody at the keyboard, one link per language serves a room with several screens, and it
 * leaves alone the language saved for the browser's other pages (often the chair's console on the same
 * laptop). The picker is for whoever is at that laptop: quiet on the big screen (small and dim in the
 * header until pointed at or focused), it writes its choice into the address, so that a reload keeps it
 * and the address can be copied as the display link in that language.
 */
export function DisplayLanguagePicker() {
  const choose = (code: UiLanguage) => {
    const url = new URL(window.location.href);
    url.searchParams.set('lang', code);
    window.history.replaceState(window.history.state, '', url);
    void changeLanguage(code, false);
  };
  return <LanguagePicker className="display-language" onChoose={choose} />;
}
