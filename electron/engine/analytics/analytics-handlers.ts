// The analytics methods of the API table, beside the feature like the portfolio's and the sync's.
// Every query is in shared/analytics/, which the team server runs on its own database too.
import type { ApiHandlers } from '../../../shared/api/contract.ts';
import { cohortOf } from '../../../shared/analytics/cohort.ts';
import { activityRuns, heatmap } from '../../../shared/analytics/heatmap.ts';
import { missionPerformance } from '../../../shared/analytics/mission-performance.ts';
import { analyticsOptions } from '../../../shared/analytics/options.ts';
import { recipeUsage } from '../../../shared/analytics/recipe-usage.ts';
import type { EngineContext } from '../context.ts';
import { appAnalyticsSource } from './app-source.ts';

type AnalyticsHandlers = Pick<
  ApiHandlers,
  'analytics.options' | 'analytics.missionPerformance' | 'analytics.cohort' | 'analytics.heatmap' | 'analytics.activityRuns' | 'analytics.recipeUsage'
>;

export function analyticsHandlers(ctx: EngineContext): AnalyticsHandlers {
  const source = appAnalyticsSource(ctx.db);
  return {
    'analytics.options': () => analyticsOptions(source),
    'analytics.missionPerformance': ({ mission, filter }) => missionPerformance(source, mission, filter),
    'analytics.cohort': ({ mission, filter }) => cohortOf(source, mission, filter),
    'analytics.heatmap': ({ filter, tzOffsetMinutes }) => heatmap(source, filter, tzOffsetMinutes),
    'analytics.activityRuns': ({ filter, tzOffsetMinutes, weekday, hour }) => activityRuns(source, filter, tzOffsetMinutes, weekday, hour),
    'analytics.recipeUsage': ({ filter }) => recipeUsage(source, filter),
  };
}
