import type { RecordView } from './view.js';

/** The tables of a record; CSV gives one table per file (`table=`), the speakers list by default. */
export const RECORD_TABLES = ['turns', 'agenda', 'questions', 'pauses', 'statistics'] as const;
export type RecordTable = (typeof RECORD_TABLES)[number];

const seconds = (ms: number | null) => (ms === null ? '' : String(Math.round(ms / 1000)));

/** One table as rows of cells, the header first, in the view's language. */
export function tableRows(view: RecordView, table: RecordTable): string[][] {
  const { s, record } = view;
  const c = s.col;
  const sec = (label: string) => `${label} (${s.secondsUnit})`;
  const at = (ms: number | null) => (ms === null ? '' : view.dateTime(ms));
  switch (table) {
    case 'turns': {
      const header = [
        c.n,
        c.item,
        c.name,
        c.affiliation,
        c.group,
        c.attendance,
        c.type,
        c.topic,
        c.addedBy,
        c.start,
        c.end,
        sec(c.limit),
        sec(c.spoken),
        sec(c.overrun),
        c.extensions,
        sec(`${c.extensions}`),
      ];
      if (view.forModerators) header.push(c.endedBy);
      return [
        header,
        ...record.turns.map((turn) => {
          const row = [
            String(turn.n),
            view.itemTitle(turn.agendaItemId),
            turn.name,
            turn.affiliation,
            s.groups[turn.stakeholderGroup],
            s.attendanceValues[turn.attendance],
            s.types[turn.type],
            turn.topic,
            view.addedBy(turn),
            at(turn.grantedAt),
            at(turn.endedAt),
            seconds(turn.limitMs),
            seconds(turn.spokenMs),
            seconds(turn.overrunMs),
            String(turn.extensions),
            seconds(turn.extendedMs),
          ];
          if (view.forModerators) row.push(view.endedBy(turn));
          return row;
        }),
      ];
    }
    case 'agenda':
      return [
        [c.n, c.item, c.planned, c.status, c.start, c.end, sec(c.duration), sec(c.overrun)].map((h, i) =>
          i === 2 ? `${h} (${s.minutesUnit})` : h,
        ),
        ...record.agenda.map((item, i) => [
          String(i + 1),
          item.title,
          String(item.plannedMinutes),
          s.itemStatus[item.status],
          at(item.startedAt),
          at(item.endedAt),
          seconds(item.durationMs),
          seconds(item.overrunMs),
        ]),
      ];
    case 'questions': {
      const header = [c.n, c.question, c.author, c.affiliation, c.group, c.attendance, c.item, c.start, c.votes, c.status, c.end];
      if (view.forModerators) header.push(c.reason);
      return [
        header,
        ...record.questions.map((question) => {
          const author = question.author;
          const row = [
            String(question.n),
            question.text,
            author ? author.name : s.anonymous,
            author?.affiliation ?? '',
            author ? s.groups[author.stakeholderGroup] : '',
            author ? s.attendanceValues[author.attendance] : '',
            view.itemTitle(question.agendaItemId),
            at(question.askedAt),
            String(question.votes),
            s.questionStatus[question.status],
            at(question.answeredAt),
          ];
          if (view.forModerators) row.push(question.dismissReason ?? '');
          return row;
        }),
      ];
    }
    case 'pauses':
      return [
        [c.n, c.start, c.end, sec(c.duration), c.item],
        ...record.pauses.map((pause, i) => [
          String(i + 1),
          at(pause.startedAt),
          at(pause.endedAt),
          seconds(pause.durationMs),
          view.itemTitle(pause.agendaItemId),
        ]),
      ];
    case 'statistics': {
      const { byGroup, byAttendance, total } = record.statistics;
      const share = (ms: number) => (total.speakingMs === 0 ? '' : (ms / total.speakingMs).toFixed(3));
      const row = (section: string, label: string, stats: { interventions: number; speakingMs: number }) => [
        section,
        label,
        String(stats.interventions),
        seconds(stats.speakingMs),
        share(stats.speakingMs),
      ];
      return [
        [s.statistics, '', c.interventions, sec(c.speakingTime), '%'],
        ...Object.entries(byGroup).map(([group, stats]) => row(s.byGroup, s.groups[group as keyof typeof byGroup], stats)),
        ...Object.entries(byAttendance).map(([attendance, stats]) =>
          row(s.byAttendance, s.attendanceValues[attendance as keyof typeof byAttendance], stats),
        ),
        row(s.total, s.total, total),
      ];
    }
  }
}

function cell(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/** RFC 4180 CSV with CRLF line ends and a byte-order mark, so spreadsheets open Arabic and Chinese text correctly. */
export function recordCsv(view: RecordView, table: RecordTable): string {
  const lines = tableRows(view, table).map((row) => row.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
