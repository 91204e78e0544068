import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FloorState, type Participant, REQUEST_TYPES, type RequestType } from '../../../../shared/model.js';
import { isolate } from '../../lib/bidi.js';
import { sendCommand } from '../../state/connection.js';
import { EntryIdentity } from './SpeakerCard.js';

type Standing = 'speaking' | 'next' | null;

/** Where this participant stands: speaking, next, or neither. */
export function standingOf(floor: FloorState, participantId: string): Standing {
  if (floor.current?.entry.participantId === participantId) return 'speaking';
  if (floor.queue[0]?.participantId === participantId) return 'next';
  return null;
}

/**
 * "You are next" and "you have the floor": on screen, to screen readers, and as a browser
 * notification if allowed. Notifications are offered only once the person has asked for the floor.
 */
function Standing({ standing, offerNotifications }: { standing: Standing; offerNotifications: boolean }) {
  const { t } = useTranslation();
  const [permission, setPermission] = useState(() =>
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  );
  const previous = useRef<Standing>(null);
  const text = standing === 'speaking' ? t('floor.youHaveTheFloor') : standing === 'next' ? t('floor.youAreNext') : '';
  useEffect(() => {
    if (standing && standing !== previous.current && permission === 'granted' && document.hidden) {
      new Notification(text);
    }
    previous.current = standing;
  }, [standing, permission, text]);
  return (
    <>
      <div className={`standing${standing ? ` standing-${standing}` : ''}`} aria-live="assertive" data-testid="standing">
        {text}
      </div>
      {offerNotifications && permission === 'default' && (
        <p className="notify-offer">
          <button
            type="button"
            className="secondary"
            onClick={() => void Notification.requestPermission().then(setPermission)}
            data-testid="notify"
          >
            {t('floor.notify')}
          </button>{' '}
          <span className="hint">{t('floor.notifyHint')}</span>
        </p>
      )}
      {offerNotifications && permission === 'granted' && (
        <p className="hint">
          {t('floor.notifyOn')} {t('floor.notifyHint')}
        </p>
      )}
    </>
  );
}

/** A participant's side of the floor: ask, see one's own requests, withdraw, and end one's turn. */
export function RequestFloor({ floor, self }: { floor: FloorState; self: Participant }) {
  const { t } = useTranslation();
  const [type, setType] = useState<RequestType>('new_topic');
  const [topic, setTopic] = useState('');
  const mine = floor.queue.filter((entry) => entry.participantId === self.id);
  const speaking = floor.current?.entry.participantId === self.id ? floor.current : null;
  const available = (candidate: RequestType) =>
    (floor.open || candidate === 'point_of_order') &&
    (candidate !== 'reply' || floor.current !== null) &&
    !mine.some((e) => e.type === candidate);

  const [asked, setAsked] = useState(false);
  // The default is a new topic. Any other type, a point of order above all (it jumps the queue), is
  // the person's explicit choice; when the chosen type stops being possible, nothing is preselected.
  const chosen: RequestType | null = available(type) ? type : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    const ack = await sendCommand('floor.request', { type: chosen, topic });
    if (ack.ok) {
      setTopic('');
      setType('new_topic');
      setAsked(true);
    }
  }

  return (
    <section className="card request-floor" aria-labelledby="request-title">
      <h2 id="request-title">{t('floor.requestTitle')}</h2>
      <Standing standing={standingOf(floor, self.id)} offerNotifications={asked || mine.length > 0 || speaking !== null} />
      {speaking && (
        <button
          type="button"
          className="primary"
          data-testid="floor-done"
          onClick={() => void sendCommand('floor.finish', { entryId: speaking.entry.id })}
        >
          {t('floor.done')}
        </button>
      )}
      <form onSubmit={submit}>
        <fieldset>
          <legend>{t('floor.requestType')}</legend>
          {REQUEST_TYPES.map((candidate) => (
            <label key={candidate} className="inline">
              <input
                type="radio"
                name="request-type"
                value={candidate}
                checked={chosen === candidate}
                disabled={!available(candidate)}
                onChange={() => setType(candidate)}
                data-testid={`request-type-${candidate}`}
              />
              {t(`floor.types.${candidate}`)}
            </label>
          ))}
          <p className="hint">{t('floor.pointOfOrderHint')}</p>
          {floor.current === null && <p className="hint">{t('floor.replyHint')}</p>}
        </fieldset>
        <label>
          {t('floor.topic')}
          <input value={topic} onChange={(e) => setTopic(e.target.value)} maxLength={140} data-testid="request-topic" />
        </label>
        <button type="submit" className="primary" disabled={chosen === null} data-testid="request-submit">
          {t('floor.request')}
        </button>
      </form>
      {mine.length > 0 && (
        <>
          <h3>{t('floor.myRequests')}</h3>
          <ul className="my-requests" data-testid="my-requests">
            {mine.map((entry) => (
              <li key={entry.id}>
                <span>{t('floor.position', { position: isolate(String(floor.queue.indexOf(entry) + 1)) })}</span>{' '}
                <EntryIdentity entry={entry} />{' '}
                <button
                  type="button"
                  className="secondary"
                  onClick={() => void sendCommand('floor.withdraw', { entryId: entry.id })}
                  data-testid="withdraw"
                >
                  {t('floor.withdraw')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
