import { afterEach, describe, expect, it } from 'vitest';
import { loadRun, updateRun } from '../../../electron/engine/runs/run-store.ts';
import { engineWithSamplePack, learner, missionIdOf, type TestEngine } from '../../support/engine-fixture.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

describe('writing a run', () => {
  it('writes only the columns that changed, so a stale copy never undoes another change', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).id;
    const { ctx } = t.engine;
    const stale = loadRun(ctx, profileId, runId);
    updateRun(ctx, loadRun(ctx, profileId, runId), { warnings_json: '["50"]' });
    t.clock.advance(1000);
    const next = updateRun(ctx, stale, { elapsed_ms: stale.elapsed_ms + 1000 });
    const stored = loadRun(ctx, profileId, runId);
    expect(stored.elapsed_ms).toBe(stale.elapsed_ms + 1000);
    expect(stored.warnings_json).toBe('["50"]');
    expect(stored.updated_at).toBe(next.updated_at);
    expect(stored.updated_at).toBe(t.clock.now());
  });
});
