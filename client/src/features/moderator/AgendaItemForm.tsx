import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface AgendaItemValues {
  title: string;
  minutes: number;
  /** Comma separated, as typed. */
  presenters: string;
}

export function AgendaItemForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  resetOnSubmit = false,
}: {
  initial: AgendaItemValues;
  submitLabel: string;
  onSubmit: (values: AgendaItemValues) => Promise<void>;
  onCancel?: () => void;
  resetOnSubmit?: boolean;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState(initial);
  async function submit(event: FormEvent) {
    event.preventDefault();
    await onSubmit(values);
    if (resetOnSubmit) setValues(initial);
  }
  return (
    <form className="item-form" onSubmit={submit}>
      <label>
        {t('landing.itemTitle')}
        <input
          value={values.title}
          onChange={(e) => setValues({ ...values, title: e.target.value })}
          required
          maxLength={200}
          data-testid="item-title"
        />
      </label>
      <label>
        {t('landing.itemMinutes')}
        <input
          type="number"
          min={1}
          max={1440}
          value={values.minutes}
          onChange={(e) => setValues({ ...values, minutes: Number(e.target.value) })}
          required
          data-testid="item-minutes"
        />
      </label>
      <label>
        {t('landing.itemPresenters')}
        <input value={values.presenters} onChange={(e) => setValues({ ...values, presenters: e.target.value })} maxLength={500} />
      </label>
      <div className="form-actions">
        <button type="submit" data-testid="item-submit">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
