import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { RECORD_TABLES, tableRows } from '../../server/record/csv.js';
import { renderRecord } from '../../server/record/index.js';
import { RECORD_STRINGS } from '../../server/record/strings.js';
import { RecordView } from '../../server/record/view.js';
import { PUBLIC_VIEWER, projectState } from '../../shared/audience.js';
import { LANGUAGES } from '../../shared/model.js';
import { buildRecord, type MeetingRecord, publicRecord, RecordBuilder, type RecordTurn } from '../../shared/record.js';
import { amina, at, CHAIR, referenceMeeting, ScriptedMeeting, SECRETARIAT } from '../support/record-meeting.js';

const { meeting, votes } = referenceMeeting();
const END = at(920);
const record = buildRecord(meeting.origin, meeting.changes, votes, END);

const person = (name: string, extra: Partial<RecordTurn>): Partial<RecordTurn> => ({
  participantId: `p-${name.toLowerCase()}`,
  name,
  affiliation: `${name}'s org`,
  topic: '',
  addedVia: 'request',
  addedBy: null,
  limitMs: 180_000,
  extensions: 0,
  extendedMs: 0,
  overrunMs: 0,
  endedBy: { kind: 'speaker', label: null },
  ...extra,
});

/** Worked out by hand from the script in tests/support/record-meeting.ts. */
const EXPECTED_TURNS: Partial<RecordTurn>[] = [
  person('Amina', {
    n: 1,
    agendaItemId: 'item1',
    stakeholderGroup: 'government',
    attendance: 'remote',
    type: 'new_topic',
    topic: 'Financing',
    grantedAt: at(30),
    endedAt: at(300),
    limitMs: 240_000,
    extensions: 1,
    extendedMs: 60_000,
    spokenMs: 270_000,
    overrunMs: 30_000,
  }),
  {
    n: 2,
    agendaItemId: 'item1',
    name: 'Delegate of Chile',
    affiliation: '',
    stakeholderGroup: 'government',
    attendance: 'in_room',
    type: 'new_topic',
    topic: '',
    addedVia: 'inscription',
    addedBy: 'Secretariat',
    grantedAt: at(310),
    // Still speaking when the next item started: the turn belongs to the item it was given in.
    endedAt: at(420),
    limitMs: 180_000,
    extensions: 0,
    extendedMs: 0,
    spokenMs: 110_000,
    overrunMs: 0,
    endedBy: { kind: 'moderator', label: 'chair' },
  },
  // The meeting's pause (480–600 s) held Bruno's clock: 30 s + 20 s.
  person('Bruno', {
    n: 3,
    agendaItemId: 'item2',
    stakeholderGroup: 'civil_society',
    attendance: 'in_room',
    type: 'point_of_order',
    grantedAt: at(450),
    endedAt: at(620),
    spokenMs: 50_000,
  }),
  // Dana's grant at 700 s was undone at 710 s: Chen spoke on, 70 s + 50 s, in one turn.
  person('Chen', {
    n: 4,
    agendaItemId: 'item2',
    stakeholderGroup: 'academia',
    attendance: 'in_room',
    type: 'clarifying_question',
    grantedAt: at(630),
    endedAt: at(760),
    spokenMs: 120_000,
  }),
  // Dana's turn of 770–830 s was put back: only the turn of 840–900 s counts.
  person('Dana', {
    n: 5,
    agendaItemId: 'item2',
    stakeholderGroup: 'private_sector',
    attendance: 'remote',
    type: 'reply',
    grantedAt: at(840),
    endedAt: at(900),
    spokenMs: 60_000,
  }),
];

describe('the record of a scripted meeting', () => {
  it('is exactly the meeting as it ran', () => {
    expect(record).toEqual({
      schema: 'plenary.record/1',
      audience: 'moderators',
      asOf: END,
      version: meeting.changes.length,
      meeting: {
        id: 'm1',
        title: 'Open consultation: final briefing',
        venue: { name: 'ITU headquarters', room: 'Room A', city: 'Geneva' },
        timeZone: 'Europe/Zurich',
        scheduledStart: at(0),
        scheduledEnd: at(90 * 60),
        status: 'ended',
        startedAt: at(0),
        endedAt: at(920),
        languages: ['en', 'ar'],
        remoteUrl: null,
      },
      agenda: [
        {
          id: 'item1',
          title: 'Opening',
          presenters: ['Secretariat'],
          plannedMinutes: 5,
          status: 'done',
          startedAt: at(0),
          endedAt: at(400),
          durationMs: 400_000,
          overrunMs: 100_000,
        },
        {
          id: 'item2',
          title: 'Report',
          presenters: [],
          plannedMinutes: 15,
          status: 'done',
          startedAt: at(400),
          endedAt: at(920),
          // 520 s less the 120 s pause.
          durationMs: 400_000,
          overrunMs: 0,
        },
        {
          id: 'item3',
          title: 'Discussion',
          presenters: [],
          plannedMinutes: 30,
          status: 'skipped',
          startedAt: null,
          endedAt: null,
          durationMs: 0,
          overrunMs: 0,
        },
      ],
      turns: EXPECTED_TURNS.map((turn) => expect.objectContaining(turn)),
      questions: [
        {
          n: 1,
          id: meeting.question('How will'),
          text: 'How will remote hubs be funded?',
          anonymous: false,
          author: { name: 'Amina', affiliation: "Amina's org", stakeholderGroup: 'government', attendance: 'remote' },
          agendaItemId: 'item2',
          askedAt: at(500),
          votes: 3,
          status: 'answered',
          answeredAt: at(550),
          dismissReason: '',
        },
        {
          n: 2,
          id: meeting.question('Is the report'),
          text: 'Is the report available in Arabic?',
          anonymous: true,
          author: null,
          agendaItemId: 'item2',
          askedAt: at(510),
          votes: 5,
          status: 'put_to_room',
          answeredAt: null,
          dismissReason: '',
        },
        {
          n: 3,
          id: meeting.question('Buy'),
          text: 'Buy our product',
          anonymous: false,
          author: { name: 'Bruno', affiliation: "Bruno's org", stakeholderGroup: 'civil_society', attendance: 'in_room' },
          agendaItemId: 'item2',
          askedAt: at(520),
          votes: 0,
          status: 'dismissed',
          answeredAt: null,
          dismissReason: 'Off topic',
        },
        {
          n: 4,
          id: meeting.question('Where'),
          text: 'Where are the slides?',
          anonymous: false,
          author: { name: 'Chen', affiliation: "Chen's org", stakeholderGroup: 'academia', attendance: 'in_room' },
          agendaItemId: 'item2',
          askedAt: at(570),
          votes: 0,
          status: 'pending',
          answeredAt: null,
          dismissReason: '',
        },
      ],
      pauses: [{ startedAt: at(480), endedAt: at(600), durationMs: 120_000, agendaItemId: 'item2' }],
      statistics: {
        byGroup: {
          government: { interventions: 2, speakingMs: 380_000 },
          private_sector: { interventions: 1, speakingMs: 60_000 },
          civil_society: { interventions: 1, speakingMs: 50_000 },
          academia: { interventions: 1, speakingMs: 120_000 },
          technical_community: { interventions: 0, speakingMs: 0 },
          international_organization: { interventions: 0, speakingMs: 0 },
          other: { interventions: 0, speakingMs: 0 },
        },
        byAttendance: { in_room: { interventions: 3, speakingMs: 280_000 }, remote: { interventions: 2, speakingMs: 330_000 } },
        total: { interventions: 5, speakingMs: 610_000 },
        remoteShare: 330_000 / 610_000,
      },
    });
    expect(record.turns).toHaveLength(EXPECTED_TURNS.length);
  });

  it('adds up: the turns make the statistics, and they agree with the live statistics of the meeting', () => {
    const sum = (turns: RecordTurn[]) => turns.reduce((total, turn) => total + turn.spokenMs, 0);
    expect(sum(record.turns)).toBe(record.statistics.total.speakingMs);
    expect(record.turns.length).toBe(record.statistics.total.interventions);
    const groups = Object.values(record.statistics.byGroup);
    expect(groups.reduce((total, stats) => total + stats.speakingMs, 0)).toBe(record.statistics.total.speakingMs);
    expect(groups.reduce((total, stats) => total + stats.interventions, 0)).toBe(record.statistics.total.interventions);
    const { byGroup, byAttendance } = record.statistics;
    expect({ byGroup, byAttendance }).toEqual(meeting.state.floor.stats);
  });

  it('counts the turn in progress as of the time asked, and a pause still open', () => {
    const builder = new RecordBuilder(meeting.origin);
    // Up to Bruno speaking during the pause (change 13 paused the meeting at 480 s).
    for (const change of meeting.changes.slice(0, 13)) builder.add(change);
    const live = builder.finish({}, at(500));
    expect(live.meeting.status).toBe('live');
    expect(live.turns.at(-1)).toMatchObject({ name: 'Bruno', endedAt: null, spokenMs: 30_000, endedBy: null });
    expect(live.pauses).toEqual([{ startedAt: at(480), endedAt: null, durationMs: 20_000, agendaItemId: 'item2' }]);
    expect(live.statistics.total.speakingMs).toBe(270_000 + 110_000 + 30_000);
  });

  it('credits a question sent to the floor to the moderator who sent it (moderators only), and keeps an item removed after it ran', () => {
    const m = new ScriptedMeeting();
    m.act(0, CHAIR, 'agenda.next', {});
    m.act(10, amina, 'question.ask', { text: 'Can I say more?' });
    m.act(20, SECRETARIAT, 'question.toFloor', { questionId: m.question('Can I') });
    m.act(30, CHAIR, 'floor.grant', { expectedCurrentEntryId: null });
    m.act(90, CHAIR, 'agenda.next', {});
    m.act(100, CHAIR, 'agenda.remove', { itemId: 'item1' });
    const built = buildRecord(m.origin, m.changes, {}, at(120));
    expect(built.turns).toEqual([
      expect.objectContaining({ name: 'Amina', addedVia: 'question', addedBy: 'Secretariat', endedAt: null, spokenMs: 90_000 }),
    ]);
    expect(built.questions[0]?.status).toBe('sent_to_floor');
    expect(built.agenda.map((item) => [item.id, item.status, item.durationMs])).toEqual([
      ['item2', 'active', 30_000],
      ['item3', 'pending', 0],
      ['item1', 'removed', 90_000],
    ]);
    const pub = publicRecord(built);
    expect(pub.turns[0]?.addedBy).toBeNull();
    expect(pub.questions.map((question) => question.status)).toEqual(['sent_to_floor']);
  });

  it('refuses a log with a gap rather than building a wrong record', () => {
    const builder = new RecordBuilder(meeting.origin);
    builder.add(meeting.changes[0] as (typeof meeting.changes)[number]);
    expect(() => builder.add(meeting.changes[2] as (typeof meeting.changes)[number])).toThrow(/gap/);
  });
});

describe('the public record', () => {
  const pub = publicRecord(record);
  const publicState = projectState(PUBLIC_VIEWER, meeting.state);

  it('shows no question the public view does not show, and each one field by field as it shows it', () => {
    expect(pub.questions.map((question) => question.id)).toEqual(publicState.questions.items.map((question) => question.id));
    for (const question of pub.questions) {
      const shown = publicState.questions.items.find((candidate) => candidate.id === question.id);
      if (!shown) throw new Error('not public');
      expect(question.text).toBe(shown.text);
      expect(question.anonymous).toBe(shown.anonymous);
      expect(question.author).toEqual(
        shown.author
          ? {
              name: shown.author.name,
              affiliation: shown.author.affiliation,
              stakeholderGroup: shown.author.stakeholderGroup,
              attendance: shown.author.attendance,
            }
          : null,
      );
      expect(question.agendaItemId).toBe(shown.agendaItemId);
      expect(question.askedAt).toBe(shown.askedAt);
      expect(question.answeredAt).toBe(shown.answeredAt);
      expect(Object.keys(question).sort()).toEqual(
        ['agendaItemId', 'answeredAt', 'anonymous', 'askedAt', 'author', 'id', 'n', 'status', 'text', 'votes'].sort(),
      );
    }
    expect(pub.questions.map((question) => question.status)).toEqual(['answered', 'put_to_room']);
  });

  it('shows each turn as the public list of who has spoken shows it, without who ended it', () => {
    const spoken = publicState.floor.spoken;
    expect(pub.turns.map((turn) => [turn.participantId, turn.grantedAt, turn.spokenMs])).toEqual(
      spoken.map((turn) => [turn.entry.participantId, turn.grantedAt, turn.spokenMs]),
    );
    for (const [i, turn] of pub.turns.entries()) {
      const shown = spoken[i];
      if (!shown) throw new Error('missing turn');
      expect(turn).not.toHaveProperty('endedBy');
      expect(turn.addedBy).toBe(shown.entry.addedBy ?? null);
      expect([turn.name, turn.affiliation, turn.stakeholderGroup, turn.attendance, turn.type, turn.topic]).toEqual([
        shown.entry.name,
        shown.entry.affiliation,
        shown.entry.stakeholderGroup,
        shown.entry.attendance,
        shown.entry.type,
        shown.entry.topic,
      ]);
      expect([turn.agendaItemId, turn.endedAt, turn.limitMs]).toEqual([shown.agendaItemId, shown.endedAt, shown.limitMs]);
    }
  });

  it('keeps the agenda, pauses and statistics, which everybody saw', () => {
    expect(pub.agenda).toEqual(record.agenda);
    expect(pub.pauses).toEqual(record.pauses);
    expect(pub.statistics).toEqual(record.statistics);
    expect(pub.meeting).toEqual(record.meeting);
  });

  it('names no dismissed or pending question, no reason and no anonymous author in any format or language', () => {
    for (const lang of LANGUAGES) {
      for (const format of ['json', 'md', 'html'] as const) {
        const body = renderRecord(record, 'public', { format, lang, table: 'turns' }).body;
        expect(body).not.toContain('Buy our product');
        expect(body).not.toContain('Off topic');
        expect(body).not.toContain('Where are the slides');
        expect(body).not.toContain('Eve');
        expect(body).not.toContain('dismissReason');
      }
      for (const table of RECORD_TABLES) {
        const body = renderRecord(record, 'public', { format: 'csv', lang, table }).body;
        expect(body).not.toContain('Buy our product');
        expect(body).not.toContain('Off topic');
        expect(body).not.toContain('Eve');
      }
    }
  });
});

describe('the formats', () => {
  const render = (audience: MeetingRecord['audience'], format: 'json' | 'md' | 'html', lang: (typeof LANGUAGES)[number]) =>
    renderRecord(record, audience, { format, lang, table: 'turns' }).body;

  it('JSON is the record itself', () => {
    expect(JSON.parse(render('moderators', 'json', 'en'))).toEqual(record);
    expect(JSON.parse(render('public', 'json', 'fr'))).toEqual(publicRecord(record));
  });

  it('Markdown is the expected document, for each audience', async () => {
    await expect(render('moderators', 'md', 'en')).toMatchFileSnapshot('../record/expected/moderators.en.md');
    await expect(render('public', 'md', 'en')).toMatchFileSnapshot('../record/expected/public.en.md');
    await expect(render('public', 'md', 'fr')).toMatchFileSnapshot('../record/expected/public.fr.md');
  });

  it('HTML is the expected document', async () => {
    await expect(render('moderators', 'html', 'en')).toMatchFileSnapshot('../record/expected/moderators.en.html');
    await expect(render('public', 'html', 'ar')).toMatchFileSnapshot('../record/expected/public.ar.html');
  });

  it('CSV tables are the expected files and parse back to the same rows', async () => {
    for (const table of RECORD_TABLES) {
      const body = renderRecord(record, 'moderators', { format: 'csv', lang: 'en', table }).body;
      await expect(body).toMatchFileSnapshot(`../record/expected/moderators.en.${table}.csv`);
      const parsed: string[][] = parse(body, { bom: true, relax_column_count: false });
      expect(parsed).toEqual(tableRows(new RecordView(record, 'en'), table));
    }
    const turns: string[][] = parse(renderRecord(record, 'public', { format: 'csv', lang: 'zh', table: 'turns' }).body, {
      bom: true,
    });
    expect(turns).toHaveLength(1 + record.turns.length);
    expect(turns.slice(1).map((row) => row[2])).toEqual(record.turns.map((turn) => turn.name));
  });

  it('speaks each of the six languages, with the venue zone named, and right to left in Arabic', () => {
    for (const lang of LANGUAGES) {
      const s = RECORD_STRINGS[lang];
      const md = render('moderators', 'md', lang);
      expect(md).toContain(s.title.moderators);
      expect(md).toContain(s.groups.government);
      expect(md).toContain(s.types.point_of_order);
      expect(md).toContain('Europe/Zurich (CET)');
      const html = render('public', 'html', lang);
      expect(html).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
      expect(html).toContain(s.questionStatus.answered);
      const csv = renderRecord(record, 'moderators', { format: 'csv', lang, table: 'turns' }).body;
      expect(csv).toContain(s.col.spoken);
    }
    // Every language has its own words, not English ones left over.
    const english = JSON.stringify(RECORD_STRINGS.en.col);
    for (const lang of LANGUAGES.filter((code) => code !== 'en')) {
      expect(JSON.stringify(RECORD_STRINGS[lang].col)).not.toBe(english);
    }
  });

  it('names the chair in the record’s language wherever it shows who acted, and a co-moderator by the link’s own label', () => {
    const cells = (line: string | undefined) => (line ?? '').split(' | ').map((cell) => cell.replace(/^\| | \|$/g, ''));
    for (const lang of LANGUAGES) {
      const s = RECORD_STRINGS[lang];
      const c = s.col;
      for (const audience of ['moderators', 'public'] as const) {
        const view = new RecordView(audience === 'public' ? publicRecord(record) : record, lang);
        // Delegate of Chile was inscribed by the Secretariat's link and stopped by the chair.
        const [header = [], ...rows] = tableRows(view, 'turns');
        const chile = rows.find((row) => row[2] === 'Delegate of Chile') ?? [];
        const addedBy = audience === 'moderators' ? 'Secretariat' : s.chair;
        expect(chile[header.indexOf(c.addedBy)], `${lang} ${audience} csv`).toBe(addedBy);
        if (audience === 'moderators') expect(chile[header.indexOf(c.endedBy)], `${lang} csv`).toBe(s.chair);

        const md = render(audience, 'md', lang).split('\n');
        const mdHeader = cells(md.find((line) => line.startsWith(`| ${c.n} | ${c.name} |`)));
        const mdChile = cells(md.find((line) => line.includes('| Delegate of Chile |')));
        expect(mdChile[mdHeader.indexOf(c.addedBy)], `${lang} ${audience} md`).toBe(addedBy);
        if (audience === 'moderators') expect(mdChile[mdHeader.indexOf(c.endedBy)], `${lang} md`).toBe(s.chair);

        const html = render(audience, 'html', lang);
        const htmlChile = html.split('\n').find((line) => line.includes('<bdi>Delegate of Chile</bdi>')) ?? '';
        expect(htmlChile, `${lang} ${audience} html`).toContain(`<td><bdi>${addedBy}</bdi></td>`);
        if (audience === 'moderators')
          expect(htmlChile.endsWith(`<td><bdi>${s.chair}</bdi></td></tr>`), `${lang} html`).toBe(true);
        for (const body of [html, md.join('\n'), renderRecord(record, audience, { format: 'csv', lang, table: 'turns' }).body]) {
          expect(body).not.toMatch(/\bchair\b/);
        }
      }
    }
    // JSON stays machine-readable: the label as the log keeps it.
    expect(JSON.parse(render('moderators', 'json', 'ar')).turns[1]).toMatchObject({
      addedBy: 'Secretariat',
      endedBy: { kind: 'moderator', label: 'chair' },
    });
    expect(JSON.parse(render('public', 'json', 'ar')).turns[1]).toMatchObject({ addedBy: 'chair' });
  });

  it('Markdown keeps typed text as text: no HTML, no markup, no broken table, whatever is typed', () => {
    const hostileQuestion =
      '<b>Is</b> there a | pipe,\nnew line & `code` *stars* _under_ [link](javascript:alert(1)) ![x](https://evil.example/t.png) ~~gone~~ $x$ back\\slash &amp; #';
    const hostileName = '*Mallory* | <img src=x onerror=alert(1)>';
    const hostileTopic = '__bold__\r\n| --- |';
    const mallory = { ...amina, id: 'p-mallory', name: hostileName };
    const m = new ScriptedMeeting();
    m.act(0, CHAIR, 'agenda.next', {});
    m.act(10, mallory, 'floor.request', { type: 'new_topic', topic: hostileTopic });
    m.act(20, mallory, 'question.ask', { text: hostileQuestion });
    m.act(30, CHAIR, 'floor.grant', { expectedCurrentEntryId: null });
    const built = buildRecord(m.origin, m.changes, {}, at(60));
    const body = renderRecord(built, 'moderators', { format: 'md', lang: 'en', table: 'turns' }).body;
    const lines = body.split('\n');

    /** A row's cells as a GFM table splits them: on each pipe that no backslash escapes (a backslash escapes the next character). */
    const cells = (line: string) => {
      const found: string[] = [];
      let cell = '';
      for (let i = 1; i < line.length - 1; i++) {
        const char = line[i] ?? '';
        if (char === '\\') {
          cell += char + (line[++i] ?? '');
        } else if (char === '|') {
          found.push(cell.trim());
          cell = '';
        } else cell += char;
      }
      return [...found, cell.trim()];
    };
    /** What a CommonMark renderer shows for a cell: backslash escapes and entities resolved. */
    const shown = (cell: string) =>
      cell
        .replace(/\\([!-/:-@[-`{-~])/g, '$1')
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&amp;', '&');
    /** Left once escapes and entities are taken out: no character that could still start markup. */
    const bare = (cell: string) => cell.replace(/\\[!-/:-@[-`{-~]/g, '').replace(/&(?:amp|lt|gt);/g, '');

    const questionHeader = lines.find((line) => line.startsWith('| No. | Question |')) ?? '';
    const questionRow = lines[lines.indexOf(questionHeader) + 2] ?? '';
    const questionCells = cells(questionRow);
    expect(questionCells).toHaveLength(cells(questionHeader).length);
    expect(shown(questionCells[1] ?? '')).toBe(hostileQuestion.replace('\n', ' '));
    expect(shown(questionCells[2] ?? '')).toBe(`${hostileName}, Amina's org (Remote)`);

    const turnHeader = lines.find((line) => line.startsWith('| No. | Name |')) ?? '';
    const turnRow = lines[lines.indexOf(turnHeader) + 2] ?? '';
    const turnCells = cells(turnRow);
    expect(turnCells).toHaveLength(cells(turnHeader).length);
    expect(shown(turnCells[1] ?? '')).toBe(`${hostileName} (__bold__ | --- |)`);

    for (const cell of [...questionCells, ...turnCells]) expect(bare(cell)).not.toMatch(/[<>&|\\`*_[\]~$#]/);
    // Each row is one line: nobody's line break starts a new row or ends the table.
    expect(lines.filter((line) => line.includes('Mallory'))).toHaveLength(2);
    expect(body).not.toContain('<b>');
    expect(body).not.toContain('<img');
  });

  it('counts minutes in the form each language’s plural rules choose, in every format', () => {
    const counts = [0, 1, 2, 3, 5, 11, 21, 100];
    const minutes = (lang: (typeof LANGUAGES)[number]) => counts.map((count) => new RecordView(record, lang).minutes(count));
    // Arabic: zero, one, two, few (3–10), many (11–99), other (100…); Russian: one (1, 21), few (2–4), many (0, 5–20, 11, 100).
    expect(minutes('ar')).toEqual([
      '0 دقيقة',
      'دقيقة واحدة',
      'دقيقتان',
      '3 دقائق',
      '5 دقائق',
      '11 دقيقة',
      '21 دقيقة',
      '100 دقيقة',
    ]);
    expect(minutes('ru')).toEqual([
      '0 минут',
      '1 минута',
      '2 минуты',
      '3 минуты',
      '5 минут',
      '11 минут',
      '21 минута',
      '100 минут',
    ]);
    // Each language has a phrase for every category its rules use.
    for (const lang of LANGUAGES) {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      expect(Object.keys(RECORD_STRINGS[lang].minutes).sort(), lang).toEqual([...categories].sort());
    }
    // The reference agenda plans 5, 15 and 30 minutes.
    for (const format of ['md', 'html'] as const) {
      const ar = render('public', format, 'ar');
      expect(ar).toContain('5 دقائق');
      expect(ar).toContain('15 دقيقة');
      expect(render('moderators', format, 'ru')).toContain('5 минут');
    }
  });

  it('heads every table in the record’s own words, units included, in Arabic, Chinese and Russian', () => {
    for (const lang of ['ar', 'zh', 'ru'] as const) {
      const view = new RecordView(record, lang);
      for (const table of RECORD_TABLES) {
        const [header = []] = tableRows(view, table);
        // Only the percent sign is shared by every language.
        expect(
          header.filter((cell) => /[A-Za-z]/.test(cell)),
          `${lang} ${table}`,
        ).toEqual([]);
      }
      const md = render('moderators', 'md', lang).split('\n');
      const headers = md.filter((_line, i) => md[i + 1]?.startsWith('| --- |'));
      expect(headers.length).toBeGreaterThanOrEqual(5);
      expect(
        headers.filter((line) => /[A-Za-z]/.test(line)),
        lang,
      ).toEqual([]);
    }
  });

  it('defaults to the meeting’s first language', () => {
    const rendered = renderRecord(record, 'public', { format: 'md', table: 'turns' });
    expect(rendered.body).toContain(RECORD_STRINGS.en.title.public);
    expect(rendered.fileName).toBe('record-m1-public-en.md');
  });
});
