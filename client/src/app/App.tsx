import { ConsultationPage } from '../features/consultation/ConsultationPage.js';
import { OrganizePage } from '../features/consultation/OrganizePage.js';
import { ReceiptPage } from '../features/consultation/ReceiptPage.js';
import { RoomDisplay } from '../features/display/RoomDisplay.js';
import { Landing } from '../features/landing/Landing.js';
import { MeetingView } from '../features/meeting/MeetingView.js';
import { RefusedView } from '../features/meeting/RefusedView.js';
import { ModeratorConsole } from '../features/moderator/ModeratorConsole.js';
import { parseRoute } from './routes.js';

export function App() {
  const route = parseRoute(window.location.pathname);
  switch (route.view) {
    case 'landing':
      return <Landing />;
    case 'meeting':
      return <MeetingView meetingId={route.meetingId} />;
    case 'moderate':
      return <ModeratorConsole meetingId={route.meetingId} />;
    case 'display':
      return <RoomDisplay meetingId={route.meetingId} />;
    case 'consultation':
      return <ConsultationPage consultationId={route.consultationId} />;
    case 'organize':
      return <OrganizePage consultationId={route.consultationId} />;
    case 'receipt':
      return <ReceiptPage consultationId={route.consultationId} submissionId={route.submissionId} />;
    case 'notFound':
      return <RefusedView code="not_found" />;
  }
}
