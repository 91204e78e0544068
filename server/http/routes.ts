import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { z } from 'zod';
import { type ErrorBody, ErrorCode } from '../../shared/errors.js';
import { knownParticipant } from '../../shared/floor.js';
import { CHAIR_LABEL, CoModeratorRole, CreateMeetingInput, ParticipantProfile, text } from '../../shared/model.js';
import type { ClaimCodes } from '../auth/claims.js';
import type { ParticipantTokens } from '../auth/secrets.js';
import type { Delivery } from '../fanout/delivery.js';
import { toErrorBody, zodIssues } from '../gateway.js';
import { newId } from '../ids.js';
import { MAX_MODERATOR_LINKS, type MeetingService } from '../meetings/service.js';
import type { Metrics } from '../metrics.js';
import { mountRecordRoutes } from '../record/routes.js';
import { changesState, type OriginCheck } from '../security/origin.js';
import { type RateLimits, type Refusal, retryAfterSeconds } from '../security/rate-limits.js';
import type { ModeratorLink } from '../store/types.js';
import { meetingCalendar } from './calendar.js';
import { builtClient, sendIndex } from './static.js';

export interface HttpDeps {
  /** The only way to the meetings' store: snapshots, commands, moderator links, claims and records. */
  service: MeetingService;
  delivery: Delivery;
  tokens: ParticipantTokens;
  claims: ClaimCodes;
  logger: Logger;
  /** Fixed public address, or null to derive it from each request's Host. */
  publicUrl: string | null;
  /** Built client to serve, or null for the API only. */
  clientDir: string | null;
  metrics: Metrics;
  /** Bearer token /metrics requires; null turns /metrics off (404). */
  metricsToken: string | null;
  collectGarbageForMetrics: boolean;
  limits: RateLimits;
  /** Refuses state-changing requests from pages of other sites. */
  originAllowed: OriginCheck;
  /** Routes of other domains, mounted under /api before the API's 404 (the consultations). */
  mountApi?: (app: express.Express, baseUrl: (req: Request) => string) => void;
}

/** The credential of an `Authorization: Bearer …` header, if there is one. */
function bearer(req: Request): string | null {
  const match = /^Bearer (\S+)$/i.exec(req.get('authorization') ?? '');
  return match?.[1] ?? null;
}

/**
 * The moderator key a request carries: the `X-Moderator-Key` header the link
 * routes took first (still accepted, and first, so scripts written against it
 * keep working whatever else they send), else `Authorization: Bearer <key>`,
 * as on every moderator route.
 */
function moderatorKeyOf(req: Request): string {
  return req.get('x-moderator-key') ?? bearer(req) ?? '';
}

/** Constant-time comparison of two secrets of any length. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The WebSocket origin of the public address. CSP Level 3 lets 'self' cover
 * ws(s) on the page's own host (current Chromium and Firefox do), but older
 * browsers need it spelled out.
 */
function webSocketOrigin(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
}

/** The link participants and attendees open. */
export const attendLink = (baseUrl: string, meetingId: string) =>
  `${baseUrl.replace(/\/$/, '')}/m/${encodeURIComponent(meetingId)}`;

// "chair" is the chair's own label in the log: a link named so would read as the chair in records and undo offers.
const NewModeratorLink = z.strictObject({
  label: text(1, 60).refine((label) => label.toLowerCase() !== CHAIR_LABEL, {
    message: 'the chair is called "chair"; choose another label',
  }),
  role: CoModeratorRole,
});

/** A link as the chair sees it: never its key hash. */
const publicLink = ({ id, label, role, createdAt, revokedAt }: ModeratorLink) => ({ id, label, role, createdAt, revokedAt });

/** The links of each role. The moderator key travels in the fragment, which browsers never send to a server. */
export function meetingLinks(baseUrl: string, meetingId: string, moderatorKey: string) {
  const base = attendLink(baseUrl, meetingId);
  return { attend: base, moderate: `${base}/moderate#key=${moderatorKey}`, display: `${base}/display` };
}

const errorJson = (code: ErrorBody['code'], message: string, extra: Partial<ErrorBody> = {}) => ({
  error: { code, message, ...extra },
});

export function createHttpApp({
  service,
  delivery,
  tokens,
  claims,
  logger,
  publicUrl,
  clientDir,
  metrics,
  metricsToken,
  collectGarbageForMetrics,
  limits,
  originAllowed,
  mountApi,
}: HttpDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Plain HTTP on a LAN or localhost must keep working.
          upgradeInsecureRequests: null,
          // This origin only, never any ws: host.
          connectSrc: ["'self'", ...(publicUrl ? [webSocketOrigin(publicUrl)] : [])],
        },
      },
    }),
  );
  // Before anything runs: a page of another site cannot make a visitor's browser change anything here.
  app.use((req, res, next) => {
    if (changesState(req.method) && !originAllowed(req.get('origin'), req.get('host'))) {
      res.status(403).json(errorJson(ErrorCode.forbiddenOrigin, 'requests from pages of this origin are not allowed'));
      return;
    }
    next();
  });
  app.use('/api', express.json({ limit: '64kb' }));

  /** Answers 429 with Retry-After when `refusal` is set; true when it did. */
  const refused = (res: Response, refusal: Refusal | null, message: string): boolean => {
    if (!refusal) return false;
    const seconds = retryAfterSeconds(refusal);
    res
      .status(429)
      .set('Retry-After', String(seconds))
      .json(errorJson(ErrorCode.rateLimited, `${message}; try again in ${seconds} s`));
    return true;
  };
  const address = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const baseUrl = (req: Request) => publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Ready means the store answers (200, else 503); `durability` says whether an acknowledged
  // change would survive a crash of the store, read afresh on each probe.
  app.get('/readyz', async (_req, res) => {
    try {
      const durability = await service.storeHealth();
      res.json({ status: 'ready', durability });
    } catch {
      res.status(503).json(errorJson(ErrorCode.unavailable, 'the store is not reachable'));
    }
  });

  app.get('/metrics', async (req, res) => {
    if (metricsToken === null) {
      res.status(404).json(errorJson(ErrorCode.notFound, 'metrics are off; set METRICS_TOKEN to turn them on'));
      return;
    }
    const given = bearer(req);
    if (given === null || !sameSecret(given, metricsToken)) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer realm="metrics"')
        .json(errorJson(ErrorCode.unauthorized, 'metrics need Authorization: Bearer <METRICS_TOKEN>'));
      return;
    }
    if (collectGarbageForMetrics) (globalThis as { gc?: () => void }).gc?.();
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.post('/api/meetings', async (req, res) => {
    if (refused(res, await limits.createMeeting(address(req)), 'too many meetings created from this address')) return;
    const parsed = CreateMeetingInput.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json(errorJson(ErrorCode.invalid, 'the meeting is not valid', { issues: zodIssues(parsed.error.issues) }));
      return;
    }
    const { meetingId, moderatorKey } = await service.create(parsed.data);
    logger.info({ meetingId }, 'meeting created');
    res.status(201).json({ meetingId, moderatorKey, links: meetingLinks(baseUrl(req), meetingId, moderatorKey) });
  });

  app.get('/api/meetings/:id', async (req, res) => {
    const snapshot = await service.snapshot(req.params.id);
    if (!snapshot) {
      res.status(404).json(errorJson(ErrorCode.notFound, 'no such meeting'));
      return;
    }
    res.json(delivery.publicSnapshot(snapshot));
  });

  // The meeting for a calendar: the venue's zone (TZID, VTIMEZONE) and the attend link.
  app.get('/api/meetings/:id/calendar.ics', async (req, res) => {
    const snapshot = await service.snapshot(req.params.id);
    if (!snapshot) {
      res.status(404).json(errorJson(ErrorCode.notFound, 'no such meeting'));
      return;
    }
    const { meeting } = snapshot;
    res
      .type('text/calendar; charset=utf-8')
      .attachment(`plenary-${meeting.id}.ics`)
      .send(meetingCalendar(meeting, attendLink(baseUrl(req), meeting.id), Date.now()));
  });

  app.post('/api/meetings/:id/participants', async (req, res) => {
    if (refused(res, await limits.registerFrom(address(req)), 'too many participants registered from this address')) return;
    const snapshot = await service.snapshot(req.params.id);
    if (!snapshot) {
      res.status(404).json(errorJson(ErrorCode.notFound, 'no such meeting'));
      return;
    }
    // Counted per meeting only once the meeting exists, so made-up ids leave nothing behind.
    if (refused(res, await limits.registerIn(snapshot.meeting.id), 'too many participants registered in this meeting')) return;
    const parsed = ParticipantProfile.safeParse(req.body);
    if (!parsed.success) {
      res
        .status(400)
        .json(errorJson(ErrorCode.invalid, 'the participant is not valid', { issues: zodIssues(parsed.error.issues) }));
      return;
    }
    const participant = { id: newId(), ...parsed.data };
    res.status(201).json({ token: tokens.issue(snapshot.meeting.id, participant), participant });
  });

  // The moderator key in a header, never in the URL: URLs end up in logs and browser histories.
  app.delete('/api/meetings/:id', async (req, res) => {
    const key = /^Bearer ([\w-]{1,200})$/.exec(req.get('authorization') ?? '')?.[1];
    if (!key) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer')
        .json(errorJson(ErrorCode.unauthorized, 'send the moderator key as Authorization: Bearer <key>'));
      return;
    }
    const matches = await service.moderatorKeyMatches(req.params.id, key);
    if (matches === null) {
      res.status(404).json(errorJson(ErrorCode.notFound, 'no such meeting'));
      return;
    }
    if (!matches) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer')
        .json(errorJson(ErrorCode.unauthorized, 'the moderator key is not valid for this meeting'));
      return;
    }
    // Deleted meanwhile by another request or by retention: the caller's wish holds all the same.
    await service.delete(req.params.id);
    res.status(204).end();
  });

  app.post('/api/meetings/:id/moderator-key', async (req, res) => {
    const currentKey = bearer(req);
    if (currentKey === null) {
      res.status(401).json(errorJson(ErrorCode.unauthorized, 'send the current key as Authorization: Bearer <moderator key>'));
      return;
    }
    const replaced = await service.replaceModeratorKey(req.params.id, currentKey);
    if (!replaced.ok) {
      if (replaced.code === 'not_found') res.status(404).json(errorJson(ErrorCode.notFound, 'no such meeting'));
      else res.status(401).json(errorJson(ErrorCode.unauthorized, 'the moderator key is not valid for this meeting'));
      return;
    }
    logger.info({ meetingId: req.params.id }, 'moderator key replaced');
    const { moderatorKey } = replaced;
    res.json({ moderatorKey, links: meetingLinks(baseUrl(req), req.params.id, moderatorKey) });
  });
  mountApi?.(app, baseUrl);
  /**
   * Only the chair manages co-moderator links: the meeting's own key
   * (`moderatorKeyOf`). Answers the refusal itself and returns false.
   */
  async function chairOnly(req: Request, res: Response): Promise<boolean> {
    const holder = await service.keyHolder(String(req.params.id), moderatorKeyOf(req));
    if (holder === 'no_meeting') {
      res.status(404).json(errorJson(ErrorCode.notFound, 'no such meeting'));
      return false;
    }
    if (holder?.role === 'chair') return true;
    if (holder) {
      res.status(403).json(errorJson(ErrorCode.forbidden, 'only the chair manages moderator links'));
    } else {
      res.status(401).json(errorJson(ErrorCode.unauthorized, 'the chair’s moderator key is needed (Authorization: Bearer)'));
    }
    return false;
  }

  app.get('/api/meetings/:id/moderator-links', async (req, res) => {
    if (!(await chairOnly(req, res))) return;
    res.json({ links: (await service.moderatorLinks(req.params.id)).map(publicLink) });
  });

  app.post('/api/meetings/:id/moderator-links', async (req, res) => {
    if (!(await chairOnly(req, res))) return;
    const parsed = NewModeratorLink.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json(errorJson(ErrorCode.invalid, 'a link is { label, role }', { issues: zodIssues(parsed.error.issues) }));
      return;
    }
    const meetingId = req.params.id;
    const added = await service.addModeratorLink(meetingId, parsed.data.label, parsed.data.role);
    if (!added.ok) {
      res.status(409).json(errorJson(ErrorCode.invalidState, `a meeting has at most ${MAX_MODERATOR_LINKS} moderator links`));
      return;
    }
    const { link, moderatorKey } = added;
    logger.info({ meetingId, linkId: link.id, role: link.role }, 'moderator link created');
    res.status(201).json({
      link: publicLink(link),
      moderatorKey,
      url: meetingLinks(baseUrl(req), meetingId, moderatorKey).moderate,
    });
  });

  app.delete('/api/meetings/:id/moderator-links/:linkId', async (req, res) => {
    if (!(await chairOnly(req, res))) return;
    const { id: meetingId, linkId } = req.params;
    const outcome = await service.revokeModeratorLink(meetingId, linkId);
    if (outcome === 'not_found') {
      res.status(404).json(errorJson(ErrorCode.notFound, 'no such moderator link'));
      return;
    }
    if (outcome === 'already_revoked') {
      res.status(409).json(errorJson(ErrorCode.invalidState, 'this link is revoked already'));
      return;
    }
    logger.info({ meetingId, linkId }, 'moderator link revoked');
    res.json({ revoked: linkId });
  });

  /**
   * A one-time link for a person the chair put on the list without a device:
   * any moderator (the chair's key or a valid co-moderator link) may make one.
   */
  app.post('/api/meetings/:id/participants/:participantId/claim-link', async (req, res) => {
    const meetingId = req.params.id;
    const holder = await service.keyHolder(meetingId, moderatorKeyOf(req));
    if (holder === 'no_meeting') {
      res.status(404).json(errorJson(ErrorCode.notFound, 'no such meeting'));
      return;
    }
    if (holder === null) {
      res.status(401).json(errorJson(ErrorCode.unauthorized, 'a moderator key is needed (Authorization: Bearer)'));
      return;
    }
    const snapshot = await service.snapshot(meetingId);
    if (!snapshot || !knownParticipant(snapshot.meeting, req.params.participantId)) {
      res.status(404).json(errorJson(ErrorCode.notFound, 'no such participant in this meeting'));
      return;
    }
    const code = claims.issue(meetingId, req.params.participantId);
    const base = `${baseUrl(req).replace(/\/$/, '')}/m/${encodeURIComponent(meetingId)}`;
    res.status(201).json({ url: `${base}#claim=${code}` });
  });

  /** Redeems a one-time link: the participant's token, once; the second try gets 409. */
  app.post('/api/meetings/:id/claims', async (req, res) => {
    const meetingId = req.params.id;
    const code = typeof req.body?.code === 'string' && req.body.code.length <= 1000 ? req.body.code : '';
    const claim = claims.verify(meetingId, code);
    const snapshot = claim ? await service.snapshot(meetingId) : null;
    const participant = claim && snapshot ? knownParticipant(snapshot.meeting, claim.participantId) : undefined;
    if (!claim || !participant) {
      res.status(400).json(errorJson(ErrorCode.invalid, 'this link is not valid for the meeting'));
      return;
    }
    if (!(await service.markClaimUsed(claim.nonce))) {
      res.status(409).json(errorJson(ErrorCode.invalidState, 'this link has been used already'));
      return;
    }
    res.status(201).json({ token: tokens.issue(meetingId, participant), participant });
  });

  mountRecordRoutes(app, service);

  app.use('/api', (_req, res) => {
    res.status(404).json(errorJson(ErrorCode.notFound, 'no such API route'));
  });

  if (clientDir !== null) {
    const root = resolve(clientDir);
    const index = join(root, 'index.html');
    if (existsSync(index)) {
      app.use(builtClient(root));
      // The client routes itself: every other GET is its page.
      app.get('/{*path}', sendIndex(root));
    } else {
      logger.warn({ clientDir: root }, 'no built client found; serving the API only (run npm run build)');
    }
  }

  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    const status = typeof error?.status === 'number' ? error.status : 500;
    if (status === 400 && error?.type === 'entity.parse.failed') {
      res.status(400).json(errorJson(ErrorCode.invalid, 'the body is not valid JSON'));
    } else if (status === 413) {
      res.status(413).json(errorJson(ErrorCode.invalid, 'the body is too large'));
    } else if (status >= 400 && status < 500) {
      res.status(status).json(errorJson(ErrorCode.invalid, 'the request is not valid'));
    } else {
      const body = toErrorBody(error, logger);
      res.status(body.code === ErrorCode.unavailable ? 503 : 500).json({ error: body });
    }
  };
  app.use(onError);
  return app;
}
