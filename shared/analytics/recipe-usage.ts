// Recipe usage and effectiveness. Usage: how often each recipe was opened, by how many learners, for
// how long. Effectiveness compares, at each stage a recipe was opened from, the stage runs where it
// was opened with those of the same stages where it was not: rubric score, answer checks tried, hints
// revealed (after the first opening, on the side with the recipe), and active time of completed
// stages. Counts travel with every figure, so a difference over three runs looks like what it is.
import { sql, type SqlBool } from 'kysely';
import type { AnalyticsFilter, OutcomeStats, RecipeUsage, RecipeUsageView } from '../api/analytics-views.ts';
import { medianOfSorted } from './median.ts';
import { countAll, countWhere, total } from './portable-sql.ts';
import { checkFilter, narrowsRuns, runsMatching } from './run-filter.ts';
import type { AnalyticsSource } from './source.ts';

/** Fewer stage runs than this on either side, and the screen says the sample is too small to tell. */
export const SMALL_SAMPLE = 10;

export async function recipeUsage(source: AnalyticsSource, filter: AnalyticsFilter): Promise<RecipeUsageView> {
  checkFilter(filter);
  const [opens, readTimes, outcomes, titles] = await Promise.all([openCounts(source, filter), readTimesOf(source, filter), stageOutcomes(source, filter), recipeTitles(source)]);
  const timesBy = new Map<string, number[]>();
  for (const row of readTimes) {
    const list = timesBy.get(row.recipeId) ?? [];
    list.push(row.activeMs);
    timesBy.set(row.recipeId, list);
  }
  const recipes: RecipeUsage[] = opens.map((row) => {
    const title = titles.get(row.recipeId);
    const outcome = outcomes.get(row.recipeId);
    return {
      recipeId: row.recipeId,
      title: title?.title ?? row.recipeId,
      type: title?.type ?? 'unknown',
      opens: row.opens,
      readers: row.readers,
      opensInStages: row.opensInStages,
      medianReadMs: medianOfSorted(timesBy.get(row.recipeId) ?? []),
      withRecipe: outcome?.with ?? statsOf(zeroSums()),
      withoutRecipe: outcome?.without ?? statsOf(zeroSums()),
    };
  });
  recipes.sort((a, b) => b.opens - a.opens || a.title.localeCompare(b.title) || (a.recipeId < b.recipeId ? -1 : 1));
  return { recipes, smallSample: SMALL_SAMPLE };
}

/**
 * The reads a filter covers: those made during a matching run, and, when the filter names only a
 * period, the reads made outside any run (the library) within it.
 */
function readsIn(source: AnalyticsSource, filter: AnalyticsFilter) {
  const inRuns = runsMatching(filter);
  const unattached = narrowsRuns(filter)
    ? sql<SqlBool>`1 = 0`
    : sql<SqlBool>`(analytics_recipe_reads.run_id IS NULL${filter.from === undefined ? sql`` : sql` AND analytics_recipe_reads.opened_at >= ${filter.from}`}${filter.to === undefined ? sql`` : sql` AND analytics_recipe_reads.opened_at < ${filter.to}`})`;
  return source.q
    .selectFrom('analytics_recipe_reads')
    .leftJoin('analytics_runs', 'analytics_runs.run_id', 'analytics_recipe_reads.run_id')
    .where(sql<SqlBool>`((analytics_runs.run_id IS NOT NULL AND ${inRuns}) OR ${unattached})`);
}

export function openCounts(source: AnalyticsSource, filter: AnalyticsFilter) {
  return source.all(
    readsIn(source, filter)
      .select([
        'analytics_recipe_reads.recipe_id as recipeId',
        countAll().as('opens'),
        sql<number>`cast(count(DISTINCT analytics_recipe_reads.profile_id) as integer)`.as('readers'),
        countWhere(sql<SqlBool>`analytics_recipe_reads.stage_id IS NOT NULL AND analytics_runs.run_id IS NOT NULL`).as('opensInStages'),
      ])
      .groupBy('analytics_recipe_reads.recipe_id'),
  );
}

export function readTimesOf(source: AnalyticsSource, filter: AnalyticsFilter) {
  return source.all(
    readsIn(source, filter)
      .select(['analytics_recipe_reads.recipe_id as recipeId', 'analytics_recipe_reads.active_ms as activeMs'])
      .orderBy('analytics_recipe_reads.recipe_id')
      .orderBy('analytics_recipe_reads.active_ms'),
  );
}

async function recipeTitles(source: AnalyticsSource): Promise<Map<string, { title: string; type: string }>> {
  const rows = await source.all(source.q.selectFrom('analytics_recipes').select(['recipe_id', 'title', 'type']));
  return new Map(rows.map((row) => [row.recipe_id, { title: row.title, type: row.type }]));
}

/** Sums over stage runs, from which the means are taken; the side without a recipe is all minus with. */
interface OutcomeSums {
  runs: number;
  scoreSum: number;
  scored: number;
  attempts: number;
  hintsAll: number;
  hintsAfter: number;
  activeSum: number;
  completed: number;
}

interface WithRow extends OutcomeSums {
  recipeId: string;
  packId: string;
  version: string;
  code: string;
  stageId: string;
}

interface AllRow extends Omit<OutcomeSums, 'hintsAfter'> {
  packId: string;
  version: string;
  code: string;
  stageId: string;
}

const stageKey = (row: { packId: string; version: string; code: string; stageId: string }): string => JSON.stringify([row.packId, row.version, row.code, row.stageId]);

/**
 * Per recipe, the stage runs it was opened from (with) and the other stage runs of the same stages
 * (without). The database sums each side per mission stage; the without side is the stage's sums over
 * every matching run less the with side's, so no query pairs every stage run with every recipe.
 */
async function stageOutcomes(source: AnalyticsSource, filter: AnalyticsFilter): Promise<Map<string, { with: OutcomeStats; without: OutcomeStats }>> {
  const withRows = await withSums(source, filter);
  const targets = new Set(withRows.map(stageKey));
  const stageIds = [...new Set(withRows.map((row) => row.stageId))];
  const allRows = stageIds.length === 0 ? [] : (await allSums(source, filter, stageIds)).filter((row) => targets.has(stageKey(row)));
  const allBy = new Map(allRows.map((row) => [stageKey(row), row]));
  const perRecipe = new Map<string, { with: OutcomeSums; all: OutcomeSums }>();
  for (const row of withRows) {
    const entry = perRecipe.get(row.recipeId) ?? { with: zeroSums(), all: zeroSums() };
    addSums(entry.with, row);
    const all = allBy.get(stageKey(row));
    if (all) addSums(entry.all, { ...all, hintsAfter: all.hintsAll });
    perRecipe.set(row.recipeId, entry);
  }
  const result = new Map<string, { with: OutcomeStats; without: OutcomeStats }>();
  for (const [recipeId, { with: w, all }] of perRecipe) {
    const without: OutcomeSums = {
      runs: all.runs - w.runs,
      scoreSum: all.scoreSum - w.scoreSum,
      scored: all.scored - w.scored,
      attempts: all.attempts - w.attempts,
      hintsAll: all.hintsAll - w.hintsAll,
      // Without the recipe there is no opening to count after: every hint of the stage counts.
      hintsAfter: all.hintsAll - w.hintsAll,
      activeSum: all.activeSum - w.activeSum,
      completed: all.completed - w.completed,
    };
    result.set(recipeId, { with: statsOf(w), without: statsOf(without) });
  }
  return result;
}

function zeroSums(): OutcomeSums {
  return { runs: 0, scoreSum: 0, scored: 0, attempts: 0, hintsAll: 0, hintsAfter: 0, activeSum: 0, completed: 0 };
}

function addSums(into: OutcomeSums, row: OutcomeSums): void {
  into.runs += Number(row.runs);
  into.scoreSum += Number(row.scoreSum);
  into.scored += Number(row.scored);
  into.attempts += Number(row.attempts);
  into.hintsAll += Number(row.hintsAll);
  into.hintsAfter += Number(row.hintsAfter);
  into.activeSum += Number(row.activeSum);
  into.completed += Number(row.completed);
}

function statsOf(sums: OutcomeSums): OutcomeStats {
  const per = (value: number, count: number): number | null => (count === 0 ? null : value / count);
  const active = per(sums.activeSum, sums.completed);
  return {
    runs: sums.runs,
    meanStageScore: per(sums.scoreSum, sums.scored),
    scored: sums.scored,
    meanAttempts: per(sums.attempts, sums.runs),
    meanHintsAfter: per(sums.hintsAfter, sums.runs),
    meanActiveMs: active === null ? null : Math.round(active),
    completed: sums.completed,
  };
}

/** Each (recipe, stage) it was opened from: the sums over those stage runs, hints counted after the first opening. */
export function withSums(source: AnalyticsSource, filter: AnalyticsFilter): Promise<WithRow[]> {
  const inRuns = source.q.selectFrom('analytics_runs').select('analytics_runs.run_id').where(runsMatching(filter));
  const opened = source.q
    .selectFrom('analytics_recipe_reads')
    .where('analytics_recipe_reads.stage_id', 'is not', null)
    .where('analytics_recipe_reads.run_id', 'in', inRuns)
    .select(['recipe_id', 'run_id', 'stage_id', sql<number>`min(analytics_recipe_reads.opened_at)`.as('first_open')])
    .groupBy(['recipe_id', 'run_id', 'stage_id']);
  const facts = source.q
    .selectFrom(opened.as('o'))
    .innerJoin('analytics_runs', 'analytics_runs.run_id', 'o.run_id')
    // A stage the run never entered has no outcome: such an opening is not a stage run.
    .where(sql<SqlBool>`EXISTS (SELECT 1 FROM analytics_run_stages WHERE analytics_run_stages.run_id = o.run_id AND analytics_run_stages.stage_id = o.stage_id)`)
    .select([
      'o.recipe_id as recipeId',
      'analytics_runs.pack_id as packId',
      'analytics_runs.pack_version as version',
      'analytics_runs.mission_code as code',
      sql<string>`o.stage_id`.as('stageId'),
      sql<number | null>`(SELECT max(analytics_stage_scores.fraction) FROM analytics_stage_scores WHERE analytics_stage_scores.run_id = o.run_id AND analytics_stage_scores.stage_id = o.stage_id)`.as('score'),
      sql<number>`(SELECT count(*) FROM analytics_checks WHERE analytics_checks.run_id = o.run_id AND analytics_checks.stage_id = o.stage_id)`.as('attempts'),
      sql<number>`(SELECT count(*) FROM analytics_hints WHERE analytics_hints.run_id = o.run_id AND analytics_hints.stage_id = o.stage_id)`.as('hintsAll'),
      sql<number>`(SELECT count(*) FROM analytics_hints WHERE analytics_hints.run_id = o.run_id AND analytics_hints.stage_id = o.stage_id AND analytics_hints.revealed_at > o.first_open)`.as('hintsAfter'),
      sql<number | null>`(SELECT CASE WHEN max(analytics_run_stages.completed_at) IS NOT NULL THEN sum(analytics_run_stages.active_ms) END FROM analytics_run_stages WHERE analytics_run_stages.run_id = o.run_id AND analytics_run_stages.stage_id = o.stage_id)`.as('completedActive'),
    ]);
  return source.all(
    source.q
      .selectFrom(facts.as('f'))
      .select(['f.recipeId', 'f.packId', 'f.version', 'f.code', 'f.stageId'])
      .select([
        countAll().as('runs'),
        sql<number>`coalesce(sum(f.score), 0)`.as('scoreSum'),
        sql<number>`cast(count(f.score) as integer)`.as('scored'),
        total(sql`f.attempts`).as('attempts'),
        total(sql`f."hintsAll"`).as('hintsAll'),
        total(sql`f."hintsAfter"`).as('hintsAfter'),
        sql<number>`coalesce(sum(f."completedActive"), 0)`.as('activeSum'),
        sql<number>`cast(count(f."completedActive") as integer)`.as('completed'),
      ])
      .groupBy(['f.recipeId', 'f.packId', 'f.version', 'f.code', 'f.stageId']),
  );
}

/** Every matching run's visits of the named stages, summed per mission stage (re-entries folded into one). */
export async function allSums(source: AnalyticsSource, filter: AnalyticsFilter, stageIds: string[]): Promise<AllRow[]> {
  const runs = runsMatching(filter);
  const key = ['analytics_runs.pack_id as packId', 'analytics_runs.pack_version as version', 'analytics_runs.mission_code as code'] as const;
  const group = ['analytics_runs.pack_id', 'analytics_runs.pack_version', 'analytics_runs.mission_code'] as const;
  const visits = source.q
    .selectFrom('analytics_run_stages')
    .where('analytics_run_stages.stage_id', 'in', stageIds)
    .select(['run_id', 'stage_id', sql<number | null>`max(analytics_run_stages.completed_at)`.as('completed_at'), sql<number>`sum(analytics_run_stages.active_ms)`.as('active_ms')])
    .groupBy(['run_id', 'stage_id']);
  const [stages, scores, checks, hints] = await Promise.all([
    source.all(
      source.q
        .selectFrom(visits.as('v'))
        .innerJoin('analytics_runs', 'analytics_runs.run_id', 'v.run_id')
        .where(runs)
        .select([...key, 'v.stage_id as stageId', countAll().as('runs'), sql<number>`coalesce(sum(CASE WHEN v.completed_at IS NOT NULL THEN v.active_ms END), 0)`.as('activeSum'), countWhere(sql<SqlBool>`v.completed_at IS NOT NULL`).as('completed')])
        .groupBy([...group, 'v.stage_id']),
    ),
    source.all(
      source.q
        .selectFrom('analytics_stage_scores')
        .innerJoin('analytics_runs', 'analytics_runs.run_id', 'analytics_stage_scores.run_id')
        .where(runs)
        .where('analytics_stage_scores.stage_id', 'in', stageIds)
        .select([...key, 'analytics_stage_scores.stage_id as stageId', sql<number>`coalesce(sum(analytics_stage_scores.fraction), 0)`.as('scoreSum'), countAll().as('scored')])
        .groupBy([...group, 'analytics_stage_scores.stage_id']),
    ),
    source.all(
      source.q
        .selectFrom('analytics_checks')
        .innerJoin('analytics_runs', 'analytics_runs.run_id', 'analytics_checks.run_id')
        .where(runs)
        .where('analytics_checks.stage_id', 'in', stageIds)
        .select([...key, 'analytics_checks.stage_id as stageId', countAll().as('attempts')])
        .groupBy([...group, 'analytics_checks.stage_id']),
    ),
    source.all(
      source.q
        .selectFrom('analytics_hints')
        .innerJoin('analytics_runs', 'analytics_runs.run_id', 'analytics_hints.run_id')
        .where(runs)
        .where('analytics_hints.stage_id', 'in', stageIds)
        .select([...key, 'analytics_hints.stage_id as stageId', countAll().as('hintsAll')])
        .groupBy([...group, 'analytics_hints.stage_id']),
    ),
  ]);
  const byKey = new Map<string, AllRow>();
  for (const row of stages) byKey.set(stageKey(row), { ...row, scoreSum: 0, scored: 0, attempts: 0, hintsAll: 0 });
  // Scores, checks and hints of a stage the run never entered do not exist; of one it entered, they add up.
  for (const row of scores) {
    const held = byKey.get(stageKey(row));
    if (held) Object.assign(held, { scoreSum: row.scoreSum, scored: row.scored });
  }
  for (const row of checks) {
    const held = byKey.get(stageKey(row));
    if (held) held.attempts = row.attempts;
  }
  for (const row of hints) {
    const held = byKey.get(stageKey(row));
    if (held) held.hintsAll = row.hintsAll;
  }
  return [...byKey.values()];
}
