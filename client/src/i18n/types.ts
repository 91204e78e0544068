import type { enExtra } from './en.extra.js';
import type { en } from './en.js';

/**
 * `t()` knows every key and its interpolation values from the English bundles (every other language
 * has the same keys): a mistyped key or a missing `{{value}}` fails `tsc`, not a user's screen.
 */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en & typeof enExtra };
  }
}
