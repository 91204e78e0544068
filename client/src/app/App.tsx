import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { MeetingView, RefusedView } from '../features/meeting/MeetingView.js';
import { withExtraStrings } from '../i18n/index.js';
import { lazyView } from '../lib/retrying.js';
import { parseRoute } from './routes.js';

// A participant's first load carries only their view: the other pages (and the QR library of the
// display) arrive when someone opens them.
// Their strings too: each arrives with its page.
const Landing = lazyView(() => withExtraStrings(import('../features/landing/Landing.js')).then((m) => ({ default: m.Landing })));
const ModeratorConsole = lazyView(() =>
  withExtraStrings(import('../features/moderator/ModeratorConsole.js')).then((m) => ({ default: m.ModeratorConsole })),
);
const RoomDisplay = lazyView(() =>
  withExtraStrings(import('../features/display/RoomDisplay.js')).then((m) => ({ default: m.RoomDisplay })),
);

// The consultation's pages and strings, likewise, load only when someone opens one.
const ConsultationPage = lazyView(() =>
  withExtraStrings(import('../features/consultation/ConsultationPage.js')).then((m) => ({ default: m.ConsultationPage })),
);
const OrganizePage = lazyView(() =>
  withExtraStrings(import('../features/consultation/OrganizePage.js')).then((m) => ({ default: m.OrganizePage })),
);
const ReceiptPage = lazyView(() =>
  withExtraStrings(import('../features/consultation/ReceiptPage.js')).then((m) => ({ default: m.ReceiptPage })),
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
