import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors.ts';
import { engineWithSamplePack, type TestEngine } from '../../support/engine-fixture.ts';
import { codeOf, FULL_MARKS, signInAs, submittedRun } from '../../support/review-fixture.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

describe('mentor review: queue, claim, open, drafts, finish', () => {
  it('lists a submitted run, claims it, scores it stage by stage and passes it with the breakdown', async () => {
    t = await engineWithSamplePack();
    const { runId, learnerId, mentorId } = await submittedRun(t, { hints: 1 });
    const queue = await t.call('reviews.queue', {});
    const item = queue.find((q) => q.runId === runId);
    expect(item).toMatchObject({ missionCode: 'REV-01', learnerId, learnerName: 'Lena Learner', status: 'waiting', submission: 1, claimedBy: null, endedBy: 'learner', packId: 'review-pack' });

    const claimed = await t.call('reviews.claim', { runId });
    expect(claimed.status).toBe('claimed');
    expect(claimed.claimedBy?.profileId).toBe(mentorId);

    const sheet = await t.call('reviews.open', { runId });
    // The auto-checked stage has the mission's rubric too: a mentor may score it instead of its check.
    expect(Object.keys(sheet.rubrics).sort()).toEqual(['flag', 'report', 'triage']);
    expect(sheet.rubrics.flag?.id).toBe('analyst');
    expect(sheet.rubrics.report?.id).toBe('writing');
    expect(sheet.rubrics.triage?.id).toBe('analyst');
    expect(sheet.decisions).toEqual([{ stageId: 'respond', title: 'Containment', prompt: 'The host still beacons. What now?', chosen: 'Isolate the host', notChosen: ['Keep watching'] }]);
    expect(sheet.breakdown.pendingReview.sort()).toEqual(['report', 'triage']);
    expect(sheet.breakdown.score).toBeNull();
    expect(sheet.learner.id).toBe(learnerId);

    const saved = await t.call('reviews.saveDraft', { runId, stages: FULL_MARKS, overall: 'Well done.' });
    // 40 + 20 + 40 of 100 at full marks, minus the first hint's 5.
    expect(saved.breakdown.score).toBe(95);
    expect(saved.breakdown.lines.map((l) => [l.stageId, l.source, l.contribution])).toEqual([
      ['triage', 'rubric', 40],
      ['flag', 'auto', 20],
      ['report', 'rubric', 40],
    ]);

    const finished = await t.call('reviews.finish', { runId });
    expect(finished.run.status).toBe('reviewed');
    expect(finished.run.score.final).toBe(95);
    expect(finished.run.score.passed).toBe(true);
    expect(finished.history).toMatchObject([{ submission: 1, outcome: 'passed', score: 95, reviewerName: 'Max Mentor', comment: 'Well done.' }]);
    // A pass writes the learner's portfolio report.
    expect(t.engine.ctx.db.all(t.engine.ctx.db.q.selectFrom('portfolio_reports').select('profile_id').where('run_id', '=', runId))).toEqual([{ profile_id: learnerId }]);

    await signInAs(t, learnerId, 'learner');
    const seen = await t.call('runs.get', { profileId: learnerId, runId });
    expect(seen.breakdown?.score).toBe(95);
    expect(seen.breakdown?.hintPenalties).toEqual([{ stageId: 'triage', title: 'Triage the alert', hint: 1, penalty: 5 }]);
    expect(seen.review?.stages.find((s) => s.stageId === 'report')).toMatchObject({ points: 10, maxPoints: 10, fraction: 1, recipeIds: ['writing-reports'] });
    expect(seen.review?.stages.find((s) => s.stageId === 'triage')).toMatchObject({ points: 6, maxPoints: 6 });
    const verbs = t.engine.ctx.db.all(t.engine.ctx.db.q.selectFrom('events').select('verb').where('run_id', '=', runId).orderBy('seq')).map((r) => r.verb);
    expect(verbs).toEqual(expect.arrayContaining(['review.claimed', 'review.draft-saved', 'review.scored', 'review.passed']));
    const outbox = t.engine.ctx.db.all(t.engine.ctx.db.q.selectFrom('outbox').select(['topic', 'record_id']).where('topic', '=', 'review'));
    expect(outbox.map((r) => r.record_id)).toContain(`claim:${runId}`);
    expect(outbox.length).toBe(2);
  });

  it('refuses to finish while a weighted rubric stage is unscored, naming it', async () => {
    t = await engineWithSamplePack();
    const { runId } = await submittedRun(t);
    await t.call('reviews.open', { runId });
    await t.call('reviews.saveDraft', { runId, stages: [FULL_MARKS[0]!], overall: '' });
    const error = await t.call('reviews.finish', { runId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('rule_violation');
    expect((error as ApiError).message).toContain('Write the report');
    expect((error as ApiError).details).toEqual({ pendingReview: ['report'] });
    // A criterion left out counts as unscored too.
    await t.call('reviews.saveDraft', { runId, stages: [FULL_MARKS[0]!, { stageId: 'report', criteria: {}, comment: '', recipeIds: [] }], overall: '' });
    expect(await codeOf(t.call('reviews.finish', { runId }))).toBe('rule_violation');
    const run = t.engine.ctx.db.first(t.engine.ctx.db.q.selectFrom('runs').select(['status', 'final_score']).where('id', '=', runId));
    expect(run).toEqual({ status: 'submitted', final_score: null });
  });

  it('refuses draft points that are not a level, criteria and stages that do not exist, and unknown recipes', async () => {
    t = await engineWithSamplePack();
    const { runId } = await submittedRun(t);
    const bad = async (stages: Parameters<typeof t.call<'reviews.saveDraft'>>[1]['stages']) => codeOf(t.call('reviews.saveDraft', { runId, stages, overall: '' }));
    expect(await bad([{ stageId: 'triage', criteria: { accuracy: 3 }, comment: '', recipeIds: [] }])).toBe('invalid_input');
    expect(await bad([{ stageId: 'triage', criteria: { structure: 10 }, comment: '', recipeIds: [] }])).toBe('invalid_input');
    expect(await bad([{ stageId: 'respond', criteria: {}, comment: '', recipeIds: [] }])).toBe('invalid_input');
    expect(await bad([{ stageId: 'nowhere', criteria: {}, comment: '', recipeIds: [] }])).toBe('invalid_input');
    expect(await bad([{ stageId: 'triage', criteria: {}, comment: '', recipeIds: ['no-such-recipe'] }])).toBe('invalid_input');
    expect(await bad([FULL_MARKS[0]!, FULL_MARKS[0]!])).toBe('invalid_input');
    expect(await codeOf(t.call('reviews.saveDraft', { runId, stages: [], overall: 'x'.repeat(20_001) }))).toBe('invalid_input');
    const reviews = t.engine.ctx.db.all(t.engine.ctx.db.q.selectFrom('reviews').select('id'));
    expect(reviews).toEqual([]);
  });

  it('keeps drafts across an engine restart', async () => {
    t = await engineWithSamplePack();
    const { runId, mentorId } = await submittedRun(t);
    await t.call('reviews.saveDraft', { runId, stages: FULL_MARKS, overall: 'Halfway.' });
    const dataDir = t.dataDir;
    t.engine.close();
    t = await engineWithSamplePack({ dataDir });
    await signInAs(t, mentorId, 'mentor');
    const sheet = await t.call('reviews.open', { runId });
    expect(sheet.draft.overall).toBe('Halfway.');
    expect(sheet.draft.stages.find((s) => s.stageId === 'report')).toEqual(FULL_MARKS[1]);
    expect(sheet.draft.savedAt).not.toBeNull();
    expect(sheet.breakdown.score).toBe(100);
    expect(sheet.claim?.profileId).toBe(mentorId);
  });

  it('suggests recipes from the lowest-scoring stages, each saying why', async () => {
    t = await engineWithSamplePack();
    const { runId } = await submittedRun(t);
    await t.call('reviews.saveDraft', {
      runId,
      stages: [{ stageId: 'triage', criteria: { accuracy: 0, clarity: 0 }, comment: '', recipeIds: [] }, { stageId: 'report', criteria: { structure: 10 }, comment: '', recipeIds: [] }],
      overall: '',
    });
    const sheet = await t.call('reviews.open', { runId });
    expect(sheet.suggestions.map((s) => [s.recipeId, s.stageId])).toEqual([
      ['reading-logs', 'triage'],
      ['log-patterns', 'triage'],
    ]);
    expect(sheet.suggestions[0]?.why).toContain('"Triage the alert" scored 0 %');
    expect(sheet.suggestions[1]?.why).toContain('logs');
  });

  it('serves evidence as text with a cap, images as data, and anything else as a file to save', async () => {
    t = await engineWithSamplePack();
    const { runId, learnerId, mentorId } = await submittedRun(t, {});
    const { db } = t.engine.ctx;
    // Evidence is attached while the run is in progress; here it is written straight into the store.
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    const { createHash } = await import('node:crypto');
    const put = (id: string, name: string, media: string, bytes: Buffer) => {
      const sha = createHash('sha256').update(bytes).digest('hex');
      const path = t.engine.ctx.blobs.pathOf(sha);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
      db.run(db.q.insertInto('blobs').values({ sha256: sha, size: bytes.length, created_at: 1 }).onConflict((oc) => oc.doNothing()));
      db.run(db.q.insertInto('evidence').values({ id, run_id: runId, stage_id: 'triage', sha256: sha, file_name: name, size: bytes.length, media_type: media, added_at: 1, removed_at: null }));
    };
    put('e-log', 'auth.log', 'text/plain', Buffer.from('line one\nline two\n'));
    put('e-big', 'big.log', 'text/plain', Buffer.alloc(300 * 1024, 'a'));
    put('e-png', 'shot.png', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    put('e-html', 'page.html', 'text/html', Buffer.from('<script>alert(1)</script>'));
    put('e-bin', 'dump.bin', 'application/octet-stream', Buffer.from([0, 1, 2, 3]));
    put('e-fake', 'fake.log', 'text/plain', Buffer.from([0x41, 0, 0x42]));
    expect(await t.call('reviews.evidence', { runId, evidenceId: 'e-log' })).toMatchObject({ kind: 'text', text: 'line one\nline two\n', truncated: false, dataBase64: null });
    const big = await t.call('reviews.evidence', { runId, evidenceId: 'e-big' });
    expect([big.kind, big.truncated, big.text?.length]).toEqual(['text', true, 256 * 1024]);
    expect(await t.call('reviews.evidence', { runId, evidenceId: 'e-png' })).toMatchObject({ kind: 'image', dataBase64: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]).toString('base64') });
    // HTML is shown as its text, never as a page.
    expect(await t.call('reviews.evidence', { runId, evidenceId: 'e-html' })).toMatchObject({ kind: 'text', text: '<script>alert(1)</script>' });
    expect(await t.call('reviews.evidence', { runId, evidenceId: 'e-bin' })).toMatchObject({ kind: 'binary', text: null, dataBase64: null });
    expect(await t.call('reviews.evidence', { runId, evidenceId: 'e-fake' })).toMatchObject({ kind: 'binary' });
    expect(await codeOf(t.call('reviews.evidence', { runId, evidenceId: 'nope' }))).toBe('not_found');
    // What the sheet shows in part or not at all is saved whole, as bytes.
    expect(await t.call('reviews.evidenceFile', { runId, evidenceId: 'e-bin' })).toEqual({ mediaType: 'application/octet-stream', size: 4, dataBase64: Buffer.from([0, 1, 2, 3]).toString('base64') });
    expect((await t.call('reviews.evidenceFile', { runId, evidenceId: 'e-big' })).size).toBe(300 * 1024);
    expect(await codeOf(t.call('reviews.evidenceFile', { runId, evidenceId: 'nope' }))).toBe('not_found');
    expect(learnerId).not.toBe(mentorId);
  });
});
