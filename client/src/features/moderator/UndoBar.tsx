import { useTranslation } from 'react-i18next';
import type { MeetingState, UndoOffer } from '../../../../shared/model.js';
import { liveOffers, UNDO_WINDOW_MS } from '../../../../shared/undo.js';
import { isolate } from '../../lib/bidi.js';
import { useServerNow } from '../../lib/time.js';
import { sendCommand } from '../../state/connection.js';
import { usePlenary } from '../../state/store.js';

const KIND_KEY = {
  'floor.remove': 'floorRemove',
  'floor.grant': 'floorGrant',
  'agenda.skip': 'agendaSkip',
  'agenda.remove': 'agendaRemove',
  'agenda.next': 'agendaNext',
  'question.dismiss': 'questionDismiss',
} as const satisfies Record<UndoOffer['kind'], string>;

function subject(offer: UndoOffer, meeting: MeetingState): string {
  switch (offer.kind) {
    case 'floor.remove':
    case 'floor.grant':
      return offer.entry.name;
    case 'agenda.skip':
    case 'agenda.remove':
      return offer.item.title;
    case 'agenda.next':
      return offer.started.title;
    case 'question.dismiss': {
      const text = meeting.questions.items.find((question) => question.id === offer.questionId)?.text ?? '';
      return text.length > 60 ? `${text.slice(0, 59)}…` : text;
    }
  }
}

/**
 * The latest action that can still be undone, for ten seconds by the server's
 * clock: what it was, who did it, and an Undo button that sends the real
 * `meeting.undo` command, so every screen sees the restoration.
 */
export function UndoBar({ meeting }: { meeting: MeetingState }) {
  const now = useServerNow();
  const { t } = useTranslation();
  const role = usePlenary((state) => state.moderator?.role ?? 'chair');
  const offer = liveOffers(meeting, now).find(
    (candidate) => role !== 'remote_moderator' || !candidate.kind.startsWith('agenda.'),
  );
  // The clock offset is an estimate: never promise more than the window itself.
  const secondsLeft = offer
    ? Math.min(UNDO_WINDOW_MS / 1000, Math.max(0, Math.ceil((offer.at + UNDO_WINDOW_MS - now) / 1000)))
    : 0;
  return (
    <div className="undo-region" aria-live="polite">
      {offer && (
        <div className="undo-bar" data-testid="undo-bar" data-kind={offer.kind}>
          <span className="undo-what">
            {t(`chair.undo.${KIND_KEY[offer.kind]}`, { name: isolate(subject(offer, meeting)) })}{' '}
            <span className="undo-by">{t('chair.by', { label: offer.by === 'chair' ? t('chair.roles.chair') : offer.by })}</span>
          </span>
          <button
            type="button"
            className="primary"
            data-testid="undo"
            onClick={() => void sendCommand('meeting.undo', { undoId: offer.id })}
          >
            {t('chair.undoButton', { seconds: secondsLeft })}
          </button>
        </div>
      )}
    </div>
  );
}
