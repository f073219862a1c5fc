// What the recipe library and reader show: a learner's own marks on a recipe, how much they have read
// it, and the facets the library's filters offer.
import type { RecipeType, Tier } from '../pack/vocabulary.ts';
import type { RecipeSummary, RecipeView } from './views.ts';

/** A learner's marks on one recipe; all empty until they set one. */
export interface RecipeMarks {
  completed: boolean;
  completedAt: number | null;
  /** Yes, no, or not said (or cleared). */
  helpful: boolean | null;
  rating: number | null;
}

export const NO_MARKS: RecipeMarks = { completed: false, completedAt: null, helpful: null, rating: null };

/** A recipe just opened: the read that times it, and the learner's marks for the reader's controls. */
export interface OpenedRecipe extends RecipeView {
  readId: string;
  marks: RecipeMarks;
}

export interface LibraryRecipe extends RecipeSummary {
  marks: RecipeMarks;
  timesOpened: number;
  /** Active reading time over every opening (on screen, window focused). */
  activeMs: number;
  lastOpenedAt: number | null;
}

export interface FacetCount<V extends string = string> {
  value: V;
  count: number;
}

/**
 * Each facet counts the recipes that match the search and the other filters, so a count says what
 * choosing that value would show.
 */
export interface RecipeFacets {
  types: FacetCount<RecipeType>[];
  skills: FacetCount[];
  levels: FacetCount<Tier>[];
}

export interface RecipeLibraryView {
  recipes: LibraryRecipe[];
  facets: RecipeFacets;
  /** Current recipes installed, before search and filters. */
  total: number;
}
