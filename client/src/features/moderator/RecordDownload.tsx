import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState, ModeratorRole } from '../../../../shared/model.js';
import { UI_LANGUAGES, type UiLanguage } from '../../i18n/index.js';

const FORMATS = [
  { format: 'html', query: 'format=html' },
  { format: 'md', query: 'format=md' },
  { format: 'csv', query: 'format=csv&table=turns' },
  { format: 'json', query: 'format=json' },
] as const;
type Format = (typeof FORMATS)[number]['format'];

/** The record's address; `public` without a key. */
export function recordUrl(meetingId: string, format: Format, lang: string): string {
  const query = FORMATS.find((candidate) => candidate.format === format)?.query ?? 'format=html';
  return `/api/meetings/${encodeURIComponent(meetingId)}/record?${query}&lang=${lang}`;
}

/** Saves a response under the file name the server gave it. */
async function saveResponse(response: Response, fallbackName: string): Promise<void> {
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The moderators' record, downloaded with the key in a header (never in an
 * address that could be shared), and the chair's "publish it now".
 */
export function RecordDownload({
  meeting,
  moderatorKey,
  role,
}: {
  meeting: MeetingState;
  moderatorKey: string;
  role: ModeratorRole;
}) {
  const { t, i18n } = useTranslation();
  const [format, setFormat] = useState<Format>('html');
  const [lang, setLang] = useState<UiLanguage>(
    (UI_LANGUAGES.find((language) => language.code === i18n.language)?.code ?? 'en') as UiLanguage,
  );
  const [status, setStatus] = useState<'idle' | 'failed' | 'published'>('idle');
  const headers = { authorization: `Bearer ${moderatorKey}` };

  return (
    <section className="record-download" aria-labelledby="record-title" data-testid="record-download">
      <h3 id="record-title" className="panel-subtitle">
        {t('record.title')}
      </h3>
      <p className="hint">{t('record.hint')}</p>
      <div className="record-options">
        <label>
          {t('record.format')}
          <select value={format} onChange={(event) => setFormat(event.target.value as Format)} data-testid="record-format">
            {FORMATS.map(({ format: value }) => (
              <option key={value} value={value}>
                {t(`record.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('record.language')}
          <select value={lang} onChange={(event) => setLang(event.target.value as UiLanguage)} data-testid="record-lang">
            {UI_LANGUAGES.map((language) => (
              <option key={language.code} value={language.code} lang={language.code}>
                {language.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="record-download-button"
          onClick={async () => {
            try {
              const response = await fetch(recordUrl(meeting.id, format, lang), { headers });
              if (!response.ok) throw new Error(String(response.status));
              await saveResponse(response, `record.${format}`);
              setStatus('idle');
            } catch {
              setStatus('failed');
            }
          }}
        >
          {t('record.download')}
        </button>
      </div>
      {role === 'chair' && meeting.status !== 'ended' && (
        <p>
          <button
            type="button"
            className="secondary"
            data-testid="record-publish"
            onClick={async () => {
              const response = await fetch(`/api/meetings/${encodeURIComponent(meeting.id)}/record/publish`, {
                method: 'POST',
                headers,
              }).catch(() => null);
              setStatus(response?.ok ? 'published' : 'failed');
            }}
          >
            {t('record.publish')}
          </button>{' '}
          <span className="hint">{t('record.publicHint')}</span>
        </p>
      )}
      <p role="status" data-testid="record-status">
        {status === 'failed' ? t('record.failed') : status === 'published' ? t('record.published') : ''}
      </p>
    </section>
  );
}
