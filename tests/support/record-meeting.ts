import { type Command, commandPayloads } from '../../shared/commands.js';
import type { Change } from '../../shared/events.js';
import type { MeetingState, ModeratorIdentity, Participant, VoteCounts } from '../../shared/model.js';
import { applyEvents, decide } from '../../shared/reducer.js';
import { person } from './floor.js';
import { idSequence, sampleMeeting } from './meetings.js';

export const CHAIR: ModeratorIdentity = { linkId: null, label: 'chair', role: 'chair' };
export const SECRETARIAT: ModeratorIdentity = { linkId: 'l1', label: 'Secretariat', role: 'co_chair' };

export const amina = person('Amina', 'remote', 'government');
export const bruno = person('Bruno', 'in_room', 'civil_society');
export const chen = person('Chen', 'in_room', 'academia');
export const dana = person('Dana', 'remote', 'private_sector');
/** Asks anonymously and never speaks: her name must appear in no record. */
export const eve = person('Eve', 'remote', 'other');

/** 14:00 in Geneva on the sample meeting's day (CET, UTC+1). */
export const T0 = Date.parse('2020-02-28T14:00:00+01:00');
export const at = (seconds: number) => T0 + seconds * 1000;

type Who = ModeratorIdentity | Participant;
const isModerator = (who: Who): who is ModeratorIdentity => 'role' in who && 'linkId' in who;

/**
 * A meeting driven through the pure reducer exactly as the server drives it,
 * keeping the change log: the origin, every change with its time and its
 * moderator, and the final state.
 */
export class ScriptedMeeting {
  readonly origin: MeetingState;
  state: MeetingState;
  readonly changes: Change[] = [];
  private readonly ids = idSequence('r');

  constructor(origin: MeetingState = sampleMeeting()) {
    this.origin = origin;
    this.state = origin;
  }

  act(seconds: number, who: Who, type: Command['type'], payload: unknown): this {
    const now = at(seconds);
    const command = { type, payload: commandPayloads[type].parse(payload) } as Command;
    const moderator = isModerator(who) ? who : null;
    const events = decide(this.state, command, {
      now,
      newId: this.ids,
      role: moderator ? 'moderator' : 'participant',
      participant: moderator ? null : (who as Participant),
      moderator,
    });
    if (events.length === 0) throw new Error(`${type} at ${seconds}s changed nothing`);
    const change: Change = {
      meetingId: this.state.id,
      version: this.changes.length + 1,
      at: now,
      events,
    };
    if (moderator) change.by = moderator;
    this.changes.push(change);
    this.state = applyEvents(this.state, events, now);
    return this;
  }

  entry(name: string): string {
    const entry =
      this.state.floor.queue.find((candidate) => candidate.name === name) ??
      (this.state.floor.current?.entry.name === name ? this.state.floor.current.entry : undefined);
    if (!entry) throw new Error(`${name} is not on the list`);
    return entry.id;
  }

  question(prefix: string): string {
    const question = this.state.questions.items.find((candidate) => candidate.text.startsWith(prefix));
    if (!question) throw new Error(`no question '${prefix}'`);
    return question.id;
  }

  current(): string | null {
    return this.state.floor.current?.entry.id ?? null;
  }

  lastUndo(): string {
    const offer = this.state.undo.at(-1);
    if (!offer) throw new Error('nothing to undo');
    return offer.id;
  }
}

/**
 * The record's reference meeting: items started, overrun and skipped; turns
 * of every type, in the room and remote, one inscribed by a co-chair, one
 * extended and over its limit; turns ended by the speaker and by the chair; a
 * grant undone and a speaker put back; a pause; questions answered, put to
 * the room anonymously, dismissed and waiting for moderation.
 */
export function referenceMeeting(): { meeting: ScriptedMeeting; votes: VoteCounts } {
  const m = new ScriptedMeeting();
  m.act(0, CHAIR, 'agenda.next', {});
  m.act(10, amina, 'floor.request', { type: 'new_topic', topic: 'Financing' });
  m.act(20, SECRETARIAT, 'floor.inscribe', {
    person: { name: 'Delegate of Chile', stakeholderGroup: 'government', attendance: 'in_room' },
    type: 'new_topic',
  });
  m.act(30, CHAIR, 'floor.grant', { expectedCurrentEntryId: null });
  m.act(60, CHAIR, 'floor.extend', { entryId: m.entry('Amina'), seconds: 60 });
  m.act(300, amina, 'floor.finish', { entryId: m.entry('Amina') });
  m.act(310, CHAIR, 'floor.grant', { expectedCurrentEntryId: null });
  m.act(400, CHAIR, 'agenda.next', {});
  m.act(420, CHAIR, 'floor.grant', { expectedCurrentEntryId: m.current() });
  m.act(430, bruno, 'floor.request', { type: 'point_of_order' });
  m.act(440, chen, 'floor.request', { type: 'clarifying_question' });
  m.act(450, CHAIR, 'floor.grant', { expectedCurrentEntryId: null });
  m.act(480, CHAIR, 'meeting.pause', {});
  m.act(500, amina, 'question.ask', { text: 'How will remote hubs be funded?' });
  m.act(510, eve, 'question.ask', { text: 'Is the report available in Arabic?', anonymous: true });
  m.act(520, bruno, 'question.ask', { text: 'Buy our product' });
  m.act(530, CHAIR, 'question.dismiss', { questionId: m.question('Buy'), reason: 'Off topic' });
  m.act(540, CHAIR, 'question.highlight', { questionId: m.question('How will') });
  m.act(550, CHAIR, 'question.answer', { questionId: m.question('How will') });
  m.act(560, CHAIR, 'question.highlight', { questionId: m.question('Is the report') });
  m.act(565, CHAIR, 'questions.configure', { preModeration: true });
  m.act(570, chen, 'question.ask', { text: 'Where are the slides?' });
  m.act(600, CHAIR, 'meeting.resume', {});
  m.act(620, bruno, 'floor.finish', { entryId: m.entry('Bruno') });
  m.act(630, CHAIR, 'floor.grant', { expectedCurrentEntryId: null });
  m.act(640, dana, 'floor.request', { type: 'reply' });
  m.act(700, CHAIR, 'floor.grant', { expectedCurrentEntryId: m.current() });
  m.act(710, CHAIR, 'meeting.undo', { undoId: m.lastUndo() });
  m.act(760, chen, 'floor.finish', { entryId: m.entry('Chen') });
  m.act(770, CHAIR, 'floor.grant', { expectedCurrentEntryId: null });
  m.act(830, CHAIR, 'floor.grant', { expectedCurrentEntryId: m.current() });
  m.act(835, CHAIR, 'floor.putBack', { entryId: m.state.floor.spoken.at(-1)?.entry.id });
  m.act(840, CHAIR, 'floor.grant', { expectedCurrentEntryId: null });
  m.act(900, dana, 'floor.finish', { entryId: m.entry('Dana') });
  m.act(910, CHAIR, 'agenda.skip', { itemId: 'item3' });
  m.act(920, CHAIR, 'meeting.end', {});
  const votes: VoteCounts = { [m.question('How will')]: 3, [m.question('Is the report')]: 5 };
  return { meeting: m, votes };
}
