import { describe, expect, it } from 'vitest';
import { projectChange, projectState, type Viewer } from '../../shared/audience.js';
import type { Command } from '../../shared/commands.js';
import type { Change } from '../../shared/events.js';
import type { MeetingState, Participant } from '../../shared/model.js';
import { applyChange, applyEvents, decide } from '../../shared/reducer.js';
import { idSequence, sampleMeeting } from '../support/meetings.js';

const attendee: Viewer = { role: 'attendee', participantId: null };
const person = (id: string): Participant => ({
  id,
  name: id,
  affiliation: '',
  stakeholderGroup: 'government',
  attendance: 'remote',
});

describe('the order of questions an audience sees late', () => {
  it('is the same for a live client and a fresh snapshot when two questions were asked in one millisecond', () => {
    let server: MeetingState = sampleMeeting();
    let live = projectState(attendee, server);
    let version = 0;
    const newId = idSequence('q');
    const execute = (command: Command, now: number, participant: Participant | null) => {
      const events = decide(server, command, { now, newId, role: participant ? 'participant' : 'moderator', participant });
      server = applyEvents(server, events, now);
      version++;
      const change: Change = { meetingId: server.id, version, at: now, events };
      live = applyChange(live, projectChange(attendee, change));
    };
    execute({ type: 'questions.configure', payload: { preModeration: true } }, 1000, null);
    execute({ type: 'question.ask', payload: { text: 'First', anonymous: false } }, 2000, person('amina'));
    execute({ type: 'question.ask', payload: { text: 'Second', anonymous: false } }, 2000, person('bruno'));
    // Approved in the other order: the attendee learns of the second question first.
    execute({ type: 'question.approve', payload: { questionId: 'q2' } }, 3000, null);
    execute({ type: 'question.approve', payload: { questionId: 'q1' } }, 3001, null);

    expect(projectState(attendee, server).questions.items.map((q) => q.text)).toEqual(['First', 'Second']);
    expect(live).toEqual(projectState(attendee, server));
  });
});
