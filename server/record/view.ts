import { CHAIR_LABEL, type Language } from '../../shared/model.js';
import type { MeetingRecord, RecordItem, RecordTurn } from '../../shared/record.js';
import { RECORD_STRINGS, type RecordStrings } from './strings.js';

/**
 * What every human-readable format shares: the record's words in one
 * language and its times in the venue's zone. Times and durations are written
 * with digits and 24-hour clocks in every language, so that a record reads the
 * same wherever it is pasted and tests compare it exactly.
 */
export class RecordView {
  readonly s: RecordStrings;
  private readonly parts: Intl.DateTimeFormat;
  private readonly zoneAbbreviation: Intl.DateTimeFormat;
  private readonly plurals: Intl.PluralRules;

  constructor(
    readonly record: MeetingRecord,
    readonly lang: Language,
  ) {
    this.s = RECORD_STRINGS[lang];
    this.plurals = new Intl.PluralRules(lang);
    this.parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: record.meeting.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    this.zoneAbbreviation = new Intl.DateTimeFormat('en-GB', { timeZone: record.meeting.timeZone, timeZoneName: 'short' });
  }

  /** "2020-02-28 14:03:05" in the venue's zone. */
  dateTime(ms: number): string {
    const parts = this.parts.formatToParts(ms);
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
  }

  /** "14:03" in the venue's zone. */
  time(ms: number | null): string {
    return ms === null ? '—' : this.dateTime(ms).slice(11, 16);
  }

  date(ms: number): string {
    return this.dateTime(ms).slice(0, 10);
  }

  /** "Europe/Zurich (CET)": the zone's name and its abbreviation at the meeting's start. */
  zone(): string {
    const at = this.record.meeting.startedAt ?? this.record.meeting.scheduledStart;
    const short = this.zoneAbbreviation.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value;
    return short && short !== this.record.meeting.timeZone
      ? `${this.record.meeting.timeZone} (${short})`
      : this.record.meeting.timeZone;
  }

  /** "5 min", "5 دقائق", "21 минута": the phrase the language's plural rules choose for the count. */
  minutes(count: number): string {
    const forms = this.s.minutes;
    return (forms[this.plurals.select(count)] ?? forms.other).replace('{n}', String(count));
  }

  /** "4:05" or "1:02:03"; "+0:40" with `signed`. */
  duration(ms: number): string {
    const total = Math.round(ms / 1000);
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const seconds = String(total % 60).padStart(2, '0');
    return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
  }

  overrun(ms: number): string {
    return ms > 0 ? `+${this.duration(ms)}` : '—';
  }

  limit(ms: number | null): string {
    return ms === null ? this.s.noLimit : this.duration(ms);
  }

  percent(share: number): string {
    return `${Math.round(share * 1000) / 10}%`;
  }

  remoteShare(): string | null {
    const share = this.record.statistics.remoteShare;
    return share === null ? null : this.s.remoteShare.replace('{share}', this.percent(share));
  }

  /** A moderator as people read them: the chair in the record's language, a co-moderator link by its own label. */
  moderator(label: string): string {
    return label === CHAIR_LABEL ? this.s.chair : label;
  }

  addedBy(turn: RecordTurn): string {
    return turn.addedBy === null ? this.s.themselves : this.moderator(turn.addedBy);
  }

  endedBy(turn: RecordTurn): string {
    if (turn.endedAt === null) return this.s.inProgress;
    if (!turn.endedBy) return '—';
    if (turn.endedBy.kind === 'speaker') return this.s.speaker;
    return turn.endedBy.label === null ? '—' : this.moderator(turn.endedBy.label);
  }

  /** The questions as a table (header and rows of text), the same in every format; the reason column for moderators only. */
  questionTable(): { header: string[]; rows: string[][] } {
    const { s, record } = this;
    const c = s.col;
    const header = [c.n, c.question, c.author, c.item, c.votes, c.status];
    if (this.forModerators) header.push(c.reason);
    const rows = record.questions.map((question) => {
      const author = question.author;
      const row = [
        String(question.n),
        question.text,
        author
          ? `${author.name}${author.affiliation ? `, ${author.affiliation}` : ''} (${s.attendanceValues[author.attendance]})`
          : s.anonymous,
        this.itemTitle(question.agendaItemId),
        String(question.votes),
        s.questionStatus[question.status],
      ];
      if (this.forModerators) row.push(question.dismissReason || '—');
      return row;
    });
    return { header, rows };
  }

  itemTitle(itemId: string | null): string {
    if (itemId === null) return this.s.beforeAgenda;
    return this.record.agenda.find((item) => item.id === itemId)?.title ?? '—';
  }

  /** The sections of turns, in agenda order: turns before any item first, then each item that ran or had turns. */
  sections(): { item: RecordItem | null; turns: RecordTurn[] }[] {
    const sections: { item: RecordItem | null; turns: RecordTurn[] }[] = [];
    const before = this.record.turns.filter((turn) => turn.agendaItemId === null);
    if (before.length > 0) sections.push({ item: null, turns: before });
    for (const item of this.record.agenda) {
      const turns = this.record.turns.filter((turn) => turn.agendaItemId === item.id);
      if (item.startedAt !== null || turns.length > 0) sections.push({ item, turns });
    }
    return sections;
  }

  /** Whether this record carries moderator-only columns. */
  get forModerators(): boolean {
    return this.record.audience === 'moderators';
  }
}
