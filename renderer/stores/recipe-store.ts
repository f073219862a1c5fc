// Recipes beside a mission: the list for the stage on screen (recommended first), the one open in the
// reader, and the learner's ratings. Opening and closing are telemetry, so every open is paired with a close.
import { create } from 'zustand';
import type { RecipeSummary, RecipeView } from '../../shared/api/views.ts';
import { errorMessage } from '../api/client.ts';
import { api, currentProfileId, useSession } from './session-store.ts';

interface RecipeState {
  recipes: RecipeSummary[];
  loading: boolean;
  search: string;
  /** The recipe in the reader, and the run it was opened from (telemetry context). */
  open: RecipeView | null;
  openRunId: string | null;
  opening: boolean;
  /** Ratings given on this screen, so the reader shows what the learner chose. */
  ratings: Record<string, number>;
  /** The sidebar folded away by the learner (wide screens keep it open regardless). */
  collapsed: boolean;
  load(runId: string | null, stageId: string | null): Promise<void>;
  setSearch(search: string): void;
  openRecipe(recipeId: string, runId: string | null): Promise<void>;
  closeRecipe(): Promise<void>;
  rate(recipeId: string, rating: number): Promise<void>;
  setCollapsed(collapsed: boolean): void;
}

let loadSeq = 0;

export const useRecipes = create<RecipeState>((set, get) => ({
  recipes: [],
  loading: false,
  search: '',
  open: null,
  openRunId: null,
  opening: false,
  ratings: {},
  collapsed: false,

  async load(runId, stageId) {
    const seq = ++loadSeq;
    set({ loading: true });
    try {
      const recipes = await api().call('recipes.list', {
        profileId: currentProfileId(),
        ...(runId ? { runId } : {}),
        ...(runId && stageId ? { stageId } : {}),
      });
      // A slower answer for a stage already left must not replace the newer list.
      if (seq === loadSeq) set({ recipes, loading: false });
    } catch (error) {
      if (seq === loadSeq) set({ loading: false });
      useSession.getState().notify('error', errorMessage(error));
    }
  },

  setSearch(search) {
    set({ search });
  },

  async openRecipe(recipeId, runId) {
    if (get().open?.id === recipeId) return;
    await get().closeRecipe();
    set({ opening: true });
    try {
      const recipe = await api().call('recipes.get', { profileId: currentProfileId(), recipeId, ...(runId ? { runId } : {}) });
      set({ open: recipe, openRunId: runId, opening: false });
    } catch (error) {
      set({ opening: false });
      useSession.getState().notify('error', errorMessage(error));
    }
  },

  async closeRecipe() {
    const { open, openRunId } = get();
    if (!open) return;
    set({ open: null, openRunId: null });
    await api()
      .call('recipes.close', { profileId: currentProfileId(), recipeId: open.id, ...(openRunId ? { runId: openRunId } : {}) })
      .catch(() => undefined);
  },

  async rate(recipeId, rating) {
    const previous = get().ratings[recipeId];
    set((s) => ({ ratings: { ...s.ratings, [recipeId]: rating } }));
    try {
      const runId = get().openRunId;
      await api().call('recipes.rate', { profileId: currentProfileId(), recipeId, rating, ...(runId ? { runId } : {}) });
    } catch (error) {
      set((s) => {
        const ratings = { ...s.ratings };
        if (previous === undefined) delete ratings[recipeId];
        else ratings[recipeId] = previous;
        return { ratings };
      });
      useSession.getState().notify('error', errorMessage(error));
    }
  },

  setCollapsed(collapsed) {
    set({ collapsed });
  },
}));

/** The recipes matching the search, split as the sidebar shows them. */
export function filterRecipes(recipes: readonly RecipeSummary[], search: string): { recommended: RecipeSummary[]; others: RecipeSummary[] } {
  const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (recipe: RecipeSummary): boolean => {
    const haystack = [recipe.title, recipe.type, recipe.level ?? '', ...recipe.skills].join(' ').toLowerCase();
    return words.every((word) => haystack.includes(word));
  };
  const found = recipes.filter(matches);
  return { recommended: found.filter((r) => r.recommended), others: found.filter((r) => !r.recommended) };
}
