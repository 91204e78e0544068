import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicConsultation, SubmissionView } from '../../shared/consultation.js';
import {
  type ConsultationTestServer,
  forms,
  photoWithGps,
  sampleConsultation,
  startConsultationServer,
  submitter,
} from '../support/consultations.js';

let server: ConsultationTestServer;
let created: { consultationId: string; organizerKey: string; links: { public: string; organize: string } };
let view: PublicConsultation;

const api = (path: string, init: RequestInit & { key?: string } = {}) => {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('authorization', `Bearer ${init.key}`);
  if (typeof init.body === 'string') headers.set('content-type', 'application/json');
  return fetch(`${server.url}/api/consultations${path}`, { ...init, headers });
};
const callOf = (title: string) => {
  const call = view.calls.find((c) => c.title === title);
  if (!call) throw new Error(`no call ${title}`);
  return call;
};
const submit = (callTitle: string, form: object, extra: object = {}) =>
  api(`/${created.consultationId}/calls/${callOf(callTitle).id}/submissions`, {
    method: 'POST',
    body: JSON.stringify({ submitter, form, ...extra }),
  });

beforeAll(async () => {
  server = await startConsultationServer();
  const response = await api('', { method: 'POST', body: JSON.stringify(sampleConsultation()) });
  expect(response.status).toBe(201);
  created = await response.json();
  view = await (await api(`/${created.consultationId}`)).json();
});
afterAll(async () => {
  await server.stop();
});

describe('consultations over HTTP', () => {
  it('creates a consultation with its links, and creates the meeting a phase asks for', async () => {
    expect(created.links.public).toBe(`${server.url}/c/${created.consultationId}`);
    expect(created.links.organize).toBe(`${server.url}/c/${created.consultationId}/organize#key=${created.organizerKey}`);
    const briefing = view.phases.find((p) => p.title === 'Final briefing');
    expect(briefing?.meetingId).toBeTruthy();
    expect(briefing?.meeting?.attend).toBe(`${server.url}/m/${briefing?.meetingId}`);
    expect(briefing?.state).toBe('upcoming');
    expect(view.phases.find((p) => p.title === 'Launch')?.state).toBe('past');
    expect(callOf('Share your views').state).toBe('open');
    expect(callOf('Closed a second ago').state).toBe('closed');
    expect(callOf('Opens in an hour').state).toBe('upcoming');
    expect(JSON.stringify(view)).not.toContain(created.organizerKey);
  });

  it('refuses a bad consultation with 400 and its issues, an unknown one with 404', async () => {
    const bad = await api('', { method: 'POST', body: JSON.stringify({ ...sampleConsultation(), timeZone: 'Mars/Olympus' }) });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.code).toBe('invalid');
    expect(body.error.issues[0].path).toBe('timeZone');
    const backwards = sampleConsultation();
    backwards.calls = [{ kind: 'views', title: 'x', opensAt: '2020-02-03T10:00', closesAt: '2020-02-03T09:00' }];
    expect((await api('', { method: 'POST', body: JSON.stringify(backwards) })).status).toBe(400);
    expect((await api('/nope')).status).toBe(404);
  });

  it('takes a submission of each kind and refuses a bad form with 400', async () => {
    for (const [title, form] of [
      ['Share your views', forms.views],
      ['Propose speakers', forms.speaker_proposal],
      ['Request a thematic workshop', forms.workshop],
      ['Request an exhibition booth', forms.exhibition],
      ['Nominate facilitators', forms.hltf_nomination],
    ] as const) {
      const response = await submit(title, form);
      expect(response.status, title).toBe(201);
      const body = await response.json();
      expect(body.links.receipt).toBe(
        `${server.url}/c/${created.consultationId}/receipt/${body.submissionId}#key=${body.receiptKey}`,
      );
    }
    const pathsOf = async (response: Response) => {
      expect(response.status).toBe(400);
      return (await response.json()).error.issues.map((i: { path: string }) => i.path);
    };
    expect(await pathsOf(await submit('Propose speakers', { ...forms.speaker_proposal, gender: 'robot' }))).toEqual([
      'form.gender',
    ]);
    expect(await pathsOf(await submit('Propose speakers', { ...forms.speaker_proposal, country: 'XX' }))).toEqual([
      'form.country',
    ]);
    expect((await submit('Share your views', { themes: '', format: '', innovations: '' })).status).toBe(400);
    expect((await submit('Share your views', forms.views, { extra: 1 })).status).toBe(400);
    const tooLong = await submit('Share your views', { themes: 'x'.repeat(5001) });
    expect(tooLong.status).toBe(400);
  });

  it('refuses a call closed one second ago with 409 closed, and one opening in an hour with 409 not_open (the second-exact edges run on a controlled clock in consultation-deadline.test.ts)', async () => {
    const closed = await submit('Closed a second ago', forms.views);
    expect(closed.status).toBe(409);
    expect((await closed.json()).error.code).toBe('closed');
    const early = await submit('Opens in an hour', forms.views);
    expect(early.status).toBe(409);
    expect((await early.json()).error.code).toBe('not_open');
  });

  it('names each problem by field with a stable code and its limit, for the forms to translate', async () => {
    const issuesOf = async (response: Response) => {
      expect(response.status).toBe(400);
      return (await response.json()).error.issues.map(({ path, code, limit }: { path: string; code: string; limit?: number }) =>
        limit === undefined ? { path, code } : { path, code, limit },
      );
    };
    const thirteen = Array.from({ length: 13 }, (_, i) => `Speaker ${i + 1}`);
    expect(await issuesOf(await submit('Request a thematic workshop', { ...forms.workshop, speakers: thirteen }))).toEqual([
      { path: 'form.speakers', code: 'too_many', limit: 12 },
    ]);
    expect(await issuesOf(await submit('Share your views', { themes: ' ', format: '', innovations: '' }))).toEqual([
      { path: 'form.themes', code: 'empty' },
    ]);
    expect(await issuesOf(await submit('Propose speakers', { ...forms.speaker_proposal, country: 'XX' }))).toEqual([
      { path: 'form.country', code: 'not_allowed' },
    ]);
    const { submissionId, receiptKey } = await (await submit('Share your views', forms.views)).json();
    const edit = await api(`/${created.consultationId}/submissions/${submissionId}`, {
      method: 'PATCH',
      key: receiptKey,
      body: JSON.stringify({ submitter: { ...submitter, name: 'n'.repeat(121) } }),
    });
    expect(await issuesOf(edit)).toEqual([{ path: 'submitter.name', code: 'too_long', limit: 120 }]);
  });

  it('sends the receipt link by e-mail (the outbox), in the contributor language', async () => {
    const before = server.outbox().length;
    const response = await submit('Share your views', forms.views, { language: 'ar' });
    const { receiptKey, links } = await response.json();
    const mails = server.outbox();
    expect(mails).toHaveLength(before + 1);
    const mail = mails.at(-1) ?? '';
    expect(mail).toContain('To: amina@example.org');
    // The body is quoted-printable or base64: check the link's key survives in the decoded text.
    const decoded = mail.includes('Content-Transfer-Encoding: base64')
      ? Buffer.from(mail.split('\n\n').slice(1).join('').replace(/\s/g, ''), 'base64').toString('utf8')
      : mail.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    expect(decoded).toContain(receiptKey);
    expect(decoded).toContain(links.receipt.split('#')[0]);
    // The deadline is Arabic too: no English month, weekday, clock marker or zone inside the Arabic text.
    const deadline = /الموعد النهائي \((.+?)\)/.exec(decoded)?.[1] ?? '';
    expect(deadline).toMatch(/[\u0600-\u06FF]/);
    expect(deadline).not.toMatch(/[A-Za-z]/);
    expect(deadline).toContain(
      new Intl.DateTimeFormat('ar', { timeZone: 'Europe/Zurich', year: 'numeric' }).format(callOf('Share your views').closesAt),
    );
  });

  it('lets the receipt holder see, edit and withdraw; nobody else', async () => {
    const { submissionId, receiptKey } = await (await submit('Share your views', forms.views)).json();
    const path = `/${created.consultationId}/submissions/${submissionId}`;
    expect((await api(path)).status).toBe(401);
    expect((await api(path, { key: 'wrong' })).status).toBe(401);
    const mine: SubmissionView = await (await api(path, { key: receiptKey })).json();
    expect(mine.form).toEqual(forms.views);
    expect(JSON.stringify(mine)).not.toContain('receiptKeyHash');

    const edited = await api(path, { method: 'PATCH', key: receiptKey, body: JSON.stringify({ form: { themes: 'Edited' } }) });
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as SubmissionView).form).toEqual({ themes: 'Edited', format: '', innovations: '' });
    // The author cannot review their own submission.
    const selfReview = await api(path, { method: 'PATCH', key: receiptKey, body: JSON.stringify({ status: 'accepted' }) });
    expect(selfReview.status).toBe(400);

    expect((await api(path, { method: 'DELETE', key: created.organizerKey })).status).toBe(403);
    expect((await api(path, { method: 'DELETE', key: receiptKey })).status).toBe(204);
    expect((await api(path, { key: receiptKey })).status).toBe(401);
  });

  it('takes a photo by its bytes, strips EXIF and GPS, keeps a thumbnail, and refuses a text file named .jpg', async () => {
    const original = await photoWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const form = new FormData();
    form.set('data', JSON.stringify({ submitter, form: forms.photo }));
    form.set('photo', new Blob([new Uint8Array(original)], { type: 'image/jpeg' }), 'holiday.jpg');
    const response = await api(`/${created.consultationId}/calls/${callOf('Photo contest').id}/submissions`, {
      method: 'POST',
      body: form,
    });
    expect(response.status).toBe(201);
    const { submissionId, receiptKey } = await response.json();
    const photoPath = `/${created.consultationId}/submissions/${submissionId}/photo`;
    // Not accepted yet: private.
    expect((await api(photoPath)).status).toBe(401);
    const stored = Buffer.from(await (await api(photoPath, { key: receiptKey })).arrayBuffer());
    const meta = await sharp(stored).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(stored.includes(Buffer.from('PhoneMaker'))).toBe(false);
    const thumbnail = await sharp(
      Buffer.from(await (await api(`${photoPath}?size=thumbnail`, { key: receiptKey })).arrayBuffer()),
    ).metadata();
    expect(thumbnail.width).toBe(480);
    const files = readdirSync(join(server.dataDir, 'consultations', created.consultationId, 'photos'));
    expect(files).toEqual(expect.arrayContaining([`${submissionId}.jpg`, `${submissionId}.thumb.jpg`]));

    const fake = new FormData();
    fake.set('data', JSON.stringify({ submitter, form: forms.photo }));
    fake.set('photo', new Blob(['just text'], { type: 'image/jpeg' }), 'fake.jpg');
    const refused = await api(`/${created.consultationId}/calls/${callOf('Photo contest').id}/submissions`, {
      method: 'POST',
      body: fake,
    });
    expect(refused.status).toBe(400);
    const noPhoto = await submit('Photo contest', forms.photo);
    expect(noPhoto.status).toBe(400);
  });

  it('drops a submission whose honeypot is filled, answering as if it were kept', async () => {
    const before = (await (await api(`/${created.consultationId}/submissions`, { key: created.organizerKey })).json()).submissions
      .length;
    const response = await submit('Share your views', forms.views, { website: 'http://spam.example' });
    expect(response.status).toBe(201);
    const after = (await (await api(`/${created.consultationId}/submissions`, { key: created.organizerKey })).json()).submissions
      .length;
    expect(after).toBe(before);
  });

  it('lists every submission to the organiser only, reviews, exports CSV that parses back, and publishes accepted ones without e-mail', async () => {
    const listPath = `/${created.consultationId}/submissions`;
    expect((await api(listPath)).status).toBe(401);
    expect((await api(listPath, { key: 'wrong' })).status).toBe(401);
    const list = await (await api(listPath, { key: created.organizerKey })).json();
    const speaker = list.submissions.find((s: SubmissionView) => s.kind === 'speaker_proposal') as SubmissionView;
    expect(list.statistics.byGender).toEqual({ female: 1 });
    expect(list.statistics.byCountry.EG).toBe(list.submissions.length);

    const reviewed = await api(`${listPath}/${speaker.id}`, {
      method: 'PATCH',
      key: created.organizerKey,
      body: JSON.stringify({ status: 'accepted', note: 'Strong "AI" proposal, =cheap' }),
    });
    expect(reviewed.status).toBe(200);
    expect(((await reviewed.json()) as SubmissionView).review.status).toBe('accepted');
    const badReview = await api(`${listPath}/${speaker.id}`, {
      method: 'PATCH',
      key: created.organizerKey,
      body: JSON.stringify({ status: 'maybe' }),
    });
    expect(badReview.status).toBe(400);

    const csv = await api(`${listPath}?format=csv`, { key: created.organizerKey });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = parse(await csv.text(), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(list.submissions.length);
    const row = rows.find((r) => r.id === speaker.id);
    expect(row?.status).toBe('accepted');
    expect(row?.note).toBe('Strong "AI" proposal, =cheap');
    expect(row?.['form.speaker']).toBe('Li Wei');
    expect(row?.countryName).toBe('Egypt');
    expect(row?.email).toBe('amina@example.org');

    const publicView: PublicConsultation = await (await api(`/${created.consultationId}`)).json();
    expect(publicView.accepted.map((a) => a.id)).toEqual([speaker.id]);
    expect(JSON.stringify(publicView)).not.toContain('amina@example.org');
  });

  it('puts an accepted speaker on the agenda of the phase meeting once, through the meeting command path', async () => {
    const list = await (await api(`/${created.consultationId}/submissions`, { key: created.organizerKey })).json();
    const speaker = list.submissions.find((s: SubmissionView) => s.kind === 'speaker_proposal') as SubmissionView;
    const briefing = view.phases.find((p) => p.title === 'Final briefing');
    if (!briefing?.meetingId) throw new Error('no meeting');
    const before = await (await fetch(`${server.url}/api/meetings/${briefing.meetingId}`)).json();
    const path = `/${created.consultationId}/submissions/${speaker.id}/agenda`;
    const body = JSON.stringify({ phaseId: briefing.id, minutes: 12 });
    expect((await api(path, { method: 'POST', body })).status).toBe(401);
    const first = await api(path, { method: 'POST', key: created.organizerKey, body });
    expect(first.status).toBe(200);
    const again = await api(path, { method: 'POST', key: created.organizerKey, body });
    expect(again.status).toBe(200);
    const after = await (await fetch(`${server.url}/api/meetings/${briefing.meetingId}`)).json();
    expect(after.version).toBe(before.version + 1);
    const item = after.meeting.agenda.items.at(-1);
    expect(item).toMatchObject({ title: 'AI for the SDGs', presenters: ['Li Wei, Tsinghua University'], plannedMinutes: 12 });
    const publicView: PublicConsultation = await (await api(`/${created.consultationId}`)).json();
    expect(publicView.phases.find((p) => p.id === briefing.id)?.speakers).toEqual([
      { name: 'Li Wei', affiliation: 'Tsinghua University', topic: 'AI for the SDGs' },
    ]);
  });
});
