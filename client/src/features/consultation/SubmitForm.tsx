import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnyForm, CallKind, PublicCall, Submitter } from '../../../../shared/consultation.js';
import { GENDERS, WORKSHOP_FORMATS } from '../../../../shared/consultation.js';
import { STAKEHOLDER_GROUPS } from '../../../../shared/model.js';
import type { enExtra } from '../../i18n/en.extra.js';
import { ApiError, api } from './api.js';
import { useCountryNames } from './countries.js';

type Values = Record<string, string>;

const SDGS = Array.from({ length: 17 }, (_, i) => i + 1);

/** A label of the consultation forms: a key that exists, so a mistyped one fails tsc instead of showing itself. */
type FieldLabel = keyof (typeof enExtra)['consultation']['field'];

/** The text fields of each kind, in order; selects and the photo are added below. */
export const TEXT_FIELDS: Record<CallKind, { name: string; label: FieldLabel; long?: boolean; required?: boolean }[]> = {
  views: [
    { name: 'themes', label: 'themes', long: true },
    { name: 'format', label: 'format', long: true },
    { name: 'innovations', label: 'innovations', long: true },
  ],
  speaker_proposal: [
    { name: 'speaker', label: 'speaker', required: true },
    { name: 'affiliation', label: 'affiliation' },
    { name: 'topic', label: 'topic', required: true },
    { name: 'bio', label: 'bio', long: true },
  ],
  workshop: [
    { name: 'title', label: 'title', required: true },
    { name: 'description', label: 'description', long: true, required: true },
    { name: 'organisers', label: 'organisers', required: true },
    { name: 'speakers', label: 'speakersList', long: true },
  ],
  exhibition: [
    // Not "Organisation": the contributor's own organisation is asked above, and this may differ.
    { name: 'organisation', label: 'exhibitor', required: true },
    { name: 'boothNeeds', label: 'boothNeeds', long: true, required: true },
  ],
  hltf_nomination: [
    { name: 'nominee', label: 'nominee', required: true },
    { name: 'affiliation', label: 'affiliation' },
    { name: 'mechanism', label: 'mechanism', required: true },
    { name: 'statement', label: 'statement', long: true, required: true },
  ],
  photo: [
    { name: 'title', label: 'title', required: true },
    { name: 'place', label: 'place', required: true },
    { name: 'caption', label: 'caption', long: true },
  ],
};

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

/** The fields of one kind's form, shared by the submit and the receipt pages. */
export function KindFields({
  kind,
  values,
  set,
  idPrefix,
}: {
  kind: CallKind;
  values: Values;
  set: (name: string, value: string) => void;
  idPrefix: string;
}) {
  const { t, i18n } = useTranslation();
  const text = TEXT_FIELDS[kind].map((field) => (
    <label key={field.name} htmlFor={`${idPrefix}-${field.name}`}>
      {t(`consultation.field.${field.label}`)}
      {field.long ? (
        <textarea
          id={`${idPrefix}-${field.name}`}
          name={`${idPrefix}-${field.name}`}
          value={values[field.name] ?? ''}
          required={field.required}
          maxLength={5000}
          rows={3}
          onChange={(e) => set(field.name, e.target.value)}
        />
      ) : (
        <input
          id={`${idPrefix}-${field.name}`}
          name={`${idPrefix}-${field.name}`}
          value={values[field.name] ?? ''}
          required={field.required}
          maxLength={300}
          onChange={(e) => set(field.name, e.target.value)}
        />
      )}
    </label>
  ));
  return (
    <>
      {text}
      {kind === 'speaker_proposal' && (
        <div className="row">
          <label>
            {t('consultation.stakeholderGroup')}
            <select
              name={`${idPrefix}-speakerGroup`}
              required
              value={values.speakerGroup ?? ''}
              onChange={(e) => set('speakerGroup', e.target.value)}
            >
              <option value="" />
              {STAKEHOLDER_GROUPS.map((g) => (
                <option key={g} value={g}>
                  {t(`groups.${g}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('consultation.field.gender')}
            <select
              name={`${idPrefix}-gender`}
              required
              value={values.gender ?? ''}
              onChange={(e) => set('gender', e.target.value)}
            >
              <option value="" />
              {GENDERS.map((g) => (
                <option key={g} value={g}>
                  {t(`consultation.gender.${g}`)}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={`${idPrefix}-speakerCountry`}>
            {t('consultation.country')}
            <CountrySelect name={`${idPrefix}-speakerCountry`} value={values.country ?? ''} onChange={(v) => set('country', v)} />
          </label>
        </div>
      )}
      {kind === 'workshop' && (
        <label>
          {t('consultation.field.workshopFormat')}
          <select
            name={`${idPrefix}-format`}
            required
            value={values.format ?? ''}
            onChange={(e) => set('format', e.target.value)}
          >
            <option value="" />
            {WORKSHOP_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`consultation.workshopFormat.${f}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      {kind === 'photo' && (
        <label>
          {t('consultation.field.sdg')}
          <select name={`${idPrefix}-sdg`} required value={values.sdg ?? ''} onChange={(e) => set('sdg', e.target.value)}>
            <option value="" />
            {SDGS.map((goal) => (
              <option key={goal} value={String(goal)}>
                {new Intl.NumberFormat(i18n.language).format(goal)}
              </option>
            ))}
          </select>
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
function CountrySelect({ name, value, onChange }: { name: string; value: string; onChange: (code: string) => void }) {
  const { i18n } = useTranslation();
  const names = useCountryNames(i18n.language);
  const known = value === '' || names.some(([code]) => code === value);
  const options = known ? names : [[value, value] as const, ...names];
  return (
    <select id={name} name={name} required value={value} onChange={(e) => onChange(e.target.value)}>
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
}: {
  values: Values;
  set: (name: string, value: string) => void;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('consultation.you')}</legend>
      <div className="row">
        <label>
          {t('consultation.name')}
          <input
            name={`${idPrefix}-s-name`}
            required
            maxLength={120}
            value={values['s.name'] ?? ''}
            onChange={(e) => set('s.name', e.target.value)}
          />
        </label>
        <label>
          {t('consultation.email')}
          <input
            name={`${idPrefix}-s-email`}
            type="email"
            required
            maxLength={254}
            value={values['s.email'] ?? ''}
            onChange={(e) => set('s.email', e.target.value)}
          />
        </label>
        <label>
          {t('consultation.organisation')}
          <input
            name={`${idPrefix}-s-organisation`}
            maxLength={200}
            value={values['s.organisation'] ?? ''}
            onChange={(e) => set('s.organisation', e.target.value)}
          />
        </label>
        <label>
          {t('consultation.stakeholderGroup')}
          <select
            name={`${idPrefix}-s-group`}
            required
            value={values['s.group'] ?? ''}
            onChange={(e) => set('s.group', e.target.value)}
          >
            <option value="" />
            {STAKEHOLDER_GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`groups.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${idPrefix}-s-country`}>
          {t('consultation.country')}
          <CountrySelect name={`${idPrefix}-s-country`} value={values['s.country'] ?? ''} onChange={(v) => set('s.country', v)} />
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
  const [receipt, setReceipt] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: string, value: string) => setValues((current) => ({ ...current, [name]: value }));
  const idPrefix = `call-${call.id}`;
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
      setError(
        caught instanceof ApiError
          ? caught.body.issues?.map((i) => `${i.path}: ${i.message}`).join('; ') || caught.message
          : String(caught),
      );
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
      <SubmitterFields values={values} set={set} idPrefix={idPrefix} />
      <KindFields kind={call.kind} values={values} set={set} idPrefix={idPrefix} />
      {call.kind === 'photo' && (
        <label>
          {t('consultation.field.photo')}
          <input
            name={`${idPrefix}-photo`}
            type="file"
            accept="image/jpeg,image/png"
            required
            onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
          />
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
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('consultation.submit')}
        </button>
      </div>
    </form>
  );
}
