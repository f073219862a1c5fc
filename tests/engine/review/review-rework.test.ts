import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { engineWithSamplePack, missionIdOf, type TestEngine } from '../../support/engine-fixture.ts';
import { codeOf, FULL_MARKS, signInAs, submittedRun } from '../../support/review-fixture.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

describe('return for rework and resubmit', () => {
  it('returns a run with a comment, lets the learner revise and resubmit, and rescores the new submission with both kept', async () => {
    t = await engineWithSamplePack();
    const { runId, learnerId, mentorId } = await submittedRun(t, { choice: 'watch' });
    // Before any return, a submitted run takes no changes.
    await signInAs(t, learnerId, 'learner');
    expect(await codeOf(t.call('responses.save', { profileId: learnerId, runId, stageId: 'report', text: 'sneaky edit' }))).toBe('invalid_state');
    await signInAs(t, mentorId, 'mentor');

    await t.call('reviews.saveDraft', { runId, stages: [{ stageId: 'report', criteria: { structure: 0 }, comment: 'Say what you did.', recipeIds: ['writing-reports'] }], overall: '' });
    expect(await codeOf(t.call('reviews.return', { runId, comment: '   ' }))).toBe('invalid_input');
    await t.call('reviews.return', { runId, comment: 'Add the containment to the report.' });
    expect(await codeOf(t.call('reviews.finish', { runId }))).toBe('invalid_state');
    expect((await t.call('reviews.queue', {})).find((q) => q.runId === runId)).toMatchObject({ status: 'returned', submission: 1, claimedBy: null });

    await signInAs(t, learnerId, 'learner');
    const returned = await t.call('runs.get', { profileId: learnerId, runId });
    expect(returned.status).toBe('returned');
    expect(returned.reworkComment).toBe('Add the containment to the report.');
    // The run is open again: the library resumes it, and a fresh run of the mission waits for the rework.
    const card = (await t.call('catalog.list', { profileId: learnerId })).find((c) => c.activeRunId === runId);
    expect(card?.status).toBe('in_progress');
    expect(await codeOf(t.call('runs.start', { profileId: learnerId, missionId: returned.missionId }))).toBe('conflict');
    // The stage comments and recipes it was sent back with are there to work from, unscored.
    expect(returned.review).toMatchObject({ score: null, passed: null, stages: [expect.objectContaining({ stageId: 'report', feedback: 'Say what you did.', recipeIds: ['writing-reports'] })] });
    const report = returned.stages.find((s) => s.id === 'report');
    expect(report?.kind === 'task' && report.response?.editable).toBe(true);
    // The learner's work opens again; the path and its decisions do not.
    await t.call('responses.save', { profileId: learnerId, runId, stageId: 'report', text: 'The host beacons; I watched it, then isolated it.' });
    const withFile = await t.engine.uploadEvidence({ profileId: learnerId, runId, stageId: 'triage', fileName: 'notes.txt' }, Readable.from([Buffer.from('notes')]));
    const file = withFile.stages.find((s) => s.id === 'triage');
    expect(file?.kind === 'task' && file.evidence.files.map((f) => f.fileName)).toEqual(['notes.txt']);
    expect(await codeOf(t.call('decisions.take', { profileId: learnerId, runId, stageId: 'respond', optionId: 'isolate' }))).toBe('invalid_state');
    expect(await codeOf(t.call('hints.reveal', { profileId: learnerId, runId, stageId: 'triage' }))).toBe('invalid_state');
    // The check was answered right: no attempts remain to use.
    expect(await codeOf(t.call('checks.answer', { profileId: learnerId, runId, stageId: 'flag', answer: '10.0.4.21' }))).toBe('invalid_state');

    const resubmitted = await t.call('runs.submit', { profileId: learnerId, runId });
    expect(resubmitted.status).toBe('submitted');
    expect(resubmitted.reworkComment).toBeNull();
    expect(await codeOf(t.call('responses.save', { profileId: learnerId, runId, stageId: 'report', text: 'after' }))).toBe('invalid_state');

    await signInAs(t, mentorId, 'mentor');
    const item = (await t.call('reviews.queue', {})).find((q) => q.runId === runId);
    expect(item).toMatchObject({ status: 'waiting', submission: 2 });
    const sheet = await t.call('reviews.open', { runId });
    // The second submission starts from the review that sent it back, not yet saved for it; the first review is history.
    expect(sheet.draft).toEqual({ stages: [{ stageId: 'report', criteria: { structure: 0 }, comment: 'Say what you did.', recipeIds: ['writing-reports'] }], overall: expect.any(String), savedAt: null });
    expect(sheet.submission).toBe(2);
    expect(sheet.history.map((h) => [h.submission, h.outcome, h.comment])).toEqual([
      [1, 'returned', 'Add the containment to the report.'],
      [2, 'pending', ''],
    ]);
    // What the rework changed, from the learner's own acts between the two submissions.
    expect(sheet.history[0]?.changes).toEqual([]);
    expect(sheet.history[1]?.changes).toEqual(expect.arrayContaining([expect.stringMatching(/^Revised the written response of "/), 'Added evidence: notes.txt']));
    await t.call('reviews.saveDraft', { runId, stages: FULL_MARKS, overall: 'Much better.' });
    const done = await t.call('reviews.finish', { runId });
    // 100 − 10 for keeping watching.
    expect(done.run.score.final).toBe(90);
    expect(done.breakdown.decisionChanges).toEqual([{ stageId: 'respond', title: 'Containment', optionLabel: 'Keep watching', change: -10 }]);
    expect(done.history.map((h) => [h.submission, h.outcome, h.score])).toEqual([
      [1, 'returned', null],
      [2, 'passed', 90],
    ]);
    const { db } = t.engine.ctx;
    const verbs = db.all(db.q.selectFrom('events').select('verb').where('run_id', '=', runId).orderBy('seq')).map((r) => r.verb);
    expect(verbs.filter((v) => ['mission.submitted', 'run.returned', 'run.resubmitted', 'review.passed'].includes(v))).toEqual(['mission.submitted', 'run.returned', 'run.resubmitted', 'review.passed']);
    expect(db.all(db.q.selectFrom('run_submissions').select('submission').where('run_id', '=', runId)).map((r) => r.submission)).toEqual([1, 2]);
    expect(db.all(db.q.selectFrom('reviews').select(['submission', 'outcome']).where('run_id', '=', runId).orderBy('submission'))).toEqual([
      { submission: 1, outcome: 'returned' },
      { submission: 2, outcome: 'passed' },
    ]);

    await signInAs(t, learnerId, 'learner');
    const seen = await t.call('runs.get', { profileId: learnerId, runId });
    expect(seen.review?.feedback).toBe('Much better.');
    expect(seen.breakdown?.score).toBe(90);
  });

  it('tells a learner whose prerequisite waits for a review, then unlocks once it passes', async () => {
    t = await engineWithSamplePack();
    const { runId, learnerId, mentorId } = await submittedRun(t);
    await signInAs(t, learnerId, 'learner');
    const missionId = await missionIdOf(t, learnerId, 'REV-02');
    const locked = (await t.call('catalog.list', { profileId: learnerId })).find((m) => m.missionId === missionId);
    expect(locked?.status).toBe('locked');
    expect(locked?.lockedReason).toBe("Waiting for your mentor's review of REV-01 (Triage and report).");
    await signInAs(t, mentorId, 'mentor');
    await t.call('reviews.saveDraft', { runId, stages: FULL_MARKS, overall: '' });
    await t.call('reviews.finish', { runId });
    await signInAs(t, learnerId, 'learner');
    const open = (await t.call('catalog.list', { profileId: learnerId })).find((m) => m.missionId === missionId);
    expect([open?.status, open?.lockedReason]).toEqual(['available', null]);
  });

  it('fails a run below the pass score, and says so to the learner', async () => {
    t = await engineWithSamplePack();
    const { runId, learnerId } = await submittedRun(t, { hints: 2, wrongAnswers: 3, rightAnswer: false });
    await t.call('reviews.saveDraft', {
      runId,
      stages: [{ stageId: 'triage', criteria: { accuracy: 2, clarity: 0 }, comment: '', recipeIds: [] }, { stageId: 'report', criteria: { structure: 5 }, comment: '', recipeIds: [] }],
      overall: 'Not yet.',
    });
    const sheet = await t.call('reviews.finish', { runId });
    // 40 × 2/6 + 20 × 0 + 40 × 5/10 = 13.33 + 0 + 20 = 33.33, − 15 for two hints.
    expect(sheet.breakdown.base).toBe(33.33);
    expect(sheet.run.score.final).toBe(18.33);
    expect(sheet.run.score.passed).toBe(false);
    await signInAs(t, learnerId, 'learner');
    expect((await t.call('runs.get', { profileId: learnerId, runId })).breakdown?.passed).toBe(false);
  });
});
