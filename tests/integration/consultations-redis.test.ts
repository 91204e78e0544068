import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../server/store/redis.js';
import type { PublicConsultation } from '../../shared/consultation.js';
import {
  type ConsultationTestServer,
  forms,
  sampleConsultation,
  startConsultationServer,
  submitter,
} from '../support/consultations.js';
import { TestRedis } from '../support/redis.js';

const redis = new TestRedis();
let server: ConsultationTestServer;
beforeAll(async () => {
  await redis.start();
  server = await startConsultationServer(new RedisStore(redis.url, () => undefined));
});
afterAll(async () => {
  await server?.stop();
  await redis.destroy();
});

describe('consultations on the Redis store (cluster mode)', () => {
  it('creates, takes a submission under a Redis rate limit, reviews and publishes it', async () => {
    const created = await (
      await fetch(`${server.url}/api/consultations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(sampleConsultation()),
      })
    ).json();
    const view: PublicConsultation = await (await fetch(`${server.url}/api/consultations/${created.consultationId}`)).json();
    const call = view.calls.find((c) => c.kind === 'workshop');
    const response = await fetch(`${server.url}/api/consultations/${created.consultationId}/calls/${call?.id}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ submitter, form: forms.workshop, language: 'fr' }),
    });
    expect(response.status).toBe(201);
    const { submissionId } = await response.json();
    const auth = { authorization: `Bearer ${created.organizerKey}`, 'content-type': 'application/json' };
    const reviewed = await fetch(`${server.url}/api/consultations/${created.consultationId}/submissions/${submissionId}`, {
      method: 'PATCH',
      headers: auth,
      body: JSON.stringify({ status: 'accepted' }),
    });
    expect(reviewed.status).toBe(200);
    const after: PublicConsultation = await (await fetch(`${server.url}/api/consultations/${created.consultationId}`)).json();
    expect(after.accepted.map((a) => a.id)).toEqual([submissionId]);
    const probe = new RedisStore(redis.url, () => undefined);
    const keys = await probe.redis.keys('plenary:rl:consultation-*');
    await probe.close();
    expect(keys.length).toBeGreaterThan(0);
    expect(server.outbox()).toHaveLength(1);
  });
});
