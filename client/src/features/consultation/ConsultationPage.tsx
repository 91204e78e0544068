import './consultation.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicCall, PublicConsultation } from '../../../../shared/consultation.js';
import { LanguagePicker } from '../../components/LanguagePicker.js';
import { SkipLink } from '../../components/SkipLink.js';
import { useLocale } from '../../lib/time.js';
import { RefusedView } from '../meeting/RefusedView.js';
import { ApiError, api } from './api.js';
import { countryLabel, useCountryNames } from './countries.js';
import { formatCountdown, formatDateTime, formatDay, formatEnd, viewerTimeZone, zoneLabel } from './format.js';
import { SubmitForm } from './SubmitForm.js';
import { formatZoned, YourTime } from './YourTime.js';

/** The consultation's public page: timeline, calls with their countdown and form, accepted contributions. */
export function ConsultationPage({ consultationId }: { consultationId: string }) {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<PublicConsultation | null>(null);
  const [missing, setMissing] = useState<'not_found' | 'unavailable' | null>(null);
  const [offset, setOffset] = useState(0);
  const [now, setNow] = useState(Date.now());
  const [openForm, setOpenForm] = useState<string | null>(null);
  const countries = useCountryNames(i18n.language);
  // Dates and times in the browser's region (en-GB: 24-hour clock, day before month), not en-US for every English reader.
  const lang = useLocale();

  useEffect(() => {
    api<PublicConsultation>(`/${encodeURIComponent(consultationId)}`)
      .then((loaded) => {
        // The server's clock decides deadlines; the countdown follows it, not this computer's.
        setOffset(loaded.serverNow - Date.now());
        setView(loaded);
      })
      .catch((caught) => setMissing(caught instanceof ApiError && caught.status === 404 ? 'not_found' : 'unavailable'));
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [consultationId]);

  if (missing === 'not_found')
    return <RefusedView code="not_found" title={t('consultation.linkInvalid')} message={t('consultation.notFound')} />;
  if (missing === 'unavailable')
    return <RefusedView code="unavailable" title={t('connection.failed')} message={t('errors.unavailable')} />;
  if (!view) return <p className="loading">{t('common.loading')}</p>;
  const serverNow = now + offset;
  const zone = view.timeZone;
  const mine = viewerTimeZone();
  const callState = (call: PublicCall) => (serverNow < call.opensAt ? 'upcoming' : serverNow < call.closesAt ? 'open' : 'closed');

  return (
    <div className="page consultation">
      <SkipLink />
      <header className="meeting-header-top">
        <a className="brand" href="/">
          {t('app.name')}
        </a>
        <LanguagePicker />
      </header>
      <main id="main">
        <h1 dir="auto">{view.title}</h1>
        {view.organisers && <p>{t('consultation.organisers', { names: view.organisers })}</p>}
        <p className="consultation-description" dir="auto">
          {view.description}
        </p>
        {view.datesShiftedByWeeks !== null && (
          <p className="notice" data-testid="shifted">
            {t('consultation.shifted', { weeks: view.datesShiftedByWeeks })}
          </p>
        )}

        <section aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">{t('consultation.timeline')}</h2>
          <ol className="timeline">
            {view.phases.map((phase) => {
              const state = serverNow < phase.startsAt ? 'upcoming' : serverNow <= phase.until ? 'now' : 'past';
              return (
                <li key={phase.id} className={`phase phase-${state}`} data-testid="phase">
                  <p className="eyebrow">
                    {t(`consultation.phaseKind.${phase.kind}`)} ·{' '}
                    <span className={`badge badge-${state}`}>{t(`consultation.phaseState.${state}`)}</span>
                  </p>
                  <h3 dir="auto">{phase.title}</h3>
                  <p>
                    {t('consultation.venueTime', { zone: zoneLabel(zone, phase.startsAt, lang) })}:{' '}
                    <bdi>{formatDateTime(phase.startsAt, zone, lang)}</bdi>
                    {phase.endsAt !== null && (
                      <>
                        {' '}
                        – <bdi>{formatEnd(phase.endsAt, phase.startsAt, zone, lang)}</bdi>
                      </>
                    )}
                  </p>
                  {mine !== zone && (
                    <p className="time-mine" data-testid="phase-your-time">
                      {t('consultation.yourTime', { zone: zoneLabel(mine, phase.startsAt, lang) })}:{' '}
                      <bdi>{formatDateTime(phase.startsAt, mine, lang)}</bdi>
                      {phase.endsAt !== null && (
                        <>
                          {' '}
                          – <bdi>{formatEnd(phase.endsAt, phase.startsAt, mine, lang)}</bdi>
                        </>
                      )}
                    </p>
                  )}
                  {phase.original && (
                    <p className="muted">
                      {t('consultation.originally', { date: formatDay(phase.original.startsAt, zone, lang) })}
                    </p>
                  )}
                  {phase.venue && (
                    <p>
                      <bdi>{[phase.venue.room, phase.venue.name, phase.venue.city].filter(Boolean).join(', ')}</bdi>
                    </p>
                  )}
                  {phase.meeting && (
                    <p className="toolbar">
                      <a href={phase.meeting.attend} className={state === 'now' ? 'live-link' : ''}>
                        {state === 'now' ? t('consultation.liveNow') : t('consultation.attend')}
                      </a>
                      <a href={phase.meeting.display}>{t('consultation.display')}</a>
                      {state === 'past' && <a href={`${phase.meeting.record}&lang=${i18n.language}`}>{t('record.download')}</a>}
                    </p>
                  )}
                  {phase.speakers.length > 0 && (
                    <p>
                      {t('consultation.speakers')}: {phase.speakers.map((s) => `${s.name} (${s.affiliation})`).join('; ')}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        </section>

        <section aria-labelledby="calls-heading">
          <h2 id="calls-heading">{t('consultation.calls')}</h2>
          {view.calls.map((call) => {
            const state = callState(call);
            return (
              <article key={call.id} className="card call" data-testid="call" data-kind={call.kind}>
                <p className="eyebrow">
                  {t(`consultation.kind.${call.kind}`)} ·{' '}
                  <span className={`badge badge-${state}`}>{t(`consultation.callState.${state}`)}</span>
                </p>
                <h3 dir="auto">{call.title}</h3>
                {call.description && (
                  <p className="call-description" dir="auto">
                    {call.description}
                  </p>
                )}
                <p data-testid="deadline">
                  {state === 'upcoming'
                    ? t('consultation.opensAt', { date: formatZoned(call.opensAt, zone, lang) })
                    : t('consultation.closesAt', { date: formatZoned(call.closesAt, zone, lang) })}
                  {call.original && (
                    <> ({t('consultation.originally', { date: formatDay(call.original.closesAt, zone, lang) })})</>
                  )}
                </p>
                <YourTime ms={state === 'upcoming' ? call.opensAt : call.closesAt} zone={zone} locale={lang} />
                {state === 'open' && (
                  <>
                    <p className="countdown" role="timer">
                      {t('consultation.closesIn', { time: formatCountdown(call.closesAt - serverNow, lang) })}
                    </p>
                    <button
                      type="button"
                      className={openForm === call.id ? 'secondary' : 'primary'}
                      aria-expanded={openForm === call.id}
                      onClick={() => setOpenForm(openForm === call.id ? null : call.id)}
                      data-testid={`contribute-${call.kind}`}
                    >
                      {openForm === call.id ? t('consultation.hideForm') : t('consultation.contribute')}
                    </button>
                    {openForm === call.id && <SubmitForm consultationId={view.id} call={call} />}
                  </>
                )}
              </article>
            );
          })}
        </section>

        <section aria-labelledby="accepted-heading">
          <h2 id="accepted-heading">{t('consultation.accepted')}</h2>
          {view.accepted.length === 0 && <p>{t('consultation.noAccepted')}</p>}
          <ul className="contributions">
            {view.accepted.map((c) => {
              const form = c.form as Record<string, unknown>;
              const headline = String(form.topic ?? form.title ?? form.themes ?? form.organisation ?? form.nominee ?? '');
              return (
                <li key={c.id} className="card" data-testid="accepted">
                  <p className="eyebrow">
                    {t(`consultation.kind.${c.kind}`)}
                    {c.winner && <> · ★ {t('consultation.winner')}</>}
                  </p>
                  {c.photo && <img src={c.photo.thumbnailUrl} alt={String(form.title ?? '')} className="thumb" />}
                  <p className="contribution-headline" dir="auto">
                    {headline}
                  </p>
                  <p className="muted">
                    <bdi>{c.name}</bdi>
                    {c.organisation && (
                      <>
                        , <bdi>{c.organisation}</bdi>
                      </>
                    )}{' '}
                    · {t(`groups.${c.stakeholderGroup}`)} · {countryLabel(countries, c.country)}
                  </p>
                </li>
              );
            })}
          </ul>
        </section>
      </main>
    </div>
  );
}
