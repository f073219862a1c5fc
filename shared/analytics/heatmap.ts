// The completion heatmap: missions × learners (each cell the learner's most telling run of the
// mission: the best reviewed one, else the latest), and activity by weekday × hour. Both are single
// aggregate queries; the window function picks each cell's run in the database.
import { compareCodeUnits } from '../text.ts';
import { sql } from 'kysely';
import type { ActivityRun, AnalyticsFilter, HeatmapCell, HeatmapStatus, HeatmapView } from '../api/analytics-views.ts';
import { ApiError } from '../api/errors.ts';
import { countAll } from './portable-sql.ts';
import { checkFilter, narrowsRuns, runsMatching } from './run-filter.ts';
import type { AnalyticsRunsRelation } from './schema.ts';
import type { AnalyticsSource } from './source.ts';

export const HEATMAP_MAX_LEARNERS = 300;
export const HEATMAP_MAX_MISSIONS = 120;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Acts are counted per quarter hour, then placed in the week: every time zone is whole quarter hours from UTC. */
const SLOT_MS = 900_000;
/** 1970-01-01 was a Thursday: day number + 4, modulo 7, is the weekday with Sunday as 0. */
const EPOCH_WEEKDAY = 4;

export function checkOffset(tzOffsetMinutes: number): void {
  if (!Number.isInteger(tzOffsetMinutes) || Math.abs(tzOffsetMinutes) > 14 * 60 || tzOffsetMinutes % 15 !== 0) {
    throw new ApiError('invalid_input', 'The time zone offset must be whole quarter hours (minutes east of UTC, a multiple of 15) within ±14 hours.');
  }
}

export async function heatmap(source: AnalyticsSource, filter: AnalyticsFilter, tzOffsetMinutes: number): Promise<HeatmapView> {
  checkFilter(filter);
  checkOffset(tzOffsetMinutes);
  const [picked, activityRows] = await Promise.all([pickCells(source, filter), activityCounts(source, filter)]);

  const learnerRuns = new Map<string, { profileId: string; name: string; team: string | null; runs: number }>();
  const missionRuns = new Map<string, { packId: string; version: string; code: string; title: string; runs: number }>();
  for (const row of picked) {
    const learner = learnerRuns.get(row.profile_id) ?? { profileId: row.profile_id, name: row.learner_name, team: row.team, runs: 0 };
    learner.runs += row.runs;
    learnerRuns.set(row.profile_id, learner);
    const key = missionKeyOf(row);
    const mission = missionRuns.get(key) ?? { packId: row.pack_id, version: row.pack_version, code: row.mission_code, title: row.mission_title, runs: 0 };
    mission.runs += row.runs;
    missionRuns.set(key, mission);
  }
  // The busiest learners and missions when there are too many to draw; names then ids keep it stable.
  const learners = [...learnerRuns.values()].sort((a, b) => b.runs - a.runs || a.name.localeCompare(b.name) || compareCodeUnits(a.profileId, b.profileId));
  const keptLearners = learners.slice(0, HEATMAP_MAX_LEARNERS).sort((a, b) => a.name.localeCompare(b.name) || compareCodeUnits(a.profileId, b.profileId));
  const missions = [...missionRuns.entries()].sort(([, a], [, b]) => b.runs - a.runs || compareCodeUnits(a.code, b.code)).slice(0, HEATMAP_MAX_MISSIONS);
  missions.sort(([, a], [, b]) => compareCodeUnits(a.packId, b.packId) || compareCodeUnits(a.code, b.code) || compareCodeUnits(a.version, b.version));
  const learnerIndex = new Map(keptLearners.map((l, i) => [l.profileId, i]));
  const missionIndex = new Map(missions.map(([key], i) => [key, i]));

  const cells: HeatmapCell[] = [];
  for (const row of picked) {
    const learner = learnerIndex.get(row.profile_id);
    const mission = missionIndex.get(missionKeyOf(row));
    if (learner === undefined || mission === undefined) continue;
    cells.push({ mission, learner, runId: row.run_id, status: cellStatus(row.status, row.passed), score: row.final_score, runs: row.runs });
  }
  const activity = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const row of activityRows) {
    const local = Number(row.slot) * SLOT_MS + tzOffsetMinutes * 60_000;
    const weekday = (((Math.floor(local / DAY_MS) + EPOCH_WEEKDAY) % 7) + 7) % 7;
    const hour = Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
    const day = activity[weekday];
    if (day) day[hour] = (day[hour] ?? 0) + Number(row.events);
  }
  return {
    missions: missions.map(([, m]) => ({ packId: m.packId, version: m.version, code: m.code, title: m.title })),
    learners: keptLearners.map(({ profileId, name, team }) => ({ profileId, name, team })),
    cells,
    truncated: learners.length > keptLearners.length || missionRuns.size > missions.length,
    activity,
    tzOffsetMinutes,
  };
}

type PickedRow = Pick<
  AnalyticsRunsRelation,
  'run_id' | 'profile_id' | 'learner_name' | 'team' | 'pack_id' | 'pack_version' | 'mission_code' | 'mission_title' | 'status' | 'final_score' | 'passed'
> & { runs: number };

export function pickCells(source: AnalyticsSource, filter: AnalyticsFilter): Promise<PickedRow[]> {
  const partition = sql`PARTITION BY analytics_runs.profile_id, analytics_runs.pack_id, analytics_runs.pack_version, analytics_runs.mission_code`;
  const ranked = source.q
    .selectFrom('analytics_runs')
    .where(runsMatching(filter))
    .select(['run_id', 'profile_id', 'learner_name', 'team', 'pack_id', 'pack_version', 'mission_code', 'mission_title', 'status', 'final_score', 'passed'])
    .select([
      sql<number>`row_number() OVER (${partition} ORDER BY CASE WHEN analytics_runs.status = 'reviewed' AND analytics_runs.final_score IS NOT NULL THEN 1 ELSE 0 END DESC, analytics_runs.final_score DESC, analytics_runs.started_at DESC, analytics_runs.run_id)`.as('pick'),
      sql<number>`cast(count(*) OVER (${partition}) as integer)`.as('runs'),
    ]);
  return source.all(
    source.q
      .selectFrom(ranked.as('ranked'))
      .select(['run_id', 'profile_id', 'learner_name', 'team', 'pack_id', 'pack_version', 'mission_code', 'mission_title', 'status', 'final_score', 'passed', 'runs'])
      .where('pick', '=', 1),
  );
}

function weekdayAndHour(tzOffsetMinutes: number): { weekday: ReturnType<typeof sql<number>>; hour: ReturnType<typeof sql<number>> } {
  const local = sql`(analytics_activity.occurred_at + ${sql.lit(tzOffsetMinutes * 60_000)})`;
  return {
    weekday: sql<number>`cast(((${local} / ${sql.lit(DAY_MS)}) + ${sql.lit(EPOCH_WEEKDAY)}) % 7 as integer)`,
    hour: sql<number>`cast((${local} % ${sql.lit(DAY_MS)}) / ${sql.lit(HOUR_MS)} as integer)`,
  };
}

export function activityCounts(source: AnalyticsSource, filter: AnalyticsFilter): Promise<Array<{ slot: number; events: number }>> {
  let query = source.q
    .selectFrom('analytics_activity')
    .select([sql<number>`analytics_activity.occurred_at / ${sql.lit(SLOT_MS)}`.as('slot'), countAll().as('events')])
    .groupBy(sql`1`);
  // The runs a filter picks, as a set the acts are probed against: cheaper than joining every act to
  // its run, and no probe at all when every run counts.
  if (narrowsRuns(filter) || filter.from !== undefined || filter.to !== undefined) {
    query = query.where('analytics_activity.run_id', 'in', source.q.selectFrom('analytics_runs').select('analytics_runs.run_id').where(runsMatching(filter)));
  }
  if (filter.from !== undefined) query = query.where('analytics_activity.occurred_at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('analytics_activity.occurred_at', '<', filter.to);
  return source.all(query);
}

/** The runs behind one weekday × hour cell, most events there first (at most 20). */
export async function activityRuns(source: AnalyticsSource, filter: AnalyticsFilter, tzOffsetMinutes: number, weekday: number, hourOfDay: number): Promise<ActivityRun[]> {
  checkFilter(filter);
  checkOffset(tzOffsetMinutes);
  if (!Number.isInteger(weekday) || weekday < 0 || weekday > 6 || !Number.isInteger(hourOfDay) || hourOfDay < 0 || hourOfDay > 23) {
    throw new ApiError('invalid_input', 'A weekday is 0 (Sunday) to 6 and an hour 0 to 23.');
  }
  const { weekday: dayExpr, hour } = weekdayAndHour(tzOffsetMinutes);
  let query = source.q
    .selectFrom('analytics_activity')
    .innerJoin('analytics_runs', 'analytics_runs.run_id', 'analytics_activity.run_id')
    .where(runsMatching(filter))
    .where(sql<boolean>`${dayExpr} = ${weekday} AND ${hour} = ${hourOfDay}`)
    .select([
      'analytics_runs.run_id as runId',
      'analytics_runs.profile_id as learnerId',
      'analytics_runs.learner_name as learnerName',
      'analytics_runs.mission_title as missionTitle',
      'analytics_runs.status',
      'analytics_runs.passed',
      countAll().as('events'),
    ])
    .groupBy(['analytics_runs.run_id', 'analytics_runs.profile_id', 'analytics_runs.learner_name', 'analytics_runs.mission_title', 'analytics_runs.status', 'analytics_runs.passed'])
    .orderBy('events', 'desc')
    .orderBy('analytics_runs.run_id')
    .limit(20);
  if (filter.from !== undefined) query = query.where('analytics_activity.occurred_at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('analytics_activity.occurred_at', '<', filter.to);
  const rows = await source.all(query);
  return rows.map(({ status, passed, ...run }) => ({ ...run, status: cellStatus(status, passed) }));
}

function cellStatus(status: string, passed: 0 | 1 | null): HeatmapStatus {
  if (status === 'reviewed') return passed === 1 ? 'passed' : 'failed';
  if (status === 'in_progress' || status === 'submitted' || status === 'returned' || status === 'expired' || status === 'abandoned') return status;
  return 'in_progress';
}

function missionKeyOf(row: { pack_id: string; pack_version: string; mission_code: string }): string {
  return JSON.stringify([row.pack_id, row.pack_version, row.mission_code]);
}
