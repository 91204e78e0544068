import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '../../components/Notice.js';
import { SkipLink } from '../../components/SkipLink.js';
import { useServerNow } from '../../lib/time.js';
import { forgetParticipantToken, loadParticipantToken } from '../../state/credentials.js';
import { useMeeting, usePlenary } from '../../state/store.js';
import { AnnouncementBanner } from '../display/Announcement.js';
import { FloorStats } from '../floor/FloorStats.js';
import { RequestFloor } from '../floor/RequestFloor.js';
import { FloorAnnouncer, SpeakerCard } from '../floor/SpeakerCard.js';
import { SpeakersList } from '../floor/SpeakersList.js';
import { HighlightedQuestion, QuestionsPanel } from '../questions/Questions.js';
import { AgendaList, CurrentItem } from './Agenda.js';
import { AgendaAnnouncer } from './Announcer.js';
import { JoinForm } from './JoinForm.js';
import { MeetingHeader } from './MeetingHeader.js';
import { RefusedView } from './RefusedView.js';
import { useMeetingConnection } from './useMeetingConnection.js';

/** The attendee's and participant's view: follow the meeting, and take part with a name. */
export function MeetingView({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const [token, setToken] = useState(() => loadParticipantToken(meetingId));
  useMeetingConnection(token ? { meetingId, token } : { meetingId });
  const meeting = useMeeting();
  const self = usePlenary((state) => state.self);
  const refusal = usePlenary((state) => state.refusal);
  const now = useServerNow();

  // A token the server no longer accepts: follow as an attendee and offer to join again.
  useEffect(() => {
    if (refusal?.code === 'unauthorized' && token) {
      forgetParticipantToken(meetingId);
      setToken(null);
    }
  }, [refusal, token, meetingId]);

  if (refusal && !(refusal.code === 'unauthorized' && token)) return <RefusedView code={refusal.code} />;
  if (!meeting) return <p className="loading">{t('common.loading')}</p>;

  return (
    <div className="page meeting-page">
      <SkipLink />
      <MeetingHeader meeting={meeting} now={now} />
      <main id="main">
        <AgendaAnnouncer meeting={meeting} />
        <Notice />
        <FloorAnnouncer speaker={meeting.floor.current} now={now} />
        <AnnouncementBanner meeting={meeting} now={now} />
        <HighlightedQuestion meeting={meeting} />
        <div className="columns">
          <div className="column">
            <CurrentItem meeting={meeting} now={now} />
            <SpeakerCard speaker={meeting.floor.current} now={now} detailed={false} />
            {self ? (
              <section className="card self" data-testid="self">
                <p>{t('join.joinedAs', { name: self.name, attendance: t(`attendance.${self.attendance}`) })}</p>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    forgetParticipantToken(meetingId);
                    setToken(null);
                  }}
                >
                  {t('join.leave')}
                </button>
              </section>
            ) : (
              meeting.status !== 'ended' && <JoinForm meetingId={meetingId} onJoined={setToken} />
            )}
            {self && <RequestFloor floor={meeting.floor} self={self} ended={meeting.status === 'ended'} />}
            <SpeakersList floor={meeting.floor} now={now} selfId={self?.id ?? null} />
          </div>
          <div className="column">
            <QuestionsPanel meeting={meeting} />
            <AgendaList meeting={meeting} now={now} />
            <FloorStats floor={meeting.floor} now={now} />
          </div>
        </div>
      </main>
    </div>
  );
}
