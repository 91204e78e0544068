import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type ErrorRequestHandler, type Request } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { type ErrorBody, ErrorCode } from '../../shared/errors.js';
import { CreateMeetingInput, ParticipantProfile } from '../../shared/model.js';
import { PUBLIC_VIEWER, projectSnapshot } from '../../shared/questions.js';
import type { ParticipantTokens } from '../auth/secrets.js';
import { toErrorBody, zodIssues } from '../gateway.js';
import { newId } from '../ids.js';
import type { MeetingService } from '../meetings/service.js';
import type { Metrics } from '../metrics.js';
import type { MeetingStore } from '../store/types.js';
import { meetingCalendar } from './calendar.js';
import { builtClient, sendIndex } from './static.js';

export interface HttpDeps {
  service: MeetingService;
  store: MeetingStore;
  tokens: ParticipantTokens;
  logger: Logger;
  /** Fixed public address, or null to derive it from each request's Host. */
  publicUrl: string | null;
  /** Built client to serve, or null for the API only. */
  clientDir: string | null;
  metrics: Metrics;
  collectGarbageForMetrics: boolean;
}

/** The link participants and attendees open. */
export const attendLink = (baseUrl: string, meetingId: string) =>
  `${baseUrl.replace(/\/$/, '')}/m/${encodeURIComponent(meetingId)}`;

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
  store,
  tokens,
  logger,
  publicUrl,
  clientDir,
  metrics,
  collectGarbageForMetrics,
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
          connectSrc: ["'self'", 'ws:', 'wss:'],
        },
      },
    }),
  );
  app.use('/api', express.json({ limit: '64kb' }));

  // Creating meetings is cheap for the caller and not for the store: bound it per address.
  const createLimiter = new RateLimiterMemory({ points: 30, duration: 60 });
  const baseUrl = (req: Request) => publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    try {
      await store.ping();
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json(errorJson(ErrorCode.unavailable, 'the store is not reachable'));
    }
  });

  app.get('/metrics', async (_req, res) => {
    if (collectGarbageForMetrics) (globalThis as { gc?: () => void }).gc?.();
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.post('/api/meetings', async (req, res) => {
    try {
      await createLimiter.consume(req.ip ?? 'unknown');
    } catch {
      res.status(429).json(errorJson(ErrorCode.rateLimited, 'too many meetings created from this address; wait a minute'));
      return;
    }
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
    res.json(projectSnapshot(PUBLIC_VIEWER, snapshot));
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
    const snapshot = await service.snapshot(req.params.id);
    if (!snapshot) {
      res.status(404).json(errorJson(ErrorCode.notFound, 'no such meeting'));
      return;
    }
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
