import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Issue } from '../../../../shared/errors.js';
import { ATTENDANCE, type Attendance, STAKEHOLDER_GROUPS, type StakeholderGroup } from '../../../../shared/model.js';
import { FieldProblems, OtherProblems, problemId } from '../../components/FieldProblems.js';
import { errorKey, issuesOf, JOIN_FIELD_LABELS, problemsByPath } from '../../lib/problems.js';
import { saveParticipantToken } from '../../state/credentials.js';

const JOIN_FIELDS = new Set(['name', 'affiliation', 'stakeholderGroup', 'attendance']);

/** Name, affiliation, stakeholder group and where one is: what taking part asks, nothing more. */
export function JoinForm({ meetingId, onJoined }: { meetingId: string; onJoined: (token: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [affiliation, setAffiliation] = useState('');
  const [group, setGroup] = useState<StakeholderGroup>('government');
  const [attendance, setAttendance] = useState<Attendance>('remote');
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [busy, setBusy] = useState(false);
  const problems = problemsByPath(t, issues);
  const invalid = (path: string) =>
    problems.has(path) ? { 'aria-invalid': true as const, 'aria-describedby': problemId(path) } : {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setIssues([]);
    try {
      const response = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/participants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, affiliation, stakeholderGroup: group, attendance }),
      });
      const body = (await response.json()) as { token?: string; error?: { code: string } };
      if (!response.ok || !body.token) {
        const found = issuesOf(body);
        setIssues(found);
        setError(found.length > 0 ? t('problems.summary') : t(errorKey(body.error?.code)));
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
            {...invalid('name')}
          />
          <FieldProblems path="name" problems={problems} />
        </label>
        <label>
          {t('join.affiliation')}
          <input
            value={affiliation}
            onChange={(e) => setAffiliation(e.target.value)}
            maxLength={120}
            autoComplete="organization"
            {...invalid('affiliation')}
          />
          <FieldProblems path="affiliation" problems={problems} />
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
          <FieldProblems path="stakeholderGroup" problems={problems} />
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
          <FieldProblems path="attendance" problems={problems} />
        </fieldset>
        {error && (
          <div className="form-error" role="alert" data-testid="join-error">
            <p>{error}</p>
            <OtherProblems problems={problems} shown={(path) => JOIN_FIELDS.has(path)} labels={JOIN_FIELD_LABELS} />
          </div>
        )}
        <button type="submit" disabled={busy} data-testid="join-submit">
          {t('join.submit')}
        </button>
      </form>
    </section>
  );
}
