import { afterEach, describe, expect, it } from 'vitest';
import { openEngine } from '../../../electron/engine/engine.ts';
import { engineWithSamplePack, eventVerbs, grantPassed, learner, missionIdOf, TestClock, type TestEngine } from '../../support/engine-fixture.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());
const MINUTE = 60_000;

async function startPhish(): Promise<{ profileId: string; runId: string }> {
  t = await engineWithSamplePack();
  const profileId = await learner(t);
  const run = await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'PHISH-01') });
  await t.call('runs.open', { profileId, runId: run.id });
  return { profileId, runId: run.id };
}

describe('run timers', () => {
  it('warns at 50, 75 and 90 percent and at five minutes left, once each, as pushed events and telemetry', async () => {
    const { profileId, runId } = await startPhish();
    for (let minute = 1; minute <= 44; minute++) {
      t.clock.advance(MINUTE);
      // The learner is at work all along, so the idle sign-out never comes.
      await t.call('app.activity', {});
      t.engine.tick();
    }
    const warnings = t.pushed.filter((p) => p.event === 'timer.warning').map((p) => (p.payload as { threshold: string }).threshold);
    expect(warnings).toEqual(['50', '75', 'five-minutes', '90']);
    expect(eventVerbs(t, runId).filter((v) => v === 'deadline.warning')).toHaveLength(4);
    const ticks = t.pushed.filter((p) => p.event === 'timer.tick');
    expect(ticks.at(-1)?.payload).toMatchObject({ runId, timer: { elapsedMs: 44 * MINUTE, remainingMs: MINUTE } });
    expect((await t.call('runs.get', { profileId, runId })).timer?.warnings).toEqual(['50', '75', 'five-minutes', '90']);
  });

  it('auto-submits a mission whose deadline action is submit, and refuses acts afterwards', async () => {
    const { profileId, runId } = await startPhish();
    t.clock.advance(45 * MINUTE + 1000);
    t.engine.tick();
    expect(t.pushed).toContainEqual({ event: 'run.deadline', payload: { runId, action: 'submitted' } });
    // Away that long, the learner was signed out too, and signs in again to look.
    expect((await t.call('app.state', {})).session).toBeNull();
    await t.call('profiles.select', { profileId });
    const run = await t.call('runs.get', { profileId, runId });
    expect(run).toMatchObject({ status: 'submitted', submittedAt: t.clock.now() });
    expect(eventVerbs(t, runId)).toContain('mission.auto-submitted');
    await expect(t.call('hints.reveal', { profileId, runId, stageId: 'header-analysis' })).rejects.toMatchObject({ code: 'invalid_state', message: 'Cannot reveal a hint: the run is submitted.' });
  });

  it('applies a passed deadline on the next act even without a tick, and keeps it when the act is refused', async () => {
    const { profileId, runId } = await startPhish();
    t.engine.ctx.runClock.close(runId);
    t.clock.advance(50 * MINUTE);
    await expect(t.call('reflection.save', { profileId, runId, text: 'late' })).rejects.toMatchObject({ code: 'invalid_state' });
    expect((await t.call('runs.get', { profileId, runId })).status).toBe('submitted');
  });

  it('locks a mission whose deadline action is lock', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    grantPassed(t, profileId, 'GRC-01');
    const run = await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'GRC-02') });
    await t.call('runs.open', { profileId, runId: run.id });
    t.clock.advance(61 * MINUTE);
    t.engine.tick();
    await t.call('profiles.select', { profileId });
    expect((await t.call('runs.get', { profileId, runId: run.id })).status).toBe('expired');
    expect(t.pushed).toContainEqual({ event: 'run.deadline', payload: { runId: run.id, action: 'locked' } });
    expect((await t.call('catalog.list', { profileId })).find((m) => m.code === 'GRC-02')?.status).toBe('expired');
  });

  it('does not give time back when the wall clock is moved backwards while the run is on screen', async () => {
    const { profileId, runId } = await startPhish();
    t.clock.advance(10 * MINUTE);
    t.clock.jumpWall(-60 * MINUTE);
    t.engine.tick();
    t.clock.advance(5 * MINUTE);
    const run = await t.call('runs.get', { profileId, runId });
    expect(run.timer?.elapsedMs).toBe(15 * MINUTE);
    expect(eventVerbs(t, runId)).toContain('clock.jumped');
  });

  it('does not give time back when the clock was set back while the app was closed', async () => {
    const { profileId, runId, dataDir } = await (async () => {
      const started = await startPhish();
      return { ...started, dataDir: t.dataDir };
    })();
    t.clock.advance(10 * MINUTE);
    t.engine.tick();
    t.engine.close();

    const clock = new TestClock();
    clock.wall = t.clock.wall - 30 * MINUTE;
    const reopened = openEngine({ dataDir, clock, log: () => undefined });
    // A restart signs everybody out: the learner chooses their profile again.
    await reopened.call('profiles.select', { profileId });
    let run = (await reopened.call('runs.get', { profileId, runId })) as { timer: { elapsedMs: number } };
    expect(run.timer.elapsedMs).toBe(10 * MINUTE);
    // Real time after the restart counts again: the minutes the clock was set back are not handed out.
    clock.advance(20 * MINUTE);
    run = (await reopened.call('runs.get', { profileId, runId })) as { timer: { elapsedMs: number } };
    expect(run.timer.elapsedMs).toBe(30 * MINUTE);
    reopened.close();
  });

  it('counts active time on a stage only while the app is focused and the run is on screen', async () => {
    const { profileId, runId } = await startPhish();
    t.clock.advance(2 * MINUTE);
    await t.call('app.focus', { focused: false });
    t.clock.advance(5 * MINUTE);
    await t.call('app.focus', { focused: true });
    t.clock.advance(1 * MINUTE);
    await t.call('runs.close', { profileId, runId });
    t.clock.advance(4 * MINUTE);
    await t.call('runs.get', { profileId, runId });
    const { db } = t.engine.ctx;
    expect(db.first(db.q.selectFrom('run_stages').select('active_ms').where('run_id', '=', runId))?.active_ms).toBe(3 * MINUTE);
    const view = await t.call('runs.get', { profileId, runId });
    expect(view.timer?.elapsedMs).toBe(12 * MINUTE);
    // The run view carries it, for the mentor's sheet.
    expect(view.stages[0]?.kind === 'task' && view.stages[0].activeMs).toBe(3 * MINUTE);
    expect(eventVerbs(t, runId)).toEqual(expect.arrayContaining(['app.focus-lost', 'app.focus-regained']));
  });

  it('makes hints wait for their delay in run time and for the previous hint', async () => {
    const { profileId, runId } = await startPhish();
    let run = await t.call('hints.reveal', { profileId, runId, stageId: 'header-analysis' });
    const hints = () => {
      const stage = run.stages[0];
      if (stage?.kind !== 'task') throw new Error('task expected');
      return stage.hints;
    };
    expect(hints()[0]).toMatchObject({ revealed: true, penalty: 5, text: expect.any(String) });
    expect(hints()[1]).toMatchObject({ revealed: false, availableInMs: 8 * MINUTE, penalty: 10 });
    expect(hints()[1]).not.toHaveProperty('text');
    await expect(t.call('hints.reveal', { profileId, runId, stageId: 'header-analysis' })).rejects.toMatchObject({ code: 'rule_violation', message: 'The next hint becomes available in 8:00.' });
    t.clock.advance(8 * MINUTE);
    run = await t.call('hints.reveal', { profileId, runId, stageId: 'header-analysis' });
    expect(hints()[1]).toMatchObject({ revealed: true, text: expect.any(String) });
    await expect(t.call('hints.reveal', { profileId, runId, stageId: 'header-analysis' })).rejects.toMatchObject({ message: 'Every hint of this stage is revealed already.' });
    const { db } = t.engine.ctx;
    expect(db.all(db.q.selectFrom('hint_reveals').select(['hint_index', 'penalty']).where('run_id', '=', runId))).toEqual([{ hint_index: 0, penalty: 5 }, { hint_index: 1, penalty: 10 }]);
  });
});

describe('time while the app is closed', () => {
  it('counts wall-clock time that passed while the app was closed toward the deadline', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    const run = await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'PHISH-01') });
    const dataDir = t.dataDir;
    t.engine.close();
    const clock = new TestClock();
    clock.wall = t.clock.wall + 50 * MINUTE;
    const reopened = openEngine({ dataDir, clock, log: () => undefined });
    reopened.tick();
    await reopened.call('profiles.select', { profileId });
    const after = (await reopened.call('runs.get', { profileId, runId: run.id })) as { status: string };
    expect(after.status).toBe('submitted');
    reopened.close();
  });
});
