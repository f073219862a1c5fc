// The run transcript's analytics fields: what the app builds and sends, what the server's own
// schema accepts of it, and the recipe reads a mentor's app takes from a pulled run.
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPulled } from '../../electron/engine/sync/pull-apply.ts';
import { buildTranscript, runTranscriptSchema, type RunTranscript } from '../../electron/engine/sync/run-transcript.ts';
import type { Enrolment } from '../../electron/engine/sync/sync-tokens.ts';
import { findRun } from '../../electron/engine/runs/run-store.ts';
import { transcriptForAnalyticsSchema } from '../../server/analytics-payloads.ts';
import type { PulledRecord } from '../../shared/sync/protocol.ts';
import { engineWithSamplePack, type TestEngine } from '../support/engine-fixture.ts';
import { generateRuns, insertLearners, runWriter, type StageDef } from '../engine/analytics/generate-runs.ts';
import { transcript } from './analytics-fixture.ts';

async function engine(): Promise<TestEngine> {
  const t = await engineWithSamplePack();
  onTestFinished(() => t.engine.close());
  return t;
}

/** One generated run of the sample pack's first mission, with recipe reads, in the learner's app. */
async function learnerWithRun(): Promise<{ t: TestEngine; built: RunTranscript }> {
  const t = await engine();
  const { sqlite } = t.engine.ctx.db;
  const [profile] = insertLearners(sqlite, 1, 1_700_000_000_000);
  const mission = sqlite.prepare('SELECT id FROM missions ORDER BY id LIMIT 1').get() as { id: number };
  const stages = sqlite.prepare('SELECT stage_id AS stageId, kind FROM stages WHERE mission_id = ? ORDER BY position').all(mission.id) as StageDef[];
  const recipes = (sqlite.prepare('SELECT DISTINCT recipe_id FROM recipes ORDER BY recipe_id LIMIT 3').all() as Array<{ recipe_id: string }>).map((r) => r.recipe_id);
  // The first generated run with reads (the seed decides; a few are enough to find one).
  const run = [...generateRuns({ missionId: mission.id, stages, profiles: [profile!], count: 20, seed: 3, startAt: 1_700_000_000_000, recipes })].find((r) => r.recipeReads.length > 1);
  if (!run) throw new Error('no generated run with recipe reads');
  runWriter(sqlite).write(run);
  return { t, built: buildTranscript(t.engine.ctx, findRun(t.engine.ctx, run.id)!) };
}

describe('the run transcript\'s analytics fields', () => {
  it('carries the mission\'s names and stages and the run\'s recipe reads, and both schemas take it', async () => {
    const { t, built } = await learnerWithRun();
    const { sqlite } = t.engine.ctx.db;
    const mission = sqlite.prepare('SELECT title, track, tier FROM missions ORDER BY id LIMIT 1').get() as { title: string; track: string; tier: string };
    expect(built.missionInfo).toMatchObject(mission);
    const stages = sqlite.prepare('SELECT stage_id AS stageId, title, kind, position FROM stages WHERE mission_id = (SELECT min(id) FROM missions) ORDER BY position').all();
    expect(stages.length).toBeGreaterThan(2);
    expect(built.missionInfo?.stages).toEqual(stages);
    const reads = sqlite.prepare('SELECT recipe_reads.id, recipes.title FROM recipe_reads JOIN recipes ON recipes.recipe_id = recipe_reads.recipe_id WHERE run_id = ? ORDER BY opened_at, recipe_reads.id').all(built.id) as Array<{ id: string; title: string }>;
    expect(built.recipeReads?.map((r) => [r.id, r.title])).toEqual(reads.map((r) => [r.id, r.title]));
    expect(runTranscriptSchema.parse(JSON.parse(JSON.stringify(built)))).toEqual(built);
    expect(transcriptForAnalyticsSchema.safeParse(built).success).toBe(true);
  });

  it('stays readable both ways: an older app\'s transcript without them, a newer one with more', () => {
    const { missionInfo: _info, recipeReads: _reads, ...old } = transcript('run-1', 'p-ana', { recipeReads: [] });
    expect(runTranscriptSchema.safeParse(old).success).toBe(true);
    expect(transcriptForAnalyticsSchema.safeParse(old).success).toBe(true);
    // An app that knows more sends more: the top level strips it, so this app still applies the run.
    const newer = { ...transcript('run-1', 'p-ana'), benchmark: { score: 1 } };
    expect(runTranscriptSchema.parse(newer)).not.toHaveProperty('benchmark');
    // What the database could not hold is refused by the server's schema though the app's accepts it.
    const fractional = { ...old, run: { ...old.run, elapsed_ms: 1.5 } };
    expect(runTranscriptSchema.safeParse(fractional).success).toBe(true);
    expect(transcriptForAnalyticsSchema.safeParse(fractional).success).toBe(false);
  });
});

describe('a mentor\'s app applying a pulled run', () => {
  const enrolment: Enrolment = { profileId: 'p-mentor', serverUrl: 'http://127.0.0.1:1', tokenId: 'tok_1', personName: 'Mo', team: 'blue', role: 'mentor', pullCursor: 0, revokedAt: null };
  let seq = 0;
  const pulled = (payload: RunTranscript): PulledRecord => ({ topic: 'run', recordId: payload.id, idempotencyKey: `k-${++seq}`, payload: JSON.parse(JSON.stringify(payload)) as Record<string, unknown>, receivedAt: 1 });

  it('takes its recipe reads for the run\'s owner, replaces them with a newer snapshot, and leaves others\' alone', async () => {
    const { built } = await learnerWithRun();
    const mentor = await engine();
    const { sqlite } = mentor.engine.ctx.db;
    expect(applyPulled(mentor.engine.ctx, enrolment, pulled(built))).toEqual({ kind: 'applied' });
    const held = () => sqlite.prepare('SELECT id, profile_id, recipe_id, run_id, stage_id, opened_at, active_ms FROM recipe_reads ORDER BY opened_at, id').all();
    expect(held()).toEqual(built.recipeReads!.map((r) => ({ id: r.id, profile_id: built.profileId, recipe_id: r.recipeId, run_id: built.id, stage_id: r.stageId, opened_at: r.openedAt, active_ms: r.activeMs })));
    const views = sqlite.prepare('SELECT count(*) AS n FROM analytics_recipe_reads WHERE run_id = ?').get(built.id) as { n: number };
    expect(views.n).toBe(built.recipeReads!.length);

    // A read of the mentor's own, whose id a hostile transcript reuses, stays the mentor's.
    sqlite.prepare("INSERT INTO profiles (id, display_name, role, team_id, created_at, archived_at) VALUES ('p-mentor', 'Mo', 'mentor', NULL, 1, NULL)").run();
    sqlite.prepare("INSERT INTO recipe_reads (id, profile_id, recipe_id, run_id, stage_id, opened_at, closed_at, active_ms) VALUES ('mine', 'p-mentor', 'x', NULL, NULL, 5, NULL, 7)").run();
    const [firstRead] = built.recipeReads!;
    const newer: RunTranscript = { ...built, run: { ...built.run, updated_at: built.run.updated_at + 1 }, recipeReads: [firstRead!, { ...firstRead!, id: 'mine', openedAt: 9 }] };
    expect(applyPulled(mentor.engine.ctx, enrolment, pulled(newer))).toEqual({ kind: 'applied' });
    expect(sqlite.prepare('SELECT id, profile_id FROM recipe_reads ORDER BY id').all()).toEqual([
      { id: 'mine', profile_id: 'p-mentor' },
      { id: firstRead!.id, profile_id: built.profileId },
    ]);
    expect(sqlite.prepare("SELECT active_ms FROM recipe_reads WHERE id = 'mine'").get()).toEqual({ active_ms: 7 });

    // A read whose time is not a whole millisecond is refused with the run, not half applied.
    const broken = { ...newer, recipeReads: [{ ...firstRead!, activeMs: 0.5 }] };
    expect(applyPulled(mentor.engine.ctx, enrolment, pulled(broken))).toMatchObject({ kind: 'refused', reason: expect.stringContaining('recipeReads') });
    expect(sqlite.prepare('SELECT count(*) AS n FROM recipe_reads').get()).toEqual({ n: 2 });
  });
});
