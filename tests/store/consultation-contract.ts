import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsultationStore, StoredSubmission } from '../../server/consultations/store.js';
import { type Consultation, NEW_REVIEW } from '../../shared/consultation.js';

/** What every consultation store must do; run by each implementation's test file. */
export function consultationStoreContract(
  name: string,
  open: () => Promise<{ store: ConsultationStore; close: () => Promise<void> }>,
): void {
  describe(`${name} consultation store contract`, () => {
    let store: ConsultationStore;
    let close: () => Promise<void>;
    const consultation: Consultation = {
      id: 'c1',
      title: 'Open consultation',
      description: '',
      organisers: 'ITU',
      timeZone: 'Europe/Zurich',
      languages: ['en', 'ar'],
      phases: [],
      calls: [{ id: 'call1', kind: 'views', title: 'Views', description: '', opensAt: 0, closesAt: 10, original: null }],
      createdAt: 1,
      datesShiftedByWeeks: null,
    };
    const submission = (id: string, submittedAt: number): StoredSubmission => ({
      id,
      consultationId: 'c1',
      callId: 'call1',
      kind: 'views',
      submittedAt,
      updatedAt: submittedAt,
      receiptKeyHash: `hash-${id}`,
      content: {
        submitter: { name: 'نادية', email: 'n@example.org', organisation: '', stakeholderGroup: 'civil_society', country: 'MA' },
        form: { themes: 'الشمول الرقمي', format: '', innovations: '' },
        language: 'ar',
        photo: null,
      },
      review: NEW_REVIEW,
    });

    beforeEach(async () => {
      ({ store, close } = await open());
      await store.createConsultation(consultation, 'organizer-hash');
    });
    afterEach(async () => {
      await close();
    });

    it('creates a consultation once and loads it back with its key hash', async () => {
      expect(await store.loadConsultation('c1')).toEqual(consultation);
      expect(await store.organizerKeyHash('c1')).toBe('organizer-hash');
      await expect(store.createConsultation(consultation, 'other')).rejects.toThrow();
      expect(await store.organizerKeyHash('c1')).toBe('organizer-hash');
      expect(await store.loadConsultation('unknown')).toBeNull();
      expect(await store.organizerKeyHash('unknown')).toBeNull();
    });

    it('adds submissions, lists them oldest first, and refuses a duplicate id', async () => {
      await store.addSubmission(submission('s2', 200));
      await store.addSubmission(submission('s1', 100));
      await expect(store.addSubmission(submission('s1', 300))).rejects.toThrow();
      expect((await store.listSubmissions('c1')).map((s) => s.id)).toEqual(['s1', 's2']);
      expect(await store.loadSubmission('c1', 's1')).toEqual(submission('s1', 100));
      expect(await store.loadSubmission('c1', 'nope')).toBeNull();
      expect(await store.listSubmissions('other')).toEqual([]);
    });

    it('updates the content and the review separately, each leaving the other alone', async () => {
      await store.addSubmission(submission('s1', 100));
      const review = { ...NEW_REVIEW, status: 'accepted' as const, note: 'مقبول', reviewedAt: 150 };
      const content = { ...submission('s1', 100).content, form: { themes: 'edited', format: '', innovations: '' } };
      const [reviewed, edited] = await Promise.all([
        store.setReview('c1', 's1', review),
        store.updateContent('c1', 's1', content, 160),
      ]);
      expect([reviewed, edited]).toEqual([true, true]);
      const loaded = await store.loadSubmission('c1', 's1');
      expect(loaded?.review).toEqual(review);
      expect(loaded?.content).toEqual(content);
      expect(loaded?.updatedAt).toBe(160);
      expect(loaded?.receiptKeyHash).toBe('hash-s1');
      expect(await store.setReview('c1', 'nope', review)).toBe(false);
      expect(await store.updateContent('c1', 'nope', content, 1)).toBe(false);
      expect(await store.loadSubmission('c1', 'nope')).toBeNull();
    });

    it('deletes a submission once', async () => {
      await store.addSubmission(submission('s1', 100));
      expect(await store.deleteSubmission('c1', 's1')).toBe(true);
      expect(await store.deleteSubmission('c1', 's1')).toBe(false);
      expect(await store.loadSubmission('c1', 's1')).toBeNull();
      expect(await store.listSubmissions('c1')).toEqual([]);
    });
  });
}
