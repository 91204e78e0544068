import type { SpeakingStats } from '../../shared/model.js';
import type { RecordView } from './view.js';

const escapeHtml = (value: string) =>
  value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/** Text typed in any script keeps its own direction inside a page of the other one. */
const isolated = (value: string) => `<bdi>${escapeHtml(value)}</bdi>`;
/** Times, dates and durations read left to right in every language. */
const ltr = (value: string) => `<bdi dir="ltr">${escapeHtml(value)}</bdi>`;

function table(
  caption: string,
  header: string[],
  rows: string[][],
  numeric: ReadonlySet<number> = new Set(),
  className = '',
): string {
  const th = header.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((cell, i) => (numeric.has(i) ? `<td class="num" dir="ltr">${escapeHtml(cell)}</td>` : `<td>${isolated(cell)}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  // A table wider than a phone scrolls in its own box, not the page; the box takes focus so keyboards can scroll it too.
  return `<div class="table-scroll" role="region" aria-label="${escapeHtml(caption)}" tabindex="0">\n<table${className ? ` class="${className}"` : ''}>\n<caption>${escapeHtml(caption)}</caption>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>\n</div>`;
}

/** A horizontal bar chart of speaking time; the same figures are in the table beside it for screen readers. */
function barChart(id: string, title: string, bars: { label: string; stats: SpeakingStats; text: string }[]): string {
  const max = Math.max(1, ...bars.map((bar) => bar.stats.speakingMs));
  const rowHeight = 28;
  const labelWidth = 230;
  const barWidth = 330;
  const height = bars.length * rowHeight + 8;
  const rows = bars
    .map((bar, i) => {
      const y = 4 + i * rowHeight;
      const width = Math.round((bar.stats.speakingMs / max) * barWidth);
      return [
        `<text x="0" y="${y + 18}" class="label">${escapeHtml(bar.label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 4}" width="${width}" height="18" class="bar"/>`,
        `<text x="${labelWidth + width + 6}" y="${y + 18}" class="value">${escapeHtml(bar.text)}</text>`,
      ].join('');
    })
    .join('\n');
  return `<svg id="${id}" role="img" aria-labelledby="${id}-title" viewBox="0 0 680 ${height}" width="680" height="${height}" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">${escapeHtml(title)}</title>
${rows}
</svg>`;
}

const STYLE = `
:root { color: #1a1a1a; background: #fff; font: 11pt/1.45 system-ui, "Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", sans-serif; }
body { margin: 0; }
/* Typed text (a long name, topic, title or address) wraps anywhere rather than widen the page. */
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 1.25rem 0 .5rem; border-bottom: 2px solid #1f4e79; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .4rem; }
.subtitle { font-size: 1.15rem; margin: 0 0 .75rem; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .15rem 1rem; margin: 0 0 .5rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
/* A table wider than the screen (a phone) scrolls in its own box, not the page. */
.table-scroll { overflow-x: auto; margin: .25rem 0 .75rem; }
.table-scroll:focus-visible { outline: 2px solid #1f4e79; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
/* Captions name each table for screen readers; the heading above already does for the eye. */
caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
table.turns { font-size: .8rem; }
th, td { border: 1px solid #8a8a8a; padding: .2rem .4rem; text-align: start; vertical-align: top; }
/* Column headings break between words only, and on screen a text cell keeps some width: a narrow screen scrolls the table rather than break words letter by letter. */
th { background: #e8eef5; overflow-wrap: normal; }
@media screen { td:not(.num) { min-width: 6em; } }
td.num { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { break-inside: avoid; }
.item-meta { margin: 0 0 .5rem; }
svg { max-width: 100%; height: auto; display: block; margin: .5rem 0; direction: ltr; }
svg .label, svg .value { font: 13px system-ui, "Noto Sans", sans-serif; fill: #1a1a1a; }
svg .bar { fill: #1f4e79; }
.note { font-style: italic; }
@media screen and (max-width: 40rem) { main { padding: 1rem .75rem; } }
@page { size: A4; margin: 15mm; }
@media print {
  :root { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  /* On paper nothing scrolls: a table wider than the page shows whole, and the browser shrinks the page to fit it. */
  .table-scroll { overflow: visible; }
  section.page { break-before: page; }
  h2, h3 { break-after: avoid; }
}
`;

/** The record as one printable HTML page: page breaks between agenda items, speaking time as SVG charts. */
export function recordHtml(view: RecordView): string {
  const { s, record, lang } = view;
  const { meeting } = record;
  const c = s.col;
  const venue = [meeting.venue.room, meeting.venue.name, meeting.venue.city].filter(Boolean).join(', ');
  // Values as HTML: isolated text, or left-to-right times.
  const facts: [string, string][] = [
    [s.venue, isolated(venue)],
    [
      s.scheduled,
      ltr(`${view.date(meeting.scheduledStart)} ${view.time(meeting.scheduledStart)}–${view.time(meeting.scheduledEnd)}`),
    ],
  ];
  if (meeting.startedAt !== null) {
    facts.push([s.held, ltr(`${view.date(meeting.startedAt)} ${view.time(meeting.startedAt)}–${view.time(meeting.endedAt)}`)]);
  }
  facts.push([s.status, escapeHtml(s.meetingStatus[meeting.status])], [s.asOf, ltr(view.dateTime(record.asOf))]);

  const parts: string[] = [];
  parts.push(`<header>
<h1>${escapeHtml(s.title[record.audience])}</h1>
<p class="subtitle">${isolated(meeting.title)}</p>
<dl class="facts">${facts.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${value}</dd>`).join('')}</dl>
<p class="note">${escapeHtml(s.timesIn).replace('{zone}', ltr(view.zone()))}</p>
</header>`);

  parts.push(`<section aria-labelledby="agenda">
<h2 id="agenda">${escapeHtml(s.agenda)}</h2>
${table(
  s.agenda,
  [c.n, c.item, c.planned, c.start, c.end, c.duration, c.overrun, c.status],
  record.agenda.map((item, i) => [
    String(i + 1),
    item.title,
    view.minutes(item.plannedMinutes),
    view.time(item.startedAt),
    view.time(item.endedAt),
    item.startedAt === null ? '—' : view.duration(item.durationMs),
    view.overrun(item.overrunMs),
    s.itemStatus[item.status],
  ]),
  new Set([0, 3, 4, 5, 6]),
)}
</section>`);

  view.sections().forEach((section, i) => {
    const id = `item-${i + 1}`;
    const title = section.item ? section.item.title : s.beforeAgenda;
    const meta = section.item
      ? `<p class="item-meta">${[
          escapeHtml(s.itemStatus[section.item.status]),
          ltr(`${view.time(section.item.startedAt)}–${view.time(section.item.endedAt)}`),
          `${escapeHtml(c.duration)}: ${ltr(view.duration(section.item.durationMs))} / ${escapeHtml(view.minutes(section.item.plannedMinutes))}`,
          ...(section.item.overrunMs > 0 ? [`${escapeHtml(c.overrun)}: ${ltr(view.overrun(section.item.overrunMs))}`] : []),
        ].join(' · ')}</p>`
      : '';
    const header = [
      c.n,
      c.name,
      c.affiliation,
      c.group,
      c.attendance,
      c.type,
      c.topic,
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
        turn.name,
        turn.affiliation,
        s.groups[turn.stakeholderGroup],
        s.attendanceValues[turn.attendance],
        s.types[turn.type],
        turn.topic,
        view.addedBy(turn),
        view.time(turn.grantedAt),
        view.limit(turn.limitMs),
        view.duration(turn.spokenMs),
        view.overrun(turn.overrunMs),
        turn.extensions === 0 ? '—' : `${turn.extensions} (+${view.duration(turn.extendedMs)})`,
      ];
      if (view.forModerators) row.push(view.endedBy(turn));
      return row;
    });
    parts.push(`<section class="page" aria-labelledby="${id}">
<h2 id="${id}">${escapeHtml(title)}</h2>
${meta}
${rows.length === 0 ? `<p>${escapeHtml(s.noTurns)}</p>` : table(`${s.turns}: ${title}`, header, rows, new Set([0, 8, 9, 10, 11, 12]), 'turns')}
</section>`);
  });

  const { header: questionHeader, rows: questionRows } = view.questionTable();
  const { byGroup, byAttendance, total } = record.statistics;
  const share = (ms: number) => (total.speakingMs === 0 ? '—' : view.percent(ms / total.speakingMs));
  const groupBars = Object.entries(byGroup)
    .filter(([, stats]) => stats.interventions > 0)
    .map(([group, stats]) => ({
      label: s.groups[group as keyof typeof byGroup],
      stats,
      text: `${view.duration(stats.speakingMs)} (${share(stats.speakingMs)})`,
    }));
  const attendanceBars = Object.entries(byAttendance).map(([attendance, stats]) => ({
    label: s.attendanceValues[attendance as keyof typeof byAttendance],
    stats,
    text: `${view.duration(stats.speakingMs)} (${share(stats.speakingMs)})`,
  }));
  const statsRows = (bars: { label: string; stats: SpeakingStats }[]) => [
    ...bars.map((bar) => [
      bar.label,
      String(bar.stats.interventions),
      view.duration(bar.stats.speakingMs),
      share(bar.stats.speakingMs),
    ]),
    [s.total, String(total.interventions), view.duration(total.speakingMs), share(total.speakingMs)],
  ];
  const remote = view.remoteShare();
  parts.push(`<section class="page" aria-labelledby="questions">
<h2 id="questions">${escapeHtml(s.questions)}</h2>
${questionRows.length === 0 ? `<p>${escapeHtml(s.noQuestions)}</p>` : table(s.questions, questionHeader, questionRows, new Set([0, 4]))}
<h2 id="pauses">${escapeHtml(s.pauses)}</h2>
${
  record.pauses.length === 0
    ? `<p>${escapeHtml(s.noPauses)}</p>`
    : table(
        s.pauses,
        [c.n, c.start, c.end, c.duration, c.item],
        record.pauses.map((pause, i) => [
          String(i + 1),
          view.time(pause.startedAt),
          view.time(pause.endedAt),
          view.duration(pause.durationMs),
          view.itemTitle(pause.agendaItemId),
        ]),
        new Set([0, 1, 2, 3]),
      )
}
<h2 id="statistics">${escapeHtml(s.statistics)}</h2>
${remote ? `<p>${escapeHtml(remote)}</p>` : ''}
<h3>${escapeHtml(s.byGroup)}</h3>
${barChart('chart-groups', `${c.speakingTime}: ${s.byGroup}`, groupBars)}
${table(s.byGroup, [c.group, c.interventions, c.speakingTime, '%'], statsRows(groupBars), new Set([1, 2, 3]))}
<h3>${escapeHtml(s.byAttendance)}</h3>
${barChart('chart-attendance', `${c.speakingTime}: ${s.byAttendance}`, attendanceBars)}
${table(s.byAttendance, [c.attendance, c.interventions, c.speakingTime, '%'], statsRows(attendanceBars), new Set([1, 2, 3]))}
</section>`);

  return `<!doctype html>
<html lang="${lang}" dir="${s.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${s.title[record.audience]}: ${meeting.title}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${parts.join('\n')}
</main>
</body>
</html>
`;
}
