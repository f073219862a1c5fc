import { afterEach, describe, expect, it } from 'vitest';
import { toXapiStatement } from '../../../shared/telemetry/xapi.ts';
import { EVENT_VERBS } from '../../../shared/telemetry/verbs.ts';
import { engineWithSamplePack, learner, missionIdOf, type TestEngine } from '../../support/engine-fixture.ts';
import { recipeEvents } from './support.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

function marksRows(profileId: string) {
  const { db } = t.engine.ctx;
  return db.all(db.q.selectFrom('recipe_marks').selectAll().where('profile_id', '=', profileId));
}

describe('recipe marks', () => {
  it('marks a recipe completed and un-marks it, keeping the first completion time while it stays marked', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    const first = t.clock.now();
    expect(await t.call('recipes.complete', { profileId, recipeId: 'sigma-rule-basics', completed: true })).toEqual({ completed: true, completedAt: first, helpful: null, rating: null });
    t.clock.advance(60_000);
    expect((await t.call('recipes.complete', { profileId, recipeId: 'sigma-rule-basics', completed: true })).completedAt).toBe(first);
    t.clock.advance(60_000);
    expect(await t.call('recipes.complete', { profileId, recipeId: 'sigma-rule-basics', completed: false })).toEqual({ completed: false, completedAt: null, helpful: null, rating: null });
    expect(marksRows(profileId)).toEqual([{ profile_id: profileId, recipe_id: 'sigma-rule-basics', completed_at: null, helpful: null, rating: null, updated_at: first + 120_000 }]);
    expect(recipeEvents(t, profileId).map((e) => [e.verb, e.context, e.result])).toEqual([
      ['recipe.completed', { completed: true }, { completion: true }],
      ['recipe.completed', { completed: true }, { completion: true }],
      ['recipe.completed', { completed: false }, { completion: false }],
    ]);
  });

  it('stores helpful yes, no and cleared beside the rating and completion, each an event', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).id;
    await t.call('recipes.complete', { profileId, recipeId: 'triage-alert-queue', completed: true, runId });
    expect(await t.call('recipes.helpful', { profileId, recipeId: 'triage-alert-queue', helpful: true, runId })).toMatchObject({ completed: true, helpful: true });
    expect(await t.call('recipes.helpful', { profileId, recipeId: 'triage-alert-queue', helpful: false })).toMatchObject({ completed: true, helpful: false });
    await t.call('recipes.rate', { profileId, recipeId: 'triage-alert-queue', rating: 4, runId });
    expect(marksRows(profileId)[0]).toMatchObject({ helpful: 0, rating: 4 });
    expect(await t.call('recipes.helpful', { profileId, recipeId: 'triage-alert-queue', helpful: null })).toMatchObject({ completed: true, helpful: null, rating: 4 });
    // The reader opens with the marks as they are.
    expect((await t.call('recipes.get', { profileId, recipeId: 'triage-alert-queue' })).marks).toMatchObject({ completed: true, helpful: null, rating: 4 });

    const events = recipeEvents(t, profileId).filter((e) => e.verb !== 'recipe.opened');
    expect(events.map((e) => [e.verb, e.runId, e.context, e.result])).toEqual([
      ['recipe.completed', runId, { completed: true }, { completion: true }],
      ['recipe.helpful', runId, { helpful: true }, { response: 'yes' }],
      ['recipe.helpful', null, { helpful: false }, { response: 'no' }],
      ['recipe.rated', runId, { rating: 4 }, { score: { raw: 4, min: 1, max: 5 } }],
      ['recipe.helpful', null, { helpful: null }, { response: 'cleared' }],
    ]);
  });

  it('keeps each learner’s marks their own', async () => {
    t = await engineWithSamplePack();
    const ada = await learner(t);
    await t.call('recipes.complete', { profileId: ada, recipeId: 'sigma-rule-basics', completed: true });
    await t.call('recipes.rate', { profileId: ada, recipeId: 'sigma-rule-basics', rating: 5 });
    const grace = await learner(t, 'Grace Other');
    expect((await t.call('recipes.get', { profileId: grace, recipeId: 'sigma-rule-basics' })).marks).toEqual({ completed: false, completedAt: null, helpful: null, rating: null });
    // Acting for another profile than the one signed in is refused before anything is stored.
    await expect(t.call('recipes.complete', { profileId: ada, recipeId: 'sigma-rule-basics', completed: false })).rejects.toMatchObject({ code: 'forbidden' });
    expect(marksRows(ada)[0]).toMatchObject({ rating: 5 });
    expect(marksRows(ada)[0]?.completed_at).not.toBeNull();
  });

  it('maps the new verbs onto xAPI statements with a registered or Outpost verb', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    await t.call('recipes.complete', { profileId, recipeId: 'sigma-rule-basics', completed: true });
    await t.call('recipes.helpful', { profileId, recipeId: 'sigma-rule-basics', helpful: true });
    expect(EVENT_VERBS['recipe.completed'].iri).toBe('http://adlnet.gov/expapi/verbs/completed');
    expect(EVENT_VERBS['recipe.helpful'].iri).toMatch(/^urn:outpost:xapi:verb:/);
    const { db } = t.engine.ctx;
    const rows = db.all(db.q.selectFrom('events').selectAll().where('object_type', '=', 'recipe').orderBy('seq'));
    const statements = rows.map((row) =>
      toXapiStatement({
        id: row.id,
        seq: row.seq,
        deviceId: row.device_id,
        profileId: row.profile_id,
        verb: row.verb as keyof typeof EVENT_VERBS,
        objectType: 'recipe',
        objectId: row.object_id,
        runId: row.run_id,
        occurredAt: row.occurred_at,
        context: JSON.parse(row.context_json) as Record<string, unknown>,
        result: row.result_json === null ? null : (JSON.parse(row.result_json) as Record<string, unknown>),
      }),
    );
    expect(statements.map((s) => [s.verb.id, s.object.id, s.result])).toEqual([
      ['http://adlnet.gov/expapi/verbs/completed', 'urn:outpost:recipe:sigma-rule-basics', { completion: true }],
      [EVENT_VERBS['recipe.helpful'].iri, 'urn:outpost:recipe:sigma-rule-basics', { response: 'yes' }],
    ]);
  });
});
