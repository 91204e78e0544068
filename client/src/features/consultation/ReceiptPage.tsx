import './consultation.css';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicConsultation, SubmissionView } from '../../../../shared/consultation.js';
import type { Issue } from '../../../../shared/issues.js';
import { OtherProblems } from '../../components/FieldProblems.js';
import { LanguagePicker } from '../../components/LanguagePicker.js';
import { SkipLink } from '../../components/SkipLink.js';
import { useLocale } from '../../lib/time.js';
import { RefusedView } from '../meeting/RefusedView.js';
import { ApiError, api, keyFromFragment } from './api.js';
import {
  formProblems,
  fromForm,
  fromSubmitter,
  KindFields,
  refusalText,
  SubmitterFields,
  shownPaths,
  toForm,
  toSubmitter,
} from './SubmitForm.js';
import { formatZoned, YourTime } from './YourTime.js';

/** The receipt link: the author sees, edits or withdraws the contribution until the deadline. */
export function ReceiptPage({ consultationId, submissionId }: { consultationId: string; submissionId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const key = keyFromFragment();
  const path = `/${encodeURIComponent(consultationId)}/submissions/${encodeURIComponent(submissionId)}`;
  const [submission, setSubmission] = useState<SubmissionView | null>(null);
  const [consultation, setConsultation] = useState<PublicConsultation | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [refused, setRefused] = useState<'invalid' | 'unavailable' | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [withdrawn, setWithdrawn] = useState(false);
  // Withdrawing deletes for good: one tap only asks, a second one confirms.
  const [confirming, setConfirming] = useState(false);
  const keepButton = useRef<HTMLButtonElement>(null);
  const withdrawButton = useRef<HTMLButtonElement>(null);
  const withdrawnHeading = useRef<HTMLHeadingElement>(null);
  const asked = useRef(false);

  useEffect(() => {
    if (confirming) keepButton.current?.focus();
    else if (asked.current) withdrawButton.current?.focus();
    asked.current = confirming;
  }, [confirming]);
  useEffect(() => {
    if (withdrawn) withdrawnHeading.current?.focus();
  }, [withdrawn]);

  useEffect(() => {
    Promise.all([api<SubmissionView>(path, { key }), api<PublicConsultation>(`/${encodeURIComponent(consultationId)}`)])
      .then(([loaded, public_]) => {
        setSubmission(loaded);
        setConsultation(public_);
        setValues({ ...fromSubmitter(loaded.submitter), ...fromForm(loaded.form) });
      })
      .catch((caught) =>
        // The server cannot tell a withdrawn contribution from a mistyped link: both are unknown to it.
        setRefused(caught instanceof ApiError && (caught.status === 401 || caught.status === 404) ? 'invalid' : 'unavailable'),
      );
  }, [path, key, consultationId]);

  if (refused === 'invalid')
    return (
      <RefusedView code="unauthorized" title={t('consultation.linkInvalid')} message={t('consultation.receiptInvalid')}>
        <a href={`/c/${encodeURIComponent(consultationId)}`}>{t('consultation.backToConsultation')}</a>
      </RefusedView>
    );
  if (refused === 'unavailable')
    return <RefusedView code="unavailable" title={t('connection.failed')} message={t('errors.unavailable')} />;
  if (!submission || !consultation) return <p className="loading">{t('common.loading')}</p>;
  const call = consultation.calls.find((c) => c.id === submission.callId);
  const set = (name: string, value: string) => setValues((current) => ({ ...current, [name]: value }));
  const problems = formProblems(t, issues);
  const shown = shownPaths(submission.kind);
  const refuse = (caught: unknown) => {
    const found = caught instanceof ApiError ? (caught.body.issues ?? []) : [];
    setIssues(found);
    setError(found.length > 0 ? t('problems.summary') : refusalText(t, caught));
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!submission) return;
    setSaved(false);
    setError(null);
    setIssues([]);
    try {
      await api(path, { method: 'PATCH', key, json: { submitter: toSubmitter(values), form: toForm(submission.kind, values) } });
      setSaved(true);
    } catch (caught) {
      refuse(caught);
    }
  }
  async function withdraw() {
    try {
      await api(path, { method: 'DELETE', key });
      setWithdrawn(true);
    } catch (caught) {
      setConfirming(false);
      refuse(caught);
    }
  }

  return (
    <div className="page consultation">
      <SkipLink />
      <header className="meeting-header-top">
        <a className="brand" href={`/c/${encodeURIComponent(consultationId)}`}>
          {consultation.title}
        </a>
        <LanguagePicker />
      </header>
      <main id="main">
        <h1>{t('consultation.receipt')}</h1>
        {withdrawn ? (
          <section className="card" data-testid="withdrawn">
            <h2 ref={withdrawnHeading} tabIndex={-1}>
              {t('consultation.withdrawn')}
            </h2>
            <p>{t('consultation.withdrawnHint')}</p>
            <a href={`/c/${encodeURIComponent(consultationId)}`}>{t('consultation.backToConsultation')}</a>
          </section>
        ) : (
          <form className="card consultation-form" onSubmit={save} aria-label={call?.title ?? ''}>
            <p>
              <bdi>{call?.title}</bdi> · {t(`consultation.status.${submission.review.status}`)}
            </p>
            {call && (
              <>
                <p data-testid="edit-until">
                  {t('consultation.editUntil', { date: formatZoned(call.closesAt, consultation.timeZone, locale) })}
                </p>
                <YourTime ms={call.closesAt} zone={consultation.timeZone} locale={locale} />
              </>
            )}
            <p className="field-hint">{t('consultation.requiredNote')}</p>
            {submission.photo && <img src={submission.photo.thumbnailUrl} alt="" className="thumb" hidden />}
            <SubmitterFields values={values} set={set} idPrefix="receipt" problems={problems} />
            <KindFields kind={submission.kind} values={values} set={set} idPrefix="receipt" problems={problems} />
            <p role="status">{saved ? t('consultation.saved') : ''}</p>
            {error && (
              <div className="form-error" role="alert" data-testid="form-error">
                <p>{error}</p>
                <OtherProblems problems={problems} shown={(path) => shown.has(path)} labels={{}} />
              </div>
            )}
            {confirming ? (
              <div
                className="withdraw-confirm"
                role="alertdialog"
                aria-labelledby="withdraw-title"
                aria-describedby="withdraw-explain"
                data-testid="withdraw-confirm"
              >
                <p id="withdraw-title">
                  <strong>{t('consultation.withdrawTitle')}</strong>
                </p>
                <p id="withdraw-explain">{t('consultation.withdrawExplain')}</p>
                <div className="form-actions">
                  <button type="button" ref={keepButton} onClick={() => setConfirming(false)} data-testid="withdraw-no">
                    {t('consultation.withdrawNo')}
                  </button>
                  <button type="button" className="danger" onClick={withdraw} data-testid="withdraw-yes">
                    {t('consultation.withdrawYes')}
                  </button>
                </div>
              </div>
            ) : (
              <div className="form-actions">
                <button type="submit" className="primary">
                  {t('consultation.edit')}
                </button>
                <button
                  type="button"
                  className="danger"
                  ref={withdrawButton}
                  onClick={() => setConfirming(true)}
                  data-testid="withdraw"
                >
                  {t('consultation.withdraw')}
                </button>
              </div>
            )}
          </form>
        )}
      </main>
    </div>
  );
}
