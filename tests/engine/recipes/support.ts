// What the recipe tests read back: a learner's reads and the recipe events, as stored.
import type { TestEngine } from '../../support/engine-fixture.ts';

export function readsOf(t: TestEngine, profileId: string) {
  const { db } = t.engine.ctx;
  return db.all(db.q.selectFrom('recipe_reads').selectAll().where('profile_id', '=', profileId).orderBy('opened_at').orderBy('id'));
}

export interface StoredRecipeEvent {
  verb: string;
  objectId: string;
  runId: string | null;
  context: Record<string, unknown>;
  result: Record<string, unknown> | null;
}

export function recipeEvents(t: TestEngine, profileId: string): StoredRecipeEvent[] {
  const { db } = t.engine.ctx;
  const rows = db.all(
    db.q.selectFrom('events').select(['verb', 'object_id', 'run_id', 'context_json', 'result_json']).where('profile_id', '=', profileId).where('object_type', '=', 'recipe').orderBy('seq'),
  );
  return rows.map((row) => ({
    verb: row.verb,
    objectId: row.object_id,
    runId: row.run_id,
    context: JSON.parse(row.context_json) as Record<string, unknown>,
    result: row.result_json === null ? null : (JSON.parse(row.result_json) as Record<string, unknown>),
  }));
}
