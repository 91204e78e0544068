import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTENDANCE, type Attendance, STAKEHOLDER_GROUPS, type StakeholderGroup } from '../../../../shared/model.js';
import { saveParticipantToken } from '../../state/credentials.js';

/** Name, affiliation, stakeholder group and where one is: what taking part asks, nothing more. */
export function JoinForm({ meetingId, onJoined }: { meetingId: string; onJoined: (token: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [affiliation, setAffiliation] = useState('');
  const [group, setGroup] = useState<StakeholderGroup>('government');
  const [attendance, setAttendance] = useState<Attendance>('remote');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/participants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, affiliation, stakeholderGroup: group, attendance }),
      });
      const body = (await response.json()) as {
        token?: string;
        error?: { message: string; issues?: { path: string; message: string }[] };
      };
      if (!response.ok || !body.token) {
        const details =
          body.error?.issues?.map((issue) => `${issue.path}: ${issue.message}`).join('; ') ?? body.error?.message ?? '';
        setError(t('landing.fixErrors', { details }));
        return;
      }
      saveParticipantToken(meetingId, body.token);
      onJoined(body.token);
    } catch {
      setError(t('errors.unavailable'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card join-form" aria-labelledby="join-title">
      <h2 id="join-title">{t('join.title')}</h2>
      <p>{t('join.intro')}</p>
      <form onSubmit={submit}>
        <label>
          {t('join.name')}
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={80}
            autoComplete="name"
            data-testid="join-name"
          />
        </label>
        <label>
          {t('join.affiliation')}
          <input
            value={affiliation}
            onChange={(e) => setAffiliation(e.target.value)}
            maxLength={120}
            autoComplete="organization"
          />
        </label>
        <label>
          {t('join.group')}
          <select value={group} onChange={(e) => setGroup(e.target.value as StakeholderGroup)} data-testid="join-group">
            {STAKEHOLDER_GROUPS.map((value) => (
              <option key={value} value={value}>
                {t(`groups.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t('join.attendance')}</legend>
          {ATTENDANCE.map((value) => (
            <label key={value} className="inline">
              <input
                type="radio"
                name="attendance"
                value={value}
                checked={attendance === value}
                onChange={() => setAttendance(value)}
              />
              {t(`attendance.${value}`)}
            </label>
          ))}
        </fieldset>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy} data-testid="join-submit">
          {t('join.submit')}
        </button>
      </form>
    </section>
  );
}
