import { z } from 'zod';
import { Language } from '../../shared/model.js';
import { type MeetingRecord, publicRecord, RecordBuilder } from '../../shared/record.js';
import type { MeetingStore } from '../store/types.js';
import { RECORD_TABLES, recordCsv } from './csv.js';
import { recordHtml } from './html.js';
import { recordMarkdown } from './markdown.js';
import { RecordView } from './view.js';

export const RECORD_FORMATS = ['json', 'csv', 'md', 'html'] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

/** The query of `GET /api/meetings/:id/record`. */
export const RecordQuery = z.strictObject({
  format: z.enum(RECORD_FORMATS).default('json'),
  lang: Language.optional(),
  table: z.enum(RECORD_TABLES).default('turns'),
});
export type RecordQuery = z.output<typeof RecordQuery>;

/**
 * The moderators' record of a meeting, folded from its origin and every
 * change in the store, as of `asOf`; null when the store has no origin for
 * it (an unknown meeting, or one created before records were kept).
 */
export async function loadRecord(store: MeetingStore, meetingId: string, asOf: number): Promise<MeetingRecord | null> {
  const origin = await store.meetingOrigin(meetingId);
  if (!origin) return null;
  const builder = new RecordBuilder(origin);
  for await (const change of store.allChanges(meetingId)) builder.add(change);
  return builder.finish(await store.voteCounts(meetingId), asOf);
}

export interface RenderedRecord {
  contentType: string;
  fileName: string;
  body: string;
}

/** One record in one format and language (default: the meeting's first language). */
export function renderRecord(full: MeetingRecord, audience: MeetingRecord['audience'], query: RecordQuery): RenderedRecord {
  const record = audience === 'public' ? publicRecord(full) : full;
  const lang = query.lang ?? record.meeting.languages[0] ?? 'en';
  const base = `record-${record.meeting.id}-${audience}-${lang}`;
  switch (query.format) {
    case 'json':
      return { contentType: 'application/json; charset=utf-8', fileName: `${base}.json`, body: JSON.stringify(record, null, 2) };
    case 'csv':
      return {
        contentType: 'text/csv; charset=utf-8; header=present',
        fileName: `${base}-${query.table}.csv`,
        body: recordCsv(new RecordView(record, lang), query.table),
      };
    case 'md':
      return {
        contentType: 'text/markdown; charset=utf-8',
        fileName: `${base}.md`,
        body: recordMarkdown(new RecordView(record, lang)),
      };
    case 'html':
      return {
        contentType: 'text/html; charset=utf-8',
        fileName: `${base}.html`,
        body: recordHtml(new RecordView(record, lang)),
      };
  }
}
