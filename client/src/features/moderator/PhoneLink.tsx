import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FloorEntry } from '../../../../shared/model.js';
import { MeetingQr } from '../../components/MeetingQr.js';
import { CopyButton } from './MeetingLinks.js';
import { Modal } from './shortcuts.js';

/** A one-time link (and its QR code) that makes a person's own phone the participant the chair put on the list. */
export function PhoneLink({
  meetingId,
  moderatorKey,
  entry,
  onClose,
}: {
  meetingId: string;
  moderatorKey: string;
  entry: FloorEntry | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const participantId = entry?.participantId;
  useEffect(() => {
    setUrl(null);
    if (!participantId) return;
    let current = true;
    void fetch(`/api/meetings/${encodeURIComponent(meetingId)}/participants/${encodeURIComponent(participantId)}/claim-link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${moderatorKey}` },
    })
      .then((response) => (response.ok ? (response.json() as Promise<{ url: string }>) : null))
      .then((body) => {
        if (current && body) setUrl(body.url);
      });
    return () => {
      current = false;
    };
  }, [meetingId, moderatorKey, participantId]);
  return (
    <Modal open={entry !== null} onClose={onClose} labelledBy="phone-link-title" testId="phone-link">
      <h2 id="phone-link-title">{t('chair.phoneLinkTitle', { name: entry?.name ?? '' })}</h2>
      <p className="hint">{t('chair.phoneLinkHint')}</p>
      {url && (
        <div className="phone-link-qr">
          <MeetingQr url={url} />
          <CopyButton text={url} testId="phone-link-copy" />
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="secondary" onClick={onClose}>
          {t('chair.close')}
        </button>
      </div>
    </Modal>
  );
}
