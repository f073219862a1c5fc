// Benchmark scoring: each reviewed run placed among the reviewed runs of the same mission version,
// by score (higher is better) and by active time (shorter is better). A percentile is the share of
// the cohort below, ties (the run itself among them) counted half: a lone run stands at 50.
import { sql, type SqlBool } from 'kysely';
import type { AnalyticsFilter, CohortRun, CohortView, MissionKey, RunBenchmark } from '../api/analytics-views.ts';
import { medianOfSorted } from './median.ts';
import { missionTitle } from './mission-performance.ts';
import { countAll, countWhere } from './portable-sql.ts';
import { checkFilter, missionFilter, runsMatching } from './run-filter.ts';
import { firstOf, type AnalyticsSource } from './source.ts';

export const COHORT_LIST_LIMIT = 500;

const reviewed = sql<SqlBool>`analytics_runs.status = 'reviewed' AND analytics_runs.final_score IS NOT NULL`;

/** Where a reviewed run stands now; null for a run that is not reviewed or not held. */
export async function runBenchmark(source: AnalyticsSource, runId: string, at: number): Promise<RunBenchmark | null> {
  const run = await firstOf(
    source,
    source.q
      .selectFrom('analytics_runs')
      .select(['pack_id', 'pack_version', 'mission_code', 'final_score', 'elapsed_ms'])
      .where('run_id', '=', runId)
      .where(reviewed),
  );
  if (!run || run.final_score === null) return null;
  const counts = await firstOf(
    source,
    source.q
      .selectFrom('analytics_runs')
      .where(runsMatching({ packId: run.pack_id, version: run.pack_version, missionCode: run.mission_code }))
      .where(reviewed)
      .select([
        countAll().as('cohort'),
        countWhere(sql<SqlBool>`analytics_runs.final_score < ${run.final_score}`).as('lower'),
        countWhere(sql<SqlBool>`analytics_runs.final_score = ${run.final_score}`).as('sameScore'),
        countWhere(sql<SqlBool>`analytics_runs.elapsed_ms > ${run.elapsed_ms}`).as('slower'),
        countWhere(sql<SqlBool>`analytics_runs.elapsed_ms = ${run.elapsed_ms}`).as('sameTime'),
      ]),
  );
  if (!counts || counts.cohort === 0) return null;
  return {
    cohort: counts.cohort,
    scorePercentile: percentile(counts.lower, counts.sameScore, counts.cohort),
    timePercentile: percentile(counts.slower, counts.sameTime, counts.cohort),
    at,
  };
}

/** The reviewed runs of one mission version, best first, at most COHORT_LIST_LIMIT of them listed. */
export async function cohortOf(source: AnalyticsSource, mission: MissionKey, filter: AnalyticsFilter = {}): Promise<CohortView> {
  checkFilter(filter);
  // Percentiles are against the whole mission version, whatever else the filter narrows the list to.
  const whole = runsMatching(missionFilter(mission, {}));
  const [scores, times, listed, title] = await Promise.all([
    source.all(source.q.selectFrom('analytics_runs').where(whole).where(reviewed).select(sql<number>`analytics_runs.final_score`.as('v')).orderBy('v')),
    source.all(source.q.selectFrom('analytics_runs').where(whole).where(reviewed).select(sql<number>`analytics_runs.elapsed_ms`.as('v')).orderBy('v')),
    source.all(
      source.q
        .selectFrom('analytics_runs')
        .where(runsMatching(missionFilter(mission, filter)))
        .where(reviewed)
        .select(['run_id', 'profile_id', 'learner_name', 'team', 'final_score', 'passed', 'elapsed_ms', 'reviewed_at'])
        .orderBy('final_score', 'desc')
        .orderBy('elapsed_ms')
        .orderBy('run_id')
        .limit(COHORT_LIST_LIMIT + 1),
    ),
    missionTitle(source, mission),
  ]);
  const sortedScores = scores.map((r) => r.v);
  const sortedTimes = times.map((r) => r.v);
  const runs: CohortRun[] = listed.slice(0, COHORT_LIST_LIMIT).map((row) => {
    const score = row.final_score ?? 0;
    const below = lowerBound(sortedScores, score);
    const sameScore = lowerBound(sortedScores, score, true) - below;
    const faster = lowerBound(sortedTimes, row.elapsed_ms);
    const sameTime = lowerBound(sortedTimes, row.elapsed_ms, true) - faster;
    const slower = sortedTimes.length - faster - sameTime;
    return {
      runId: row.run_id,
      learnerId: row.profile_id,
      learnerName: row.learner_name,
      team: row.team,
      score,
      passed: row.passed === 1,
      activeMs: row.elapsed_ms,
      reviewedAt: row.reviewed_at,
      scorePercentile: percentile(below, sameScore, sortedScores.length),
      timePercentile: percentile(slower, sameTime, sortedTimes.length),
    };
  });
  return {
    mission,
    title,
    runs,
    truncated: listed.length > COHORT_LIST_LIMIT,
    medianScore: medianOfSorted(sortedScores),
    medianActiveMs: medianOfSorted(sortedTimes),
  };
}

export function percentile(below: number, equal: number, cohort: number): number {
  return cohort === 0 ? 50 : Math.round(((below + equal / 2) / cohort) * 1000) / 10;
}

/** The first index whose value is ≥ v (or > v with `after`). */
function lowerBound(sorted: readonly number[], v: number, after = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = sorted[mid] ?? 0;
    if (x < v || (after && x === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
