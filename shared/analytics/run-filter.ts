// Which runs a dashboard counts, as a condition on `analytics_runs` (joined under that name), so that
// every query narrows the runs first and reaches the per-run relations through run_id.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { AnalyticsFilter, MissionKey } from '../api/analytics-views.ts';
import { ApiError } from '../api/errors.ts';

export function checkFilter(filter: AnalyticsFilter): void {
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) throw new ApiError('invalid_input', 'The period ends before it starts.');
  if ((filter.version !== undefined || filter.missionCode !== undefined) && filter.packId === undefined) {
    throw new ApiError('invalid_input', 'A pack version or mission needs its pack.');
  }
}

export function runsMatching(filter: AnalyticsFilter): Expression<SqlBool> {
  const parts = [sql`1 = 1`];
  if (filter.packId !== undefined) parts.push(sql`analytics_runs.pack_id = ${filter.packId}`);
  if (filter.version !== undefined) parts.push(sql`analytics_runs.pack_version = ${filter.version}`);
  if (filter.missionCode !== undefined) parts.push(sql`analytics_runs.mission_code = ${filter.missionCode}`);
  if (filter.track !== undefined) parts.push(sql`analytics_runs.track = ${filter.track}`);
  if (filter.tier !== undefined) parts.push(sql`analytics_runs.tier = ${filter.tier}`);
  if (filter.team !== undefined) parts.push(sql`analytics_runs.team = ${filter.team}`);
  if (filter.from !== undefined) parts.push(sql`analytics_runs.started_at >= ${filter.from}`);
  if (filter.to !== undefined) parts.push(sql`analytics_runs.started_at < ${filter.to}`);
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

/** The filter narrowed to one mission version. */
export function missionFilter(mission: MissionKey, filter: AnalyticsFilter): AnalyticsFilter {
  return { ...filter, packId: mission.packId, version: mission.version, missionCode: mission.code };
}

/** Whether the filter names anything a run's mission or learner decides (not only a period). */
export function narrowsRuns(filter: AnalyticsFilter): boolean {
  return [filter.packId, filter.version, filter.missionCode, filter.track, filter.tier, filter.team].some((v) => v !== undefined);
}
