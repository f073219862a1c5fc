// Recipes to recommend with the feedback: from the stages that scored lowest, the recipes each
// recommends, then recipes that share their skills, each saying why.
import type { RecipeSuggestion, ScoreBreakdown } from '../../../shared/api/views.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { listRecipes } from '../recipes/recipes.ts';

/** The weakest stages looked at; below full marks only. */
const WEAKEST_STAGES = 3;
const MOST_SUGGESTIONS = 8;

export function recipeSuggestions(ctx: EngineContext, definition: MissionDefinition, breakdown: ScoreBreakdown): RecipeSuggestion[] {
  const weakest = breakdown.lines
    .filter((line) => line.fraction !== null && line.fraction < 1 && line.weight > 0)
    .sort((a, b) => (a.fraction ?? 0) - (b.fraction ?? 0) || b.weight - a.weight)
    .slice(0, WEAKEST_STAGES);
  if (weakest.length === 0) return [];
  const recipes = listRecipes(ctx, []);
  const byId = new Map(recipes.map((recipe) => [recipe.id, recipe]));
  const suggestions: RecipeSuggestion[] = [];
  const taken = new Set<string>();
  const add = (recipeId: string, stageId: string, why: string): void => {
    const recipe = byId.get(recipeId);
    if (!recipe || taken.has(recipeId)) return;
    taken.add(recipeId);
    suggestions.push({ recipeId, title: recipe.title, stageId, why });
  };
  for (const line of weakest) {
    const stage = definition.stages.get(line.stageId);
    if (stage?.kind !== 'task') continue;
    const scored = `"${line.title}" scored ${Math.round((line.fraction ?? 0) * 100)} %`;
    for (const recipeId of stage.recipes) add(recipeId, line.stageId, `${scored}; the stage recommends this recipe.`);
    const skills = new Set(stage.recipes.flatMap((id) => byId.get(id)?.skills ?? []));
    for (const recipe of recipes) {
      const shared = recipe.skills.filter((skill) => skills.has(skill));
      if (shared.length > 0) add(recipe.id, line.stageId, `${scored}; it practises ${shared.join(', ')}, as the stage's recipes do.`);
    }
  }
  return suggestions.slice(0, MOST_SUGGESTIONS);
}
