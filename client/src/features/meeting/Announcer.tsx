import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentItem } from '../../../../shared/agenda.js';
import type { MeetingState } from '../../../../shared/model.js';

/** Tells screen-reader users when the agenda moves on, without their having to look. */
export function AgendaAnnouncer({ meeting }: { meeting: MeetingState }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const item = currentItem(meeting);
  const previous = useRef<{ itemId: string | null; status: string } | null>(null);
  useEffect(() => {
    const now = { itemId: item?.id ?? null, status: meeting.status };
    const before = previous.current;
    previous.current = now;
    if (!before) return;
    if (now.status === 'ended' && before.status !== 'ended') setMessage(t('agenda.announceEnded'));
    else if (item && now.itemId !== before.itemId) setMessage(t('agenda.announceStarted', { title: item.title }));
  }, [item, meeting.status, t]);
  return (
    <div className="visually-hidden" aria-live="polite" data-testid="announcer">
      {message}
    </div>
  );
}
