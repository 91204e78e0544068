import type { RecordView } from './view.js';

/**
 * Typed text as literal text wherever the record puts it (a table cell, a
 * heading, a list item): a line break would end the table row and a pipe the
 * cell; HTML would render as HTML in most Markdown viewers; emphasis, code,
 * links, images (which load from anywhere), strikethrough, math and a heading's
 * closing hashes would turn text into markup. Backslash escapes are CommonMark's
 * for ASCII punctuation; <, > and & become entities, which every renderer
 * reads as the characters themselves.
 */
const md = (value: string) =>
  value
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\\`*_[\]|~$#]/g, '\\$&')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.map(md).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(md).join(' | ')} |`),
  ];
}

/** The record as Markdown, ready to paste into a report. */
export function recordMarkdown(view: RecordView): string {
  const { s, record } = view;
  const { meeting } = record;
  const c = s.col;
  // Markdown has no dir attribute: in a right-to-left record, Unicode isolates keep "+1:40", "14:00–14:06" and
  // "1 (+1:00)" in their order, as the HTML record's dir="ltr" does (else a viewer shows "1:40+").
  const ltr = (value: string) => (s.dir === 'rtl' ? `\u2066${value}\u2069` : value);
  const out: string[] = [];
  const venue = [meeting.venue.room, meeting.venue.name, meeting.venue.city].filter(Boolean).join(', ');
  out.push(`# ${s.title[record.audience]}: ${md(meeting.title)}`, '');
  out.push(`- ${s.venue}: ${md(venue)}`);
  out.push(
    `- ${s.scheduled}: ${ltr(`${view.date(meeting.scheduledStart)} ${view.time(meeting.scheduledStart)}–${view.time(meeting.scheduledEnd)}`)}`,
  );
  if (meeting.startedAt !== null) {
    out.push(
      `- ${s.held}: ${ltr(`${view.date(meeting.startedAt)} ${view.time(meeting.startedAt)}–${view.time(meeting.endedAt)}`)}`,
    );
  }
  out.push(`- ${s.status}: ${s.meetingStatus[meeting.status]}`);
  out.push(`- ${s.asOf}: ${ltr(view.dateTime(record.asOf))}`);
  out.push(`- ${s.timesIn.replace('{zone}', ltr(view.zone()))}`, '');

  out.push(`## ${s.agenda}`, '');
  out.push(
    ...table(
      [c.n, c.item, c.planned, c.start, c.end, c.duration, c.overrun, c.status],
      record.agenda.map((item, i) => [
        String(i + 1),
        item.title,
        view.minutes(item.plannedMinutes),
        ltr(view.time(item.startedAt)),
        ltr(view.time(item.endedAt)),
        ltr(item.startedAt === null ? '—' : view.duration(item.durationMs)),
        ltr(view.overrun(item.overrunMs)),
        s.itemStatus[item.status],
      ]),
    ),
    '',
  );

  out.push(`## ${s.turns}`, '');
  if (record.turns.length === 0) out.push(s.noTurns, '');
  for (const section of view.sections()) {
    out.push(`### ${md(section.item ? section.item.title : s.beforeAgenda)}`, '');
    if (section.turns.length === 0) {
      out.push(s.noTurns, '');
      continue;
    }
    const header = [
      c.n,
      c.name,
      c.affiliation,
      c.group,
      c.attendance,
      c.type,
      c.addedBy,
      c.start,
      c.limit,
      c.spoken,
      c.overrun,
      c.extensions,
    ];
    if (view.forModerators) header.push(c.endedBy);
    const rows = section.turns.map((turn) => {
      const row = [
        String(turn.n),
        turn.topic ? `${turn.name} (${turn.topic})` : turn.name,
        turn.affiliation,
        s.groups[turn.stakeholderGroup],
        s.attendanceValues[turn.attendance],
        s.types[turn.type],
        view.addedBy(turn),
        ltr(view.time(turn.grantedAt)),
        turn.limitMs === null ? s.noLimit : ltr(view.limit(turn.limitMs)),
        ltr(view.duration(turn.spokenMs)),
        ltr(view.overrun(turn.overrunMs)),
        ltr(turn.extensions === 0 ? '—' : `${turn.extensions} (+${view.duration(turn.extendedMs)})`),
      ];
      if (view.forModerators) row.push(view.endedBy(turn));
      return row;
    });
    out.push(...table(header, rows), '');
  }

  out.push(`## ${s.questions}`, '');
  if (record.questions.length === 0) out.push(s.noQuestions, '');
  else {
    const { header, rows } = view.questionTable();
    out.push(...table(header, rows), '');
  }

  out.push(`## ${s.pauses}`, '');
  if (record.pauses.length === 0) out.push(s.noPauses, '');
  else {
    out.push(
      ...table(
        [c.n, c.start, c.end, c.duration, c.item],
        record.pauses.map((pause, i) => [
          String(i + 1),
          ltr(view.time(pause.startedAt)),
          ltr(view.time(pause.endedAt)),
          ltr(view.duration(pause.durationMs)),
          view.itemTitle(pause.agendaItemId),
        ]),
      ),
      '',
    );
  }

  const { byGroup, byAttendance, total } = record.statistics;
  const share = (ms: number) => (total.speakingMs === 0 ? '—' : view.percent(ms / total.speakingMs));
  const statsRow = (label: string, stats: { interventions: number; speakingMs: number }) => [
    label,
    String(stats.interventions),
    ltr(view.duration(stats.speakingMs)),
    ltr(share(stats.speakingMs)),
  ];
  out.push(`## ${s.statistics}`, '');
  const remote = view.remoteShare();
  if (remote) out.push(remote, '');
  out.push(`### ${s.byGroup}`, '');
  out.push(
    ...table(
      [c.group, c.interventions, c.speakingTime, '%'],
      [
        ...Object.entries(byGroup)
          .filter(([, stats]) => stats.interventions > 0)
          .map(([group, stats]) => statsRow(s.groups[group as keyof typeof byGroup], stats)),
        statsRow(s.total, total),
      ],
    ),
    '',
  );
  out.push(`### ${s.byAttendance}`, '');
  out.push(
    ...table(
      [c.attendance, c.interventions, c.speakingTime, '%'],
      [
        ...Object.entries(byAttendance).map(([attendance, stats]) =>
          statsRow(s.attendanceValues[attendance as keyof typeof byAttendance], stats),
        ),
        statsRow(s.total, total),
      ],
    ),
  );
  return `${out.join('\n')}\n`;
}
