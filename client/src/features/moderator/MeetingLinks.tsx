import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export function meetingLinksFor(meetingId: string, moderatorKey: string) {
  const base = `${window.location.origin}/m/${encodeURIComponent(meetingId)}`;
  return {
    attend: base,
    moderate: `${base}/moderate#key=${moderatorKey}`,
    display: `${base}/display`,
    displayFloor: `${base}/display?view=floor`,
  };
}

/** A moderator link as it may be shown on a shared screen: the key replaced by dots. */
export function maskedLink(url: string): string {
  return url.replace(/#key=.*$/, '#key=••••••••');
}

export function CopyButton({ text, label, testId }: { text: string; label?: string; testId?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="secondary"
      data-testid={testId}
      aria-label={label ? `${t('common.copy')}: ${label}` : undefined}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => setCopied(true));
      }}
    >
      {copied ? t('common.copied') : t('common.copy')}
    </button>
  );
}

/** A link with a Copy button; `secret` links are never shown in full (the chair may be sharing the screen). */
export function CopyableLink({
  label,
  url,
  testId,
  secret = false,
}: {
  label: string;
  url: string;
  testId?: string;
  secret?: boolean;
}) {
  return (
    <div className="copyable-link">
      <span className="copyable-label">{label}</span>
      {secret ? (
        <span className="link-url" data-testid={testId}>
          {maskedLink(url)}
        </span>
      ) : (
        <a href={url} data-testid={testId} className="link-url">
          {url}
        </a>
      )}
      <CopyButton text={url} label={label} testId={testId ? `${testId}-copy` : undefined} />
    </div>
  );
}

export function MeetingLinks({ meetingId, moderatorKey }: { meetingId: string; moderatorKey: string }) {
  const { t } = useTranslation();
  const links = meetingLinksFor(meetingId, moderatorKey);
  return (
    <section className="links" aria-labelledby="links-title">
      <h3 id="links-title" className="panel-subtitle">
        {t('moderator.links')}
      </h3>
      <CopyableLink label={t('landing.linkAttend')} url={links.attend} />
      <CopyableLink label={t('landing.linkDisplay')} url={links.display} />
      <CopyableLink label={t('chair.linkDisplayFloor')} url={links.displayFloor} />
      <CopyableLink label={t('landing.linkModerate')} url={links.moderate} testId="console-link-moderate" secret />
    </section>
  );
}
