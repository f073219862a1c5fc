// Which runs a dashboard counts: one mission version's, optionally those started in a time window.
// Written against `runs.*` so that every query joins the per-run tables to `runs` and the filter
// reaches them through the runs_by_mission index instead of a scan of the per-run tables.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { MissionPerformanceFilter } from '../../../shared/api/analytics-views.ts';

export function runsOfMission(missionId: number, filter: MissionPerformanceFilter): Expression<SqlBool> {
  const parts = [sql`runs.mission_id = ${missionId}`];
  if (filter.from !== undefined) parts.push(sql`runs.started_at >= ${filter.from}`);
  if (filter.to !== undefined) parts.push(sql`runs.started_at < ${filter.to}`);
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}
