// The Recipes screen's list: the search and filters as chosen, and the engine's answer for them (the
// engine searches and filters; this store only asks again when they change). Opening a recipe goes
// through the recipe store, like the run's sidebar.
import { create } from 'zustand';
import type { RecipeLibraryView } from '../../shared/api/recipe-views.ts';
import type { RecipeType, Tier } from '../../shared/pack/vocabulary.ts';
import { errorMessage } from '../api/client.ts';
import { debounced } from './debounce.ts';
import { api, currentProfileId } from './session-store.ts';

export interface RecipeFilters {
  type: RecipeType | '';
  skill: string;
  level: Tier | '';
  /** The search as sent (the box's text, after a pause in typing). */
  search: string;
}

export const NO_RECIPE_FILTERS: RecipeFilters = { type: '', skill: '', level: '', search: '' };

/** The engine's own bound on a search. */
export const MAX_RECIPE_SEARCH = 200;

interface RecipeLibraryState {
  view: RecipeLibraryView | null;
  loading: boolean;
  error: string | null;
  filters: RecipeFilters;
  /** What is typed in the search box, ahead of `filters.search`. */
  searchText: string;
  load(): Promise<void>;
  setFilter<K extends 'type' | 'skill' | 'level'>(key: K, value: RecipeFilters[K]): void;
  typeSearch(text: string): void;
  clearFilters(): void;
}

const searchPause = debounced(200);
let loadSeq = 0;

export const useRecipeLibrary = create<RecipeLibraryState>((set, get) => ({
  view: null,
  loading: false,
  error: null,
  filters: NO_RECIPE_FILTERS,
  searchText: '',

  async load() {
    const seq = ++loadSeq;
    const { type, skill, level, search } = get().filters;
    set({ loading: true, error: null });
    try {
      const view = await api().call('recipes.library', {
        profileId: currentProfileId(),
        ...(search.trim() ? { search: search.trim().slice(0, MAX_RECIPE_SEARCH) } : {}),
        ...(type ? { type } : {}),
        ...(skill ? { skill } : {}),
        ...(level ? { level } : {}),
      });
      // An answer for filters already changed again must not replace the newer one.
      if (seq === loadSeq) set({ view, loading: false });
    } catch (error) {
      if (seq === loadSeq) set({ error: errorMessage(error), loading: false });
    }
  },

  setFilter(key, value) {
    set((s) => ({ filters: { ...s.filters, [key]: value } }));
    void get().load();
  },

  typeSearch(text) {
    set({ searchText: text });
    searchPause.schedule(() => {
      set((s) => ({ filters: { ...s.filters, search: get().searchText } }));
      void get().load();
    });
  },

  clearFilters() {
    searchPause.cancel();
    set({ searchText: '', filters: NO_RECIPE_FILTERS });
    void get().load();
  },
}));
