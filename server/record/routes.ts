import type { Request, Response, Router } from 'express';
import { type ErrorBody, ErrorCode } from '../../shared/errors.js';
import { hashModeratorKey, moderatorKeyMatches } from '../auth/secrets.js';
import { zodIssues } from '../gateway.js';
import type { MeetingStore } from '../store/types.js';
import { loadRecord, RecordQuery, renderRecord } from './index.js';

const errorJson = (code: ErrorBody['code'], message: string, extra: Partial<ErrorBody> = {}) => ({
  error: { code, message, ...extra },
});

/** The setting that marks a meeting's record public before the meeting has ended. */
const publishedKey = (meetingId: string) => `record-published:${meetingId}`;

type Caller = 'chair' | 'co_moderator' | 'anyone' | 'refused';

/**
 * Who calls, from `Authorization: Bearer <moderator key>`: the chair's key,
 * a valid co-moderator link's key, nobody (no header), or refused (a header
 * with a wrong or revoked key, answered 401 rather than quietly public).
 */
async function caller(store: MeetingStore, meetingId: string, req: Request, chairHash: string): Promise<Caller> {
  const header = req.get('authorization');
  if (header === undefined) return 'anyone';
  const match = /^Bearer\s+(\S{1,200})$/i.exec(header);
  const key = match?.[1];
  if (!key) return 'refused';
  if (moderatorKeyMatches(key, chairHash)) return 'chair';
  const link = await store.moderatorLinkByKeyHash(meetingId, hashModeratorKey(key));
  return link && link.revokedAt === null ? 'co_moderator' : 'refused';
}

/**
 * `GET /api/meetings/:id/record`: moderators get their record at any time;
 * anyone else the public record, once the meeting has ended or the chair has
 * published it (`POST /api/meetings/:id/record/publish`, chair's key).
 */
export function mountRecordRoutes(app: Router, store: MeetingStore, now: () => number = Date.now): void {
  app.get('/api/meetings/:id/record', async (req: Request<{ id: string }>, res: Response) => {
    const meetingId = req.params.id;
    const parsed = RecordQuery.safeParse(req.query);
    if (!parsed.success) {
      res
        .status(400)
        .json(
          errorJson(
            ErrorCode.invalid,
            'format is json, csv, md or html; lang one of ar, zh, en, fr, ru, es; table one of turns, agenda, questions, pauses, statistics',
            { issues: zodIssues(parsed.error.issues) },
          ),
        );
      return;
    }
    const chairHash = await store.moderatorKeyHash(meetingId);
    if (chairHash === null) {
      res.status(404).json(errorJson(ErrorCode.notFound, 'no such meeting'));
      return;
    }
    const who = await caller(store, meetingId, req, chairHash);
    if (who === 'refused') {
      res.status(401).json(errorJson(ErrorCode.unauthorized, 'this moderator key is not valid for the meeting'));
      return;
    }
    const record = await loadRecord(store, meetingId, now());
    if (!record) {
      res.status(404).json(errorJson(ErrorCode.notFound, 'this meeting has no record (it was created before records were kept)'));
      return;
    }
    const audience = who === 'anyone' ? 'public' : 'moderators';
    if (audience === 'public' && record.meeting.status !== 'ended' && !(await isPublished(store, meetingId))) {
      res
        .status(403)
        .json(
          errorJson(ErrorCode.forbidden, 'the public record is available once the meeting has ended or the chair publishes it'),
        );
      return;
    }
    const rendered = renderRecord(record, audience, parsed.data);
    res.set('Cache-Control', audience === 'public' ? 'no-cache' : 'private, no-store');
    res.set('Content-Disposition', `inline; filename="${rendered.fileName}"`);
    res.type(rendered.contentType).send(rendered.body);
  });

  app.post('/api/meetings/:id/record/publish', async (req: Request<{ id: string }>, res: Response) => {
    const meetingId = req.params.id;
    const chairHash = await store.moderatorKeyHash(meetingId);
    if (chairHash === null) {
      res.status(404).json(errorJson(ErrorCode.notFound, 'no such meeting'));
      return;
    }
    const who = await caller(store, meetingId, req, chairHash);
    if (who === 'co_moderator') {
      res.status(403).json(errorJson(ErrorCode.forbidden, 'only the chair publishes the record'));
      return;
    }
    if (who !== 'chair') {
      res.status(401).json(errorJson(ErrorCode.unauthorized, 'the chair’s moderator key is needed (Authorization: Bearer)'));
      return;
    }
    await store.settingOrInit(publishedKey(meetingId), String(now()));
    res.json({ published: true });
  });
}

async function isPublished(store: MeetingStore, meetingId: string): Promise<boolean> {
  return (await store.setting(publishedKey(meetingId))) !== null;
}
