// How a recipe's reading and marks read in the list, in words.
import { formatTimeSpent } from '../../../shared/text.ts';
import type { LibraryRecipe } from '../../../shared/api/recipe-views.ts';
import type { RecipeType } from '../../../shared/pack/vocabulary.ts';

export function readingLabel(recipe: Pick<LibraryRecipe, 'timesOpened' | 'activeMs'>): string {
  if (recipe.timesOpened === 0) return 'Not opened yet';
  const times = recipe.timesOpened === 1 ? 'Opened once' : `Opened ${recipe.timesOpened} times`;
  return recipe.activeMs > 0 ? `${times} · ${formatTimeSpent(recipe.activeMs)} reading` : times;
}

export function helpfulLabel(helpful: boolean | null): string | null {
  return helpful === null ? null : helpful ? 'Helpful' : 'Not helpful';
}

export const RECIPE_TYPE_LABELS: Record<RecipeType, string> = {
  technical: 'Technical',
  analysis: 'Analysis',
  tool: 'Tool',
  concept: 'Concept',
  communication: 'Communication',
};
