import i18next from 'i18next';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { initI18n, withExtraStrings } from './i18n/index.js';
import { lazyView } from './lib/retrying.js';
import { redeemClaimLink } from './state/claim.js';
import './styles.css';

const Crashed = lazyView(() =>
  withExtraStrings(import('./features/meeting/RefusedView.js')).then((m) => ({ default: m.RefusedView })),
);

/** Until the crash page has arrived (it is fetched), or if it fails too: a reload, in a string every page has. */
function Reload() {
  return (
    <button type="button" onClick={() => window.location.reload()}>
      {i18next.t('connection.reload')}
    </button>
  );
}

void Promise.all([initI18n(), redeemClaimLink()]).then(() => {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root');
  // A render that throws unmounts the whole page: say so and offer a reload instead of a blank screen.
  // The error is still reported as uncaught (the console, window.onerror).
  let failures = 0;
  const root = createRoot(container, {
    onUncaughtError: (error) => {
      globalThis.reportError?.(error);
      failures += 1;
      if (failures === 1)
        root.render(
          <Suspense fallback={<Reload />}>
            <Crashed code="crashed" />
          </Suspense>,
        );
      else if (failures === 2) root.render(<Reload />);
    },
  });
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
