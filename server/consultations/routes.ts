import Busboy from 'busboy';
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { ReviewInput, statistics, ToAgendaInput } from '../../shared/consultation.js';
import { StoreUnavailableError } from '../store/types.js';
import { submissionsCsv } from './csv.js';
import { ConsultationError } from './errors.js';
import { MAX_PHOTO_BYTES } from './photos.js';
import { type ConsultationService, consultationLinks } from './service.js';
import { parseWith } from './validation.js';

export interface ConsultationLimiters {
  /** Consultations created per address. */
  create: RateLimiterAbstract;
  /** Submissions, edits and withdrawals per address. */
  submit: RateLimiterAbstract;
}

const bearer = (req: Request): string | null => /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1] ?? null;

async function limit(limiter: RateLimiterAbstract, req: Request): Promise<void> {
  try {
    await limiter.consume(req.ip ?? 'unknown');
  } catch (error) {
    if (error instanceof Error) throw new ConsultationError('unavailable', 'the rate limiter is unavailable');
    throw new ConsultationError('rate_limited', 'too many requests from this address; wait a few minutes');
  }
}

/** A multipart photo entry: the JSON body in field "data", the image in file field "photo" (at most 10 MB). */
function readMultipart(req: Request): Promise<{ body: unknown; photo: Buffer | null }> {
  return new Promise((resolve, reject) => {
    let busboy: Busboy.Busboy;
    try {
      busboy = Busboy({ headers: req.headers, limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 4, fieldSize: 64 * 1024 } });
    } catch {
      reject(new ConsultationError('invalid', 'the multipart body is not valid'));
      return;
    }
    let data: string | null = null;
    const chunks: Buffer[] = [];
    let sawPhoto = false;
    let failure: ConsultationError | null = null;
    busboy.on('field', (name, value) => {
      if (name === 'data') data = value;
    });
    busboy.on('file', (name, stream) => {
      if (name !== 'photo' || sawPhoto) {
        stream.resume();
        return;
      }
      sawPhoto = true;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        failure = new ConsultationError('invalid', 'a photo may have at most 10 MB', [
          { path: 'photo', code: 'invalid', message: 'a photo may have at most 10 MB' },
        ]);
      });
    });
    busboy.on('error', () => reject(new ConsultationError('invalid', 'the multipart body is not valid')));
    busboy.on('close', () => {
      if (failure) return reject(failure);
      if (data === null) return reject(new ConsultationError('invalid', 'the multipart body needs a "data" field with the JSON'));
      try {
        resolve({ body: JSON.parse(data), photo: sawPhoto ? Buffer.concat(chunks) : null });
      } catch {
        reject(new ConsultationError('invalid', 'the "data" field is not valid JSON'));
      }
    });
    req.pipe(busboy);
  });
}

/** The consultation routes, mounted at /api/consultations. */
export function consultationRouter(deps: {
  service: ConsultationService;
  limiters: ConsultationLimiters;
  logger: Logger;
  baseUrl: (req: Request) => string;
}): express.Router {
  const { service, limiters, logger, baseUrl } = deps;
  const router = express.Router();

  router.post('/', async (req, res) => {
    await limit(limiters.create, req);
    const { consultationId, organizerKey } = await service.create(req.body);
    logger.info({ consultationId }, 'consultation created');
    const links = consultationLinks(baseUrl(req), consultationId);
    res
      .status(201)
      .json({ consultationId, organizerKey, links: { public: links.public, organize: links.organize(organizerKey) } });
  });

  router.get('/:id', async (req, res) => {
    res.json(await service.publicView(req.params.id, baseUrl(req)));
  });

  router.post('/:id/calls/:callId/submissions', async (req, res) => {
    await limit(limiters.submit, req);
    const multipart = Boolean(req.is('multipart/form-data'));
    const { body, photo } = multipart ? await readMultipart(req) : { body: req.body as unknown, photo: null };
    const created = await service.submit(req.params.id, req.params.callId, body, photo, baseUrl(req));
    res
      .status(201)
      .json({ submissionId: created.submissionId, receiptKey: created.receiptKey, links: { receipt: created.receipt } });
  });

  router.get('/:id/submissions', async (req, res) => {
    await service.requireOrganizer(req.params.id, bearer(req));
    const consultation = await service.load(req.params.id);
    const submissions = await service.list(req.params.id);
    res.set('Cache-Control', 'no-store');
    if (req.query.format === 'csv') {
      res
        .type('text/csv; charset=utf-8')
        .attachment(`consultation-${consultation.id}.csv`)
        .send(submissionsCsv(consultation, submissions));
      return;
    }
    res.json({
      consultationId: consultation.id,
      submissions: submissions.map((s) => service.view(s)),
      statistics: statistics(submissions),
    });
  });

  router.get('/:id/submissions/:sid', async (req, res) => {
    await service.holder(req.params.id, bearer(req), req.params.sid);
    const submission = await service.submission(req.params.id, req.params.sid);
    res.set('Cache-Control', 'no-store').json(service.view(submission));
  });

  // One path, two holders: the organiser reviews, the author edits.
  router.patch('/:id/submissions/:sid', async (req, res) => {
    const holder = await service.holder(req.params.id, bearer(req), req.params.sid);
    if (holder.role === 'organizer') {
      const input = parseWith(ReviewInput, req.body, 'the review is not valid');
      res.json(await service.review(req.params.id, req.params.sid, input));
      return;
    }
    await limit(limiters.submit, req);
    res.json(await service.edit(req.params.id, req.params.sid, req.body));
  });

  router.delete('/:id/submissions/:sid', async (req, res) => {
    const holder = await service.holder(req.params.id, bearer(req), req.params.sid);
    if (holder.role !== 'author')
      throw new ConsultationError('forbidden', 'only the author withdraws a submission; organisers decline it');
    await service.withdraw(req.params.id, req.params.sid);
    res.status(204).end();
  });

  router.post('/:id/submissions/:sid/agenda', async (req, res) => {
    await service.requireOrganizer(req.params.id, bearer(req));
    const input = parseWith(ToAgendaInput, req.body, 'the agenda request is not valid');
    res.json(await service.toAgenda(req.params.id, req.params.sid, input));
  });

  router.get('/:id/submissions/:sid/photo', async (req: Request, res: Response) => {
    const size = req.query.size === 'thumbnail' ? 'thumbnail' : 'full';
    const image = await service.photo(req.params.id as string, req.params.sid as string, size, bearer(req));
    res.type('image/jpeg').set('Cache-Control', 'private, max-age=300').send(image);
  });

  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    if (error instanceof ConsultationError) {
      res.status(error.status).json({ error: error.toBody() });
    } else if (error instanceof StoreUnavailableError) {
      res.status(503).json({ error: { code: 'unavailable', message: 'the consultation store is unavailable; try again' } });
    } else if (error?.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'invalid', message: 'the body is not valid JSON' } });
    } else if (error?.status === 413) {
      res.status(413).json({ error: { code: 'invalid', message: 'the body is too large' } });
    } else {
      logger.error({ err: error }, 'unexpected error in the consultation routes');
      res.status(500).json({ error: { code: 'internal', message: 'something went wrong on the server' } });
    }
  };
  router.use(onError);
  return router;
}
