import { afterEach, describe, expect, it } from 'vitest';
import { engineWithSamplePack, learner, missionIdOf, type TestEngine } from '../../support/engine-fixture.ts';
import { readsOf, recipeEvents } from './support.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

describe('recipe calls that must be refused', () => {
  it('refuses unknown recipes, other learners’ runs and stages not in the run, storing nothing', async () => {
    t = await engineWithSamplePack();
    const ada = await learner(t);
    const adaRun = (await t.call('runs.start', { profileId: ada, missionId: await missionIdOf(t, ada, 'SOC-01') })).id;
    const grace = await learner(t, 'Grace Other');
    const graceRun = (await t.call('runs.start', { profileId: grace, missionId: await missionIdOf(t, grace, 'PHISH-01') })).id;

    await expect(t.call('recipes.get', { profileId: grace, recipeId: 'no-such-recipe' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.call('recipes.complete', { profileId: grace, recipeId: 'no-such-recipe', completed: true })).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.call('recipes.helpful', { profileId: grace, recipeId: 'no-such-recipe', helpful: true })).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.call('recipes.rate', { profileId: grace, recipeId: 'no-such-recipe', rating: 3 })).rejects.toMatchObject({ code: 'not_found' });
    // Ada's run, named by Grace: not hers to read from.
    await expect(t.call('recipes.get', { profileId: grace, recipeId: 'triage-alert-queue', runId: adaRun, stageId: 'triage' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(t.call('recipes.complete', { profileId: grace, recipeId: 'triage-alert-queue', completed: true, runId: adaRun })).rejects.toMatchObject({ code: 'forbidden' });
    // Triage is a stage of SOC-01, not of Grace's PHISH-01 run.
    await expect(t.call('recipes.get', { profileId: grace, recipeId: 'triage-alert-queue', runId: graceRun, stageId: 'triage' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.call('recipes.get', { profileId: grace, recipeId: 'triage-alert-queue', runId: 'no-such-run', stageId: 'triage' })).rejects.toMatchObject({ code: 'not_found' });
    // A stage with no run cannot be checked, so it is not taken on trust.
    await expect(t.call('recipes.get', { profileId: grace, recipeId: 'triage-alert-queue', stageId: 'triage' })).rejects.toMatchObject({ code: 'invalid_input' });

    expect(readsOf(t, grace)).toEqual([]);
    expect(recipeEvents(t, grace)).toEqual([]);
    const { db } = t.engine.ctx;
    expect(db.all(db.q.selectFrom('recipe_marks').selectAll())).toEqual([]);
  });

  it('refuses to close a recipe that is not open, or someone else’s open one', async () => {
    t = await engineWithSamplePack();
    const ada = await learner(t);
    await expect(t.call('recipes.close', { profileId: ada, recipeId: 'sigma-rule-basics' })).rejects.toMatchObject({ code: 'invalid_state' });
    await t.call('recipes.get', { profileId: ada, recipeId: 'sigma-rule-basics' });
    await t.call('recipes.close', { profileId: ada, recipeId: 'sigma-rule-basics' });
    await expect(t.call('recipes.close', { profileId: ada, recipeId: 'sigma-rule-basics' })).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(t.call('recipes.close', { profileId: ada, recipeId: 'no-such-recipe' })).rejects.toMatchObject({ code: 'not_found' });
    expect(recipeEvents(t, ada).map((e) => e.verb)).toEqual(['recipe.opened', 'recipe.closed']);

    // Ada's recipe open, then Grace at the PC: she cannot close it for Ada, nor act as Ada.
    await t.call('recipes.get', { profileId: ada, recipeId: 'sigma-rule-basics' });
    const grace = await learner(t, 'Grace Other');
    await expect(t.call('recipes.close', { profileId: grace, recipeId: 'sigma-rule-basics' })).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(t.call('recipes.close', { profileId: ada, recipeId: 'sigma-rule-basics' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refuses malformed input at the contract', async () => {
    t = await engineWithSamplePack();
    const ada = await learner(t);
    await expect(t.engine.call('recipes.get', { profileId: ada, recipeId: 'x'.repeat(101) })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.engine.call('recipes.get', { profileId: ada, recipeId: 'sigma-rule-basics', stageId: 's'.repeat(65), runId: 'r' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.engine.call('recipes.complete', { profileId: ada, recipeId: 'sigma-rule-basics', completed: 'yes' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.engine.call('recipes.helpful', { profileId: ada, recipeId: 'sigma-rule-basics' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.engine.call('recipes.helpful', { profileId: ada, recipeId: 'sigma-rule-basics', helpful: 1 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.engine.call('recipes.rate', { profileId: ada, recipeId: 'sigma-rule-basics', rating: 6 })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(recipeEvents(t, ada)).toEqual([]);
  });
});
