import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importPack } from '../../../electron/engine/packs/import-pack.ts';
import { engineWithSamplePack, learner, missionIdOf, words, type TestEngine } from '../../support/engine-fixture.ts';
import { validPackFiles, writePackFolder } from '../../support/pack-fixture.ts';
import { tempDir } from '../../support/temp.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());
const MINUTE = 60_000;

/** Plays the scaffolded DEMO-01 to a submission; every scored stage is auto-checked, so it is scored at once. */
async function submitDemo(profileId: string, missionId: number): Promise<string> {
  const runId = (await t.call('runs.start', { profileId, missionId })).id;
  await t.call('runs.open', { profileId, runId });
  t.clock.advance(3 * MINUTE);
  await t.call('checks.answer', { profileId, runId, stageId: 'find-host', answer: '10.0.4.21' });
  await t.call('stages.complete', { profileId, runId, stageId: 'find-host' });
  await t.call('decisions.take', { profileId, runId, stageId: 'respond', optionId: 'isolate' });
  await t.call('checks.quiz', { profileId, runId, stageId: 'report', responses: { q1: [0] } });
  await t.call('stages.complete', { profileId, runId, stageId: 'report' });
  await t.call('reflection.save', { profileId, runId, text: words(25) });
  await t.call('runs.submit', { profileId, runId });
  return runId;
}

async function installTestPack(): Promise<void> {
  const outcome = await importPack(writePackFolder(join(tempDir(), 'pack'), validPackFiles('test-pack', '0.1.0')), { db: t.engine.ctx.db, dataDir: t.dataDir });
  expect(outcome.status).toBe('imported');
}

describe('a profile\'s run history (runs.list)', () => {
  it('lists every run newest first with its pack version, time spent, score and result', async () => {
    t = await engineWithSamplePack();
    await installTestPack();
    const profileId = await learner(t);
    const submitted = await submitDemo(profileId, await missionIdOf(t, profileId, 'DEMO-01'));
    t.clock.advance(MINUTE);
    const abandoned = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).id;
    await t.call('runs.abandon', { profileId, runId: abandoned });
    // Started in the same millisecond as the abandoned one: it still comes first, as the later start.
    const open = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).id;

    const runs = await t.call('runs.list', { profileId });
    expect(runs.map((r) => r.id)).toEqual([open, abandoned, submitted]);
    expect(runs[2]).toEqual({
      id: submitted,
      missionId: await missionIdOf(t, profileId, 'DEMO-01'),
      missionCode: 'DEMO-01',
      missionTitle: 'Find the noisy host',
      packId: 'test-pack',
      packTitle: 'Test pack',
      packVersion: '0.1.0',
      status: 'submitted',
      startedAt: expect.any(Number),
      submittedAt: expect.any(Number),
      elapsedMs: 3 * MINUTE,
      finalScore: 100,
      passed: true,
    });
    expect(runs[1]).toMatchObject({ status: 'abandoned', missionCode: 'SOC-01', packId: 'outpost-sample', packVersion: '1.0.0', submittedAt: null, elapsedMs: 0, finalScore: null, passed: null });
    expect(runs[0]).toMatchObject({ status: 'in_progress', finalScore: null });
  });

  it('lists nothing for a profile without runs', async () => {
    t = await engineWithSamplePack();
    expect(await t.call('runs.list', { profileId: await learner(t) })).toEqual([]);
  });

  it('shows only the caller\'s runs, and refuses another profile\'s list', async () => {
    t = await engineWithSamplePack();
    const ada = await learner(t, 'Ada Lovelace');
    const adaRun = (await t.call('runs.start', { profileId: ada, missionId: await missionIdOf(t, ada, 'SOC-01') })).id;
    const grace = await learner(t, 'Grace Hopper');
    expect(await t.call('runs.list', { profileId: grace })).toEqual([]);
    await expect(t.call('runs.list', { profileId: ada })).rejects.toMatchObject({ code: 'forbidden' });
    // The run itself stays closed to her as well, by id.
    await expect(t.call('runs.get', { profileId: grace, runId: adaRun })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(t.call('runs.list', { profileId: 'no-such-profile' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
