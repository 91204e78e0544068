import type { Redis } from 'ioredis';
import type { Consultation, Review, SubmissionContent } from '../../shared/consultation.js';
import { StoreUnavailableError } from '../store/types.js';
import type { ConsultationStore, StoredSubmission } from './store.js';

/** One hash tag per consultation: its keys share a slot, so the scripts work on a Redis Cluster too. */
const keys = (consultationId: string) => {
  const tag = `plenary:{c:${consultationId}}`;
  return {
    consultation: `${tag}:consultation`,
    /** Submission ids scored by submission time. */
    submissions: `${tag}:submissions`,
    submission: (submissionId: string) => `${tag}:submission:${submissionId}`,
  };
};

const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'record', ARGV[1], 'organizerKeyHash', ARGV[2])
return 1`;

const ADD = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'meta', ARGV[1], 'content', ARGV[2], 'review', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
return 1`;

/** Sets one field of an existing submission (and the meta when given), never creating a half one. */
const SET_FIELD = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'meta', ARGV[3]) end
return 1`;

const DELETE = `
local removed = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return removed`;

type Meta = Omit<StoredSubmission, 'content' | 'review'>;
type ScriptRunner = (...args: (string | number)[]) => Promise<unknown>;

/** Consultations in the meetings' Redis: a hash per consultation and per submission, a sorted set of ids. */
export class RedisConsultationStore implements ConsultationStore {
  private readonly scripts: Record<'create' | 'add' | 'setField' | 'delete', ScriptRunner>;

  constructor(private readonly client: Redis) {
    client.defineCommand('plenaryConsultationCreate', { numberOfKeys: 1, lua: CREATE });
    client.defineCommand('plenarySubmissionAdd', { numberOfKeys: 2, lua: ADD });
    client.defineCommand('plenarySubmissionSet', { numberOfKeys: 1, lua: SET_FIELD });
    client.defineCommand('plenarySubmissionDelete', { numberOfKeys: 2, lua: DELETE });
    const commands = client as unknown as Record<string, ScriptRunner>;
    const script =
      (name: string): ScriptRunner =>
      (...args) =>
        commands[name]?.(...args) ?? Promise.reject(new Error(`script ${name} missing`));
    this.scripts = {
      create: script('plenaryConsultationCreate'),
      add: script('plenarySubmissionAdd'),
      setField: script('plenarySubmissionSet'),
      delete: script('plenarySubmissionDelete'),
    };
  }

  async createConsultation(consultation: Consultation, organizerKeyHash: string): Promise<void> {
    const created = await this.call(() =>
      this.scripts.create(keys(consultation.id).consultation, JSON.stringify(consultation), organizerKeyHash),
    );
    if (created !== 1) throw new Error(`consultation ${consultation.id} exists already`);
  }

  async loadConsultation(consultationId: string): Promise<Consultation | null> {
    const record = await this.call(() => this.client.hget(keys(consultationId).consultation, 'record'));
    return record === null ? null : (JSON.parse(record) as Consultation);
  }

  async organizerKeyHash(consultationId: string): Promise<string | null> {
    return this.call(() => this.client.hget(keys(consultationId).consultation, 'organizerKeyHash'));
  }

  async addSubmission(s: StoredSubmission): Promise<void> {
    const k = keys(s.consultationId);
    const { content, review, ...meta } = s;
    const added = await this.call(() =>
      this.scripts.add(
        k.submission(s.id),
        k.submissions,
        JSON.stringify(meta),
        JSON.stringify(content),
        JSON.stringify(review),
        s.submittedAt,
        s.id,
      ),
    );
    if (added !== 1) throw new Error(`submission ${s.id} exists already`);
  }

  async loadSubmission(consultationId: string, submissionId: string): Promise<StoredSubmission | null> {
    const [meta, content, review] = await this.call(() =>
      this.client.hmget(keys(consultationId).submission(submissionId), 'meta', 'content', 'review'),
    );
    return meta && content && review ? this.parse(meta, content, review) : null;
  }

  async updateContent(
    consultationId: string,
    submissionId: string,
    content: SubmissionContent,
    updatedAt: number,
  ): Promise<boolean> {
    const current = await this.loadSubmission(consultationId, submissionId);
    if (!current) return false;
    const { content: _content, review: _review, ...meta } = current;
    const done = await this.call(() =>
      this.scripts.setField(
        keys(consultationId).submission(submissionId),
        'content',
        JSON.stringify(content),
        JSON.stringify({ ...meta, updatedAt }),
      ),
    );
    return done === 1;
  }

  async setReview(consultationId: string, submissionId: string, review: Review): Promise<boolean> {
    const done = await this.call(() =>
      this.scripts.setField(keys(consultationId).submission(submissionId), 'review', JSON.stringify(review), ''),
    );
    return done === 1;
  }

  async deleteSubmission(consultationId: string, submissionId: string): Promise<boolean> {
    const k = keys(consultationId);
    const removed = await this.call(() => this.scripts.delete(k.submission(submissionId), k.submissions, submissionId));
    return removed === 1;
  }

  async listSubmissions(consultationId: string): Promise<StoredSubmission[]> {
    const k = keys(consultationId);
    const ids = await this.call(() => this.client.zrange(k.submissions, '0', '-1'));
    if (ids.length === 0) return [];
    const pipeline = this.client.pipeline();
    for (const id of ids) pipeline.hmget(k.submission(id), 'meta', 'content', 'review');
    const results = (await this.call(() => pipeline.exec())) ?? [];
    const submissions: StoredSubmission[] = [];
    for (const [error, fields] of results) {
      if (error) throw new StoreUnavailableError(error);
      const [meta, content, review] = fields as (string | null)[];
      if (meta && content && review) submissions.push(this.parse(meta, content, review));
    }
    return submissions;
  }

  private parse(meta: string, content: string, review: string): StoredSubmission {
    return {
      ...(JSON.parse(meta) as Meta),
      content: JSON.parse(content) as SubmissionContent,
      review: JSON.parse(review) as Review,
    };
  }

  /** Any failure to reach Redis becomes StoreUnavailableError, as in the meeting store. */
  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof Error && /ERR|WRONGTYPE|NOSCRIPT/.test(error.message) && this.client.status === 'ready') throw error;
      throw new StoreUnavailableError(error);
    }
  }
}
