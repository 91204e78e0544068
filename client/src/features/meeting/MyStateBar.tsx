import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FloorState, Participant } from '../../../../shared/model.js';
import { useServerNow } from '../../lib/time.js';
import { sendCommand } from '../../state/connection.js';
import { SpeakerClock } from '../floor/SpeakerCard.js';

type MyState = { kind: 'speaking' } | { kind: 'next' } | { kind: 'waiting'; position: number } | { kind: 'none' };

/** Where this participant stands on the floor, from the calling order every screen computes alike. */
function myState(floor: FloorState, participantId: string): MyState {
  if (floor.current?.entry.participantId === participantId) return { kind: 'speaking' };
  const index = floor.queue.findIndex((entry) => entry.participantId === participantId);
  if (index === 0) return { kind: 'next' };
  if (index > 0) return { kind: 'waiting', position: index + 1 };
  return { kind: 'none' };
}

function focusQuestionBox(): void {
  const box = document.getElementById('question-text');
  box?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  box?.focus({ preventScroll: true });
}

/**
 * The participant's own state and main action, always in view at the bottom of the screen:
 * not on the list / number 3 / you are next / you have the floor (with the countdown), and
 * ask for the floor / withdraw / I have finished; the question box one tap away.
 */
export function MyStateBar({ floor, self }: { floor: FloorState; self: Participant }) {
  const now = useServerNow();
  const { t } = useTranslation();
  const state = myState(floor, self.id);
  const firstWaiting = floor.queue.find((entry) => entry.participantId === self.id);
  const previous = useRef(state.kind);

  // Being given the floor also buzzes the phone, where the browser allows it.
  useEffect(() => {
    if (state.kind === 'speaking' && previous.current !== 'speaking') navigator.vibrate?.([200, 100, 200]);
    previous.current = state.kind;
  }, [state.kind]);

  const label =
    state.kind === 'speaking'
      ? t('floor.youHaveTheFloor')
      : state.kind === 'next'
        ? t('floor.youAreNext')
        : state.kind === 'waiting'
          ? t('floor.position', { position: state.position })
          : t('floor.notOnList');

  return (
    <aside className={`my-state my-state-${state.kind}`} aria-label={t('floor.requestTitle')} data-testid="my-state">
      <div className="my-state-status">
        <span className="my-state-label" data-testid="my-state-label">
          {label}
        </span>
        {state.kind === 'speaking' && floor.current && <SpeakerClock speaker={floor.current} now={now} />}
      </div>
      <div className="my-state-actions">
        {state.kind === 'speaking' && floor.current ? (
          <button
            type="button"
            className="primary"
            data-testid="bar-done"
            onClick={() => {
              if (floor.current) void sendCommand('floor.finish', { entryId: floor.current.entry.id });
            }}
          >
            {t('floor.done')}
          </button>
        ) : firstWaiting ? (
          <button
            type="button"
            className="secondary"
            data-testid="bar-withdraw"
            onClick={() => void sendCommand('floor.withdraw', { entryId: firstWaiting.id })}
          >
            {t('floor.withdraw')}
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            data-testid="bar-request"
            disabled={!floor.open}
            onClick={() => void sendCommand('floor.request', { type: 'new_topic', topic: '' })}
          >
            {t('floor.request')}
          </button>
        )}
        <button type="button" className="secondary" data-testid="bar-question" onClick={focusQuestionBox}>
          {t('floor.questionShortcut')}
        </button>
      </div>
    </aside>
  );
}
