import { afterEach, describe, expect, it } from 'vitest';
import { engineWithSamplePack, learner, missionIdOf, staff, type TestEngine } from '../../support/engine-fixture.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

const MINUTE = 60_000;
const sessionEvents = () => t.pushed.filter((p) => p.event === 'session.changed').map((p) => p.payload);

async function learnerWithOpenRun(name?: string): Promise<{ profileId: string; runId: string }> {
  const profileId = await learner(t, name);
  const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).id;
  await t.call('runs.open', { profileId, runId });
  return { profileId, runId };
}

describe('an idle lab PC returns to the profile picker', () => {
  it('signs out after 15 minutes without activity, closing the runs on screen', async () => {
    t = await engineWithSamplePack();
    const { profileId, runId } = await learnerWithOpenRun();
    t.clock.advance(14 * MINUTE);
    t.engine.tick();
    expect((await t.call('app.state', {})).session?.id).toBe(profileId);
    t.clock.advance(MINUTE);
    t.engine.tick();
    expect((await t.call('app.state', {})).session).toBeNull();
    expect(sessionEvents().at(-1)).toEqual({ profileId: null });
    expect(t.engine.ctx.runClock.openRuns()).not.toContain(runId);
    await expect(t.call('runs.get', { profileId, runId })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('keeps someone who is still working signed in', async () => {
    t = await engineWithSamplePack();
    const { profileId } = await learnerWithOpenRun();
    for (let i = 0; i < 4; i++) {
      t.clock.advance(10 * MINUTE);
      await t.call('app.activity', {});
      t.engine.tick();
    }
    expect((await t.call('app.state', {})).session?.id).toBe(profileId);
  });

  it('follows the minutes an admin sets, and never signs out at 0; nobody else may change them', async () => {
    t = await engineWithSamplePack();
    await learner(t);
    await expect(t.call('lab.updateSettings', { idleMinutes: 1 })).rejects.toMatchObject({ code: 'forbidden' });
    await staff(t, 'admin');
    expect(await t.call('lab.settings', {})).toEqual({ idleMinutes: 15 });
    await expect(t.call('lab.updateSettings', { idleMinutes: -1 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.call('lab.updateSettings', { idleMinutes: 2.5 })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await t.call('lab.updateSettings', { idleMinutes: 5 })).toEqual({ idleMinutes: 5 });
    t.clock.advance(5 * MINUTE);
    t.engine.tick();
    expect((await t.call('app.state', {})).session).toBeNull();
    await staff(t, 'admin', 'Second Admin');
    await t.call('lab.updateSettings', { idleMinutes: 0 });
    t.clock.advance(24 * 60 * MINUTE);
    t.engine.tick();
    expect((await t.call('app.state', {})).session?.displayName).toBe('Second Admin');
  });
});

describe('a profile switch', () => {
  it('closes the runs the previous person had on screen', async () => {
    t = await engineWithSamplePack();
    const first = await learnerWithOpenRun('First Learner');
    expect(t.engine.ctx.runClock.openRuns()).toContain(first.runId);
    const second = await learnerWithOpenRun('Second Learner');
    expect(t.engine.ctx.runClock.openRuns()).toEqual([second.runId]);
    await t.call('profiles.signOut', {});
    expect(t.engine.ctx.runClock.openRuns()).toEqual([]);
  });
});
