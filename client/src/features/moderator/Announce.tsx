import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../../shared/model.js';
import { useServerNow } from '../../lib/time.js';
import { sendCommand } from '../../state/connection.js';

/** Minutes east of UTC of `timeZone` at `at`. */
function zoneOffsetMinutes(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return Math.round((asUtc - Math.floor(at / 60_000) * 60_000) / 60_000);
}

/** The next moment the venue's clock shows `hhmm` ("15:30"), after `now`. */
export function nextVenueTime(hhmm: string, timeZone: string, now: number): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match) return null;
  const offset = zoneOffsetMinutes(timeZone, now);
  const venueNow = new Date(now + offset * 60_000);
  let at =
    Date.UTC(venueNow.getUTCFullYear(), venueNow.getUTCMonth(), venueNow.getUTCDate(), Number(match[1]), Number(match[2])) -
    offset * 60_000;
  if (at <= now) at += 24 * 60 * 60_000;
  return at;
}

/** A message on every screen ("Break until 15:30", "Please take your seats"), with an optional countdown in venue time. */
export function Announce({ meeting }: { meeting: MeetingState }) {
  const now = useServerNow();
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [until, setUntil] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const endsAt = until ? nextVenueTime(until, meeting.timeZone, now) : null;
    const ack = await sendCommand('meeting.announce', { text: text.trim(), endsAt });
    if (ack.ok) {
      setText('');
      setUntil('');
    }
  };
  return (
    <section aria-labelledby="announce-title" data-testid="announce">
      <h3 id="announce-title" className="panel-subtitle">
        {t('chair.announceTitle')}
      </h3>
      <form onSubmit={(event) => void submit(event)}>
        <div className="row">
          <label>
            {t('chair.announceText')}
            <input
              value={text}
              onChange={(event) => setText(event.target.value)}
              maxLength={200}
              required
              placeholder={t('chair.announcePlaceholder')}
              data-testid="announce-text"
            />
          </label>
          <label className="narrow">
            {t('chair.announceUntil', { place: meeting.venue.city || meeting.venue.name })}
            <input type="time" value={until} onChange={(event) => setUntil(event.target.value)} data-testid="announce-until" />
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" data-testid="announce-submit">
            {t('chair.announceSubmit')}
          </button>
          {meeting.announcement && (
            <button
              type="button"
              className="secondary"
              onClick={() => void sendCommand('meeting.announce', { text: null })}
              data-testid="announce-clear"
            >
              {t('chair.announceClear')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
