// The mission performance dashboard's queries (one mission version, the runs this device holds).
// Each section is one aggregate query over the runs of the mission joined to a per-run table; none
// loops over runs. Medians are the exception that SQLite cannot aggregate: their column comes back
// sorted and the middle is taken in TypeScript (median.ts).
import { sql } from 'kysely';
import type {
  CheckFailure,
  DecisionSplit,
  FunnelStage,
  HintUse,
  MissionPerformanceFilter,
  MissionPerformanceSummary,
  MissionPerformanceView,
} from '../../../shared/api/analytics-views.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { Db } from '../../../db/connection.ts';
import { medianOfSorted, shareOf } from './median.ts';
import { runsOfMission } from './run-filter.ts';

interface StageRow { stageId: string; title: string; kind: 'task' | 'decision'; position: number }

export function missionPerformance(db: Db, missionId: number, filter: MissionPerformanceFilter = {}): MissionPerformanceView {
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) {
    throw new ApiError('invalid_input', 'The period ends before it starts.');
  }
  const mission = db.first(
    db.q
      .selectFrom('missions')
      .innerJoin('pack_versions', 'pack_versions.id', 'missions.pack_version_id')
      .select(['missions.id', 'missions.code', 'missions.title', 'pack_versions.version'])
      .where('missions.id', '=', missionId),
  );
  if (!mission) throw new ApiError('not_found', 'No such mission.');
  const stages = stagesOf(db, missionId);
  const summary = performanceSummary(db, missionId, filter);
  return {
    missionId: mission.id,
    code: mission.code,
    title: mission.title,
    packVersion: mission.version,
    filter: { ...(filter.from === undefined ? {} : { from: filter.from }), ...(filter.to === undefined ? {} : { to: filter.to }) },
    summary,
    funnel: dropOffFunnel(db, missionId, filter, stages),
    hints: hintUse(db, missionId, filter, summary.starts, stages),
    decisions: decisionSplits(db, missionId, filter, stages),
    checks: checkFailures(db, missionId, filter, stages),
  };
}

export function stagesOf(db: Db, missionId: number): StageRow[] {
  return db.all(
    db.q
      .selectFrom('stages')
      .select(['stage_id as stageId', 'title', 'kind', 'position'])
      .where('mission_id', '=', missionId)
      .orderBy('position'),
  );
}

export function performanceSummary(db: Db, missionId: number, filter: MissionPerformanceFilter): MissionPerformanceSummary {
  const runs = runsOfMission(missionId, filter);
  const counts = db.first(
    db.q
      .selectFrom('runs')
      .where(runs)
      .select([
        sql<number>`count(*)`.as('starts'),
        sql<number>`coalesce(sum(runs.submission > 0), 0)`.as('submissions'),
        sql<number>`coalesce(sum(runs.status = 'reviewed' AND runs.final_score IS NOT NULL), 0)`.as('reviewed'),
        sql<number>`coalesce(sum(runs.status = 'reviewed' AND runs.final_score IS NOT NULL AND runs.passed = 1), 0)`.as('passed'),
        sql<number | null>`avg(CASE WHEN runs.status = 'reviewed' THEN runs.final_score END)`.as('averageScore'),
        sql<number>`coalesce(sum(runs.ended_by = 'deadline' OR runs.status = 'expired'), 0)`.as('deadlineEnded'),
      ]),
  ) ?? { starts: 0, submissions: 0, reviewed: 0, passed: 0, averageScore: null, deadlineEnded: 0 };
  const scores = db.all(
    db.q
      .selectFrom('runs')
      .where(runs)
      .where('runs.status', '=', 'reviewed')
      .where('runs.final_score', 'is not', null)
      .select(sql<number>`runs.final_score`.as('v'))
      .orderBy('v'),
  );
  const activeTimes = db.all(
    db.q.selectFrom('runs').where(runs).where('runs.submission', '>', 0).select(sql<number>`runs.elapsed_ms`.as('v')).orderBy('v'),
  );
  return {
    starts: counts.starts,
    submissions: counts.submissions,
    reviewed: counts.reviewed,
    passed: counts.passed,
    passRate: shareOf(counts.passed, counts.reviewed),
    averageScore: counts.averageScore,
    medianScore: medianOfSorted(scores.map((row) => row.v)),
    medianActiveMs: medianOfSorted(activeTimes.map((row) => row.v)),
    deadlineEnded: counts.deadlineEnded,
    deadlineShare: shareOf(counts.deadlineEnded, counts.starts),
  };
}

/** Every stage of the mission in order, then any stage a run recorded that the mission no longer lists. */
export function dropOffFunnel(db: Db, missionId: number, filter: MissionPerformanceFilter, stages: readonly StageRow[] = stagesOf(db, missionId)): FunnelStage[] {
  const runs = runsOfMission(missionId, filter);
  const reached = db.all(
    db.q
      .selectFrom('runs')
      .innerJoin('run_stages', 'run_stages.run_id', 'runs.id')
      .where(runs)
      .select(['run_stages.stage_id as stageId', sql<number>`count(*)`.as('n')])
      .groupBy('run_stages.stage_id'),
  );
  const dropped = db.all(
    db.q
      .selectFrom('runs')
      .where(runs)
      .where('runs.status', 'in', ['abandoned', 'expired'])
      .where('runs.current_stage_id', 'is not', null)
      .select([sql<string>`runs.current_stage_id`.as('stageId'), sql<number>`count(*)`.as('n')])
      .groupBy('runs.current_stage_id'),
  );
  const reachedBy = new Map(reached.map((row) => [row.stageId, row.n]));
  const droppedBy = new Map(dropped.map((row) => [row.stageId, row.n]));
  const funnel: FunnelStage[] = stages.map((s) => ({ stageId: s.stageId, title: s.title, kind: s.kind, reached: reachedBy.get(s.stageId) ?? 0, droppedHere: droppedBy.get(s.stageId) ?? 0 }));
  const known = new Set(stages.map((s) => s.stageId));
  const unknown = [...new Set([...reachedBy.keys(), ...droppedBy.keys()])].filter((id) => !known.has(id)).sort();
  for (const stageId of unknown) funnel.push({ stageId, title: stageId, kind: 'task', reached: reachedBy.get(stageId) ?? 0, droppedHere: droppedBy.get(stageId) ?? 0 });
  return funnel;
}

/** Most revealed first; ties in stage order, then hint order. */
export function hintUse(db: Db, missionId: number, filter: MissionPerformanceFilter, starts: number, stages: readonly StageRow[] = stagesOf(db, missionId)): HintUse[] {
  const rows = db.all(
    db.q
      .selectFrom('runs')
      .innerJoin('hint_reveals', 'hint_reveals.run_id', 'runs.id')
      .where(runsOfMission(missionId, filter))
      .select(['hint_reveals.stage_id as stageId', 'hint_reveals.hint_index as hintIndex', sql<number>`count(*)`.as('runs')])
      .groupBy(['hint_reveals.stage_id', 'hint_reveals.hint_index']),
  );
  const order = positions(stages);
  return rows
    .map((row) => ({ stageId: row.stageId, hintIndex: row.hintIndex, runs: row.runs, share: starts === 0 ? 0 : row.runs / starts }))
    .sort((a, b) => b.runs - a.runs || stageOrder(order, a.stageId, b.stageId) || a.hintIndex - b.hintIndex);
}

/** Decision stages in mission order, each with its options most taken first. */
export function decisionSplits(db: Db, missionId: number, filter: MissionPerformanceFilter, stages: readonly StageRow[] = stagesOf(db, missionId)): DecisionSplit[] {
  const rows = db.all(
    db.q
      .selectFrom('runs')
      .innerJoin('decisions', 'decisions.run_id', 'runs.id')
      .where(runsOfMission(missionId, filter))
      .select(['decisions.stage_id as stageId', 'decisions.option_id as optionId', sql<number>`count(*)`.as('runs')])
      .groupBy(['decisions.stage_id', 'decisions.option_id']),
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
      const total = options.reduce((sum, o) => sum + o.runs, 0);
      return {
        stageId,
        title: titles.get(stageId) ?? stageId,
        runs: total,
        options: options.map((o) => ({ ...o, share: o.runs / total })).sort((a, b) => b.runs - a.runs || (a.optionId < b.optionId ? -1 : 1)),
      };
    });
}

/** Stages with answer checks, the largest share of runs never answering correctly first. */
export function checkFailures(db: Db, missionId: number, filter: MissionPerformanceFilter, stages: readonly StageRow[] = stagesOf(db, missionId)): CheckFailure[] {
  const perRun = db.q
    .selectFrom('runs')
    .innerJoin('check_attempts', 'check_attempts.run_id', 'runs.id')
    .where(runsOfMission(missionId, filter))
    .select(['check_attempts.stage_id as stageId', sql<number>`max(check_attempts.correct)`.as('everCorrect'), sql<number>`count(*)`.as('attempts')])
    .groupBy(['check_attempts.run_id', 'check_attempts.stage_id']);
  const rows = db.all(
    db.q
      .selectFrom(perRun.as('per_run'))
      .select([
        'per_run.stageId',
        sql<number>`count(*)`.as('runsAttempted'),
        sql<number>`sum(per_run.everCorrect = 0)`.as('runsNeverCorrect'),
        sql<number>`sum(per_run.attempts)`.as('attempts'),
      ])
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
  return pa - pb || (a < b ? -1 : a > b ? 1 : 0);
}
