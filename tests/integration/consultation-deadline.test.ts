import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite.js';
import type { PublicConsultation } from '../../shared/consultation.js';
import { type ConsultationTestServer, forms, startConsultationServer, submitter } from '../support/consultations.js';

// The server's clock, moved by the test: the deadline is judged to the second without waiting for it.
let clock = Date.parse('2020-02-03T12:00:00Z');
let server: ConsultationTestServer;
let consultationId: string;
let callId: string;
let closesAt: number;

beforeAll(async () => {
  server = await startConsultationServer(new SqliteStore(null), null, () => clock);
  const created = await (
    await fetch(`${server.url}/api/consultations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Deadline',
        timeZone: 'Europe/Zurich',
        calls: [{ kind: 'views', title: 'Views', opensAt: '2020-01-01T00:00', closesAt: '2020-02-03T23:59:59' }],
      }),
    })
  ).json();
  consultationId = created.consultationId;
  const view: PublicConsultation = await (await fetch(`${server.url}/api/consultations/${consultationId}`)).json();
  callId = view.calls[0]?.id ?? '';
  closesAt = view.calls[0]?.closesAt ?? 0;
});
afterAll(async () => {
  await server.stop();
});

const submit = () =>
  fetch(`${server.url}/api/consultations/${consultationId}/calls/${callId}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ submitter, form: forms.views }),
  });
const asAuthor = (submissionId: string, receiptKey: string, method: 'PATCH' | 'DELETE') =>
  fetch(`${server.url}/api/consultations/${consultationId}/submissions/${submissionId}`, {
    method,
    headers: { authorization: `Bearer ${receiptKey}`, 'content-type': 'application/json' },
    body: method === 'PATCH' ? JSON.stringify({ form: { themes: 'late change' } }) : undefined,
  });

describe('the deadline, by the server clock, to the second', () => {
  it('closes at 23:59:59 Geneva time (22:59:59 UTC in February)', () => {
    expect(new Date(closesAt).toISOString()).toBe('2020-02-03T22:59:59.000Z');
  });

  it('takes a submission, an edit and a withdrawal one second before, and refuses all three at the deadline and a second after', async () => {
    clock = closesAt - 1_000;
    const early = await submit();
    expect(early.status).toBe(201);
    const { submissionId, receiptKey } = await early.json();
    expect((await asAuthor(submissionId, receiptKey, 'PATCH')).status).toBe(200);
    const second = await (await submit()).json();

    clock = closesAt;
    const atDeadline = await submit();
    expect(atDeadline.status).toBe(409);
    expect((await atDeadline.json()).error.code).toBe('closed');

    clock = closesAt + 1_000;
    expect((await submit()).status).toBe(409);
    const lateEdit = await asAuthor(submissionId, receiptKey, 'PATCH');
    expect(lateEdit.status).toBe(409);
    expect((await lateEdit.json()).error.code).toBe('closed');
    expect((await asAuthor(second.submissionId, second.receiptKey, 'DELETE')).status).toBe(409);

    // The public view says so too.
    expect(await (await fetch(`${server.url}/api/consultations/${consultationId}`)).json()).toMatchObject({
      calls: [{ state: 'closed' }],
    });
  });

  it('refuses a photo over 10 MB whatever its first bytes say', async () => {
    clock = closesAt - 60_000;
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0);
    big[0] = 0xff;
    big[1] = 0xd8;
    big[2] = 0xff;
    const form = new FormData();
    form.set('data', JSON.stringify({ submitter, form: forms.views }));
    form.set('photo', new Blob([new Uint8Array(big)]), 'big.jpg');
    const response = await fetch(`${server.url}/api/consultations/${consultationId}/calls/${callId}/submissions`, {
      method: 'POST',
      body: form,
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain('10 MB');
  });
});
