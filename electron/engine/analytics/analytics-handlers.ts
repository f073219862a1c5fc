// The analytics methods of the API table, beside the feature like the portfolio's and the sync's.
import type { ApiHandlers } from '../../../shared/api/contract.ts';
import type { EngineContext } from '../context.ts';
import { missionPerformance } from './mission-performance.ts';

type AnalyticsHandlers = Pick<ApiHandlers, 'analytics.missionPerformance'>;

export function analyticsHandlers(ctx: EngineContext): AnalyticsHandlers {
  return {
    'analytics.missionPerformance': ({ missionId, from, to }) =>
      missionPerformance(ctx.db, missionId, { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }),
  };
}
