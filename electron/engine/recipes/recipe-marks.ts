// A learner's own marks on a recipe (recipe_marks): completed or not, helpful yes / no / not said, and
// a 1–5 rating. One row per learner and recipe, upserted; every change is also an event.
import { NO_MARKS, type RecipeMarks } from '../../../shared/api/recipe-views.ts';
import type { RecipeMarksTable } from '../../../db/schema.ts';
import type { EngineContext } from '../context.ts';
import { recordRecipeEvent } from './recipes.ts';

export interface MarkTarget {
  profileId: string;
  recipeId: string;
  runId: string | null;
}

type MarkColumns = Partial<Pick<RecipeMarksTable, 'completed_at' | 'helpful' | 'rating'>>;

export function marksOf(ctx: EngineContext, profileId: string, recipeId: string): RecipeMarks {
  const { db } = ctx;
  const row = db.first(db.q.selectFrom('recipe_marks').select(['completed_at', 'helpful', 'rating']).where('profile_id', '=', profileId).where('recipe_id', '=', recipeId));
  return row ? marksView(row) : NO_MARKS;
}

export function marksView(row: { completed_at: number | null; helpful: 0 | 1 | null; rating: number | null }): RecipeMarks {
  return { completed: row.completed_at !== null, completedAt: row.completed_at, helpful: row.helpful === null ? null : row.helpful === 1, rating: row.rating };
}

/** Marking again keeps the first completion time; un-marking clears it. */
export function markCompleted(ctx: EngineContext, target: MarkTarget, completed: boolean): RecipeMarks {
  return ctx.db.transaction(() => {
    const before = marksOf(ctx, target.profileId, target.recipeId);
    upsert(ctx, target, { completed_at: completed ? (before.completedAt ?? ctx.clock.now()) : null });
    recordRecipeEvent(ctx, 'recipe.completed', target.profileId, target.recipeId, target.runId, { completed }, { completion: completed });
    return marksOf(ctx, target.profileId, target.recipeId);
  });
}

export function markHelpful(ctx: EngineContext, target: MarkTarget, helpful: boolean | null): RecipeMarks {
  return ctx.db.transaction(() => {
    upsert(ctx, target, { helpful: helpful === null ? null : helpful ? 1 : 0 });
    recordRecipeEvent(ctx, 'recipe.helpful', target.profileId, target.recipeId, target.runId, { helpful }, { response: helpful === null ? 'cleared' : helpful ? 'yes' : 'no' });
    return marksOf(ctx, target.profileId, target.recipeId);
  });
}

export function rateRecipe(ctx: EngineContext, target: MarkTarget, rating: number): RecipeMarks {
  return ctx.db.transaction(() => {
    upsert(ctx, target, { rating });
    recordRecipeEvent(ctx, 'recipe.rated', target.profileId, target.recipeId, target.runId, { rating });
    return marksOf(ctx, target.profileId, target.recipeId);
  });
}

function upsert(ctx: EngineContext, target: MarkTarget, columns: MarkColumns): void {
  const { db } = ctx;
  const updated_at = ctx.clock.now();
  db.run(
    db.q
      .insertInto('recipe_marks')
      .values({ profile_id: target.profileId, recipe_id: target.recipeId, completed_at: null, helpful: null, rating: null, ...columns, updated_at })
      .onConflict((oc) => oc.columns(['profile_id', 'recipe_id']).doUpdateSet({ ...columns, updated_at })),
  );
}
