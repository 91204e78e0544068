import './questions.css';
import { type ComponentType, type FormEvent, memo, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AgendaItem,
  MAX_QUESTION_LENGTH,
  type MeetingState,
  QUESTION_STATUSES,
  type Question,
  type QuestionStatus,
  type Role,
} from '../../../../shared/model.js';
import { type QuestionSort, sortQuestions } from '../../../../shared/questions.js';
import { useLocale } from '../../lib/time.js';
import { sendCommand, vote } from '../../state/connection.js';
import { usePlenary } from '../../state/store.js';

/** Who asked, or "Anonymous"; text always goes through React, so markup shows as typed. */
function AuthorLine({ question }: { question: Question }) {
  const { t } = useTranslation();
  if (!question.author) return <span className="question-author">{t('questions.anonymousAuthor')}</span>;
  const { name, affiliation, attendance } = question.author;
  return (
    <span className="question-author">
      {name}
      {affiliation && ` · ${affiliation}`} · {t(`attendance.${attendance}`)}
      {question.anonymous && ` · ${t('questions.anonymousAuthor')}`}
    </span>
  );
}

/** The question the chair has put to the room, at the top of every view. */
export function HighlightedQuestion({ meeting }: { meeting: MeetingState }) {
  const { t } = useTranslation();
  const question = meeting.questions.items.find((candidate) => candidate.id === meeting.questions.highlightedId);
  if (!question) return null;
  return (
    <section className="card highlighted-question" aria-labelledby="highlighted-title" data-testid="highlighted-question">
      <h2 id="highlighted-title">{t('questions.highlighted')}</h2>
      <p className="question-text" data-testid="highlighted-text">
        {question.text}
      </p>
      <AuthorLine question={question} />
    </section>
  );
}

function AskQuestion({ preModeration }: { preModeration: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const ack = await sendCommand('question.ask', { text, anonymous });
    if (ack.ok) setText('');
  }
  const left = MAX_QUESTION_LENGTH - text.trim().length;
  return (
    <form className="ask-question" onSubmit={submit}>
      <label>
        {t('questions.text')}
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={MAX_QUESTION_LENGTH + 50}
          rows={3}
          required
          id="question-text"
          data-testid="question-text"
        />
      </label>
      <p className={`hint${left < 0 ? ' form-error' : ''}`}>{t('questions.charactersLeft', { count: left })}</p>
      <label className="inline">
        <input
          type="checkbox"
          checked={anonymous}
          onChange={(e) => setAnonymous(e.target.checked)}
          data-testid="question-anonymous"
        />
        {t('questions.anonymous')}
      </label>
      {preModeration && <p className="hint">{t('questions.preModeration')}</p>}
      <button type="submit" className="primary" disabled={left < 0 || text.trim() === ''} data-testid="question-submit">
        {t('questions.submit')}
      </button>
    </form>
  );
}

function AuthorActions({ question }: { question: Question }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(question.text);
  if (question.status === 'answered') return null;
  if (editing) {
    return (
      <form
        className="item-form"
        onSubmit={async (event) => {
          event.preventDefault();
          const ack = await sendCommand('question.edit', { questionId: question.id, text });
          if (ack.ok) setEditing(false);
        }}
      >
        <label>
          {t('questions.text')}
          <textarea value={text} onChange={(e) => setText(e.target.value)} maxLength={MAX_QUESTION_LENGTH} rows={3} />
        </label>
        <div className="form-actions">
          <button type="submit">{t('common.save')}</button>
          <button type="button" className="secondary" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    );
  }
  return (
    <div className="item-controls">
      <button type="button" className="secondary" onClick={() => setEditing(true)}>
        {t('questions.edit')}
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() => void sendCommand('question.withdraw', { questionId: question.id })}
      >
        {t('questions.withdraw')}
      </button>
    </div>
  );
}

/** What a moderator's buttons on one question need (the console's own component, not in a participant's chunk). */
export interface ModerationProps {
  question: Question;
  agendaItems: readonly AgendaItem[];
  highlighted: boolean;
  /** The meeting is over: nothing goes to the floor any more. */
  ended: boolean;
}

/**
 * One question. Memoised: a meeting of a thousand questions re-renders only the cards whose question,
 * count or agenda changed, not all of them at every change or vote message.
 */
const QuestionCard = memo(function QuestionCard({
  question,
  agendaItems,
  highlighted,
  ended,
  role,
  selfId,
  moderation: Moderation,
}: {
  question: Question;
  agendaItems: readonly AgendaItem[];
  highlighted: boolean;
  ended: boolean;
  role: Role | null;
  selfId: string | null;
  moderation: ComponentType<ModerationProps> | undefined;
}) {
  const { t } = useTranslation();
  const count = usePlenary((state) => state.votes[question.id] ?? 0);
  const voted = usePlenary((state) => state.myVotes.includes(question.id));
  const own = selfId !== null && question.author?.participantId === selfId;
  const item = agendaItems.find((candidate) => candidate.id === question.agendaItemId);
  return (
    <li
      className={`question status-${question.status}${own ? ' mine' : ''}`}
      data-testid="question"
      data-status={question.status}
    >
      <p className="question-text" data-testid="question-body">
        {question.text}
      </p>
      <p className="question-meta">
        <AuthorLine question={question} />
        <span className={`question-status status-${question.status}`}>{t(`questions.status.${question.status}`)}</span>
        {item && <span>{t('questions.onItem', { title: item.title })}</span>}
        <span data-testid="question-votes">{t('questions.votes', { count })}</span>
      </p>
      {own && question.status === 'dismissed' && question.dismissReason && (
        <p className="form-error">{t('questions.dismissedBecause', { reason: question.dismissReason })}</p>
      )}
      {role === 'participant' && question.status === 'approved' && !own && !ended && (
        <button type="button" aria-pressed={voted} onClick={() => void vote(question.id, !voted)} data-testid="question-vote">
          {voted ? t('questions.unvote') : t('questions.vote')}
        </button>
      )}
      {own && <AuthorActions question={question} />}
      {Moderation && <Moderation question={question} agendaItems={agendaItems} highlighted={highlighted} ended={ended} />}
    </li>
  );
});

const HOLD_MS = 4000;
/**
 * Questions drawn at once; more on request. A meeting may hold a thousand: drawing them all made a
 * phone's first view of the questions take longer than the clock's tick, and it never appeared.
 */
const QUESTIONS_AT_ONCE = 100;

/**
 * The order a person is using stays put: ranked by votes, a list re-sorts with every count, so the
 * question under a finger (or the focus) would move just as it is tapped. While the person touches,
 * clicks or types in the list, and for a few seconds after, questions keep their places (counts still
 * change, new ones join at the end); then the list takes the current order.
 */
function useHeldOrder(current: Question[], view: string): [shown: Question[], hold: () => void] {
  const [held, setHeld] = useState<{ view: string; ids: string[] } | null>(null);
  const release = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(release.current), []);
  // Another sort or filter chosen meanwhile: the person asked for a new order, so it shows at once.
  const order = held?.view === view ? held.ids : null;
  const place = new Map(order?.map((id, index) => [id, index]));
  const shown = order
    ? [...current].sort((a, b) => (place.get(a.id) ?? Number.MAX_SAFE_INTEGER) - (place.get(b.id) ?? Number.MAX_SAFE_INTEGER))
    : current;
  const hold = () => {
    clearTimeout(release.current);
    setHeld((kept) => (kept?.view === view ? kept : { view, ids: shown.map((question) => question.id) }));
    release.current = setTimeout(() => setHeld(null), HOLD_MS);
  };
  return [shown, hold];
}

/**
 * Questions for everybody: ask (participants), vote, sort; moderators also filter by status, and
 * `moderation` adds their buttons to each question (from the console's chunk, not a participant's).
 * Memoised: the clock's ticks in the views around it do not re-render it.
 */
export const QuestionsPanel = memo(function QuestionsPanel({
  meeting,
  moderation,
  filter: chosenFilter,
  onFilter,
}: {
  meeting: MeetingState;
  moderation?: ComponentType<ModerationProps>;
  /** The status shown, when the page around chooses it (the console's "awaiting moderation" button). */
  filter?: QuestionStatus | 'all';
  onFilter?: (filter: QuestionStatus | 'all') => void;
}) {
  const { t } = useTranslation();
  const role = usePlenary((state) => state.role);
  const self = usePlenary((state) => state.self);
  const votes = usePlenary((state) => state.votes);
  const [sort, setSort] = useState<QuestionSort>('votes');
  const [ownFilter, setOwnFilter] = useState<QuestionStatus | 'all'>('all');
  const filter = chosenFilter ?? ownFilter;
  const setFilter = onFilter ?? setOwnFilter;
  const number = new Intl.NumberFormat(useLocale());
  const visible = meeting.questions.items.filter((question) => filter === 'all' || question.status === filter);
  const [shownCount, setShownCount] = useState(QUESTIONS_AT_ONCE);
  const [sorted, hold] = useHeldOrder(sortQuestions(visible, votes, sort), `${sort} ${filter}`);
  return (
    <section className="card questions" aria-labelledby="questions-title">
      <h2 id="questions-title">{t('questions.title')}</h2>
      {role === 'participant' && meeting.status !== 'ended' && <AskQuestion preModeration={meeting.questions.preModeration} />}
      {role === 'moderator' && (
        <label className="inline">
          <input
            type="checkbox"
            checked={meeting.questions.preModeration}
            onChange={(e) => void sendCommand('questions.configure', { preModeration: e.target.checked })}
            data-testid="pre-moderation"
          />
          {t('questionModeration.preModerationSetting')}
        </label>
      )}
      <div className="row">
        <label>
          {t('questions.sortBy')}
          <select value={sort} onChange={(e) => setSort(e.target.value as QuestionSort)} data-testid="question-sort">
            <option value="votes">{t('questions.sortVotes')}</option>
            <option value="time">{t('questions.sortTime')}</option>
          </select>
        </label>
        {role === 'moderator' && (
          <label>
            {t('questionModeration.filter')}
            <select
              value={filter}
              onChange={(e) => setFilter(e.target.value as QuestionStatus | 'all')}
              data-testid="question-filter"
            >
              <option value="all">
                {t('questionModeration.all')} ({number.format(meeting.questions.items.length)})
              </option>
              {QUESTION_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`questions.status.${status}`)} (
                  {number.format(meeting.questions.items.filter((q) => q.status === status).length)})
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {sorted.length === 0 ? (
        <p>{t('questions.empty')}</p>
      ) : (
        <ul className="question-list" data-testid="questions" onPointerDown={hold} onFocus={hold} onKeyDown={hold}>
          {sorted.slice(0, shownCount).map((question) => (
            <QuestionCard
              key={question.id}
              question={question}
              agendaItems={meeting.agenda.items}
              highlighted={meeting.questions.highlightedId === question.id}
              ended={meeting.status === 'ended'}
              role={role}
              selfId={self?.id ?? null}
              moderation={moderation}
            />
          ))}
        </ul>
      )}
      {sorted.length > shownCount && (
        <button
          type="button"
          className="secondary"
          onClick={() => setShownCount((count) => count + QUESTIONS_AT_ONCE)}
          data-testid="questions-more"
        >
          {t('questions.more', { remaining: sorted.length - shownCount })}
        </button>
      )}
    </section>
  );
});
