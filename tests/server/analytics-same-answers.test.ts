// The dashboards' queries (shared/analytics/) give the same answers from the app's SQLite views and
// from the server's tables on SQLite and PostgreSQL, over the same generated runs: the app's own
// transcripts and reviews are pushed to a real server, as devices would push them.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appAnalyticsSource } from '../../electron/engine/analytics/app-source.ts';
import { findRun } from '../../electron/engine/runs/run-store.ts';
import { buildTranscript } from '../../electron/engine/sync/run-transcript.ts';
import { serverAnalyticsSource } from '../../server/analytics-source.ts';
import type { AnalyticsFilter, MissionKey } from '../../shared/api/analytics-views.ts';
import { cohortOf } from '../../shared/analytics/cohort.ts';
import { heatmap } from '../../shared/analytics/heatmap.ts';
import { missionPerformance } from '../../shared/analytics/mission-performance.ts';
import { analyticsOptions } from '../../shared/analytics/options.ts';
import { recipeUsage } from '../../shared/analytics/recipe-usage.ts';
import type { AnalyticsSource } from '../../shared/analytics/source.ts';
import type { EventRecord, OutboxRecord } from '../../shared/sync/protocol.ts';
import { engineWithSamplePack, type TestEngine } from '../support/engine-fixture.ts';
import { generateRuns, insertLearners, runWriter, type GeneratedRun, type StageDef } from '../engine/analytics/generate-runs.ts';
import { pushRecords, runRecordOf } from './analytics-fixture.ts';
import { testServer } from './sync-server.ts';
import { DATABASES } from './support/databases.ts';

const START = Date.UTC(2026, 9, 1);
const LEARNERS = 6;

interface AppData {
  t: TestEngine;
  missions: MissionKey[];
  runs: GeneratedRun[];
  reviews: OutboxRecord[];
  events: Map<string, EventRecord[]>;
}

/** Runs of two missions by six learners of team "blue", with recipe reads and final reviews (generate-runs.ts). */
async function appWithRuns(): Promise<AppData> {
  const t = await engineWithSamplePack();
  const { sqlite } = t.engine.ctx.db;
  sqlite.prepare("INSERT INTO teams (id, name, created_at) VALUES ('team-blue', 'blue', 1)").run();
  const profiles = insertLearners(sqlite, LEARNERS, START);
  sqlite.prepare("UPDATE profiles SET team_id = 'team-blue'").run();
  const rows = sqlite
    .prepare('SELECT missions.id, missions.code, pack_versions.pack_id AS packId, pack_versions.version FROM missions JOIN pack_versions ON pack_versions.id = missions.pack_version_id ORDER BY missions.id LIMIT 2')
    .all() as Array<{ id: number; code: string; packId: string; version: string }>;
  const recipeIds = (sqlite.prepare('SELECT DISTINCT recipe_id FROM recipes ORDER BY recipe_id LIMIT 4').all() as Array<{ recipe_id: string }>).map((r) => r.recipe_id);
  const runs: GeneratedRun[] = [];
  rows.forEach((mission, index) => {
    const stages = sqlite.prepare('SELECT stage_id AS stageId, kind FROM stages WHERE mission_id = ? ORDER BY position').all(mission.id) as StageDef[];
    runs.push(...generateRuns({ missionId: mission.id, stages, profiles, count: 40, seed: 7 + index, startAt: START, recipes: recipeIds }));
  });
  const writer = runWriter(sqlite);
  // A few events per run, as each learner's device pushes them: the activity map counts the runs' acts, not these.
  const events = new Map<string, EventRecord[]>();
  const insertEvent = sqlite.prepare("INSERT INTO events (id, device_id, profile_id, verb, object_type, object_id, run_id, occurred_at, context_json, result_json) VALUES (?, 'app-device', ?, 'stage.entered', 'stage', 'x', ?, ?, '{}', NULL)");
  sqlite.transaction(() => {
    for (const run of runs) {
      writer.write(run);
      const list = events.get(run.profileId) ?? [];
      for (let k = 0; k < 3; k++) {
        const event: EventRecord = { id: `${run.id}-e${k}`, seq: list.length + 1, deviceId: 'set-at-push', profileId: run.profileId, verb: 'stage.entered', objectType: 'stage', objectId: 'x', runId: run.id, occurredAt: run.startedAt + k * 37 * 60_000, context: {}, result: null };
        list.push(event);
        insertEvent.run(event.id, run.profileId, run.id, event.occurredAt);
      }
      events.set(run.profileId, list);
    }
  })();
  // The final review the generator wrote for each reviewed run, as the mentor's app pushes it.
  const reviews: OutboxRecord[] = runs.flatMap((run) => {
    if (run.status !== 'reviewed' || run.finalScore === null) return [];
    const reviewedAt = run.startedAt + run.elapsedMs + 1;
    const breakdown = { lines: run.stageScores.map((s) => ({ stageId: s.stageId, source: 'rubric', fraction: s.fraction })) };
    const payload = { id: `${run.id}-review`, runId: run.id, reviewerId: 'p-mentor', reviewerName: 'Mentor', submission: run.submission, status: 'final', outcome: run.passed === 1 ? 'passed' : 'failed', feedback: '', score: run.finalScore, passed: run.passed, stages: [], breakdown, createdAt: reviewedAt, updatedAt: reviewedAt };
    return [{ topic: 'review' as const, recordId: payload.id, idempotencyKey: randomUUID(), payload }];
  });
  return { t, missions: rows.map((m) => ({ packId: m.packId, version: m.version, code: m.code })), runs, reviews, events };
}

/** Every float to 9 significant digits: the two databases may round an average's last bit apart. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isInteger(value)) return Number(value.toPrecision(9));
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, rounded(field)]));
  return value;
}

async function answers(source: AnalyticsSource, missions: readonly MissionKey[]): Promise<unknown> {
  const windows: AnalyticsFilter[] = [{}, { from: START + 3 * 3_600_000, to: START + 9 * 3_600_000 }, { team: 'blue', track: 'blue' }];
  const out: Record<string, unknown> = { options: await analyticsOptions(source) };
  for (const [w, filter] of windows.entries()) {
    out[`heatmap-${w}`] = await heatmap(source, filter, 120);
    out[`recipes-${w}`] = await recipeUsage(source, filter);
    for (const mission of missions) {
      out[`mission-${mission.code}-${w}`] = await missionPerformance(source, mission, filter);
      out[`cohort-${mission.code}-${w}`] = await cohortOf(source, mission, filter);
    }
  }
  return rounded(out);
}

describe.each(DATABASES)('the same answers on the app and the server on %s', (kind) => {
  it('gives every dashboard the app gives, from the transcripts and reviews the app pushes', async () => {
    const app = await appWithRuns();
    const { ctx } = app.t.engine;
    try {
      const expected = await answers(appAnalyticsSource(ctx.db), app.missions);
      // The data is rich enough for the comparison to mean something.
      const first = expected as Record<string, { summary?: { reviewed: number }; recipes?: Array<{ withRecipe: { scored: number } }> }>;
      expect(first[`mission-${app.missions[0]!.code}-0`]?.summary?.reviewed).toBeGreaterThan(3);
      expect(first['recipes-0']?.recipes?.length).toBeGreaterThan(1);
      expect(first['recipes-0']?.recipes?.some((r) => r.withRecipe.scored > 0)).toBe(true);
      const activity = (expected as Record<string, { activity: number[][] }>)['heatmap-0']?.activity.flat() ?? [];
      const acts = app.runs.reduce((sum, run) => sum + run.path.length + run.hints.length + run.attempts.length + run.decisions.length + run.recipeReads.length, 0);
      expect(activity.reduce((sum, n) => sum + n, 0)).toBe(acts);

      const t = await testServer(kind);
      const byProfile = new Map<string, OutboxRecord[]>();
      for (const run of app.runs) {
        const row = findRun(ctx, run.id);
        if (!row) throw new Error(`run ${run.id} is not in the app`);
        const list = byProfile.get(run.profileId) ?? [];
        list.push(runRecordOf(buildTranscript(ctx, row)));
        byProfile.set(run.profileId, list);
      }
      for (const [profileId, records] of byProfile) {
        const index = Number(profileId.split('-')[1]);
        const device = await t.device('blue', `Learner ${index}`, 'learner', { profileId });
        await pushRecords(t, device, records);
        const items = (app.events.get(profileId) ?? []).map((event) => ({ ...event, deviceId: device.deviceId }));
        const pushed = await t.post('/v1/push', { deviceId: device.deviceId, events: { fromSeq: 1, toSeq: items.length, items }, records: [] }, device.token);
        expect(pushed.status).toBe(200);
      }
      const mentor = await t.device('blue', 'Mentor', 'mentor', { profileId: 'p-mentor' });
      await pushRecords(t, mentor, app.reviews);
      expect(t.logs.filter((line) => line.includes('left out of analytics'))).toEqual([]);

      expect(await answers(serverAnalyticsSource(t.server.db), app.missions)).toEqual(expected);
    } finally {
      app.t.engine.close();
    }
  });
});
