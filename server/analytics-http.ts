// A mentor's analytics over HTTP: their own team's runs only. The team is the token's, whatever the
// request says: the source sees no other team's runs (server/analytics-source.ts) and the filter
// names the team too, so a request naming another team is refused rather than quietly answered.
import type { AnalyticsFilter } from '../shared/api/analytics-views.ts';
import { ApiError } from '../shared/api/errors.ts';
import { serverAnalyticsSource } from './analytics-source.ts';
import { answerView, type AnalyticsRequest } from './analytics-views.ts';
import type { Caller } from './auth.ts';
import type { ServerDb } from './db/open.ts';
import { SyncError } from './errors.ts';

export async function answerTeamAnalytics(db: ServerDb, caller: Caller, request: AnalyticsRequest): Promise<unknown> {
  if (caller.role !== 'mentor') throw new SyncError('forbidden', 'Only a mentor sees the team\'s analytics.');
  const { name: team } = await db.selectFrom('teams').select('name').where('id', '=', caller.teamId).executeTakeFirstOrThrow();
  const scoped = (filter: AnalyticsFilter): AnalyticsFilter => {
    if (filter.team !== undefined && filter.team !== team) throw new SyncError('forbidden', 'A mentor sees only their own team\'s analytics.');
    return { ...filter, team };
  };
  const forced: AnalyticsRequest = request.view === 'options' ? request : { ...request, filter: scoped(request.filter) };
  try {
    return await answerView(serverAnalyticsSource(db, team), forced);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'invalid_input') throw new SyncError('invalid_input', error.message);
    throw error;
  }
}
