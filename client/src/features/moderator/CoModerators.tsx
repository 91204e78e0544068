import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoModeratorRole } from '../../../../shared/model.js';
import { CopyableLink } from './MeetingLinks.js';

interface LinkView {
  id: string;
  label: string;
  role: CoModeratorRole;
  createdAt: number;
  revokedAt: number | null;
}

/** The chair's helpers: a link per helper, with a label and a role, revocable at once. Only the chair sees this. */
export function CoModerators({ meetingId, moderatorKey }: { meetingId: string; moderatorKey: string }) {
  const { t } = useTranslation();
  const [links, setLinks] = useState<LinkView[]>([]);
  const [label, setLabel] = useState('');
  const [role, setRole] = useState<CoModeratorRole>('co_chair');
  const [created, setCreated] = useState<{ label: string; url: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const api = `/api/meetings/${encodeURIComponent(meetingId)}/moderator-links`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${moderatorKey}` };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the headers object is rebuilt each render from the same key
  const reload = useCallback(async () => {
    const response = await fetch(api, { headers });
    if (response.ok) setLinks(((await response.json()) as { links: LinkView[] }).links);
  }, [api, moderatorKey]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const response = await fetch(api, { method: 'POST', headers, body: JSON.stringify({ label: label.trim(), role }) });
    const body = (await response.json()) as { url?: string; error?: { message: string } };
    if (!response.ok || !body.url) {
      setError(body.error?.message ?? String(response.status));
      return;
    }
    setCreated({ label: label.trim(), url: body.url });
    setLabel('');
    await reload();
  };

  const revoke = async (link: LinkView) => {
    if (!window.confirm(t('chair.confirmRevoke', { label: link.label }))) return;
    await fetch(`${api}/${encodeURIComponent(link.id)}`, { method: 'DELETE', headers });
    await reload();
  };

  return (
    <section className="co-moderators" aria-labelledby="co-moderators-title" data-testid="co-moderators">
      <h3 id="co-moderators-title" className="panel-subtitle">
        {t('chair.coModerators')}
      </h3>
      <p className="hint">{t('chair.rolesHint')}</p>
      <form className="row" onSubmit={(event) => void create(event)}>
        <label>
          {t('chair.linkLabel')}
          <input
            value={label}
            onChange={(event) => setLabel(event.target.value)}
            maxLength={60}
            required
            data-testid="link-label"
          />
        </label>
        <label>
          {t('chair.linkRole')}
          <select value={role} onChange={(event) => setRole(event.target.value as CoModeratorRole)} data-testid="link-role">
            <option value="co_chair">{t('chair.roles.co_chair')}</option>
            <option value="remote_moderator">{t('chair.roles.remote_moderator')}</option>
          </select>
        </label>
        <button type="submit" className="primary" data-testid="link-create">
          {t('chair.createLink')}
        </button>
      </form>
      {error && <p className="form-error">{error}</p>}
      {created && (
        <div data-testid="link-created">
          <CopyableLink label={created.label} url={created.url} secret testId="new-link" />
        </div>
      )}
      <ul className="link-list">
        {links.map((link) => (
          <li key={link.id} data-testid="co-moderator" className={link.revokedAt === null ? undefined : 'revoked'}>
            <span>
              <strong>{link.label}</strong> · {t(`chair.roles.${link.role}`)}
              {link.revokedAt !== null && ` · ${t('chair.revoked')}`}
            </span>
            {link.revokedAt === null && (
              <button type="button" className="danger small" onClick={() => void revoke(link)} data-testid="link-revoke">
                {t('chair.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
