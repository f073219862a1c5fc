import { afterEach, describe, expect, it } from 'vitest';
import type { OutcomeStats, RecipeUsage } from '../../../shared/api/analytics-views.ts';
import { recipeUsage, SMALL_SAMPLE } from '../../../shared/analytics/recipe-usage.ts';
import { learner, staff } from '../../support/engine-fixture.ts';
import { codeOf } from '../../support/review-fixture.ts';
import { engineTracker, missionsOf, recipeIdsOf, sourceOf, writeRuns } from './analytics-world.ts';
import { generateRuns, insertLearners, type GeneratedRun } from './generate-runs.ts';

const engines = engineTracker();
afterEach(() => engines.closeAll());

const START = Date.UTC(2026, 9, 1);
const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
const median = (xs: number[]): number | null => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return null;
  const h = s.length >> 1;
  return s.length % 2 ? (s[h] ?? 0) : ((s[h - 1] ?? 0) + (s[h] ?? 0)) / 2;
};

interface StageRun { run: GeneratedRun; stageId: string }

/** The outcome figures of some stage runs, worked out one run at a time. */
function outcome(stageRuns: StageRun[], recipeId: string | null): OutcomeStats {
  const scores: number[] = [];
  const attempts: number[] = [];
  const hintsAfter: number[] = [];
  const times: number[] = [];
  for (const { run, stageId } of stageRuns) {
    const score = run.status === 'reviewed' ? run.stageScores.find((s) => s.stageId === stageId) : undefined;
    if (score) scores.push(score.fraction);
    attempts.push(run.attempts.filter((a) => a.stageId === stageId).length);
    const opens = recipeId === null ? [] : run.recipeReads.filter((r) => r.recipeId === recipeId && r.stageId === stageId).map((r) => r.openedAt);
    const firstOpen = opens.length === 0 ? null : Math.min(...opens);
    hintsAfter.push(run.hints.filter((h, i) => h.stageId === stageId && (firstOpen === null || (run.hintTimes[i] ?? 0) > firstOpen)).length);
    const time = run.stageTimes.find((s) => s.stageId === stageId);
    if (time?.completed) times.push(time.activeMs);
  }
  const meanTime = mean(times);
  return {
    runs: stageRuns.length,
    meanStageScore: mean(scores),
    scored: scores.length,
    meanAttempts: mean(attempts),
    meanHintsAfter: mean(hintsAfter),
    meanActiveMs: meanTime === null ? null : Math.round(meanTime),
    completed: times.length,
  };
}

function expectClose(got: OutcomeStats, want: OutcomeStats): void {
  expect({ ...got, meanStageScore: null, meanAttempts: null, meanHintsAfter: null }).toEqual({ ...want, meanStageScore: null, meanAttempts: null, meanHintsAfter: null });
  for (const key of ['meanStageScore', 'meanAttempts', 'meanHintsAfter'] as const) {
    if (want[key] === null) expect(got[key]).toBeNull();
    else expect(got[key]).toBeCloseTo(want[key] ?? 0, 9);
  }
}

describe('recipe usage and effectiveness', () => {
  it('counts opens, readers and reading time, and compares the stages each recipe was opened from with and without it', async () => {
    const t = await engines.open();
    const missions = missionsOf(t);
    const recipes = recipeIdsOf(t);
    expect(recipes.length).toBeGreaterThan(1);
    const profiles = insertLearners(t.engine.ctx.db.sqlite, 15, START);
    const runs = missions.flatMap((m, i) => [...generateRuns({ missionId: m.id, stages: m.stages, profiles, count: 150, seed: 40 + i, startAt: START, recipes })]);
    writeRuns(t, runs);
    const view = await recipeUsage(sourceOf(t), {});
    expect(view.smallSample).toBe(SMALL_SAMPLE);

    const opened = recipes.filter((id) => runs.some((r) => r.recipeReads.some((read) => read.recipeId === id)));
    expect(view.recipes.map((r) => r.recipeId).sort()).toEqual(opened.sort());
    for (const recipeId of opened) {
      const got = view.recipes.find((r) => r.recipeId === recipeId) as RecipeUsage;
      const reads = runs.flatMap((r) => r.recipeReads.filter((read) => read.recipeId === recipeId).map((read) => ({ ...read, run: r })));
      expect(got.opens).toBe(reads.length);
      expect(got.opensInStages).toBe(reads.length);
      expect(got.readers).toBe(new Set(reads.map((r) => r.run.profileId)).size);
      expect(got.medianReadMs).toBe(median(reads.map((r) => r.activeMs)));

      const withSide = new Map<string, StageRun>();
      for (const read of reads) withSide.set(`${read.run.id}|${read.stageId}`, { run: read.run, stageId: read.stageId });
      const targets = new Set(reads.map((r) => `${r.run.missionId}|${r.stageId}`));
      const withoutSide: StageRun[] = [];
      for (const run of runs) {
        for (const stageId of new Set(run.path)) {
          if (targets.has(`${run.missionId}|${stageId}`) && !withSide.has(`${run.id}|${stageId}`)) withoutSide.push({ run, stageId });
        }
      }
      expectClose(got.withRecipe, outcome([...withSide.values()], recipeId));
      expectClose(got.withoutRecipe, outcome(withoutSide, null));
    }
    // Enough data that the comparison is not trivially empty on either side.
    const busiest = view.recipes[0];
    expect(busiest?.withRecipe.runs).toBeGreaterThan(SMALL_SAMPLE);
    expect(busiest?.withoutRecipe.runs).toBeGreaterThan(SMALL_SAMPLE);
    expect(busiest?.withRecipe.scored).toBeGreaterThan(0);
    expect(view.recipes.map((r) => r.opens)).toEqual([...view.recipes.map((r) => r.opens)].sort((x, y) => y - x));
  });

  it('counts library reads outside runs only when the filter names nothing but a period', async () => {
    const t = await engines.open();
    const [m] = missionsOf(t);
    const [recipe = ''] = recipeIdsOf(t);
    if (!m) throw new Error('no mission');
    const [who = ''] = insertLearners(t.engine.ctx.db.sqlite, 1, START);
    const insert = t.engine.ctx.db.sqlite.prepare('INSERT INTO recipe_reads (id, profile_id, recipe_id, run_id, stage_id, opened_at, closed_at, active_ms) VALUES (?, ?, ?, NULL, NULL, ?, ?, ?)');
    insert.run('lib-1', who, recipe, START, START + 1000, 1000);
    insert.run('lib-2', who, recipe, START + 10_000, START + 13_000, 3000);
    const all = await recipeUsage(sourceOf(t), {});
    expect(all.recipes).toMatchObject([{ recipeId: recipe, opens: 2, readers: 1, opensInStages: 0, medianReadMs: 2000 }]);
    expect(all.recipes[0]?.withRecipe.runs).toBe(0);
    expect((await recipeUsage(sourceOf(t), { from: START + 5000 })).recipes).toMatchObject([{ opens: 1, medianReadMs: 3000 }]);
    expect((await recipeUsage(sourceOf(t), { packId: m.key.packId })).recipes).toEqual([]);
  });

  it('is for staff only', async () => {
    const t = await engines.open();
    await learner(t);
    expect(await codeOf(t.engine.call('analytics.recipeUsage', { filter: {} }))).toBe('forbidden');
    await staff(t, 'admin');
    expect((await t.call('analytics.recipeUsage', { filter: {} })).recipes).toEqual([]);
    expect(await codeOf(t.engine.call('analytics.recipeUsage', { filter: { missionCode: 'X' } }))).toBe('invalid_input');
  });
});
