import { afterEach, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../../shared/api/contract.ts';
import { engineWithSamplePack, learner, staff, type TestEngine } from '../../support/engine-fixture.ts';
import { codeOf, FULL_MARKS, installReviewPack, playAndSubmit, signInAs, submittedRun } from '../../support/review-fixture.ts';

let engines: TestEngine[] = [];
afterEach(() => {
  for (const e of engines) e.engine.close();
  engines = [];
});

async function open(options: Parameters<typeof engineWithSamplePack>[0] = {}): Promise<TestEngine> {
  const t = await engineWithSamplePack(options);
  engines.push(t);
  return t;
}

const TABLES = ['runs', 'reviews', 'review_stages', 'review_criteria', 'review_claims', 'run_submissions', 'events', 'outbox'] as const;

function counts(t: TestEngine): Record<string, number> {
  const { db } = t.engine.ctx;
  return Object.fromEntries(TABLES.map((table) => [table, (db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]));
}

function runState(t: TestEngine, runId: string): unknown {
  const { db } = t.engine.ctx;
  return db.first(db.q.selectFrom('runs').select(['status', 'final_score', 'passed', 'submission', 'updated_at']).where('id', '=', runId));
}

describe('mentor review: who may do what', () => {
  it('refuses a learner every review method, and changes nothing', async () => {
    const t = await open();
    const { runId, learnerId, mentorId } = await submittedRun(t);
    await t.call('reviews.saveDraft', { runId, stages: FULL_MARKS, overall: 'Draft.' });
    await signInAs(t, learnerId, 'learner');
    const before = counts(t);
    const state = runState(t, runId);
    const inputs: Record<string, unknown> = {
      'reviews.queue': {},
      'reviews.claim': { runId, takeOver: true },
      'reviews.release': { runId },
      'reviews.open': { runId },
      'reviews.evidence': { runId, evidenceId: 'anything' },
      'reviews.evidenceFile': { runId, evidenceId: 'anything' },
      'reviews.saveDraft': { runId, stages: [], overall: 'mine now' },
      'reviews.finish': { runId },
      'reviews.return': { runId, comment: 'redo' },
    };
    const reviewMethods = METHOD_NAMES.filter((m) => m.startsWith('reviews.'));
    expect(reviewMethods.sort()).toEqual(Object.keys(inputs).sort());
    for (const method of reviewMethods) expect(await codeOf(t.engine.call(method, inputs[method])), method).toBe('forbidden');
    expect(counts(t)).toEqual(before);
    expect(runState(t, runId)).toEqual(state);
    await signInAs(t, mentorId, 'mentor');
    expect((await t.call('reviews.open', { runId })).draft.overall).toBe('Draft.');
  });

  it('never lets a mentor review their own run, nor list it', async () => {
    const t = await open();
    await installReviewPack(t);
    const mentorId = await staff(t, 'mentor', 'Max Mentor');
    const own = await playAndSubmit(t, mentorId);
    expect((await t.call('reviews.queue', {})).map((q) => q.runId)).not.toContain(own.id);
    const before = counts(t);
    for (const [method, input] of [
      ['reviews.claim', { runId: own.id }],
      ['reviews.open', { runId: own.id }],
      ['reviews.saveDraft', { runId: own.id, stages: FULL_MARKS, overall: '' }],
      ['reviews.finish', { runId: own.id }],
      ['reviews.return', { runId: own.id, comment: 'no' }],
    ] as const) {
      expect(await codeOf(t.engine.call(method, input)), method).toBe('forbidden');
    }
    expect(counts(t)).toEqual(before);
  });

  it('lets one of two mentors claiming at once win, on two engines sharing one database', async () => {
    const a = await open();
    const { runId } = await submittedRun(a);
    const b = await open({ dataDir: a.dataDir });
    const other = await staff(b, 'mentor', 'Nora Mentor');
    const results = await Promise.all([codeOf(a.call('reviews.claim', { runId })), codeOf(b.call('reviews.claim', { runId }))]);
    expect([...results].sort()).toEqual(['conflict', 'ok']);
    const { db } = a.engine.ctx;
    expect(db.all(db.q.selectFrom('review_claims').select('run_id'))).toHaveLength(1);
    // The loser cannot open or save over the winner's claim either; the claim names the winner.
    const [loser, winner] = results[0] === 'ok' ? [b, a] : [a, b];
    expect(await codeOf(loser.call('reviews.saveDraft', { runId, stages: [], overall: '' }))).toBe('conflict');
    expect(await codeOf(loser.call('reviews.open', { runId }))).toBe('conflict');
    const claim = db.first(db.q.selectFrom('review_claims').select('profile_id'));
    expect(claim?.profile_id).toBe(winner === b ? other : winner.engine.ctx.session.current()?.profileId);
  });

  it('lets an admin take over or release a claim, and nobody else', async () => {
    const t = await open();
    const { runId, mentorId } = await submittedRun(t);
    await t.call('reviews.claim', { runId });
    const otherMentor = await staff(t, 'mentor', 'Nora Mentor');
    expect(await codeOf(t.call('reviews.claim', { runId }))).toBe('conflict');
    expect(await codeOf(t.call('reviews.claim', { runId, takeOver: true }))).toBe('forbidden');
    expect(await codeOf(t.call('reviews.release', { runId }))).toBe('forbidden');
    expect(otherMentor).not.toBe(mentorId);
    const adminId = await staff(t, 'admin', 'Ida Admin');
    expect(await codeOf(t.call('reviews.claim', { runId }))).toBe('conflict');
    const taken = await t.call('reviews.claim', { runId, takeOver: true });
    expect(taken.claimedBy?.profileId).toBe(adminId);
    const { db } = t.engine.ctx;
    const claimedEvents = db.all(db.q.selectFrom('events').select(['profile_id', 'context_json']).where('verb', '=', 'review.claimed').orderBy('seq'));
    expect(claimedEvents.map((e) => [e.profile_id, JSON.parse(e.context_json) as unknown])).toEqual([
      [mentorId, {}],
      [adminId, { takenOverFrom: mentorId }],
    ]);
    await t.call('reviews.release', { runId });
    expect((await t.call('reviews.queue', {})).find((q) => q.runId === runId)?.status).toBe('waiting');
    const outbox = db.first(db.q.selectFrom('outbox').select('payload_json').where('record_id', '=', `claim:${runId}`));
    expect(JSON.parse(outbox?.payload_json ?? '{}')).toMatchObject({ kind: 'claim', released: true, profileId: adminId });
  });

  it('filters the queue by mission, pack, learner and status, oldest submission first', async () => {
    const t = await open();
    await installReviewPack(t);
    const first = await learner(t, 'First Learner');
    const runA = await playAndSubmit(t, first);
    t.clock.advance(60_000);
    const second = await learner(t, 'Second Learner');
    const runB = await playAndSubmit(t, second);
    await staff(t, 'mentor', 'Max Mentor');
    expect((await t.call('reviews.queue', {})).map((q) => q.runId)).toEqual([runA.id, runB.id]);
    expect((await t.call('reviews.queue', { learnerId: second })).map((q) => q.runId)).toEqual([runB.id]);
    expect((await t.call('reviews.queue', { packId: 'sample-nope' })).length).toBe(0);
    expect((await t.call('reviews.queue', { packId: 'review-pack', missionId: runA.missionId })).length).toBe(2);
    await t.call('reviews.claim', { runId: runB.id });
    expect((await t.call('reviews.queue', { status: 'claimed' })).map((q) => q.runId)).toEqual([runB.id]);
    expect((await t.call('reviews.queue', { status: 'waiting' })).map((q) => q.runId)).toEqual([runA.id]);
    await t.call('reviews.saveDraft', { runId: runB.id, stages: FULL_MARKS, overall: '' });
    expect((await t.call('reviews.queue', { status: 'draft' })).map((q) => q.runId)).toEqual([runB.id]);
    await t.call('reviews.finish', { runId: runB.id });
    expect((await t.call('reviews.queue', {})).map((q) => q.runId)).toEqual([runA.id]);
    expect((await t.call('reviews.queue', { status: 'reviewed' })).map((q) => [q.runId, q.status])).toEqual([[runB.id, 'reviewed']]);
    expect(await codeOf(t.engine.call('reviews.queue', { status: 'everything' }))).toBe('invalid_input');
  });
});
