// The dashboards' data: the filter options and each view's numbers for the filters in the URL. Every
// load is keyed by what it asked for; an answer that arrives after the filters moved on is dropped, so a
// slow query never paints over a newer one.
import { create } from 'zustand';
import type { ActivityRun, AnalyticsFilter, AnalyticsOptions, CohortView, HeatmapView, MissionKey, MissionPerformanceView, RecipeUsageView } from '../../shared/api/analytics-views.ts';
import { errorMessage } from '../api/client.ts';
import { api } from './session-store.ts';

export interface Loaded<T> {
  /** What was asked for; compare before showing `data`. */
  key: string;
  data: T | null;
  error: string | null;
  loading: boolean;
}

export interface MissionData { performance: MissionPerformanceView; cohort: CohortView }
export interface ActivityCell { weekday: number; hour: number }

const NOTHING: Loaded<never> = { key: '', data: null, error: null, loading: false };

interface AnalyticsState {
  options: Loaded<AnalyticsOptions>;
  mission: Loaded<MissionData>;
  heatmap: Loaded<HeatmapView>;
  activity: Loaded<ActivityRun[]> & { cell: ActivityCell | null };
  recipes: Loaded<RecipeUsageView>;
  loadOptions(force?: boolean): Promise<void>;
  loadMission(mission: MissionKey, filter: AnalyticsFilter, force?: boolean): Promise<void>;
  loadHeatmap(filter: AnalyticsFilter, force?: boolean): Promise<void>;
  loadActivity(filter: AnalyticsFilter, cell: ActivityCell): Promise<void>;
  closeActivity(): void;
  loadRecipes(filter: AnalyticsFilter, force?: boolean): Promise<void>;
}

/** Minutes east of UTC, as the activity grid counts days and hours in the viewer's own time zone. */
export function localOffsetMinutes(): number {
  return -new Date().getTimezoneOffset();
}

type Slot = 'options' | 'mission' | 'heatmap' | 'recipes';

export const useAnalytics = create<AnalyticsState>((set, get) => {
  /** Runs `fetch` unless the same thing is shown or on its way already; keeps only the newest answer. */
  async function load<S extends Slot>(slot: S, key: string, force: boolean, fetch: () => Promise<NonNullable<AnalyticsState[S]['data']>>): Promise<void> {
    const current = get()[slot];
    if (!force && current.key === key && (current.loading || current.error === null)) return;
    // The previous numbers stay on screen (dimmed) while the new ones load, so the layout does not jump.
    set({ [slot]: { ...current, key, loading: true, error: null } } as Partial<AnalyticsState>);
    try {
      const data = await fetch();
      if (get()[slot].key === key) set({ [slot]: { key, data, error: null, loading: false } } as Partial<AnalyticsState>);
    } catch (error) {
      if (get()[slot].key === key) set({ [slot]: { key, data: null, error: errorMessage(error), loading: false } } as Partial<AnalyticsState>);
    }
  }

  return {
    options: NOTHING,
    mission: NOTHING,
    heatmap: NOTHING,
    activity: { ...NOTHING, cell: null },
    recipes: NOTHING,

    loadOptions(force = false) {
      return load('options', 'options', force, () => api().call('analytics.options', {}));
    },

    loadMission(mission, filter, force = false) {
      return load('mission', JSON.stringify([mission, filter]), force, async () => {
        const [performance, cohort] = await Promise.all([api().call('analytics.missionPerformance', { mission, filter }), api().call('analytics.cohort', { mission, filter })]);
        return { performance, cohort };
      });
    },

    loadHeatmap(filter, force = false) {
      return load('heatmap', JSON.stringify(filter), force, () => api().call('analytics.heatmap', { filter, tzOffsetMinutes: localOffsetMinutes() }));
    },

    async loadActivity(filter, cell) {
      const key = JSON.stringify([filter, cell]);
      set({ activity: { key, data: null, error: null, loading: true, cell } });
      try {
        const data = await api().call('analytics.activityRuns', { filter, tzOffsetMinutes: localOffsetMinutes(), weekday: cell.weekday, hour: cell.hour });
        if (get().activity.key === key) set({ activity: { key, data, error: null, loading: false, cell } });
      } catch (error) {
        if (get().activity.key === key) set({ activity: { key, data: null, error: errorMessage(error), loading: false, cell } });
      }
    },

    closeActivity() {
      set({ activity: { ...NOTHING, cell: null } });
    },

    loadRecipes(filter, force = false) {
      return load('recipes', JSON.stringify(filter), force, () => api().call('analytics.recipeUsage', { filter }));
    },
  };
});
