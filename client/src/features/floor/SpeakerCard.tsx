import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { speakerElapsedMs, speakerRemainingMs } from '../../../../shared/floor.js';
import type { CurrentSpeaker, FloorEntry } from '../../../../shared/model.js';
import { formatDuration, useLocale, useServerNow } from '../../lib/time.js';
import { usePlenary } from '../../state/store.js';

/** Name, affiliation, group, where they are, and what about: the same line everywhere an entry shows. */
export function EntryIdentity({ entry }: { entry: FloorEntry }) {
  const { t } = useTranslation();
  return (
    <span className="entry-identity">
      <bdi className="entry-name">{entry.name}</bdi>
      {entry.affiliation && <bdi className="entry-affiliation">{entry.affiliation}</bdi>}
      <span className="entry-group">{t(`groups.${entry.stakeholderGroup}`)}</span>
      <span className={`entry-attendance attendance-${entry.attendance}`}>{t(`attendance.${entry.attendance}`)}</span>
      <span className={`entry-type type-${entry.type}`}>{t(`floor.types.${entry.type}`)}</span>
      {entry.topic && <bdi className="entry-topic">{entry.topic}</bdi>}
    </span>
  );
}

/** "Disconnected", with for how long when `detailed` (moderators). */
export function OfflineMarker({ participantId, detailed }: { participantId: string; detailed: boolean }) {
  const { t } = useTranslation();
  const since = usePlenary((state) => state.presence.offline[participantId]);
  if (since === undefined) return null;
  return (
    <span className="offline-marker" data-testid="offline">
      {detailed ? <OfflineFor since={since} /> : t('floor.offline')}
    </span>
  );
}

/** Only a marker that counts ticks with the clock, not the list it sits in. */
function OfflineFor({ since }: { since: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const now = useServerNow();
  return <>{t('floor.offlineFor', { time: formatDuration(now - since, locale) })}</>;
}

/** The countdown every screen shows alike: time left, or time spoken without a limit; "time is up" past zero. */
export function SpeakerClock({ speaker, now, large = false }: { speaker: CurrentSpeaker; now: number; large?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const remaining = speakerRemainingMs(speaker, now);
  const timeUp = remaining !== null && remaining <= 0;
  const running = speaker.runningSince !== null;
  const figure =
    remaining === null ? formatDuration(speakerElapsedMs(speaker, now), locale) : formatDuration(Math.abs(remaining), locale);
  return (
    <div
      className={`speaker-clock${large ? ' large' : ''}${timeUp ? ' time-up' : ''}`}
      data-testid="speaker-clock"
      data-time-up={timeUp}
    >
      <span className="speaker-clock-figure" data-testid="speaker-clock-figure" dir="ltr">
        {timeUp ? `+${figure}` : figure}
      </span>
      <span className="speaker-clock-label">
        {timeUp ? t('floor.timeUp') : remaining === null ? t('floor.elapsed') : t('floor.remaining')}
        {!running && ` · ${t('floor.paused')}`}
      </span>
    </div>
  );
}

/** Announces a new speaker and "time is up" to screen readers, once each. */
export function FloorAnnouncer({ speaker, now }: { speaker: CurrentSpeaker | null; now: number }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const lastSpeaker = useRef<string | null | undefined>(undefined);
  const announcedTimeUp = useRef<string | null>(null);
  const remaining = speaker ? speakerRemainingMs(speaker, now) : null;
  const timeUp = remaining !== null && remaining <= 0;
  useEffect(() => {
    const id = speaker?.entry.id ?? null;
    if (lastSpeaker.current !== undefined && id !== lastSpeaker.current) {
      // Nobody has the floor any more: the region no longer says who speaks (read later, it was stale).
      setMessage(speaker ? t('floor.announceSpeaker', { name: speaker.entry.name }) : '');
    }
    lastSpeaker.current = id;
  }, [speaker, t]);
  useEffect(() => {
    if (timeUp && speaker && announcedTimeUp.current !== speaker.entry.id) {
      announcedTimeUp.current = speaker.entry.id;
      setMessage(`${t('floor.timeUp')}: ${speaker.entry.name}`);
    }
  }, [timeUp, speaker, t]);
  return (
    <div className="visually-hidden" aria-live="polite" data-testid="floor-announcer">
      {message}
    </div>
  );
}

export function SpeakerCard({ speaker, detailed }: { speaker: CurrentSpeaker | null; detailed: boolean }) {
  const now = useServerNow();
  const { t } = useTranslation();
  return (
    <section className="card speaker-card" aria-labelledby="speaker-title" data-testid="speaker-card">
      <h2 id="speaker-title">{t('floor.speaking')}</h2>
      {speaker ? (
        <div className="speaker-body">
          <p className="speaker-name" data-testid="speaker-name">
            <EntryIdentity entry={speaker.entry} />{' '}
            <OfflineMarker participantId={speaker.entry.participantId} detailed={detailed} />
          </p>
          <SpeakerClock speaker={speaker} now={now} />
        </div>
      ) : (
        <p>{t('floor.nobodySpeaking')}</p>
      )}
    </section>
  );
}
