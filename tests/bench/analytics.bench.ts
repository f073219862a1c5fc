// Benchmark: the analytics dashboards on a mentor's app holding 10,000 runs (most of one mission
// version, the rest of others) with their stages, decisions, hints, answer checks, final reviews and
// recipe reads, and 1,000,000 telemetry events beside them. The dashboards do not read the events:
// the activity map counts the runs' own timed acts, which a mentor's device holds for the whole team.
// Each query of the module, each whole view, and the API call are timed (p50/p90 of several calls)
// beside their targets (100 ms; the heatmap 200 ms); figures are printed, never asserted.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { MissionKey } from '../../shared/api/analytics-views.ts';
import { cohortOf, runBenchmark } from '../../shared/analytics/cohort.ts';
import { activityCounts, activityRuns, heatmap, pickCells } from '../../shared/analytics/heatmap.ts';
import {
  checkFailures,
  decisionSplits,
  dropOffFunnel,
  hintUse,
  missionPerformance,
  performanceSummary,
  stagesOf,
} from '../../shared/analytics/mission-performance.ts';
import { missionFilter } from '../../shared/analytics/run-filter.ts';
import { analyticsOptions } from '../../shared/analytics/options.ts';
import { allSums, readsOf, recipeUsage, withSums } from '../../shared/analytics/recipe-usage.ts';
import { appAnalyticsSource } from '../../electron/engine/analytics/app-source.ts';
import { generateRuns, insertLearners, runWriter, type StageDef } from '../engine/analytics/generate-runs.ts';
import { engineWithSamplePack, staff } from '../support/engine-fixture.ts';
import { percentile } from './percentile.ts';

const RUNS = 10_000;
/** Share of the runs on the mission the dashboard reads: a popular mission in a busy lab. */
const MEASURED_SHARE = 0.7;
const EVENTS = 1_000_000;
const LEARNERS = 400;
const CALLS = 15;
const TARGET_MS = 100;
const HEATMAP_TARGET_MS = 200;

export async function benchAnalytics(log: (line: string) => void): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-bench-analytics-'));
  const t = await engineWithSamplePack({ dataDir });
  try {
    const { db } = t.engine.ctx;
    const missions = (db.sqlite.prepare('SELECT id FROM missions ORDER BY id').all() as Array<{ id: number }>).map((row) => row.id);
    const measured = missions[0] ?? 0;
    const start = Date.UTC(2026, 0, 1);
    const seedStart = performance.now();
    const rows = seed(t.engine.ctx.db.sqlite, missions, measured, start);
    log(`analytics seed ${RUNS.toLocaleString('en')} runs (${rows.toLocaleString('en')} stage, decision, hint, check and recipe-read rows), ${EVENTS.toLocaleString('en')} events: ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const source = appAnalyticsSource(db);
    const key = db.sqlite
      .prepare('SELECT pack_versions.pack_id AS packId, pack_versions.version, missions.code FROM missions JOIN pack_versions ON pack_versions.id = missions.pack_version_id WHERE missions.id = ?')
      .get(measured) as MissionKey;
    const scope = missionFilter(key, {});
    const stages = await stagesOf(source, key);
    const starts = (await performanceSummary(source, scope)).starts;
    const lastStart = (db.sqlite.prepare('SELECT max(started_at) AS at FROM runs').get() as { at: number }).at;
    const lastQuarter = { from: Math.round(start + (lastStart - start) * 0.75) };
    const reviewedRun = (db.sqlite.prepare("SELECT id FROM runs WHERE mission_id = ? AND status = 'reviewed' LIMIT 1").get(measured) as { id: string }).id;
    const busiest = db.sqlite
      .prepare('SELECT cast(((occurred_at / 86400000) + 4) % 7 AS integer) AS day, cast((occurred_at % 86400000) / 3600000 AS integer) AS hour FROM analytics_activity GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1')
      .get() as { day: number; hour: number };
    const runsOf = `${starts.toLocaleString('en')} runs`;
    const acts = (db.sqlite.prepare('SELECT count(*) AS n FROM analytics_activity').get() as { n: number }).n;
    const recipeStages = [...new Set((await withSums(source, {})).map((row) => row.stageId))];
    const cases: Array<[string, () => Promise<unknown>, number]> = [
      [`stages`, () => stagesOf(source, key), TARGET_MS],
      [`summary (counts, average, medians; ${runsOf})`, () => performanceSummary(source, scope), TARGET_MS],
      [`drop-off funnel (${runsOf})`, () => dropOffFunnel(source, scope, stages), TARGET_MS],
      [`most-revealed hints (${runsOf})`, () => hintUse(source, scope, starts, stages), TARGET_MS],
      [`decision splits (${runsOf})`, () => decisionSplits(source, scope, stages), TARGET_MS],
      [`failed checks (${runsOf})`, () => checkFailures(source, scope, stages), TARGET_MS],
      [`mission performance, whole view (${runsOf})`, () => missionPerformance(source, key), TARGET_MS],
      [`mission performance, last quarter of the period`, () => missionPerformance(source, key, lastQuarter), TARGET_MS],
      [`filter options (all ${RUNS.toLocaleString('en')} runs)`, () => analyticsOptions(source), TARGET_MS],
      [`cohort with percentiles (${runsOf})`, () => cohortOf(source, key), TARGET_MS],
      [`one run's benchmark`, () => runBenchmark(source, reviewedRun, 0), TARGET_MS],
      [`recipe reads (all runs)`, () => readsOf(source, {}), TARGET_MS],
      [`recipe reads (${runsOf})`, () => readsOf(source, scope), TARGET_MS],
      [`recipe effectiveness, the stage runs with each recipe (all runs)`, () => withSums(source, {}), TARGET_MS],
      [`recipe effectiveness, every stage run of those stages (all runs)`, () => allSums(source, {}, recipeStages), TARGET_MS],
      [`recipe effectiveness, the stage runs with each recipe (${runsOf})`, () => withSums(source, scope), TARGET_MS],
      [`recipe effectiveness, every stage run of those stages (${runsOf})`, () => allSums(source, scope, recipeStages), TARGET_MS],
      [`recipe usage and effectiveness, whole view (all runs)`, () => recipeUsage(source, {}), TARGET_MS],
      [`recipe usage and effectiveness (${runsOf})`, () => recipeUsage(source, scope), TARGET_MS],
      [`activity cell's runs`, () => activityRuns(source, {}, 0, busiest.day, busiest.hour), TARGET_MS],
      [`heatmap cells, each learner's run of each mission (all runs)`, () => pickCells(source, {}), TARGET_MS],
      [`activity per quarter hour (all ${acts.toLocaleString('en')} timed acts)`, () => activityCounts(source, {}), TARGET_MS],
      [`activity per quarter hour (${runsOf})`, () => activityCounts(source, scope), TARGET_MS],
      [`heatmap, all ${RUNS.toLocaleString('en')} runs and their ${acts.toLocaleString('en')} timed acts`, () => heatmap(source, {}, 0), HEATMAP_TARGET_MS],
      [`heatmap, one mission version`, () => heatmap(source, scope, 60), HEATMAP_TARGET_MS],
    ];
    let under = 0;
    for (const [name, fn, target] of cases) if (report(log, name, await time(CALLS, fn), target)) under++;
    await staff(t, 'mentor');
    const api = await time(CALLS, () => t.engine.call('analytics.missionPerformance', { mission: key, filter: {} }));
    if (report(log, 'analytics.missionPerformance through engine.call', api, TARGET_MS)) under++;
    log(`analytics: ${under}/${cases.length + 1} under target`);
  } finally {
    t.engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function seed(sqlite: BetterSqlite3.Database, missions: number[], measured: number, start: number): number {
  const stagesOf = sqlite.prepare('SELECT stage_id AS stageId, kind FROM stages WHERE mission_id = ? ORDER BY position');
  const recipes = (sqlite.prepare('SELECT DISTINCT recipe_id AS id FROM recipes').all() as Array<{ id: string }>).map((row) => row.id);
  const insertEvent = sqlite.prepare(`INSERT INTO events (id, device_id, profile_id, verb, object_type, object_id, run_id, occurred_at, context_json, result_json)
    VALUES (?, 'bench-device', ?, ?, 'stage', ?, ?, ?, '{}', NULL)`);
  const verbs = ['mission.started', 'stage.entered', 'hint.revealed', 'answer.checked', 'tool.used', 'stage.completed'];
  let rows = 0;
  sqlite.transaction(() => {
    const profiles = insertLearners(sqlite, LEARNERS, start, 'bench-learner');
    const writer = runWriter(sqlite);
    const measuredCount = Math.round(RUNS * MEASURED_SHARE);
    const others = missions.filter((id) => id !== measured);
    const plan = [{ missionId: measured, count: measuredCount }, ...others.map((missionId, i) => ({ missionId, count: Math.floor((RUNS - measuredCount) / others.length) + (i < (RUNS - measuredCount) % others.length ? 1 : 0) }))];
    const eventsPerRun = EVENTS / RUNS;
    plan.forEach(({ missionId, count }, i) => {
      const stages = stagesOf.all(missionId) as StageDef[];
      for (const run of generateRuns({ missionId, stages, profiles, count, seed: 1000 + i, startAt: start, idPrefix: randomUUID(), recipes })) {
        writer.write(run);
        rows += run.path.length + run.decisions.length + run.hints.length + run.attempts.length + run.recipeReads.length;
        for (let e = 0; e < eventsPerRun; e++) {
          // Spread over the hours a run lasted, so the activity map is not one bright cell.
          insertEvent.run(randomUUID(), run.profileId, verbs[e % verbs.length], run.path[e % run.path.length] ?? 'none', run.id, run.startedAt + Math.round((e * run.elapsedMs) / eventsPerRun));
        }
      }
    });
  })();
  return rows;
}

async function time(calls: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const began = performance.now();
    await fn();
    samples.push(performance.now() - began);
  }
  return samples;
}

function report(log: (line: string) => void, name: string, samples: number[], target: number): boolean {
  const p90 = percentile(samples, 90);
  log(`${name}: p50 ${percentile(samples, 50).toFixed(1)} ms, p90 ${p90.toFixed(1)} ms (target p90 < ${target} ms, ratio ${(p90 / target).toFixed(2)})`);
  return p90 < target;
}
