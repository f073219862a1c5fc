// Benchmark: the mission performance dashboard on a mentor's app holding 10,000 runs (most of one
// mission version, the rest of others) with their stages, decisions, hints and answer checks, and
// 1,000,000 telemetry events beside them. Each query of the module, the whole view, and the API call
// are timed (p50/p90 of several calls) beside the 100 ms target; figures are printed, never asserted.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import {
  checkFailures,
  decisionSplits,
  dropOffFunnel,
  hintUse,
  missionPerformance,
  performanceSummary,
  stagesOf,
} from '../../electron/engine/analytics/mission-performance.ts';
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
    log(`analytics seed ${RUNS.toLocaleString('en')} runs (${rows.toLocaleString('en')} stage, decision, hint and check rows), ${EVENTS.toLocaleString('en')} events: ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const stages = stagesOf(db, measured);
    const starts = performanceSummary(db, measured, {}).starts;
    const lastStart = (db.sqlite.prepare('SELECT max(started_at) AS at FROM runs').get() as { at: number }).at;
    const lastQuarter = { from: Math.round(start + (lastStart - start) * 0.75) };
    const cases: Array<[string, () => unknown]> = [
      ['stages', () => stagesOf(db, measured)],
      ['summary (counts, average, medians)', () => performanceSummary(db, measured, {})],
      ['drop-off funnel', () => dropOffFunnel(db, measured, {}, stages)],
      ['most-revealed hints', () => hintUse(db, measured, {}, starts, stages)],
      ['decision splits', () => decisionSplits(db, measured, {}, stages)],
      ['failed checks', () => checkFailures(db, measured, {}, stages)],
      ['whole view', () => missionPerformance(db, measured)],
      ['whole view, last quarter of the period', () => missionPerformance(db, measured, lastQuarter)],
    ];
    let under = 0;
    for (const [name, fn] of cases) if (report(log, `${name} (${starts.toLocaleString('en')} runs)`, time(CALLS, fn))) under++;
    await staff(t, 'mentor');
    const api: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const began = performance.now();
      await t.engine.call('analytics.missionPerformance', { missionId: measured });
      api.push(performance.now() - began);
    }
    if (report(log, 'analytics.missionPerformance through engine.call', api)) under++;
    log(`analytics: ${under}/${cases.length + 1} under target`);
  } finally {
    t.engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function seed(sqlite: BetterSqlite3.Database, missions: number[], measured: number, start: number): number {
  const stagesOf = sqlite.prepare('SELECT stage_id AS stageId, kind FROM stages WHERE mission_id = ? ORDER BY position');
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
      for (const run of generateRuns({ missionId, stages, profiles, count, seed: 1000 + i, startAt: start, idPrefix: randomUUID() })) {
        writer.write(run);
        rows += run.path.length + run.decisions.length + run.hints.length + run.attempts.length;
        for (let e = 0; e < eventsPerRun; e++) {
          insertEvent.run(randomUUID(), run.profileId, verbs[e % verbs.length], run.path[e % run.path.length] ?? 'none', run.id, run.startedAt + e * 1000);
        }
      }
    });
  })();
  return rows;
}

function time(calls: number, fn: () => unknown): number[] {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const began = performance.now();
    fn();
    samples.push(performance.now() - began);
  }
  return samples;
}

function report(log: (line: string) => void, name: string, samples: number[]): boolean {
  const p90 = percentile(samples, 90);
  log(`${name}: p50 ${percentile(samples, 50).toFixed(1)} ms, p90 ${p90.toFixed(1)} ms (target p90 < ${TARGET_MS} ms)`);
  return p90 < TARGET_MS;
}
