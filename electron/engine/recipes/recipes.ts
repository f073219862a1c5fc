// Recipes (micro-learning units): the library, the ones a stage recommends first, and opening,
// closing and rating them, each recorded as telemetry.
import { ApiError } from '../../../shared/api/errors.ts';
import type { RecipeSummary, RecipeView } from '../../../shared/api/views.ts';
import type { RecipeType, Tier } from '../../../shared/pack/vocabulary.ts';
import type { EngineContext } from '../context.ts';
import type { EventVerb } from '../../../shared/telemetry/verbs.ts';
import { recordEvent } from '../telemetry/record-event.ts';
import { recommendRecipes, type LearnerSignals, type StageFacts } from './recommend.ts';

interface RecipeRow { id: number; recipe_id: string; title: string; type: string; level: string | null; minutes: number | null; skills_json: string; pack_version_id: number }

/** Every recipe id once: the copy from the newest import. */
function currentRecipes(ctx: EngineContext): RecipeRow[] {
  const { db } = ctx;
  const rows = db.all(db.q.selectFrom('recipes').select(['id', 'recipe_id', 'title', 'type', 'level', 'minutes', 'skills_json', 'pack_version_id']).orderBy('id'));
  return [...new Map(rows.map((row) => [row.recipe_id, row])).values()];
}

export function listRecipes(ctx: EngineContext, recommended: readonly string[]): RecipeSummary[] {
  const first = new Set(recommended);
  return currentRecipes(ctx)
    .map((row) => summary(row, first.has(row.recipe_id)))
    .sort((a, b) => Number(b.recommended) - Number(a.recommended) || (a.recommended ? recommended.indexOf(a.id) - recommended.indexOf(b.id) : a.title.localeCompare(b.title)));
}

/** Every recipe ranked for a stage (recommend.ts); those with a positive score are recommended, each with its reasons. */
export function listRecipesForStage(ctx: EngineContext, stage: StageFacts, signals: LearnerSignals): RecipeSummary[] {
  const rows = new Map(currentRecipes(ctx).map((row) => [row.recipe_id, row]));
  const facts = [...rows.values()].map((row) => ({ id: row.recipe_id, title: row.title, keywords: JSON.parse(row.skills_json) as string[] }));
  return recommendRecipes(facts, stage, signals).map(({ id, score, reasons }) => {
    const row = rows.get(id);
    if (!row) throw new Error(`recipe ${id} vanished while ranking`);
    return { ...summary(row, score > 0), reasons };
  });
}

export function getRecipe(ctx: EngineContext, recipeId: string, preferPackVersion: number | null): RecipeView {
  const { db } = ctx;
  const rows = db.all(db.q.selectFrom('recipes').selectAll().where('recipe_id', '=', recipeId).orderBy('id'));
  const row = rows.find((r) => r.pack_version_id === preferPackVersion) ?? rows.at(-1);
  if (!row) throw new ApiError('not_found', `There is no recipe "${recipeId}".`);
  return { ...summary(row, false), body: row.body_md, packVersionId: row.pack_version_id, filePath: row.file_path };
}

export function recordRecipeEvent(
  ctx: EngineContext,
  verb: Extract<EventVerb, `recipe.${string}`>,
  profileId: string,
  recipeId: string,
  runId: string | null,
  extra?: Record<string, unknown>,
  given?: Record<string, unknown>,
): void {
  const result = given ?? (verb === 'recipe.rated' ? { score: { raw: extra?.rating, min: 1, max: 5 } } : undefined);
  recordEvent(ctx, { verb, objectType: 'recipe', objectId: recipeId, profileId, runId, context: extra ?? {}, ...(result ? { result } : {}) });
}

/** A recipe row as the lists show it; `recommended` and `reasons` are the caller's to fill. */
export function summary(row: Pick<RecipeRow, 'recipe_id' | 'title' | 'type' | 'level' | 'minutes' | 'skills_json'>, recommended: boolean): RecipeSummary {
  return {
    id: row.recipe_id,
    title: row.title,
    type: row.type as RecipeType,
    minutes: row.minutes,
    level: row.level as Tier | null,
    skills: JSON.parse(row.skills_json) as string[],
    recommended,
    reasons: [],
  };
}
