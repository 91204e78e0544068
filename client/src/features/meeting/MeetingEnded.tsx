import { useTranslation } from 'react-i18next';
import { recordUrl } from '../moderator/RecordDownload.js';

/** Once the meeting is over, in place of the forms that no longer apply: where to read what happened. */
export function MeetingEnded({ meetingId }: { meetingId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card meeting-ended" aria-labelledby="meeting-ended-title" data-testid="meeting-ended">
      <h2 id="meeting-ended-title">{t('display.ended')}</h2>
      <p>
        <a href={recordUrl(meetingId, 'html', i18n.language)} data-testid="meeting-ended-record">
          {t('record.read')}
        </a>
      </p>
    </section>
  );
}
