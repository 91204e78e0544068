import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SkipLink } from '../../components/SkipLink.js';
import { loadExtraStrings, withExtraStrings } from '../../i18n/index.js';
import { isolate } from '../../lib/bidi.js';
import { lazyView } from '../../lib/retrying.js';
import { Ticking } from '../../lib/time.js';
import { clearLeft, forgetParticipantToken, loadLeftAs, loadParticipantToken, markLeft } from '../../state/credentials.js';
import { useMeeting, usePlenary } from '../../state/store.js';
import { FloorAnnouncer, SpeakerCard } from '../floor/SpeakerCard.js';
import { SpeakersList } from '../floor/SpeakersList.js';
import { CurrentItem } from './Agenda.js';
import { AgendaAnnouncer } from './Announcer.js';
import { MeetingHeader } from './MeetingHeader.js';
import { useMeetingConnection } from './useMeetingConnection.js';

// A participant's own bar: it comes with their request form, which they wait for anyway.
const MyStateBar = lazyView(() => import('./MyStateBar.js').then((m) => ({ default: m.MyStateBar })));
const MeetingEnded = lazyView(() => withExtraStrings(import('./MeetingEnded.js')).then((m) => ({ default: m.MeetingEnded })));
// Only a refused connection shows it: not part of the first load (nor its strings).
export const RefusedView = lazyView(() => withExtraStrings(import('./RefusedView.js')).then((m) => ({ default: m.RefusedView })));

// Below the first screen, or not for everyone (the join form): fetched as the view first renders, so
// that the first load stays small on mobile data; the state bar's "Question" reaches the box in one tap.
// Each arrives with its strings (the extra bundle of the page's language).
const JoinForm = lazyView(() => withExtraStrings(import('./JoinForm.js')).then((m) => ({ default: m.JoinForm })));
const QuestionsPanel = lazyView(() =>
  withExtraStrings(import('../questions/Questions.js')).then((m) => ({ default: m.QuestionsPanel })),
);
const HighlightedQuestion = lazyView(() =>
  withExtraStrings(import('../questions/Questions.js')).then((m) => ({ default: m.HighlightedQuestion })),
);
// Leaving, and the request form with its choices, arrive a moment after the state bar (which already
// shows the person's place and main action): they keep the first load within its budget.
const RequestFloor = lazyView(() =>
  withExtraStrings(import('../floor/RequestFloor.js')).then((m) => ({ default: m.RequestFloor })),
);
const LeaveButton = lazyView(() => withExtraStrings(import('./Leave.js')).then((m) => ({ default: m.LeaveButton })));
const LeftCard = lazyView(() => withExtraStrings(import('./Leave.js')).then((m) => ({ default: m.LeftCard })));
const AgendaList = lazyView(() => import('./AgendaList.js').then((m) => ({ default: m.AgendaList })));
// Notices (a refused command, a lost connection) come later than the first screen.
const Notice = lazyView(() => withExtraStrings(import('../../components/Notice.js')).then((m) => ({ default: m.Notice })));
// Only while the chair projects a message; its countdown's label is in the extra strings.
const AnnouncementBanner = lazyView(() =>
  withExtraStrings(import('../display/Announcement.js')).then((m) => ({ default: m.AnnouncementBanner })),
);
const FloorStats = lazyView(() => withExtraStrings(import('../floor/FloorStats.js')).then((m) => ({ default: m.FloorStats })));

/** The attendee's and participant's view: follow the meeting, and take part with a name. */
export function MeetingView({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const [token, setToken] = useState(() => loadParticipantToken(meetingId));
  const [leftAs, setLeftAs] = useState(() => loadLeftAs(meetingId));
  // Someone who left follows as an attendee; their token waits for "take part again".
  const activeToken = token && leftAs === null ? token : null;
  useMeetingConnection(activeToken ? { meetingId, token: activeToken } : { meetingId });
  const meeting = useMeeting();
  const self = usePlenary((state) => state.self);
  const refusal = usePlenary((state) => state.refusal);

  // Why the join form is offered again, when the server refused the token this browser kept.
  const [rejoin, setRejoin] = useState<'expired' | 'refused' | null>(null);

  // A token the server no longer accepts (expired, or signed by a secret since removed): follow as an
  // attendee and offer to join again.
  useEffect(() => {
    if (refusal?.code === 'unauthorized' && token) {
      forgetParticipantToken(meetingId);
      setRejoin(refusal.reason === 'expired' ? 'expired' : 'refused');
      setToken(null);
      setLeftAs(null);
    }
  }, [refusal, token, meetingId]);

  // A returning participant's bar is fetched while the connection opens, not once the welcome is in.
  useEffect(() => {
    if (activeToken) import('./MyStateBar.js').catch(() => undefined);
  }, [activeToken]);

  // The "take part again" card's words are among the extra strings.
  useEffect(() => {
    // Not arrived (the connection dropped just then): the card itself fetches them again until they do.
    if (leftAs !== null) loadExtraStrings().catch(() => undefined);
  }, [leftAs]);

  if (refusal && !(refusal.code === 'unauthorized' && token))
    return (
      <Suspense fallback={null}>
        <RefusedView code={refusal.code} />
      </Suspense>
    );
  if (!meeting) return <p className="loading">{t('common.loading')}</p>;

  const forget = () => {
    forgetParticipantToken(meetingId);
    setToken(null);
    setLeftAs(null);
  };
  const ended = meeting.status === 'ended';
  const participant = activeToken ? self : null;

  return (
    <div className={`page meeting-page${participant && !ended ? ' with-state-bar' : ''}`}>
      <SkipLink />
      <MeetingHeader meeting={meeting} />
      <main id="main">
        <AgendaAnnouncer meeting={meeting} />
        <Suspense fallback={null}>
          <Notice />
        </Suspense>
        <Ticking>{(now) => <FloorAnnouncer speaker={meeting.floor.current} now={now} />}</Ticking>
        {meeting.announcement && (
          <Suspense fallback={null}>
            <Ticking>{(now) => <AnnouncementBanner meeting={meeting} now={now} />}</Ticking>
          </Suspense>
        )}
        {!ended && (
          <Suspense fallback={null}>
            <HighlightedQuestion meeting={meeting} />
          </Suspense>
        )}
        <div className="columns">
          <div className="column">
            <CurrentItem meeting={meeting} />
            <SpeakerCard speaker={meeting.floor.current} detailed={false} />
            {participant ? (
              <section className="card self" data-testid="self">
                <p>
                  {t('join.joinedAs', {
                    name: isolate(participant.name),
                    attendance: t(`attendance.${participant.attendance}`),
                  })}
                </p>
                <Suspense fallback={null}>
                  <LeaveButton
                    self={participant}
                    onLeft={(forgetMe) => {
                      if (forgetMe) return forget();
                      markLeft(meetingId, participant.name);
                      setLeftAs(participant.name);
                    }}
                  />
                </Suspense>
              </section>
            ) : token && leftAs !== null ? (
              <Suspense fallback={null}>
                <LeftCard
                  name={leftAs}
                  onRejoin={() => {
                    clearLeft(meetingId);
                    setLeftAs(null);
                  }}
                  onForget={forget}
                />
              </Suspense>
            ) : (
              !ended &&
              !token && (
                <>
                  {rejoin && (
                    <p className="card rejoin" role="status" data-testid="rejoin">
                      {t(rejoin === 'expired' ? 'join.expired' : 'join.tokenRefused')}
                    </p>
                  )}
                  <Suspense fallback={null}>
                    <JoinForm
                      meetingId={meetingId}
                      onJoined={(newToken) => {
                        setRejoin(null);
                        setLeftAs(null);
                        setToken(newToken);
                      }}
                    />
                  </Suspense>
                </>
              )
            )}
            {ended ? (
              <Suspense fallback={null}>
                <MeetingEnded meetingId={meetingId} />
              </Suspense>
            ) : (
              participant && (
                <Suspense fallback={null}>
                  <RequestFloor floor={meeting.floor} self={participant} />
                </Suspense>
              )
            )}
            <SpeakersList floor={meeting.floor} selfId={participant?.id ?? null} />
          </div>
          <div className="column">
            <Suspense fallback={null}>
              <QuestionsPanel meeting={meeting} />
            </Suspense>
            <Suspense fallback={null}>
              <AgendaList meeting={meeting} />
            </Suspense>
            <Suspense fallback={null}>
              <FloorStats floor={meeting.floor} />
            </Suspense>
          </div>
        </div>
      </main>
      {participant && !ended && (
        <Suspense fallback={null}>
          <MyStateBar floor={meeting.floor} self={participant} />
        </Suspense>
      )}
    </div>
  );
}
