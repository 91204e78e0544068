import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { MeetingView } from '../features/meeting/MeetingView.js';
import { loadExtraStrings } from '../i18n/index.js';
import { parseRoute } from './routes.js';

// Only a refused connection shows it: not part of the first load.
const RefusedView = lazy(() => import('../features/meeting/RefusedView.js').then((m) => ({ default: m.RefusedView })));

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

// The consultation's pages and strings, likewise, load only when someone opens one.
const ConsultationPage = lazy(() =>
  Promise.all([import('../features/consultation/ConsultationPage.js'), loadExtraStrings()]).then(([m]) => ({
    default: m.ConsultationPage,
  })),
);
const OrganizePage = lazy(() =>
  Promise.all([import('../features/consultation/OrganizePage.js'), loadExtraStrings()]).then(([m]) => ({
    default: m.OrganizePage,
  })),
);
const ReceiptPage = lazy(() =>
  Promise.all([import('../features/consultation/ReceiptPage.js'), loadExtraStrings()]).then(([m]) => ({
    default: m.ReceiptPage,
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
    case 'consultation':
      return (
        <Suspense fallback={<Loading />}>
          <ConsultationPage consultationId={route.consultationId} />
        </Suspense>
      );
    case 'organize':
      return (
        <Suspense fallback={<Loading />}>
          <OrganizePage consultationId={route.consultationId} />
        </Suspense>
      );
    case 'receipt':
      return (
        <Suspense fallback={<Loading />}>
          <ReceiptPage consultationId={route.consultationId} submissionId={route.submissionId} />
        </Suspense>
      );
    case 'notFound':
      return (
        <Suspense fallback={<Loading />}>
          <RefusedView code="not_found" />
        </Suspense>
      );
  }
}
