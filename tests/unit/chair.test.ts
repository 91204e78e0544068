import { describe, expect, it } from 'vitest';
import { PUBLIC_VIEWER, projectChange, projectState } from '../../shared/audience.js';
import { type Command, commandPayloads, moderatorMay } from '../../shared/commands.js';
import { DomainError } from '../../shared/errors.js';
import type { Change } from '../../shared/events.js';
import type { MeetingState, ModeratorIdentity, Participant, UndoOffer } from '../../shared/model.js';
import { applyEvents, decide } from '../../shared/reducer.js';
import { UNDO_WINDOW_MS } from '../../shared/undo.js';
import { person } from '../support/floor.js';
import { idSequence, sampleMeeting } from '../support/meetings.js';

const CHAIR: ModeratorIdentity = { linkId: null, label: 'chair', role: 'chair' };
const SECRETARIAT: ModeratorIdentity = { linkId: 'l1', label: 'Secretariat', role: 'co_chair' };
const REMOTE_DESK: ModeratorIdentity = { linkId: 'l2', label: 'Remote desk', role: 'remote_moderator' };

const amina = person('Amina', 'remote', 'government');
const bruno = person('Bruno', 'in_room', 'civil_society');
const chen = person('Chen', 'in_room', 'academia');

const ids = idSequence('x');
type Who = ModeratorIdentity | Participant;
const isModerator = (who: Who): who is ModeratorIdentity => 'role' in who && 'linkId' in who;
const ctx = (who: Who, now: number) =>
  isModerator(who)
    ? { now, newId: ids, role: 'moderator' as const, participant: null, moderator: who }
    : { now, newId: ids, role: 'participant' as const, participant: who };

/** Parses like the gateway (defaults filled in), then decides and applies. */
function act(state: MeetingState, who: Who, type: Command['type'], payload: unknown, now = 1_000): MeetingState {
  const command = { type, payload: commandPayloads[type].parse(payload) } as Command;
  return applyEvents(state, decide(state, command, ctx(who, now)), now);
}

function refused(state: MeetingState, who: Who, type: Command['type'], payload: unknown, now = 1_000): DomainError {
  try {
    act(state, who, type, payload, now);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected ${type} to be refused`);
}

const names = (state: MeetingState) => state.floor.queue.map((entry) => entry.name);
const lastOffer = (state: MeetingState): UndoOffer => {
  const offer = state.undo.at(-1);
  if (!offer) throw new Error('no undo offer');
  return offer;
};
const entryId = (state: MeetingState, name: string) => {
  const entry = state.floor.queue.find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`${name} is not waiting`);
  return entry.id;
};

/** A live meeting with Amina, Bruno and Chen waiting (new topics), in that order. */
function withThreeWaiting(): MeetingState {
  let state = act(sampleMeeting(), CHAIR, 'agenda.next', {}, 500);
  for (const [i, who] of [amina, bruno, chen].entries()) state = act(state, who, 'floor.request', { type: 'new_topic' }, 600 + i);
  return state;
}

describe('floor.inscribe', () => {
  it('puts a person without a device on the list as a new participant, marked with who added them', () => {
    const state = act(
      sampleMeeting(),
      SECRETARIAT,
      'floor.inscribe',
      {
        person: { name: 'Delegate of Chile', stakeholderGroup: 'government', attendance: 'in_room' },
        type: 'new_topic',
        topic: 'Financing',
      },
      2_000,
    );
    const [entry] = state.floor.queue;
    expect(entry).toMatchObject({ name: 'Delegate of Chile', topic: 'Financing', addedBy: 'Secretariat', attendance: 'in_room' });
    expect(state.floor.people.map((p) => p.name)).toEqual(['Delegate of Chile']);
    expect(state.undo).toEqual([]);
  });

  it('inscribes a known participant by id, with the same priority as a request, on a closed list too', () => {
    let state = withThreeWaiting();
    state = act(state, CHAIR, 'floor.grant', { expectedCurrentEntryId: null });
    state = act(state, CHAIR, 'floor.close', {});
    state = act(state, CHAIR, 'floor.inscribe', { participantId: amina.id, type: 'clarifying_question' });
    expect(names(state)).toEqual(['Amina', 'Bruno', 'Chen']);
    expect(state.floor.queue[0]).toMatchObject({ type: 'clarifying_question', addedBy: 'chair' });
  });

  it('refuses an unknown participant, a duplicate request type, and a payload naming both or neither', () => {
    const state = withThreeWaiting();
    expect(refused(state, CHAIR, 'floor.inscribe', { participantId: 'p-nobody', type: 'new_topic' }).code).toBe('not_found');
    expect(refused(state, CHAIR, 'floor.inscribe', { participantId: bruno.id, type: 'new_topic' }).code).toBe('invalid_state');
    expect(
      commandPayloads['floor.inscribe'].safeParse({
        participantId: amina.id,
        person: { name: 'X', stakeholderGroup: 'other', attendance: 'remote' },
        type: 'new_topic',
      }).success,
    ).toBe(false);
    expect(commandPayloads['floor.inscribe'].safeParse({ type: 'new_topic' }).success).toBe(false);
  });
});

describe('finished speakers and put back', () => {
  it('records each finished turn with its agenda item and time used, and puts the last speaker back on top', () => {
    let state = withThreeWaiting();
    state = act(state, CHAIR, 'floor.grant', { expectedCurrentEntryId: null }, 1_000);
    const aminaEntry = state.floor.current?.entry.id ?? '';
    state = act(state, CHAIR, 'floor.finish', { entryId: aminaEntry }, 61_000);
    expect(state.floor.spoken).toHaveLength(1);
    expect(state.floor.spoken[0]).toMatchObject({ agendaItemId: 'item1', spokenMs: 60_000, grantedAt: 1_000, endedAt: 61_000 });
    expect(state.floor.stats.byGroup.government).toEqual({ interventions: 1, speakingMs: 60_000 });

    state = act(state, CHAIR, 'floor.putBack', { entryId: aminaEntry }, 62_000);
    expect(names(state)).toEqual(['Amina', 'Bruno', 'Chen']);
    expect(state.floor.spoken).toEqual([]);
    expect(state.floor.stats.byGroup.government).toEqual({ interventions: 0, speakingMs: 0 });
    expect(refused(state, CHAIR, 'floor.putBack', { entryId: aminaEntry }).code).toBe('conflict');
  });

  it('refuses to put back while someone speaks', () => {
    let state = withThreeWaiting();
    state = act(state, CHAIR, 'floor.grant', { expectedCurrentEntryId: null });
    const first = state.floor.current?.entry.id ?? null;
    state = act(state, CHAIR, 'floor.grant', { expectedCurrentEntryId: first });
    expect(refused(state, CHAIR, 'floor.putBack', { entryId: first }).code).toBe('invalid_state');
  });
});

describe('undo', () => {
  it('restores a removed entry at its index, for every client applying the same events', () => {
    const state = withThreeWaiting();
    const removed = act(state, CHAIR, 'floor.remove', { entryId: entryId(state, 'Bruno') }, 5_000);
    expect(names(removed)).toEqual(['Amina', 'Chen']);
    const offer = lastOffer(removed);
    expect(offer).toMatchObject({ kind: 'floor.remove', index: 1, by: 'chair', at: 5_000 });
    const restored = act(removed, REMOTE_DESK, 'meeting.undo', { undoId: offer.id }, 5_000 + UNDO_WINDOW_MS);
    expect(restored.floor.queue).toEqual(state.floor.queue);
    expect(restored.undo.map((o) => o.id)).not.toContain(offer.id);
  });

  it('keeps a pinned entry at its hand-placed index', () => {
    let state = withThreeWaiting();
    state = act(state, CHAIR, 'floor.move', { entryId: entryId(state, 'Chen'), toIndex: 0 });
    const removed = act(state, CHAIR, 'floor.remove', { entryId: entryId(state, 'Chen') }, 2_000);
    const restored = act(removed, CHAIR, 'meeting.undo', { undoId: lastOffer(removed).id }, 3_000);
    expect(names(restored)).toEqual(['Chen', 'Amina', 'Bruno']);
  });

  it('refuses after ten seconds by the server clock, with undo_expired', () => {
    const state = withThreeWaiting();
    const removed = act(state, CHAIR, 'floor.remove', { entryId: entryId(state, 'Bruno') }, 5_000);
    const error = refused(removed, CHAIR, 'meeting.undo', { undoId: lastOffer(removed).id }, 5_001 + UNDO_WINDOW_MS);
    expect(error.code).toBe('undo_expired');
  });

  it('refuses after an intervening change that makes it unsafe, and twice', () => {
    const state = withThreeWaiting();
    const removed = act(state, CHAIR, 'floor.remove', { entryId: entryId(state, 'Bruno') }, 5_000);
    const undoId = lastOffer(removed).id;
    const askedAgain = act(removed, bruno, 'floor.request', { type: 'new_topic' }, 6_000);
    expect(refused(askedAgain, CHAIR, 'meeting.undo', { undoId }, 7_000).code).toBe('conflict');
    const undone = act(removed, CHAIR, 'meeting.undo', { undoId }, 7_000);
    expect(refused(undone, CHAIR, 'meeting.undo', { undoId }, 7_000).code).toBe('not_found');
  });

  it('undoes giving the floor: the speaker waits at their place again, the previous speaker speaks again, statistics as before', () => {
    let state = withThreeWaiting();
    state = act(state, CHAIR, 'floor.grant', { expectedCurrentEntryId: null }, 1_000);
    const before = state;
    const granted = act(state, CHAIR, 'floor.grant', { expectedCurrentEntryId: state.floor.current?.entry.id ?? null }, 31_000);
    expect(granted.floor.current?.entry.name).toBe('Bruno');
    const undone = act(granted, CHAIR, 'meeting.undo', { undoId: lastOffer(granted).id }, 35_000);
    expect(names(undone)).toEqual(names(before));
    expect(undone.floor.current?.entry.name).toBe('Amina');
    // Amina's 30 seconds stay hers; the four seconds of the mistaken grant are nobody's.
    expect(undone.floor.current).toMatchObject({ accumulatedMs: 30_000, runningSince: 35_000 });
    expect(undone.floor.stats).toEqual(before.floor.stats);
    expect(undone.floor.spoken).toEqual([]);
    expect(undone.floor.lastSpeaker).toEqual(before.floor.lastSpeaker);
  });

  it('refuses to undo a grant once the floor has moved on', () => {
    let state = withThreeWaiting();
    state = act(state, CHAIR, 'floor.grant', { expectedCurrentEntryId: null }, 1_000);
    const undoId = lastOffer(state).id;
    state = act(state, CHAIR, 'floor.finish', { entryId: state.floor.current?.entry.id }, 2_000);
    expect(refused(state, CHAIR, 'meeting.undo', { undoId }, 3_000).code).toBe('conflict');
  });

  it('puts a skipped item back to pending and a removed item back at its index', () => {
    const state = sampleMeeting();
    const skipped = act(state, CHAIR, 'agenda.skip', { itemId: 'item2' }, 1_000);
    expect(skipped.agenda.items[1]?.status).toBe('skipped');
    expect(act(skipped, SECRETARIAT, 'meeting.undo', { undoId: lastOffer(skipped).id }, 2_000).agenda).toEqual(state.agenda);
    const removed = act(state, CHAIR, 'agenda.remove', { itemId: 'item2' }, 1_000);
    expect(act(removed, CHAIR, 'meeting.undo', { undoId: lastOffer(removed).id }, 2_000).agenda).toEqual(state.agenda);
  });

  it('undoes "next item": the started item is pending again, the previous one runs again with its time', () => {
    let state = act(sampleMeeting(), CHAIR, 'agenda.next', {}, 0);
    state = act(state, CHAIR, 'agenda.next', { expectedCurrentItemId: 'item1' }, 60_000);
    expect(state.agenda.currentItemId).toBe('item2');
    const undone = act(state, CHAIR, 'meeting.undo', { undoId: lastOffer(state).id }, 65_000);
    expect(undone.agenda.currentItemId).toBe('item1');
    expect(undone.agenda.items[0]).toMatchObject({
      status: 'active',
      accumulatedMs: 60_000,
      runningSince: 65_000,
      endedAt: null,
    });
    expect(undone.agenda.items[1]).toMatchObject({ status: 'pending', startedAt: null, accumulatedMs: 0 });
  });

  it('lets a remote-participation moderator undo floor actions but not agenda ones', () => {
    const skipped = act(sampleMeeting(), CHAIR, 'agenda.skip', { itemId: 'item2' }, 1_000);
    expect(refused(skipped, REMOTE_DESK, 'meeting.undo', { undoId: lastOffer(skipped).id }, 2_000).code).toBe('forbidden');
  });

  it('brings a dismissed question back as it was, highlighted again', () => {
    let state = act(sampleMeeting(), amina, 'question.ask', { text: 'What about languages?' });
    const questionId = state.questions.items[0]?.id ?? '';
    state = act(state, CHAIR, 'question.highlight', { questionId });
    const dismissed = act(state, REMOTE_DESK, 'question.dismiss', { questionId, reason: 'later' }, 2_000);
    expect(dismissed.questions.highlightedId).toBeNull();
    const undone = act(dismissed, REMOTE_DESK, 'meeting.undo', { undoId: lastOffer(dismissed).id }, 3_000);
    expect(undone.questions).toEqual(state.questions);
  });

  it('offers nothing for commands that change nothing, and drops offers past the window as new ones come', () => {
    const state = withThreeWaiting();
    expect(state.undo.map((offer) => offer.kind)).toEqual(['agenda.next']);
    const later = act(state, CHAIR, 'floor.remove', { entryId: entryId(state, 'Amina') }, 500 + UNDO_WINDOW_MS + 1);
    expect(later.undo.map((offer) => offer.kind)).toEqual(['floor.remove']);
  });
});

describe('meeting.announce', () => {
  it('projects a message with an optional countdown and clears it', () => {
    const state = act(sampleMeeting(), SECRETARIAT, 'meeting.announce', { text: 'Break until 15:30', endsAt: 900_000 }, 1_000);
    expect(state.announcement).toEqual({ text: 'Break until 15:30', endsAt: 900_000, at: 1_000 });
    expect(act(state, CHAIR, 'meeting.announce', { text: null }).announcement).toBeNull();
  });

  it('refuses a countdown in the past or beyond 24 hours, and an empty text', () => {
    const state = sampleMeeting();
    expect(refused(state, CHAIR, 'meeting.announce', { text: 'Late', endsAt: 500 }, 1_000).code).toBe('invalid_state');
    expect(refused(state, CHAIR, 'meeting.announce', { text: 'Far', endsAt: 1_000 + 25 * 3_600_000 }, 1_000).code).toBe(
      'invalid_state',
    );
    expect(commandPayloads['meeting.announce'].safeParse({ text: '  ' }).success).toBe(false);
  });
});

describe('moderator roles', () => {
  it('co-chairs may do everything but end the meeting; remote moderators the floor and the questions', () => {
    expect(moderatorMay('chair', 'meeting.end')).toBe(true);
    expect(moderatorMay('co_chair', 'meeting.end')).toBe(false);
    expect(moderatorMay('co_chair', 'agenda.next')).toBe(true);
    expect(moderatorMay('co_chair', 'meeting.announce')).toBe(true);
    expect(moderatorMay('remote_moderator', 'floor.inscribe')).toBe(true);
    expect(moderatorMay('remote_moderator', 'question.dismiss')).toBe(true);
    expect(moderatorMay('remote_moderator', 'questions.configure')).toBe(true);
    expect(moderatorMay('remote_moderator', 'meeting.undo')).toBe(true);
    expect(moderatorMay('remote_moderator', 'agenda.next')).toBe(false);
    expect(moderatorMay('remote_moderator', 'meeting.announce')).toBe(false);
    expect(moderatorMay('remote_moderator', 'meeting.pause')).toBe(false);
  });
});

describe('what the public sees of the moderators', () => {
  const HELPER: ModeratorIdentity = { linkId: 'l3', label: 'Helper desk', role: 'co_chair' };
  it('entries and undo offers carry no co-moderator label outside the moderators', () => {
    const state = act(
      sampleMeeting(),
      HELPER,
      'floor.inscribe',
      { person: { name: 'Delegate of Peru', stakeholderGroup: 'government', attendance: 'in_room' }, type: 'new_topic' },
      1_000,
    );
    const removed = act(state, HELPER, 'floor.remove', { entryId: state.floor.queue[0]?.id }, 2_000);
    const change: Change = {
      meetingId: 'm1',
      version: 2,
      at: 2_000,
      events: decide(state, { type: 'floor.remove', payload: { entryId: state.floor.queue[0]?.id ?? '' } }, ctx(HELPER, 2_000)),
      by: HELPER,
    };
    const seen = projectChange(PUBLIC_VIEWER, change);
    expect(seen.by).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain('Helper desk');
    expect(JSON.stringify(projectState(PUBLIC_VIEWER, removed))).not.toContain('Helper desk');
    expect(JSON.stringify(projectState({ role: 'moderator', participantId: null }, removed))).toContain('Helper desk');
  });
});
