import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../moderator/console.css';
import type { Issue } from '../../../../shared/errors.js';
import { FieldProblems, OtherProblems } from '../../components/FieldProblems.js';
import { LanguagePicker } from '../../components/LanguagePicker.js';
import { SkipLink } from '../../components/SkipLink.js';
import { CREATE_FIELD_LABELS, errorKey, issuesOf, problemsByPath } from '../../lib/problems.js';
import { viewerTimeZone } from '../../lib/time.js';
import { wallTimeToInstant } from '../../lib/zoned.js';
import { CopyableLink } from '../moderator/MeetingLinks.js';

interface AgendaRow {
  key: number;
  title: string;
  minutes: number;
  presenters: string;
}

interface Created {
  meetingId: string;
  links: { attend: string; moderate: string; display: string };
}

/** Paths the form shows beside their field; any other problem is listed under the form. */
const SHOWN_BESIDE_FIELD =
  /^(title|venue\.(name|room|city)|timeZone|startsAt|endsAt|remoteUrl|agenda\.\d+\.(title|minutes|presenters))$/;

let rowKey = 0;
const newRow = (): AgendaRow => ({ key: ++rowKey, title: '', minutes: 10, presenters: '' });

function timeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  const mine = viewerTimeZone();
  return supported.includes(mine) ? supported : [mine, ...supported];
}

function CreateMeeting() {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [venueName, setVenueName] = useState('');
  const [room, setRoom] = useState('');
  const [city, setCity] = useState('');
  const [timeZone, setTimeZone] = useState(viewerTimeZone);
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [remoteUrl, setRemoteUrl] = useState('');
  const [agenda, setAgenda] = useState<AgendaRow[]>(() => [newRow()]);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [busy, setBusy] = useState(false);
  const problems = problemsByPath(t, issues);
  // The body sends only the rows with a title: the server's "agenda.1" is the second of those.
  const sentIndex = (key: number) => agenda.filter((row) => row.title.trim()).findIndex((row) => row.key === key);
  const [created, setCreated] = useState<Created | null>(null);

  const updateRow = (key: number, change: Partial<AgendaRow>) =>
    setAgenda((rows) => rows.map((row) => (row.key === key ? { ...row, ...change } : row)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setIssues([]);
    const start = wallTimeToInstant(startsAt, timeZone);
    const end = wallTimeToInstant(endsAt, timeZone);
    const body = {
      title,
      venue: { name: venueName, room, city },
      timeZone,
      startsAt: Number.isNaN(start) ? startsAt : new Date(start).toISOString(),
      endsAt: Number.isNaN(end) ? endsAt : new Date(end).toISOString(),
      ...(remoteUrl.trim() ? { remoteUrl: remoteUrl.trim() } : {}),
      agenda: agenda
        .filter((row) => row.title.trim())
        .map((row) => ({
          title: row.title,
          minutes: row.minutes,
          presenters: row.presenters
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean),
        })),
    };
    try {
      const response = await fetch('/api/meetings', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as Created & { error?: { code: string } };
      if (!response.ok) {
        const found = issuesOf(answer);
        setIssues(found);
        setError(found.length > 0 ? t('problems.summary') : t(errorKey(answer.error?.code)));
        return;
      }
      setCreated(answer);
    } catch {
      setError(t('errors.unavailable'));
    } finally {
      setBusy(false);
    }
  }

  if (created) {
    return (
      <section className="card" aria-labelledby="created-title" data-testid="created">
        <h2 id="created-title">{t('landing.created')}</h2>
        <CopyableLink label={t('landing.linkModerate')} url={created.links.moderate} testId="link-moderate" />
        <CopyableLink label={t('landing.linkAttend')} url={created.links.attend} testId="link-attend" />
        <CopyableLink label={t('landing.linkDisplay')} url={created.links.display} testId="link-display" />
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby="create-title">
      <h2 id="create-title">{t('landing.createTitle')}</h2>
      <form onSubmit={submit} className="create-form">
        <label>
          {t('landing.title')}
          <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} data-testid="create-title" />
          <FieldProblems path="title" problems={problems} />
        </label>
        <div className="row">
          <label>
            {t('landing.venueName')}
            <input
              value={venueName}
              onChange={(e) => setVenueName(e.target.value)}
              required
              maxLength={120}
              data-testid="create-venue"
            />
            <FieldProblems path="venue.name" problems={problems} />
          </label>
          <label>
            {t('landing.room')}
            <input value={room} onChange={(e) => setRoom(e.target.value)} maxLength={80} />
            <FieldProblems path="venue.room" problems={problems} />
          </label>
          <label>
            {t('landing.city')}
            <input value={city} onChange={(e) => setCity(e.target.value)} maxLength={80} />
            <FieldProblems path="venue.city" problems={problems} />
          </label>
        </div>
        <div className="row">
          <label>
            {t('landing.timeZone')}
            <select value={timeZone} onChange={(e) => setTimeZone(e.target.value)} data-testid="create-timezone">
              {timeZones().map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
            <FieldProblems path="timeZone" problems={problems} />
          </label>
          <label>
            {t('landing.startsAt')}
            <input
              type="datetime-local"
              value={startsAt}
              onChange={(e) => setStartsAt(e.target.value)}
              required
              data-testid="create-starts"
            />
            <FieldProblems path="startsAt" problems={problems} />
          </label>
          <label>
            {t('landing.endsAt')}
            <input
              type="datetime-local"
              value={endsAt}
              onChange={(e) => setEndsAt(e.target.value)}
              required
              data-testid="create-ends"
            />
            <FieldProblems path="endsAt" problems={problems} />
          </label>
        </div>
        <label>
          {t('landing.remoteUrl')}
          <input type="url" value={remoteUrl} onChange={(e) => setRemoteUrl(e.target.value)} maxLength={500} />
          <FieldProblems path="remoteUrl" problems={problems} />
        </label>
        <fieldset>
          <legend>{t('landing.agenda')}</legend>
          <ol className="agenda-rows">
            {agenda.map((row, index) => (
              <li key={row.key} className="row">
                <label>
                  {t('landing.itemTitle')}
                  <input
                    value={row.title}
                    onChange={(e) => updateRow(row.key, { title: e.target.value })}
                    maxLength={200}
                    data-testid="create-item-title"
                  />
                  <FieldProblems path={`agenda.${sentIndex(row.key)}.title`} problems={problems} />
                </label>
                <label className="narrow">
                  {t('landing.itemMinutes')}
                  <input
                    type="number"
                    min={1}
                    max={1440}
                    value={row.minutes}
                    onChange={(e) => updateRow(row.key, { minutes: Number(e.target.value) })}
                    data-testid="create-item-minutes"
                  />
                  <FieldProblems path={`agenda.${sentIndex(row.key)}.minutes`} problems={problems} />
                </label>
                <label>
                  {t('landing.itemPresenters')}
                  <input
                    value={row.presenters}
                    onChange={(e) => updateRow(row.key, { presenters: e.target.value })}
                    maxLength={500}
                  />
                  <FieldProblems path={`agenda.${sentIndex(row.key)}.presenters`} problems={problems} />
                </label>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setAgenda((rows) => rows.filter((candidate) => candidate.key !== row.key))}
                  aria-label={t('landing.removeItem', { number: index + 1 })}
                >
                  {t('common.remove')}
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="secondary"
            onClick={() => setAgenda((rows) => [...rows, newRow()])}
            data-testid="create-add-item"
          >
            {t('landing.addItem')}
          </button>
        </fieldset>
        {error && (
          <div className="form-error" role="alert" data-testid="create-error">
            <p>{error}</p>
            <OtherProblems problems={problems} shown={(path) => SHOWN_BESIDE_FIELD.test(path)} labels={CREATE_FIELD_LABELS} />
          </div>
        )}
        <button type="submit" className="primary" disabled={busy} data-testid="create-submit">
          {busy ? t('landing.creating') : t('landing.create')}
        </button>
      </form>
    </section>
  );
}

/** Accepts a whole meeting link or just its id. */
export function meetingIdFromInput(input: string): string | null {
  const trimmed = input.trim();
  const fromPath = /\/m\/([A-Za-z0-9_-]{4,64})/.exec(trimmed);
  if (fromPath?.[1]) return fromPath[1];
  return /^[A-Za-z0-9_-]{4,64}$/.test(trimmed) ? trimmed : null;
}

function JoinMeeting() {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [error, setError] = useState(false);
  return (
    <section className="card" aria-labelledby="join-meeting-title">
      <h2 id="join-meeting-title">{t('landing.joinTitle')}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const id = meetingIdFromInput(value);
          if (id) window.location.assign(`/m/${encodeURIComponent(id)}`);
          else setError(true);
        }}
      >
        <label>
          {t('landing.joinLabel')}
          <input value={value} onChange={(e) => setValue(e.target.value)} required />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {t('landing.joinInvalid', { example: `${window.location.origin}/m/abc123` })}
          </p>
        )}
        <button type="submit">{t('landing.join')}</button>
      </form>
    </section>
  );
}

export function Landing() {
  const { t } = useTranslation();
  return (
    <div className="page landing">
      <SkipLink />
      <header className="meeting-header">
        <div className="meeting-header-top">
          <span className="brand">{t('app.name')}</span>
          <LanguagePicker />
        </div>
        <h1>{t('app.name')}</h1>
        <p>{t('app.tagline')}</p>
      </header>
      <main id="main">
        <JoinMeeting />
        <CreateMeeting />
      </main>
    </div>
  );
}
