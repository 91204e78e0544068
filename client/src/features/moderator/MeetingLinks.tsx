import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export function meetingLinksFor(meetingId: string, moderatorKey: string) {
  const base = `${window.location.origin}/m/${encodeURIComponent(meetingId)}`;
  return { attend: base, moderate: `${base}/moderate#key=${moderatorKey}`, display: `${base}/display` };
}

export function CopyableLink({ label, url, testId }: { label: string; url: string; testId?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="copyable-link">
      <span className="copyable-label">{label}</span>
      <a href={url} data-testid={testId} className="link-url">
        {url}
      </a>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          void navigator.clipboard?.writeText(url).then(() => setCopied(true));
        }}
      >
        {copied ? t('common.copied') : t('common.copy')}
      </button>
    </div>
  );
}

export function MeetingLinks({ meetingId, moderatorKey }: { meetingId: string; moderatorKey: string }) {
  const { t } = useTranslation();
  const links = meetingLinksFor(meetingId, moderatorKey);
  return (
    <section className="card links" aria-labelledby="links-title">
      <h2 id="links-title">{t('moderator.links')}</h2>
      <CopyableLink label={t('landing.linkAttend')} url={links.attend} />
      <CopyableLink label={t('landing.linkDisplay')} url={links.display} />
      <CopyableLink label={t('landing.linkModerate')} url={links.moderate} />
    </section>
  );
}
