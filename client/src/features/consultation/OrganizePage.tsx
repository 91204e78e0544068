import './consultation.css';
import type { ParseKeys } from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicConsultation, ReviewStatus, Statistics, SubmissionView } from '../../../../shared/consultation.js';
import { REVIEW_STATUSES } from '../../../../shared/consultation.js';
import { STAKEHOLDER_GROUPS } from '../../../../shared/model.js';
import { LanguagePicker } from '../../components/LanguagePicker.js';
import { SkipLink } from '../../components/SkipLink.js';
import { RefusedView } from '../meeting/RefusedView.js';
import { ApiError, api, blobUrl, keyFromFragment } from './api.js';
import { BarChart } from './Charts.js';
import { countryLabel, useCountryNames } from './countries.js';
import { PrivatePhoto } from './PrivatePhoto.js';

/** The label of each form field in the page's language. */
const FIELD_LABELS: Record<string, ParseKeys> = {
  speakers: 'consultation.field.speakersList',
  stakeholderGroup: 'consultation.stakeholderGroup',
  country: 'consultation.country',
  // A form's organisation is the exhibitor's (the submitter's own is shown apart).
  organisation: 'consultation.field.exhibitor',
};

interface Listing {
  submissions: SubmissionView[];
  statistics: Statistics;
}

/** The organiser link: every submission, filters, review, winners, agenda, export and statistics. */
export function OrganizePage({ consultationId }: { consultationId: string }) {
  const { t, i18n } = useTranslation();
  const key = keyFromFragment();
  const base = `/${encodeURIComponent(consultationId)}`;
  const [listing, setListing] = useState<Listing | null>(null);
  const [consultation, setConsultation] = useState<PublicConsultation | null>(null);
  const [refused, setRefused] = useState(false);
  const [filters, setFilters] = useState({ call: '', status: '', group: '', country: '', text: '' });
  const [message, setMessage] = useState<string | null>(null);
  const countries = useCountryNames(i18n.language);

  /** A form's value as the organiser reads it: coded values (group, country, gender) in the page's language. */
  const formValue = (name: string, value: unknown): string => {
    if (Array.isArray(value)) return value.join(', ');
    const text = String(value);
    if (name === 'stakeholderGroup') return t(`groups.${text}` as 'groups.other');
    if (name === 'country') return countryLabel(countries, text);
    if (name === 'gender') return t(`consultation.gender.${text}` as 'consultation.gender.female');
    if (name === 'format') return t(`consultation.workshopFormat.${text}` as 'consultation.workshopFormat.panel');
    return text;
  };
  const reload = useCallback(() => {
    Promise.all([api<Listing>(`${base}/submissions`, { key }), api<PublicConsultation>(base)])
      .then(([loaded, public_]) => {
        setListing(loaded);
        setConsultation(public_);
      })
      .catch(() => setRefused(true));
  }, [base, key]);
  useEffect(reload, [reload]);

  if (refused)
    return (
      <RefusedView code="unauthorized" title={t('consultation.linkInvalid')} message={t('consultation.organizeInvalid')}>
        <a href={`/c/${encodeURIComponent(consultationId)}`}>{t('consultation.backToConsultation')}</a>
      </RefusedView>
    );
  if (!listing || !consultation) return <p className="loading">{t('common.loading')}</p>;
  const callTitle = (id: string) => consultation.calls.find((c) => c.id === id)?.title ?? id;
  const needle = filters.text.trim().toLocaleLowerCase();
  const shown = listing.submissions.filter(
    (s) =>
      (!filters.call || s.callId === filters.call) &&
      (!filters.status || s.review.status === filters.status) &&
      (!filters.group || s.submitter.stakeholderGroup === filters.group) &&
      (!filters.country || s.submitter.country === filters.country) &&
      (!needle || JSON.stringify([s.submitter, s.form, s.review.note]).toLocaleLowerCase().includes(needle)),
  );
  const meetingPhases = consultation.phases.filter((p) => p.meetingId);
  const setFilter = (name: keyof typeof filters, value: string) => setFilters((current) => ({ ...current, [name]: value }));
  const report = (caught: unknown) => setMessage(caught instanceof ApiError ? caught.message : String(caught));

  async function review(id: string, change: { status?: ReviewStatus; note?: string; winner?: boolean }) {
    try {
      await api(`${base}/submissions/${encodeURIComponent(id)}`, { method: 'PATCH', key, json: change });
      setMessage(t('consultation.saved'));
      reload();
    } catch (caught) {
      report(caught);
    }
  }
  async function toAgenda(id: string, phaseId: string) {
    try {
      await api(`${base}/submissions/${encodeURIComponent(id)}/agenda`, { method: 'POST', key, json: { phaseId } });
      reload();
    } catch (caught) {
      report(caught);
    }
  }
  async function download(format: 'csv' | 'json') {
    const url = await blobUrl(`${base}/submissions?format=${format}`, key);
    const link = document.createElement('a');
    link.href = url;
    link.download = `consultation-${consultationId}.${format}`;
    link.click();
    URL.revokeObjectURL(url);
  }
  const rows = (table: Record<string, number>, label: (key: string) => string) =>
    Object.entries(table)
      .sort((a, b) => b[1] - a[1])
      .map(([k, value]) => ({ label: label(k), value }));

  return (
    <div className="page consultation">
      <SkipLink />
      <header className="meeting-header-top">
        <a className="brand" href={base.replace('/', '/c/')}>
          {consultation.title}
        </a>
        <LanguagePicker />
      </header>
      <main id="main">
        <h1>{t('consultation.organize')}</h1>
        <div className="toolbar">
          <button type="button" onClick={() => void download('csv')} data-testid="export-csv">
            {t('consultation.exportCsv')}
          </button>
          <button type="button" onClick={() => void download('json')} data-testid="export-json">
            {t('consultation.exportJson')}
          </button>
          <span>{t('consultation.count', { count: listing.statistics.total })}</span>
        </div>
        {message && <p role="status">{message}</p>}

        <fieldset className="row filters">
          <legend>{t('consultation.filters')}</legend>
          <label>
            {t('consultation.calls')}
            <select value={filters.call} onChange={(e) => setFilter('call', e.target.value)} data-testid="filter-call">
              <option value="">{t('consultation.all')}</option>
              {consultation.calls.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('consultation.statusLabel')}
            <select value={filters.status} onChange={(e) => setFilter('status', e.target.value)} data-testid="filter-status">
              <option value="">{t('consultation.all')}</option>
              {REVIEW_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`consultation.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('consultation.stakeholderGroup')}
            <select value={filters.group} onChange={(e) => setFilter('group', e.target.value)}>
              <option value="">{t('consultation.all')}</option>
              {STAKEHOLDER_GROUPS.map((g) => (
                <option key={g} value={g}>
                  {t(`groups.${g}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('consultation.country')}
            <select value={filters.country} onChange={(e) => setFilter('country', e.target.value)}>
              <option value="">{t('consultation.all')}</option>
              {Object.keys(listing.statistics.byCountry).map((code) => (
                <option key={code} value={code}>
                  {countryLabel(countries, code)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('consultation.search')}
            <input
              type="search"
              value={filters.text}
              onChange={(e) => setFilter('text', e.target.value)}
              data-testid="filter-text"
            />
          </label>
        </fieldset>

        <ul className="submissions">
          {shown.map((s) => (
            <li key={s.id} className="card" data-testid="submission">
              <p className="eyebrow">
                {t(`consultation.kind.${s.kind}`)} · {callTitle(s.callId)}
              </p>
              <p>
                <bdi>{s.submitter.name}</bdi> &lt;{s.submitter.email}&gt; · <bdi>{s.submitter.organisation}</bdi> ·{' '}
                {t(`groups.${s.submitter.stakeholderGroup}`)} · {countryLabel(countries, s.submitter.country)}
              </p>
              {s.photo && (
                <PrivatePhoto
                  path={s.photo.thumbnailUrl}
                  keyValue={key}
                  alt={String((s.form as { title?: string }).title ?? '')}
                />
              )}
              <dl className="form-values">
                {Object.entries(s.form).map(([name, value]) => (
                  <div key={name}>
                    <dt>{t((FIELD_LABELS[name] ?? `consultation.field.${name}`) as 'consultation.field.title')}</dt>
                    <dd>
                      <bdi>{formValue(name, value)}</bdi>
                    </dd>
                  </div>
                ))}
              </dl>
              <div className="row">
                <label>
                  {t('consultation.statusLabel')}
                  <select
                    value={s.review.status}
                    onChange={(e) => void review(s.id, { status: e.target.value as ReviewStatus })}
                    data-testid="review-status"
                  >
                    {REVIEW_STATUSES.map((status) => (
                      <option key={status} value={status}>
                        {t(`consultation.status.${status}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t('consultation.note')}
                  <input
                    defaultValue={s.review.note}
                    maxLength={2000}
                    onBlur={(e) => e.target.value !== s.review.note && void review(s.id, { note: e.target.value })}
                  />
                </label>
                {s.kind === 'photo' && (
                  <label className="inline">
                    <input
                      type="checkbox"
                      checked={s.review.winner}
                      onChange={(e) => void review(s.id, { winner: e.target.checked })}
                    />
                    {t('consultation.winner')}
                  </label>
                )}
              </div>
              {(s.kind === 'speaker_proposal' || s.kind === 'workshop') && s.review.status === 'accepted' && (
                <div className="toolbar">
                  {s.review.agenda ? (
                    <span>✓ {t('consultation.onAgenda')}</span>
                  ) : (
                    meetingPhases.map((phase) => (
                      <button key={phase.id} type="button" onClick={() => void toAgenda(s.id, phase.id)}>
                        {t('consultation.toAgenda')} {phase.title}
                      </button>
                    ))
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>

        <section aria-labelledby="stats-heading" className="charts">
          <h2 id="stats-heading">{t('consultation.statistics')}</h2>
          <BarChart title={t('consultation.byCall')} rows={rows(listing.statistics.byCall, callTitle)} />
          <BarChart
            title={t('consultation.byGroup')}
            rows={rows(listing.statistics.byStakeholderGroup, (g) => t(`groups.${g}` as 'groups.other'))}
          />
          <BarChart
            title={t('consultation.byCountry')}
            rows={rows(listing.statistics.byCountry, (c) => countryLabel(countries, c))}
          />
          <BarChart
            title={t('consultation.byGender')}
            rows={rows(listing.statistics.byGender, (g) => t(`consultation.gender.${g}` as 'consultation.gender.female'))}
          />
        </section>
      </main>
    </div>
  );
}
