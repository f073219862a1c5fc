// Recipes beside a mission: the list for the stage on screen (recommended first), the one open in the
// reader, and the learner's marks on it. Opening starts a timed read in the engine, so every open is
// paired with a close. The Recipes screen opens its recipes through this store too.
import { create } from 'zustand';
import { NO_MARKS, type OpenedRecipe, type RecipeMarks } from '../../shared/api/recipe-views.ts';
import type { RecipeSummary } from '../../shared/api/views.ts';
import { errorMessage } from '../api/client.ts';
import { api, currentProfileId, useSession } from './session-store.ts';

interface RecipeState {
  recipes: RecipeSummary[];
  loading: boolean;
  search: string;
  /** The run and stage the list was loaded for: a recipe opened from it is read from that stage. */
  listRunId: string | null;
  listStageId: string | null;
  /** The recipe in the reader, and the run it was opened from (telemetry context). */
  open: OpenedRecipe | null;
  openRunId: string | null;
  opening: boolean;
  /** The learner's marks on recipes opened here, kept as they change. */
  marks: Record<string, RecipeMarks>;
  /** The sidebar folded away by the learner (wide screens keep it open regardless). */
  collapsed: boolean;
  load(runId: string | null, stageId: string | null): Promise<void>;
  setSearch(search: string): void;
  openRecipe(recipeId: string, runId: string | null): Promise<void>;
  closeRecipe(): Promise<void>;
  rate(recipeId: string, rating: number): Promise<void>;
  setCompleted(recipeId: string, completed: boolean): Promise<void>;
  setHelpful(recipeId: string, helpful: boolean | null): Promise<void>;
  setCollapsed(collapsed: boolean): void;
}

let loadSeq = 0;

export const useRecipes = create<RecipeState>((set, get) => ({
  recipes: [],
  loading: false,
  search: '',
  listRunId: null,
  listStageId: null,
  open: null,
  openRunId: null,
  opening: false,
  marks: {},
  collapsed: false,

  async load(runId, stageId) {
    const seq = ++loadSeq;
    set({ loading: true, listRunId: runId, listStageId: runId ? stageId : null });
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
    const { listRunId, listStageId } = get();
    const stageId = runId && runId === listRunId ? listStageId : null;
    try {
      const recipe = await api().call('recipes.get', { profileId: currentProfileId(), recipeId, ...(runId ? { runId } : {}), ...(stageId ? { stageId } : {}) });
      set((s) => ({ open: recipe, openRunId: runId, opening: false, marks: { ...s.marks, [recipe.id]: recipe.marks } }));
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
    await changeMarks(recipeId, { rating }, async (runId) => {
      await api().call('recipes.rate', { profileId: currentProfileId(), recipeId, rating, ...runId });
      return null;
    });
  },

  async setCompleted(recipeId, completed) {
    await changeMarks(recipeId, { completed }, (runId) => api().call('recipes.complete', { profileId: currentProfileId(), recipeId, completed, ...runId }));
  },

  async setHelpful(recipeId, helpful) {
    await changeMarks(recipeId, { helpful }, (runId) => api().call('recipes.helpful', { profileId: currentProfileId(), recipeId, helpful, ...runId }));
  },

  setCollapsed(collapsed) {
    set({ collapsed });
  },
}));

/**
 * Shows a change to the marks at once, keeps the engine's answer (null: keep the shown change), and
 * puts the marks back as they were if the engine refuses.
 */
async function changeMarks(recipeId: string, change: Partial<RecipeMarks>, send: (runId: { runId?: string }) => Promise<RecipeMarks | null>): Promise<void> {
  const previous = useRecipes.getState().marks[recipeId];
  const put = (marks: RecipeMarks | undefined): void =>
    useRecipes.setState((s) => {
      const next = { ...s.marks };
      if (marks === undefined) delete next[recipeId];
      else next[recipeId] = marks;
      return { marks: next };
    });
  put({ ...(previous ?? NO_MARKS), ...change });
  const runId = useRecipes.getState().openRunId;
  try {
    const stored = await send(runId ? { runId } : {});
    if (stored) put(stored);
  } catch (error) {
    put(previous);
    useSession.getState().notify('error', errorMessage(error));
  }
}

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
