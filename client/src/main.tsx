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

void Promise.all([initI18n(), redeemClaimLink()]).then(() => {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root');
  // A render that throws unmounts the whole page: say so and offer a reload instead of a blank screen.
  const root = createRoot(container, {
    onUncaughtError: (error) => {
      console.error(error);
      root.render(
        <Suspense>
          <Crashed code="crashed" />
        </Suspense>,
      );
    },
  });
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
