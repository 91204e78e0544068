import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnyForm, CallKind, PublicCall, Submitter } from '../../../../shared/consultation.js';
import { GENDERS, MAX_WORKSHOP_SPEAKERS, WORKSHOP_FORMATS } from '../../../../shared/consultation.js';
import type { Issue } from '../../../../shared/issues.js';
import { STAKEHOLDER_GROUPS } from '../../../../shared/model.js';
import { FieldProblems, OtherProblems, problemId } from '../../components/FieldProblems.js';
import type { enExtra } from '../../i18n/en.extra.js';
import { errorKey, problemsByPath } from '../../lib/problems.js';
import { useLocale } from '../../lib/time.js';
import { ApiError, api } from './api.js';
import { useCountryNames } from './countries.js';

type Values = Record<string, string>;

const SDGS = Array.from({ length: 17 }, (_, i) => i + 1);

/** A label of the consultation forms: a key that exists, so a mistyped one fails tsc instead of showing itself. */
type FieldLabel = keyof (typeof enExtra)['consultation']['field'];

/** The text fields of each kind, in order; selects and the photo are added below. */
export const TEXT_FIELDS: Record<
  CallKind,
  { name: string; label: FieldLabel; max: number; long?: boolean; required?: boolean }[]
> = {
  views: [
    { name: 'themes', label: 'themes', max: 5000, long: true },
    { name: 'format', label: 'format', max: 5000, long: true },
    { name: 'innovations', label: 'innovations', max: 5000, long: true },
  ],
  speaker_proposal: [
    { name: 'speaker', label: 'speaker', max: 120, required: true },
    { name: 'affiliation', label: 'affiliation', max: 160 },
    { name: 'topic', label: 'topic', max: 300, required: true },
    { name: 'bio', label: 'bio', max: 3000, long: true },
  ],
  workshop: [
    { name: 'title', label: 'title', max: 200, required: true },
    { name: 'description', label: 'description', max: 5000, long: true, required: true },
    { name: 'organisers', label: 'organisers', max: 500, required: true },
    // One name a line: the server bounds each line (160) and the count (MAX_WORKSHOP_SPEAKERS).
    { name: 'speakers', label: 'speakersList', max: MAX_WORKSHOP_SPEAKERS * 161, long: true },
  ],
  exhibition: [
    // Not "Organisation": the contributor's own organisation is asked above, and this may differ.
    { name: 'organisation', label: 'exhibitor', max: 200, required: true },
    { name: 'boothNeeds', label: 'boothNeeds', max: 2000, long: true, required: true },
  ],
  hltf_nomination: [
    { name: 'nominee', label: 'nominee', max: 120, required: true },
    { name: 'affiliation', label: 'affiliation', max: 160 },
    { name: 'mechanism', label: 'mechanism', max: 200, required: true },
    { name: 'statement', label: 'statement', max: 3000, long: true, required: true },
  ],
  photo: [
    { name: 'title', label: 'title', max: 120, required: true },
    { name: 'place', label: 'place', max: 160, required: true },
    { name: 'caption', label: 'caption', max: 1000, long: true },
  ],
};

/** Problems by field, as the forms show them: "form.speakers.3" (one line of the list) is the speakers field. */
export function formProblems(t: TFunction, issues: readonly Issue[]): Map<string, string[]> {
  return problemsByPath(
    t,
    issues.map((issue) => ({ ...issue, path: issue.path.replace(/(\.\d+)+$/, '') })),
  );
}

/** The paths of the fields a kind's form shows, for telling them from problems no field shows. */
export function shownPaths(kind: CallKind): Set<string> {
  const selects: Record<CallKind, string[]> = {
    views: [],
    speaker_proposal: ['form.stakeholderGroup', 'form.gender', 'form.country'],
    workshop: ['form.format'],
    exhibition: [],
    hltf_nomination: [],
    photo: ['form.sdg', 'photo'],
  };
  return new Set([...SUBMITTER_PATHS, ...TEXT_FIELDS[kind].map((field) => `form.${field.name}`), ...selects[kind]]);
}

const SUBMITTER_PATHS = ['name', 'email', 'organisation', 'stakeholderGroup', 'country'].map((name) => `submitter.${name}`);

/** The words for a refusal without field problems: a closed call in the consultation's words. */
export function refusalText(t: TFunction, caught: unknown): string {
  if (!(caught instanceof ApiError)) return t('errors.unavailable');
  if (caught.body.code === 'closed') return t('consultation.refused.closed');
  if (caught.body.code === 'not_open') return t('consultation.refused.not_open');
  return t(errorKey(caught.body.code), { message: '' });
}

/** A field's problems and hint, for aria-describedby; marked invalid when it has problems. */
function described(problems: Map<string, string[]>, path: string, hint?: string) {
  const ids = [hint, problems.has(path) ? problemId(path) : undefined].filter(Boolean).join(' ');
  return {
    ...(problems.has(path) ? { 'aria-invalid': true as const } : {}),
    ...(ids ? { 'aria-describedby': ids } : {}),
  };
}

/** The visible mark of a required field; its input says `required` to assistive technology. */
export function RequiredMark() {
  return (
    <span className="required-mark" aria-hidden="true">
      {' *'}
    </span>
  );
}

/** The form values as the API wants them for a kind. */
export function toForm(kind: CallKind, v: Values): Record<string, unknown> {
  const pick = (names: string[]) => Object.fromEntries(names.map((n) => [n, v[n] ?? '']));
  switch (kind) {
    case 'views':
      return pick(['themes', 'format', 'innovations']);
    case 'speaker_proposal':
      return {
        ...pick(['speaker', 'affiliation', 'topic', 'bio', 'gender', 'country']),
        stakeholderGroup: v.speakerGroup ?? '',
      };
    case 'workshop':
      return {
        ...pick(['title', 'description', 'organisers', 'format']),
        speakers: (v.speakers ?? '')
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    case 'exhibition':
      return pick(['organisation', 'boothNeeds']);
    case 'hltf_nomination':
      return pick(['nominee', 'affiliation', 'mechanism', 'statement']);
    case 'photo':
      return { ...pick(['title', 'place', 'caption']), sdg: Number(v.sdg ?? 0) };
  }
}

/** Values of the inputs from a stored form (the receipt page edits them). */
export function fromForm(form: AnyForm): Values {
  const values: Values = {};
  for (const [key, value] of Object.entries(form)) {
    if (key === 'stakeholderGroup') values.speakerGroup = String(value);
    else values[key] = Array.isArray(value) ? value.join('\n') : String(value);
  }
  return values;
}

/** The fields of one kind's form, shared by the submit and the receipt pages; each shows its own problems. */
export function KindFields({
  kind,
  values,
  set,
  idPrefix,
  problems,
}: {
  kind: CallKind;
  values: Values;
  set: (name: string, value: string) => void;
  idPrefix: string;
  problems: Map<string, string[]>;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const text = TEXT_FIELDS[kind].map((field) => {
    const id = `${idPrefix}-${field.name}`;
    const path = `form.${field.name}`;
    const hint = field.name === 'speakers' ? `${id}-hint` : undefined;
    const common = {
      id,
      name: id,
      value: values[field.name] ?? '',
      required: field.required,
      maxLength: field.max,
      ...described(problems, path, hint),
    };
    return (
      <label key={field.name} htmlFor={id}>
        {t(`consultation.field.${field.label}`)}
        {field.required && <RequiredMark />}
        {hint && (
          <span className="field-hint" id={hint}>
            {t('consultation.maximum', { max: MAX_WORKSHOP_SPEAKERS })}
          </span>
        )}
        {field.long ? (
          <textarea {...common} rows={3} onChange={(e) => set(field.name, e.target.value)} />
        ) : (
          <input {...common} onChange={(e) => set(field.name, e.target.value)} />
        )}
        <FieldProblems path={path} problems={problems} />
      </label>
    );
  });
  return (
    <>
      {kind === 'views' && <p className="field-hint">{t('consultation.viewsHint')}</p>}
      {text}
      {kind === 'speaker_proposal' && (
        <div className="row">
          <label>
            {t('consultation.stakeholderGroup')}
            <RequiredMark />
            <select
              name={`${idPrefix}-speakerGroup`}
              required
              value={values.speakerGroup ?? ''}
              onChange={(e) => set('speakerGroup', e.target.value)}
              {...described(problems, 'form.stakeholderGroup')}
            >
              <option value="" />
              {STAKEHOLDER_GROUPS.map((g) => (
                <option key={g} value={g}>
                  {t(`groups.${g}`)}
                </option>
              ))}
            </select>
            <FieldProblems path="form.stakeholderGroup" problems={problems} />
          </label>
          <label>
            {t('consultation.field.gender')}
            <RequiredMark />
            <select
              name={`${idPrefix}-gender`}
              required
              value={values.gender ?? ''}
              onChange={(e) => set('gender', e.target.value)}
              {...described(problems, 'form.gender')}
            >
              <option value="" />
              {GENDERS.map((g) => (
                <option key={g} value={g}>
                  {t(`consultation.gender.${g}`)}
                </option>
              ))}
            </select>
            <FieldProblems path="form.gender" problems={problems} />
          </label>
          <label htmlFor={`${idPrefix}-speakerCountry`}>
            {t('consultation.country')}
            <RequiredMark />
            <CountrySelect
              name={`${idPrefix}-speakerCountry`}
              value={values.country ?? ''}
              onChange={(v) => set('country', v)}
              aria={described(problems, 'form.country')}
            />
            <FieldProblems path="form.country" problems={problems} />
          </label>
        </div>
      )}
      {kind === 'workshop' && (
        <label>
          {t('consultation.field.workshopFormat')}
          <RequiredMark />
          <select
            name={`${idPrefix}-format`}
            required
            value={values.format ?? ''}
            onChange={(e) => set('format', e.target.value)}
            {...described(problems, 'form.format')}
          >
            <option value="" />
            {WORKSHOP_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`consultation.workshopFormat.${f}`)}
              </option>
            ))}
          </select>
          <FieldProblems path="form.format" problems={problems} />
        </label>
      )}
      {kind === 'photo' && (
        <label>
          {t('consultation.field.sdg')}
          <RequiredMark />
          <select
            name={`${idPrefix}-sdg`}
            required
            value={values.sdg ?? ''}
            onChange={(e) => set('sdg', e.target.value)}
            {...described(problems, 'form.sdg')}
          >
            <option value="" />
            {SDGS.map((goal) => (
              <option key={goal} value={String(goal)}>
                {new Intl.NumberFormat(locale).format(goal)}
              </option>
            ))}
          </select>
          <FieldProblems path="form.sdg" problems={problems} />
        </label>
      )}
    </>
  );
}

/**
 * A required country. A value already chosen (a receipt being edited) is
 * always offered, under its code until the names in the page's language have
 * arrived (or if they lack it), so the form is never held back as incomplete.
 */
function CountrySelect({
  name,
  value,
  onChange,
  aria,
}: {
  name: string;
  value: string;
  onChange: (code: string) => void;
  aria: ReturnType<typeof described>;
}) {
  const { i18n } = useTranslation();
  const names = useCountryNames(i18n.language);
  const known = value === '' || names.some(([code]) => code === value);
  const options = known ? names : [[value, value] as const, ...names];
  return (
    <select id={name} name={name} required value={value} onChange={(e) => onChange(e.target.value)} {...aria}>
      <option value="" />
      {options.map(([code, label]) => (
        <option key={code} value={code}>
          {label}
        </option>
      ))}
    </select>
  );
}

/** The submitter's fields, common to every kind. */
export function SubmitterFields({
  values,
  set,
  idPrefix,
  problems,
}: {
  values: Values;
  set: (name: string, value: string) => void;
  idPrefix: string;
  problems: Map<string, string[]>;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('consultation.you')}</legend>
      <div className="row">
        <label>
          {t('consultation.name')}
          <RequiredMark />
          <input
            name={`${idPrefix}-s-name`}
            required
            maxLength={120}
            value={values['s.name'] ?? ''}
            onChange={(e) => set('s.name', e.target.value)}
            {...described(problems, 'submitter.name')}
          />
          <FieldProblems path="submitter.name" problems={problems} />
        </label>
        <label>
          {t('consultation.email')}
          <RequiredMark />
          <input
            name={`${idPrefix}-s-email`}
            type="email"
            required
            maxLength={254}
            value={values['s.email'] ?? ''}
            onChange={(e) => set('s.email', e.target.value)}
            {...described(problems, 'submitter.email')}
          />
          <FieldProblems path="submitter.email" problems={problems} />
        </label>
        <label>
          {t('consultation.organisation')}
          <input
            name={`${idPrefix}-s-organisation`}
            maxLength={200}
            value={values['s.organisation'] ?? ''}
            onChange={(e) => set('s.organisation', e.target.value)}
            {...described(problems, 'submitter.organisation')}
          />
          <FieldProblems path="submitter.organisation" problems={problems} />
        </label>
        <label>
          {t('consultation.stakeholderGroup')}
          <RequiredMark />
          <select
            name={`${idPrefix}-s-group`}
            required
            value={values['s.group'] ?? ''}
            onChange={(e) => set('s.group', e.target.value)}
            {...described(problems, 'submitter.stakeholderGroup')}
          >
            <option value="" />
            {STAKEHOLDER_GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`groups.${g}`)}
              </option>
            ))}
          </select>
          <FieldProblems path="submitter.stakeholderGroup" problems={problems} />
        </label>
        <label htmlFor={`${idPrefix}-s-country`}>
          {t('consultation.country')}
          <RequiredMark />
          <CountrySelect
            name={`${idPrefix}-s-country`}
            value={values['s.country'] ?? ''}
            onChange={(v) => set('s.country', v)}
            aria={described(problems, 'submitter.country')}
          />
          <FieldProblems path="submitter.country" problems={problems} />
        </label>
      </div>
    </fieldset>
  );
}

export function toSubmitter(v: Values): Submitter {
  return {
    name: v['s.name'] ?? '',
    email: v['s.email'] ?? '',
    organisation: v['s.organisation'] ?? '',
    stakeholderGroup: (v['s.group'] ?? 'other') as Submitter['stakeholderGroup'],
    country: v['s.country'] ?? '',
  };
}

export function fromSubmitter(s: Submitter): Values {
  return {
    's.name': s.name,
    's.email': s.email,
    's.organisation': s.organisation,
    's.group': s.stakeholderGroup,
    's.country': s.country,
  };
}

/** The form of one call: no account, a receipt link at the end. */
export function SubmitForm({ consultationId, call }: { consultationId: string; call: PublicCall }) {
  const { t, i18n } = useTranslation();
  const [values, setValues] = useState<Values>({});
  const [photo, setPhoto] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [receipt, setReceipt] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: string, value: string) => setValues((current) => ({ ...current, [name]: value }));
  const idPrefix = `call-${call.id}`;
  const problems = formProblems(t, issues);
  const shown = shownPaths(call.kind);
  const receiptCard = useRef<HTMLDivElement>(null);
  const receiptHeading = useRef<HTMLHeadingElement>(null);

  // The long form collapses into a short card: without this, a phone stays scrolled where the
  // submit button was, far below the card, and a screen reader hears nothing of the receipt.
  useEffect(() => {
    if (!receipt) return;
    receiptCard.current?.scrollIntoView({ block: 'start' });
    receiptHeading.current?.focus({ preventScroll: true });
  }, [receipt]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setIssues([]);
    const body = {
      submitter: toSubmitter(values),
      form: toForm(call.kind, values),
      language: i18n.language,
      website: values.website ?? '',
    };
    try {
      const path = `/${encodeURIComponent(consultationId)}/calls/${encodeURIComponent(call.id)}/submissions`;
      let created: { links: { receipt: string } };
      if (call.kind === 'photo') {
        const data = new FormData();
        data.set('data', JSON.stringify(body));
        if (photo) data.set('photo', photo);
        created = await api(path, { method: 'POST', body: data });
      } else {
        created = await api(path, { method: 'POST', json: body });
      }
      setReceipt(created.links.receipt);
    } catch (caught) {
      const found = caught instanceof ApiError ? (caught.body.issues ?? []) : [];
      setIssues(found);
      setError(found.length > 0 ? t('problems.summary') : refusalText(t, caught));
    } finally {
      setBusy(false);
    }
  }

  if (receipt) {
    return (
      <div className="card" data-testid="receipt" ref={receiptCard}>
        <h4 ref={receiptHeading} tabIndex={-1} data-testid="receipt-heading">
          {t('consultation.submitted')}
        </h4>
        <p>{t('consultation.receiptHint')}</p>
        <a href={receipt} data-testid="receipt-link">
          {receipt}
        </a>
      </div>
    );
  }
  return (
    <form className="card consultation-form" onSubmit={onSubmit} data-testid={`form-${call.kind}`} aria-label={call.title}>
      <p className="field-hint">{t('consultation.requiredNote')}</p>
      <SubmitterFields values={values} set={set} idPrefix={idPrefix} problems={problems} />
      <KindFields kind={call.kind} values={values} set={set} idPrefix={idPrefix} problems={problems} />
      {call.kind === 'photo' && (
        <label>
          {t('consultation.field.photo')}
          <RequiredMark />
          <input
            name={`${idPrefix}-photo`}
            type="file"
            accept="image/jpeg,image/png"
            required
            onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
            {...described(problems, 'photo')}
          />
          <FieldProblems path="photo" problems={problems} />
        </label>
      )}
      <label className="honeypot" aria-hidden="true">
        {t('consultation.honeypot')}
        <input
          name="website"
          tabIndex={-1}
          autoComplete="off"
          value={values.website ?? ''}
          onChange={(e) => set('website', e.target.value)}
        />
      </label>
      {error && (
        <div className="form-error" role="alert" data-testid="form-error">
          <p>{error}</p>
          <OtherProblems problems={problems} shown={(path) => shown.has(path)} labels={{}} />
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('consultation.submit')}
        </button>
      </div>
    </form>
  );
}
