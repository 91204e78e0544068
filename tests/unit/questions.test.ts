import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite.js';
import { authorsWithOwnView, PUBLIC_VIEWER, projectChange, projectState } from '../../shared/audience.js';
import type { Command } from '../../shared/commands.js';
import type { Change } from '../../shared/events.js';
import type { MeetingState, Question } from '../../shared/model.js';
import { MAX_OPEN_QUESTIONS_PER_PARTICIPANT, sortQuestions } from '../../shared/questions.js';
import { applyChange, decide } from '../../shared/reducer.js';
import { act, person, refused } from '../support/floor.js';
import { sampleMeeting } from '../support/meetings.js';

const amina = person('Amina', 'remote', 'government');
const bruno = person('Bruno', 'in_room', 'civil_society');

const ask = (text: string, anonymous = false): Command => ({ type: 'question.ask', payload: { text, anonymous } });
const only = (state: MeetingState): Question => {
  const [question] = state.questions.items;
  if (!question || state.questions.items.length !== 1) throw new Error('expected exactly one question');
  return question;
};
const moderated = () => act(sampleMeeting(), 'chair', { type: 'questions.configure', payload: { preModeration: true } });

describe('asking', () => {
  it('records the text, the author, the current agenda item and the time; approved at once without pre-moderation', () => {
    let state = act(sampleMeeting(), 'chair', { type: 'agenda.start', payload: { itemId: 'item2' } });
    state = act(state, amina, ask('How will remote participants be heard?'), 5_000);
    expect(only(state)).toMatchObject({
      text: 'How will remote participants be heard?',
      anonymous: false,
      author: { participantId: 'p-amina', name: 'Amina', stakeholderGroup: 'government', attendance: 'remote' },
      agendaItemId: 'item2',
      askedAt: 5_000,
      status: 'approved',
    });
  });

  it('waits for approval under pre-moderation', () => {
    const state = act(moderated(), amina, ask('Is there interpretation into Arabic?'));
    expect(only(state).status).toBe('pending');
  });

  it('is for participants of a meeting that has not ended, within limits', () => {
    expect(refused(sampleMeeting(), 'chair', ask('x')).code).toBe('forbidden');
    expect(refused(act(sampleMeeting(), 'chair', { type: 'meeting.end', payload: {} }), amina, ask('x')).code).toBe(
      'invalid_state',
    );
    let state = sampleMeeting();
    for (let i = 0; i < MAX_OPEN_QUESTIONS_PER_PARTICIPANT; i++) state = act(state, amina, ask(`question ${i}`));
    expect(refused(state, amina, ask('one more')).code).toBe('invalid_state');
  });
});

describe('the author’s own question', () => {
  it('can be edited and withdrawn by its author until it is answered, never by others', () => {
    let state = act(sampleMeeting(), amina, ask('First wording'));
    const questionId = only(state).id;
    expect(refused(state, bruno, { type: 'question.edit', payload: { questionId, text: 'hijack' } }).code).toBe('forbidden');
    expect(refused(state, bruno, { type: 'question.withdraw', payload: { questionId } }).code).toBe('forbidden');
    state = act(state, amina, { type: 'question.edit', payload: { questionId, text: 'Better wording' } }, 9_000);
    expect(only(state)).toMatchObject({ text: 'Better wording', editedAt: 9_000 });
    expect(
      decide(
        state,
        { type: 'question.edit', payload: { questionId, text: 'Better wording' } },
        {
          now: 0,
          newId: () => 'x',
          role: 'participant',
          participant: amina,
        },
      ),
    ).toEqual([]);
    const answered = act(state, 'chair', { type: 'question.answer', payload: { questionId } });
    expect(refused(answered, amina, { type: 'question.edit', payload: { questionId, text: 'late' } }).code).toBe('invalid_state');
    expect(refused(answered, amina, { type: 'question.withdraw', payload: { questionId } }).code).toBe('invalid_state');
    state = act(state, amina, { type: 'question.withdraw', payload: { questionId } });
    expect(state.questions.items).toEqual([]);
    expect(refused(state, amina, { type: 'question.withdraw', payload: { questionId } }).code).toBe('not_found');
  });
});

describe('moderation', () => {
  it('approves, dismisses with a reason, approves again, answers', () => {
    let state = act(moderated(), amina, ask('Will the forum be hybrid?'));
    const questionId = only(state).id;
    expect(refused(state, 'chair', { type: 'question.answer', payload: { questionId } }).code).toBe('invalid_state');
    state = act(state, 'chair', { type: 'question.dismiss', payload: { questionId, reason: 'Answered in the report' } });
    expect(only(state)).toMatchObject({ status: 'dismissed', dismissReason: 'Answered in the report' });
    state = act(state, 'chair', { type: 'question.approve', payload: { questionId } });
    expect(only(state)).toMatchObject({ status: 'approved', dismissReason: '' });
    state = act(state, 'chair', { type: 'question.answer', payload: { questionId } }, 12_000);
    expect(only(state)).toMatchObject({ status: 'answered', answeredAt: 12_000 });
    expect(refused(state, 'chair', { type: 'question.approve', payload: { questionId } }).code).toBe('invalid_state');
    expect(refused(state, 'chair', { type: 'question.answer', payload: { questionId: 'nope' } }).code).toBe('not_found');
  });

  it('highlights only questions the room may see, and a dismissal clears the highlight', () => {
    let state = act(moderated(), amina, ask('Pending one'));
    const questionId = only(state).id;
    expect(refused(state, 'chair', { type: 'question.highlight', payload: { questionId } }).code).toBe('invalid_state');
    state = act(state, 'chair', { type: 'question.approve', payload: { questionId } });
    state = act(state, 'chair', { type: 'question.highlight', payload: { questionId } });
    expect(state.questions.highlightedId).toBe(questionId);
    state = act(state, 'chair', { type: 'question.dismiss', payload: { questionId, reason: '' } });
    expect(state.questions.highlightedId).toBeNull();
    expect(refused(state, 'chair', { type: 'question.highlight', payload: { questionId: 'nope' } }).code).toBe('not_found');
  });

  it('attaches a question to another agenda item', () => {
    let state = act(sampleMeeting(), amina, ask('About the report'));
    const questionId = only(state).id;
    state = act(state, 'chair', { type: 'question.attach', payload: { questionId, agendaItemId: 'item3' } });
    expect(only(state).agendaItemId).toBe('item3');
    expect(refused(state, 'chair', { type: 'question.attach', payload: { questionId, agendaItemId: 'nope' } }).code).toBe(
      'not_found',
    );
  });

  it('turns a question into a remote new-topic floor request for its author', () => {
    let state = act(
      moderated(),
      amina,
      ask(
        'A long question about the format of the WSIS Forum 2020 and how remote participation will work in practice for delegations that cannot travel to Geneva in person this year',
      ),
    );
    const questionId = only(state).id;
    state = act(state, 'chair', { type: 'question.toFloor', payload: { questionId } });
    const [entry] = state.floor.queue;
    expect(entry).toMatchObject({ type: 'new_topic', participantId: 'p-amina', name: 'Amina', attendance: 'remote' });
    expect(entry?.topic.length).toBeLessThanOrEqual(140);
    expect(only(state)).toMatchObject({ status: 'approved', floorEntryId: entry?.id });
    expect(refused(state, 'chair', { type: 'question.toFloor', payload: { questionId } }).code).toBe('invalid_state');
    let dismissed = act(sampleMeeting(), bruno, ask('Dismissed one'));
    const dismissedId = only(dismissed).id;
    dismissed = act(dismissed, 'chair', { type: 'question.dismiss', payload: { questionId: dismissedId, reason: '' } });
    expect(refused(dismissed, 'chair', { type: 'question.toFloor', payload: { questionId: dismissedId } }).code).toBe(
      'invalid_state',
    );
  });

  it('does not name an anonymous author by giving them the floor', () => {
    const state = act(sampleMeeting(), amina, ask('Asked anonymously', true));
    const error = refused(state, 'chair', { type: 'question.toFloor', payload: { questionId: only(state).id } });
    expect(error.code).toBe('invalid_state');
    expect(error.message).toMatch(/anonymously/);
  });

  it('under pre-moderation, new wording of an approved question waits for approval again', () => {
    let state = act(moderated(), amina, ask('First wording'));
    const questionId = only(state).id;
    state = act(state, 'chair', { type: 'question.approve', payload: { questionId } });
    state = act(state, 'chair', { type: 'question.highlight', payload: { questionId } });
    state = act(state, amina, { type: 'question.edit', payload: { questionId, text: 'Quite different wording' } });
    expect(only(state)).toMatchObject({ text: 'Quite different wording', status: 'pending' });
    expect(state.questions.highlightedId).toBeNull();
  });

  it('checks that a question takes votes only while open and approved', () => {
    let state = act(moderated(), amina, ask('Vote on me'));
    const questionId = only(state).id;
    const vote: Command = { type: 'question.vote', payload: { questionId, up: true } };
    expect(refused(state, bruno, vote).code).toBe('invalid_state');
    state = act(state, 'chair', { type: 'question.approve', payload: { questionId } });
    expect(decide(state, vote, { now: 0, newId: () => 'x', role: 'participant', participant: bruno })).toEqual([]);
    state = act(state, 'chair', { type: 'question.answer', payload: { questionId } });
    expect(refused(state, bruno, vote).code).toBe('invalid_state');
    expect(refused(state, bruno, { type: 'question.vote', payload: { questionId: 'nope', up: true } }).code).toBe('not_found');
  });
});

describe('who sees what', () => {
  const asChange = (before: MeetingState, actor: Parameters<typeof act>[1], command: Command): Change => {
    const events = decide(before, command, {
      now: 1,
      newId: () => 'q1',
      role: actor === 'chair' ? 'moderator' : 'participant',
      participant: actor === 'chair' ? null : actor,
    });
    return { meetingId: 'm1', version: 1, at: 1, events };
  };

  it('a pending question reaches only moderators and its author', () => {
    const change = asChange(moderated(), amina, ask('Pending question'));
    expect(projectChange({ role: 'moderator', participantId: null }, change)).toBe(change);
    expect(projectChange(PUBLIC_VIEWER, change).events).toEqual([{ type: 'question.hidden', questionId: 'q1' }]);
    expect(projectChange({ role: 'participant', participantId: 'p-bruno' }, change).events[0]?.type).toBe('question.hidden');
    expect(projectChange({ role: 'participant', participantId: 'p-amina' }, change)).toEqual(change);
    expect(authorsWithOwnView(change)).toEqual(['p-amina']);
  });

  it('an anonymous question hides its author from everybody but moderators and the author', () => {
    const change = asChange(sampleMeeting(), amina, ask('Anonymous question', true));
    const seen = projectChange(PUBLIC_VIEWER, change).events[0];
    expect(seen?.type === 'question.asked' && seen.question.author).toBeNull();
    const own = projectChange({ role: 'participant', participantId: 'p-amina' }, change).events[0];
    expect(own?.type === 'question.asked' && own.question.author?.name).toBe('Amina');
    const state = applyChange(sampleMeeting(), change);
    expect(projectState(PUBLIC_VIEWER, state).questions.items[0]?.author).toBeNull();
    expect(projectState({ role: 'moderator', participantId: null }, state).questions.items[0]?.author?.name).toBe('Amina');
  });

  it('a dismissal reason is for the author and moderators; the public loses the question', () => {
    const state = act(sampleMeeting(), amina, ask('Visible, then dismissed'));
    const questionId = only(state).id;
    const change = asChange(state, 'chair', { type: 'question.dismiss', payload: { questionId, reason: 'Off topic' } });
    expect(projectChange(PUBLIC_VIEWER, change).events[0]).toEqual({ type: 'question.hidden', questionId });
    const publicState = applyChange(projectState(PUBLIC_VIEWER, state), projectChange(PUBLIC_VIEWER, change));
    expect(publicState.questions.items).toEqual([]);
    const own = projectChange({ role: 'participant', participantId: 'p-amina' }, change).events[0];
    expect(own?.type === 'question.dismissed' && own.question.dismissReason).toBe('Off topic');
  });

  it('changes without questions are the same object for everybody, so they are encoded once', () => {
    const change = asChange(sampleMeeting(), 'chair', { type: 'agenda.next', payload: {} });
    expect(projectChange(PUBLIC_VIEWER, change)).toBe(change);
    expect(authorsWithOwnView(change)).toEqual([]);
  });

  it('every audience applying its own projection ends where the projection of the full state is', () => {
    const commands: [Parameters<typeof act>[1], (s: MeetingState) => Command][] = [
      ['chair', () => ({ type: 'questions.configure', payload: { preModeration: true } })],
      [amina, () => ask('One', true)],
      [bruno, () => ask('Two')],
      ['chair', (s) => ({ type: 'question.approve', payload: { questionId: s.questions.items[0]?.id ?? '' } })],
      ['chair', (s) => ({ type: 'question.dismiss', payload: { questionId: s.questions.items[1]?.id ?? '', reason: 'No' } })],
      ['chair', (s) => ({ type: 'question.highlight', payload: { questionId: s.questions.items[0]?.id ?? '' } })],
      [amina, (s) => ({ type: 'question.edit', payload: { questionId: s.questions.items[0]?.id ?? '', text: 'One, edited' } })],
    ];
    const viewers = [
      PUBLIC_VIEWER,
      { role: 'participant' as const, participantId: 'p-amina' },
      { role: 'participant' as const, participantId: 'p-bruno' },
    ];
    let full = sampleMeeting();
    let views = viewers.map((viewer) => projectState(viewer, full));
    commands.forEach(([actor, make], i) => {
      const command = make(full);
      const events = decide(full, command, {
        now: i,
        newId: () => `q${i}`,
        role: actor === 'chair' ? 'moderator' : 'participant',
        participant: actor === 'chair' ? null : actor,
      });
      const change: Change = { meetingId: 'm1', version: i + 1, at: i, events };
      full = applyChange(full, change);
      views = views.map((view, v) => applyChange(view, projectChange(viewers[v] ?? PUBLIC_VIEWER, change)));
    });
    for (const [v, viewer] of viewers.entries()) {
      expect(views[v], viewer.participantId ?? 'public').toEqual(projectState(viewer, full));
    }
  });
});

describe('sorting', () => {
  it('by votes (ties: oldest first) or newest first', () => {
    const q = (id: string, askedAt: number) => ({ id, askedAt }) as Question;
    const items = [q('a', 1), q('b', 2), q('c', 3)];
    expect(sortQuestions(items, { b: 5, c: 5, a: 1 }, 'votes').map((x) => x.id)).toEqual(['b', 'c', 'a']);
    expect(sortQuestions(items, {}, 'time').map((x) => x.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('properties of votes', () => {
  it('any sequence of votes and take-backs ends, in the store, with exactly the voters whose last word was up', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(9), fc.constantFrom('q1', 'q2'), fc.boolean()), { maxLength: 120 }),
        async (votes) => {
          const store = new SqliteStore(null);
          const last = new Map<string, boolean>();
          try {
            for (const [voter, questionId, up] of votes) {
              const count = await store.setVote('m1', questionId, `voter-${voter}`, up);
              last.set(`${questionId}/${voter}`, up);
              const expected = [...last].filter(([key, isUp]) => isUp && key.startsWith(`${questionId}/`)).length;
              expect(count).toBe(expected);
            }
            const counts = await store.voteCounts('m1');
            for (const questionId of ['q1', 'q2']) {
              const expected = [...last].filter(([key, isUp]) => isUp && key.startsWith(`${questionId}/`)).length;
              expect(counts[questionId] ?? 0).toBe(expected);
            }
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
