// The dashboards the server answers, by name, each from the shared query module over an analytics
// source: the mentor's routes (server/analytics-http.ts) and the organisation-wide command line
// (server/analytics-cli.ts) ask for them alike.
import type { AnalyticsFilter, MissionKey } from '../shared/api/analytics-views.ts';
import { cohortOf } from '../shared/analytics/cohort.ts';
import { heatmap } from '../shared/analytics/heatmap.ts';
import { missionPerformance } from '../shared/analytics/mission-performance.ts';
import { analyticsOptions } from '../shared/analytics/options.ts';
import { recipeUsage } from '../shared/analytics/recipe-usage.ts';
import type { AnalyticsSource } from '../shared/analytics/source.ts';

export const ANALYTICS_VIEWS = ['options', 'mission', 'heatmap', 'recipes', 'cohort'] as const;
export type AnalyticsViewName = (typeof ANALYTICS_VIEWS)[number];

export type AnalyticsRequest =
  | { view: 'options' }
  | { view: 'mission' | 'cohort'; mission: MissionKey; filter: AnalyticsFilter }
  | { view: 'heatmap'; filter: AnalyticsFilter; tzOffsetMinutes: number }
  | { view: 'recipes'; filter: AnalyticsFilter };

export function answerView(source: AnalyticsSource, request: AnalyticsRequest): Promise<unknown> {
  switch (request.view) {
    case 'options':
      return analyticsOptions(source);
    case 'mission':
      return missionPerformance(source, request.mission, request.filter);
    case 'cohort':
      return cohortOf(source, request.mission, request.filter);
    case 'heatmap':
      return heatmap(source, request.filter, request.tzOffsetMinutes);
    case 'recipes':
      return recipeUsage(source, request.filter);
  }
}
