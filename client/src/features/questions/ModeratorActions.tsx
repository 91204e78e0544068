import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sendCommand } from '../../state/connection.js';
import type { ModerationProps } from './Questions.js';

/** A moderator's buttons on one question: approve, dismiss with a reason, answer, highlight, attach, to the floor. */
export function ModeratorActions({ question, agendaItems, highlighted, ended }: ModerationProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const label = (action: string) => `${action}: ${question.text.slice(0, 60)}`;
  return (
    <div className="item-controls">
      {(question.status === 'pending' || question.status === 'dismissed') && (
        <button
          type="button"
          onClick={() => void sendCommand('question.approve', { questionId: question.id })}
          aria-label={label(t('questionModeration.approve'))}
          data-testid="question-approve"
        >
          {t('questionModeration.approve')}
        </button>
      )}
      {question.status === 'approved' && (
        <button
          type="button"
          onClick={() => void sendCommand('question.answer', { questionId: question.id })}
          aria-label={label(t('questionModeration.answer'))}
          data-testid="question-answer"
        >
          {t('questionModeration.answer')}
        </button>
      )}
      {(question.status === 'approved' || question.status === 'answered') && (
        <button
          type="button"
          aria-pressed={highlighted}
          onClick={() => void sendCommand('question.highlight', { questionId: highlighted ? null : question.id })}
          aria-label={label(highlighted ? t('questionModeration.unhighlight') : t('questionModeration.highlight'))}
          data-testid="question-highlight"
        >
          {highlighted ? t('questionModeration.unhighlight') : t('questionModeration.highlight')}
        </button>
      )}
      {/* An anonymous author is not named to the room: they ask for the floor themselves. */}
      {question.author && !question.anonymous && !ended && question.status !== 'dismissed' && question.floorEntryId === null && (
        <button
          type="button"
          onClick={() => void sendCommand('question.toFloor', { questionId: question.id })}
          aria-label={label(t('questionModeration.toFloor'))}
          data-testid="question-to-floor"
        >
          {t('questionModeration.toFloor')}
        </button>
      )}
      <label className="inline">
        <span>{t('questionModeration.attach')}</span>
        <select
          value={question.agendaItemId ?? ''}
          onChange={(e) => void sendCommand('question.attach', { questionId: question.id, agendaItemId: e.target.value || null })}
        >
          <option value="">{t('questionModeration.noItem')}</option>
          {agendaItems.map((item) => (
            <option key={item.id} value={item.id}>
              {item.title}
            </option>
          ))}
        </select>
      </label>
      {question.status !== 'dismissed' && (
        <span className="dismiss-group">
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={200}
            aria-label={t('questionModeration.dismissReason')}
            placeholder={t('questionModeration.dismissReason')}
          />
          <button
            type="button"
            className="danger"
            onClick={() => void sendCommand('question.dismiss', { questionId: question.id, reason })}
            aria-label={label(t('questionModeration.dismiss'))}
            data-testid="question-dismiss"
          >
            {t('questionModeration.dismiss')}
          </button>
        </span>
      )}
    </div>
  );
}
