import { afterEach, describe, expect, it } from 'vitest';
import { engineWithSamplePack, type TestEngine } from '../../support/engine-fixture.ts';
import { FULL_MARKS, signInAs, submittedRun } from '../../support/review-fixture.ts';
import { insertLearners, runWriter, type GeneratedRun } from '../analytics/generate-runs.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

/** A reviewed run of the same mission by another learner, as a mentor's device holds after a sync. */
function otherRun(id: string, profileId: string, missionId: number, finalScore: number, elapsedMs: number): GeneratedRun {
  return {
    id, profileId, missionId, status: 'reviewed', startedAt: Date.UTC(2026, 9, 1), elapsedMs, submission: 1, endedBy: 'learner',
    finalScore, passed: finalScore >= 60 ? 1 : 0, currentStageId: null, path: [], decisions: [], hints: [], attempts: [],
    stageScores: [], recipeReads: [], stageTimes: [], hintTimes: [],
  };
}

describe('benchmark scoring at review', () => {
  it('records where the run stands in its cohort when the review is finished, and shows it to the learner', async () => {
    t = await engineWithSamplePack();
    const { runId, learnerId } = await submittedRun(t);
    const { sqlite } = t.engine.ctx.db;
    const missionId = (sqlite.prepare('SELECT mission_id AS id FROM runs WHERE id = ?').get(runId) as { id: number }).id;
    const others = insertLearners(sqlite, 3, Date.UTC(2026, 9, 1), 'peer');
    const writer = runWriter(sqlite);
    // Scores 50, 99 and 100 and all far slower than the run under review (which takes seconds here).
    [50, 99, 100].forEach((score, i) => writer.write(otherRun(`peer-run-${i}`, others[i] ?? '', missionId, score, 3_600_000 + i)));
    await t.call('reviews.claim', { runId });
    await t.call('reviews.saveDraft', { runId, stages: FULL_MARKS, overall: 'Well done.' });
    const finished = await t.call('reviews.finish', { runId });
    expect(finished.run.score.final).toBe(100);

    // Of 4: two lower, itself and one other at 100 counted half → (2 + 1) / 4; the fastest → (3 + 0.5) / 4.
    const stored = sqlite.prepare("SELECT benchmark_json AS json FROM reviews WHERE run_id = ? AND status = 'final'").get(runId) as { json: string };
    expect(JSON.parse(stored.json)).toMatchObject({ cohort: 4, scorePercentile: 75, timePercentile: 87.5 });
    // The review goes out again with the standing, so the learner's device receives it.
    const outbox = sqlite.prepare("SELECT payload_json AS p FROM outbox WHERE topic = 'review' AND record_id NOT LIKE 'claim:%'").all() as Array<{ p: string }>;
    expect(outbox.map((row) => (JSON.parse(row.p) as { benchmark: unknown }).benchmark)).toEqual([expect.objectContaining({ cohort: 4, scorePercentile: 75 })]);

    await signInAs(t, learnerId, 'learner');
    const seen = await t.call('runs.get', { profileId: learnerId, runId });
    expect(seen.review?.benchmark).toMatchObject({ cohort: 4, scorePercentile: 75, timePercentile: 87.5 });
  });

  it('shows no standing for a returned run, and a stored standing that does not parse is ignored', async () => {
    t = await engineWithSamplePack();
    const { runId, learnerId } = await submittedRun(t);
    await t.call('reviews.claim', { runId });
    await t.call('reviews.return', { runId, comment: 'Add the report.' });
    const { sqlite } = t.engine.ctx.db;
    expect((sqlite.prepare('SELECT benchmark_json AS json FROM reviews WHERE run_id = ?').get(runId) as { json: string | null }).json).toBeNull();
    sqlite.prepare("UPDATE reviews SET benchmark_json = '{\"cohort\": -1}' WHERE run_id = ?").run(runId);
    await signInAs(t, learnerId, 'learner');
    const seen = await t.call('runs.get', { profileId: learnerId, runId });
    expect(seen.review?.benchmark ?? null).toBeNull();
  });
});
