// The mission performance dashboard's queries (one mission version, the runs the source holds). Each
// section is one aggregate query over the runs of the mission joined to a per-run relation; none loops
// over runs. Medians are the exception that SQLite cannot aggregate: their column comes back sorted
// and the middle is taken in TypeScript (median.ts).
import { compareCodeUnits } from '../text.ts';
import { sql, type SqlBool } from 'kysely';
import type {
  AnalyticsFilter,
  CheckFailure,
  DecisionSplit,
  FunnelStage,
  HintUse,
  MissionKey,
  MissionPerformanceSummary,
  MissionPerformanceView,
} from '../api/analytics-views.ts';
import { medianOfSorted, shareOf } from './median.ts';
import { average, countAll, countWhere, total } from './portable-sql.ts';
import { checkFilter, missionFilter, runsMatching } from './run-filter.ts';
import { firstOf, type AnalyticsSource } from './source.ts';

export interface StageRow { stageId: string; title: string; kind: 'task' | 'decision'; position: number }

export async function missionPerformance(source: AnalyticsSource, mission: MissionKey, filter: AnalyticsFilter = {}): Promise<MissionPerformanceView> {
  checkFilter(filter);
  const scope = missionFilter(mission, filter);
  const [stages, summary, title] = await Promise.all([stagesOf(source, mission), performanceSummary(source, scope), missionTitle(source, mission)]);
  const [funnel, hints, decisions, checks] = await Promise.all([
    dropOffFunnel(source, scope, stages),
    hintUse(source, scope, summary.starts, stages),
    decisionSplits(source, scope, stages),
    checkFailures(source, scope, stages),
  ]);
  return { mission, title, filter, summary, funnel, hints, decisions, checks };
}

/** The title the runs of the mission version carry; the code when none is held. */
export async function missionTitle(source: AnalyticsSource, mission: MissionKey): Promise<string> {
  // One title per mission version (a pack version's content is fixed): any run's will do, and an
  // aggregate needs no sort of the version's runs.
  const row = await firstOf(source, source.q.selectFrom('analytics_runs').select((eb) => eb.fn.max('mission_title').as('title')).where(runsMatching(missionFilter(mission, {}))));
  return row?.title ?? mission.code;
}

export function stagesOf(source: AnalyticsSource, mission: MissionKey): Promise<StageRow[]> {
  return source.all(
    source.q
      .selectFrom('analytics_stages')
      .select(['stage_id as stageId', 'title', 'kind', 'position'])
      .where('pack_id', '=', mission.packId)
      .where('pack_version', '=', mission.version)
      .where('mission_code', '=', mission.code)
      .orderBy('position'),
  );
}

export async function performanceSummary(source: AnalyticsSource, scope: AnalyticsFilter): Promise<MissionPerformanceSummary> {
  const runs = runsMatching(scope);
  const reviewed = sql<SqlBool>`analytics_runs.status = 'reviewed' AND analytics_runs.final_score IS NOT NULL`;
  const [counts, scores, activeTimes] = await Promise.all([
    firstOf(
      source,
      source.q
        .selectFrom('analytics_runs')
        .where(runs)
        .select([
          countAll().as('starts'),
          countWhere(sql<SqlBool>`analytics_runs.submission > 0`).as('submissions'),
          countWhere(reviewed).as('reviewed'),
          countWhere(sql<SqlBool>`${reviewed} AND analytics_runs.passed = 1`).as('passed'),
          average(sql`CASE WHEN ${reviewed} THEN analytics_runs.final_score END`).as('averageScore'),
          countWhere(sql<SqlBool>`analytics_runs.ended_by = 'deadline' OR analytics_runs.status = 'expired'`).as('deadlineEnded'),
        ]),
    ),
    source.all(
      source.q
        .selectFrom('analytics_runs')
        .where(runs)
        .where(reviewed)
        .select(sql<number>`analytics_runs.final_score`.as('v'))
        .orderBy('v'),
    ),
    source.all(source.q.selectFrom('analytics_runs').where(runs).where('analytics_runs.submission', '>', 0).select(sql<number>`analytics_runs.elapsed_ms`.as('v')).orderBy('v')),
  ]);
  const c = counts ?? { starts: 0, submissions: 0, reviewed: 0, passed: 0, averageScore: null, deadlineEnded: 0 };
  return {
    starts: c.starts,
    submissions: c.submissions,
    reviewed: c.reviewed,
    passed: c.passed,
    passRate: shareOf(c.passed, c.reviewed),
    averageScore: c.averageScore,
    medianScore: medianOfSorted(scores.map((row) => row.v)),
    medianActiveMs: medianOfSorted(activeTimes.map((row) => row.v)),
    deadlineEnded: c.deadlineEnded,
    deadlineShare: shareOf(c.deadlineEnded, c.starts),
  };
}

/** Every stage of the mission in order, then any stage a run recorded that the mission no longer lists. */
export async function dropOffFunnel(source: AnalyticsSource, scope: AnalyticsFilter, stages: readonly StageRow[]): Promise<FunnelStage[]> {
  const runs = runsMatching(scope);
  const [reached, dropped] = await Promise.all([
    source.all(
      source.q
        .selectFrom('analytics_runs')
        .innerJoin('analytics_run_stages', 'analytics_run_stages.run_id', 'analytics_runs.run_id')
        .where(runs)
        .select(['analytics_run_stages.stage_id as stageId', countAll().as('n')])
        .groupBy('analytics_run_stages.stage_id'),
    ),
    source.all(
      source.q
        .selectFrom('analytics_runs')
        .where(runs)
        .where('analytics_runs.status', 'in', ['abandoned', 'expired'])
        .where('analytics_runs.current_stage_id', 'is not', null)
        .select([sql<string>`analytics_runs.current_stage_id`.as('stageId'), countAll().as('n')])
        .groupBy('analytics_runs.current_stage_id'),
    ),
  ]);
  const reachedBy = new Map(reached.map((row) => [row.stageId, row.n]));
  const droppedBy = new Map(dropped.map((row) => [row.stageId, row.n]));
  const funnel: FunnelStage[] = stages.map((s) => ({ stageId: s.stageId, title: s.title, kind: s.kind, reached: reachedBy.get(s.stageId) ?? 0, droppedHere: droppedBy.get(s.stageId) ?? 0 }));
  const known = new Set(stages.map((s) => s.stageId));
  const unknown = [...new Set([...reachedBy.keys(), ...droppedBy.keys()])].filter((id) => !known.has(id)).sort();
  for (const stageId of unknown) funnel.push({ stageId, title: stageId, kind: 'task', reached: reachedBy.get(stageId) ?? 0, droppedHere: droppedBy.get(stageId) ?? 0 });
  return funnel;
}

/** Most revealed first; ties in stage order, then hint order. */
export async function hintUse(source: AnalyticsSource, scope: AnalyticsFilter, starts: number, stages: readonly StageRow[]): Promise<HintUse[]> {
  const rows = await source.all(
    source.q
      .selectFrom('analytics_runs')
      .innerJoin('analytics_hints', 'analytics_hints.run_id', 'analytics_runs.run_id')
      .where(runsMatching(scope))
      .select(['analytics_hints.stage_id as stageId', 'analytics_hints.hint_index as hintIndex', countAll().as('runs')])
      .groupBy(['analytics_hints.stage_id', 'analytics_hints.hint_index']),
  );
  const order = positions(stages);
  return rows
    .map((row) => ({ stageId: row.stageId, hintIndex: row.hintIndex, runs: row.runs, share: starts === 0 ? 0 : row.runs / starts }))
    .sort((a, b) => b.runs - a.runs || stageOrder(order, a.stageId, b.stageId) || a.hintIndex - b.hintIndex);
}

/** Decision stages in mission order, each with its options most taken first. */
export async function decisionSplits(source: AnalyticsSource, scope: AnalyticsFilter, stages: readonly StageRow[]): Promise<DecisionSplit[]> {
  const rows = await source.all(
    source.q
      .selectFrom('analytics_runs')
      .innerJoin('analytics_decisions', 'analytics_decisions.run_id', 'analytics_runs.run_id')
      .where(runsMatching(scope))
      .select(['analytics_decisions.stage_id as stageId', 'analytics_decisions.option_id as optionId', countAll().as('runs')])
      .groupBy(['analytics_decisions.stage_id', 'analytics_decisions.option_id']),
  );
  const byStage = new Map<string, Array<{ optionId: string; runs: number }>>();
  for (const row of rows) {
    const options = byStage.get(row.stageId) ?? [];
    options.push({ optionId: row.optionId, runs: row.runs });
    byStage.set(row.stageId, options);
  }
  const order = positions(stages);
  const titles = new Map(stages.map((s) => [s.stageId, s.title]));
  return [...byStage.entries()]
    .sort(([a], [b]) => stageOrder(order, a, b))
    .map(([stageId, options]) => {
      const runs = options.reduce((sum, o) => sum + o.runs, 0);
      return {
        stageId,
        title: titles.get(stageId) ?? stageId,
        runs,
        options: options.map((o) => ({ ...o, share: o.runs / runs })).sort((a, b) => b.runs - a.runs || (a.optionId < b.optionId ? -1 : 1)),
      };
    });
}

/** Stages with answer checks, the largest share of runs never answering correctly first. */
export async function checkFailures(source: AnalyticsSource, scope: AnalyticsFilter, stages: readonly StageRow[]): Promise<CheckFailure[]> {
  const perRun = source.q
    .selectFrom('analytics_runs')
    .innerJoin('analytics_checks', 'analytics_checks.run_id', 'analytics_runs.run_id')
    .where(runsMatching(scope))
    .select(['analytics_checks.stage_id as stageId', sql<number>`max(analytics_checks.correct)`.as('everCorrect'), countAll().as('attempts')])
    .groupBy(['analytics_checks.run_id', 'analytics_checks.stage_id']);
  const rows = await source.all(
    source.q
      .selectFrom(perRun.as('per_run'))
      .select(['per_run.stageId', countAll().as('runsAttempted'), countWhere(sql<SqlBool>`per_run."everCorrect" = 0`).as('runsNeverCorrect'), total(sql`per_run.attempts`).as('attempts')])
      .groupBy('per_run.stageId'),
  );
  const order = positions(stages);
  const titles = new Map(stages.map((s) => [s.stageId, s.title]));
  return rows
    .map((row) => ({ ...row, title: titles.get(row.stageId) ?? row.stageId, failShare: row.runsNeverCorrect / row.runsAttempted }))
    .sort((a, b) => b.failShare - a.failShare || b.runsNeverCorrect - a.runsNeverCorrect || stageOrder(order, a.stageId, b.stageId));
}

function positions(stages: readonly StageRow[]): Map<string, number> {
  return new Map(stages.map((s) => [s.stageId, s.position]));
}

/** Stages the mission no longer lists go last, by id. */
function stageOrder(order: ReadonlyMap<string, number>, a: string, b: string): number {
  const pa = order.get(a) ?? Number.MAX_SAFE_INTEGER;
  const pb = order.get(b) ?? Number.MAX_SAFE_INTEGER;
  return pa - pb || compareCodeUnits(a, b);
}
