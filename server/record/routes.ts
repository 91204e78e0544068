import type { Request, Response, Router } from 'express';
import { type ErrorBody, ErrorCode } from '../../shared/errors.js';
import { zodIssues } from '../gateway.js';
import type { MeetingService } from '../meetings/service.js';
import { RecordQuery, renderRecord } from './index.js';

const errorJson = (code: ErrorBody['code'], message: string, extra: Partial<ErrorBody> = {}) => ({
  error: { code, message, ...extra },
});

type Caller = 'chair' | 'co_moderator' | 'anyone' | 'refused' | 'no_meeting';

/**
 * Who calls, from `Authorization: Bearer <moderator key>`: the chair's key,
 * a valid co-moderator link's key, nobody (no header), or refused (a header
 * with a wrong or revoked key, answered 401 rather than quietly public);
 * `no_meeting` for a meeting that does not exist.
 */
async function caller(service: MeetingService, meetingId: string, req: Request): Promise<Caller> {
  const header = req.get('authorization');
  const key = header === undefined ? '' : /^Bearer\s+(\S{1,200})$/i.exec(header)?.[1];
  const holder = await service.keyHolder(meetingId, key ?? '');
  if (holder === 'no_meeting') return 'no_meeting';
  if (header === undefined) return 'anyone';
  if (!holder) return 'refused';
  return holder.role === 'chair' ? 'chair' : 'co_moderator';
}

/**
 * `GET /api/meetings/:id/record`: moderators get their record at any time;
 * anyone else the public record, once the meeting has ended or the chair has
 * published it (`POST /api/meetings/:id/record/publish`, chair's key).
 */
export function mountRecordRoutes(app: Router, service: MeetingService, now: () => number = Date.now): void {
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
    const who = await caller(service, meetingId, req);
    if (who === 'no_meeting') {
      res.status(404).json(errorJson(ErrorCode.notFound, 'no such meeting'));
      return;
    }
    if (who === 'refused') {
      res.status(401).json(errorJson(ErrorCode.unauthorized, 'this moderator key is not valid for the meeting'));
      return;
    }
    const record = await service.record(meetingId, now());
    if (!record) {
      res.status(404).json(errorJson(ErrorCode.notFound, 'this meeting has no record (it was created before records were kept)'));
      return;
    }
    const audience = who === 'anyone' ? 'public' : 'moderators';
    if (audience === 'public' && record.meeting.status !== 'ended' && !(await service.recordPublished(meetingId))) {
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
    const who = await caller(service, meetingId, req);
    if (who === 'no_meeting') {
      res.status(404).json(errorJson(ErrorCode.notFound, 'no such meeting'));
      return;
    }
    if (who === 'co_moderator') {
      res.status(403).json(errorJson(ErrorCode.forbidden, 'only the chair publishes the record'));
      return;
    }
    if (who !== 'chair') {
      res.status(401).json(errorJson(ErrorCode.unauthorized, 'the chair’s moderator key is needed (Authorization: Bearer)'));
      return;
    }
    await service.publishRecord(meetingId);
    res.json({ published: true });
  });
}
