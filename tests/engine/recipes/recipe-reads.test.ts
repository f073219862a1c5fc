import { afterEach, describe, expect, it } from 'vitest';
import { engineWithSamplePack, learner, missionIdOf, type TestEngine } from '../../support/engine-fixture.ts';
import { findRun } from '../../../electron/engine/runs/run-store.ts';
import { buildTranscript } from '../../../electron/engine/sync/run-transcript.ts';
import { readsOf, recipeEvents } from './support.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());
const MINUTE = 60_000;

async function socRun(): Promise<{ profileId: string; runId: string }> {
  t = await engineWithSamplePack();
  const profileId = await learner(t);
  const run = await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') });
  return { profileId, runId: run.id };
}

describe('recipe reads', () => {
  it('records an opening from a stage with its run and stage, and its active time at close', async () => {
    const { profileId, runId } = await socRun();
    const opened = await t.call('recipes.get', { profileId, recipeId: 'triage-alert-queue', runId, stageId: 'triage' });
    expect(opened.readId).toMatch(/^[0-9a-f-]{36}$/);
    expect(opened.marks).toEqual({ completed: false, completedAt: null, helpful: null, rating: null });
    const openedAt = t.clock.now();
    t.clock.advance(3 * MINUTE);
    await t.call('recipes.close', { profileId, recipeId: 'triage-alert-queue', runId });

    expect(readsOf(t, profileId)).toEqual([
      { id: opened.readId, profile_id: profileId, recipe_id: 'triage-alert-queue', run_id: runId, stage_id: 'triage', opened_at: openedAt, closed_at: openedAt + 3 * MINUTE, active_ms: 3 * MINUTE },
    ]);
    expect(recipeEvents(t, profileId)).toEqual([
      { verb: 'recipe.opened', objectId: 'triage-alert-queue', runId, context: { stageId: 'triage', readId: opened.readId }, result: null },
      { verb: 'recipe.closed', objectId: 'triage-alert-queue', runId, context: { activeMs: 3 * MINUTE, readId: opened.readId }, result: null },
    ]);
  });

  it('puts the run back in the outbox when a reading of it closes, and its transcript carries the reading', async () => {
    const { profileId, runId } = await socRun();
    const { db } = t.engine.ctx;
    // Whatever the run's start queued has gone out: only the reading can queue it again.
    db.run(db.q.deleteFrom('outbox').where('topic', '=', 'run'));
    const opened = await t.call('recipes.get', { profileId, recipeId: 'triage-alert-queue', runId, stageId: 'triage' });
    t.clock.advance(2 * MINUTE);
    await t.call('recipes.close', { profileId, recipeId: 'triage-alert-queue', runId });
    expect(db.all(db.q.selectFrom('outbox').select('record_id').where('topic', '=', 'run'))).toEqual([{ record_id: runId }]);
    const run = findRun(t.engine.ctx, runId);
    if (!run) throw new Error('the run vanished');
    expect(buildTranscript(t.engine.ctx, run).recipeReads).toEqual([
      expect.objectContaining({ id: opened.readId, recipeId: 'triage-alert-queue', stageId: 'triage', activeMs: 2 * MINUTE }),
    ]);
    // A reading outside any run queues nothing.
    db.run(db.q.deleteFrom('outbox').where('topic', '=', 'run'));
    await t.call('recipes.get', { profileId, recipeId: 'sigma-rule-basics' });
    await t.call('recipes.close', { profileId, recipeId: 'sigma-rule-basics' });
    expect(db.all(db.q.selectFrom('outbox').select('record_id').where('topic', '=', 'run'))).toEqual([]);
  });

  it('counts only focused time, settling the open read at each focus change', async () => {
    const { profileId } = await socRun();
    const { readId } = await t.call('recipes.get', { profileId, recipeId: 'sigma-rule-basics' });
    t.clock.advance(2 * MINUTE);
    await t.call('app.focus', { focused: false });
    // Settled at the change: the row already holds the focused two minutes.
    expect(readsOf(t, profileId)[0]?.active_ms).toBe(2 * MINUTE);
    t.clock.advance(10 * MINUTE);
    // A repeated report of the same state changes nothing.
    await t.call('app.focus', { focused: false });
    t.clock.advance(5 * MINUTE);
    await t.call('app.focus', { focused: true });
    expect(readsOf(t, profileId)[0]?.active_ms).toBe(2 * MINUTE);
    t.clock.advance(1 * MINUTE);
    await t.call('recipes.close', { profileId, recipeId: 'sigma-rule-basics' });
    t.clock.advance(30 * MINUTE);
    await t.call('app.focus', { focused: false });

    const [read] = readsOf(t, profileId);
    expect(read).toMatchObject({ id: readId, run_id: null, stage_id: null, active_ms: 3 * MINUTE });
    expect(recipeEvents(t, profileId).map((e) => [e.verb, e.context])).toEqual([
      ['recipe.opened', { stageId: null, readId }],
      ['recipe.closed', { activeMs: 3 * MINUTE, readId }],
    ]);
  });

  it('uses the monotonic clock: moving the wall clock neither adds nor removes reading time', async () => {
    const { profileId } = await socRun();
    await t.call('recipes.get', { profileId, recipeId: 'sigma-rule-basics' });
    t.clock.advance(MINUTE);
    t.clock.jumpWall(5 * 60 * MINUTE);
    t.clock.advance(MINUTE);
    await t.call('recipes.close', { profileId, recipeId: 'sigma-rule-basics' });
    expect(readsOf(t, profileId)[0]?.active_ms).toBe(2 * MINUTE);
  });

  it('closes the open read when another recipe is opened, one reader at a time', async () => {
    const { profileId, runId } = await socRun();
    const first = await t.call('recipes.get', { profileId, recipeId: 'triage-alert-queue', runId, stageId: 'triage' });
    t.clock.advance(4 * MINUTE);
    const second = await t.call('recipes.get', { profileId, recipeId: 'evidence-handling-basics', runId, stageId: 'triage' });
    t.clock.advance(MINUTE);
    await t.call('recipes.close', { profileId, recipeId: 'evidence-handling-basics', runId });

    const reads = readsOf(t, profileId);
    expect(reads.map((r) => [r.id, r.recipe_id, r.active_ms, r.closed_at !== null])).toEqual([
      [first.readId, 'triage-alert-queue', 4 * MINUTE, true],
      [second.readId, 'evidence-handling-basics', MINUTE, true],
    ]);
    expect(recipeEvents(t, profileId).map((e) => `${e.verb} ${e.objectId}`)).toEqual([
      'recipe.opened triage-alert-queue',
      'recipe.closed triage-alert-queue',
      'recipe.opened evidence-handling-basics',
      'recipe.closed evidence-handling-basics',
    ]);
    // The first is no longer open: closing it again is refused and records nothing.
    await expect(t.call('recipes.close', { profileId, recipeId: 'triage-alert-queue', runId })).rejects.toMatchObject({ code: 'invalid_state' });
    expect(recipeEvents(t, profileId)).toHaveLength(4);
  });

  it('closes a read left open at sign-out, when another profile signs in, and at the idle sign-out', async () => {
    const { profileId } = await socRun();
    await t.call('recipes.get', { profileId, recipeId: 'sigma-rule-basics' });
    t.clock.advance(2 * MINUTE);
    await t.call('profiles.signOut', {});
    t.clock.advance(20 * MINUTE);
    expect(readsOf(t, profileId)[0]).toMatchObject({ active_ms: 2 * MINUTE, closed_at: t.clock.now() - 20 * MINUTE });

    // Someone else sits down while the first learner's recipe is open.
    await t.call('profiles.select', { profileId });
    await t.call('recipes.get', { profileId, recipeId: 'reading-auth-logs' });
    t.clock.advance(MINUTE);
    const other = await learner(t, 'Grace Other');
    t.clock.advance(MINUTE);
    expect(readsOf(t, profileId)[1]).toMatchObject({ recipe_id: 'reading-auth-logs', active_ms: MINUTE, closed_at: t.clock.now() - MINUTE });
    // Their own reading is theirs: the first learner's reads stay closed.
    await t.call('recipes.get', { profileId: other, recipeId: 'reading-auth-logs' });
    expect(readsOf(t, profileId).every((r) => r.closed_at !== null)).toBe(true);

    // Left idle longer than the lab allows: signed out, and the read is closed with it.
    t.clock.advance(16 * MINUTE);
    t.engine.tick();
    expect((await t.call('app.state', {})).session).toBeNull();
    const [theirs] = readsOf(t, other);
    expect(theirs?.closed_at).toBe(t.clock.now());
    expect(recipeEvents(t, other).map((e) => e.verb)).toEqual(['recipe.opened', 'recipe.closed']);
    // Only closes are recorded for reads the change ended: no read is closed twice.
    expect(recipeEvents(t, profileId).filter((e) => e.verb === 'recipe.closed')).toHaveLength(2);
  });

  it('keeps reading time apart from the run: a run on screen and a read both count', async () => {
    const { profileId, runId } = await socRun();
    await t.call('runs.open', { profileId, runId });
    await t.call('recipes.get', { profileId, recipeId: 'triage-alert-queue', runId, stageId: 'triage' });
    t.clock.advance(MINUTE);
    await t.call('app.focus', { focused: false });
    t.clock.advance(MINUTE);
    await t.call('app.focus', { focused: true });
    t.clock.advance(MINUTE);
    await t.call('recipes.close', { profileId, recipeId: 'triage-alert-queue', runId });
    await t.call('runs.close', { profileId, runId });
    const { db } = t.engine.ctx;
    expect(readsOf(t, profileId)[0]?.active_ms).toBe(2 * MINUTE);
    expect(db.first(db.q.selectFrom('run_stages').select('active_ms').where('run_id', '=', runId).where('stage_id', '=', 'triage'))?.active_ms).toBe(2 * MINUTE);
  });
});
