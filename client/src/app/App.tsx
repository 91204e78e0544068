import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { MeetingView } from '../features/meeting/MeetingView.js';
import { RefusedView } from '../features/meeting/RefusedView.js';
import { loadExtraStrings } from '../i18n/index.js';
import { parseRoute } from './routes.js';

// A participant's first load carries only their view: the other pages (and the QR library of the
// display) arrive when someone opens them.
// Their strings too: each arrives with its page.
const Landing = lazy(() =>
  Promise.all([import('../features/landing/Landing.js'), loadExtraStrings()]).then(([m]) => ({ default: m.Landing })),
);
const ModeratorConsole = lazy(() =>
  Promise.all([import('../features/moderator/ModeratorConsole.js'), loadExtraStrings()]).then(([m]) => ({
    default: m.ModeratorConsole,
  })),
);
const RoomDisplay = lazy(() =>
  Promise.all([import('../features/display/RoomDisplay.js'), loadExtraStrings()]).then(([m]) => ({
    default: m.RoomDisplay,
  })),
);

function Loading() {
  const { t } = useTranslation();
  return <p className="loading">{t('common.loading')}</p>;
}

export function App() {
  const route = parseRoute(window.location.pathname);
  switch (route.view) {
    case 'landing':
      return (
        <Suspense fallback={<Loading />}>
          <Landing />
        </Suspense>
      );
    case 'meeting':
      return <MeetingView meetingId={route.meetingId} />;
    case 'moderate':
      return (
        <Suspense fallback={<Loading />}>
          <ModeratorConsole meetingId={route.meetingId} />
        </Suspense>
      );
    case 'display':
      return (
        <Suspense fallback={<Loading />}>
          <RoomDisplay meetingId={route.meetingId} />
        </Suspense>
      );
    case 'notFound':
      return <RefusedView code="not_found" />;
  }
}
