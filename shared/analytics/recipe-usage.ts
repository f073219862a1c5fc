// Recipe usage and effectiveness. Usage: how often each recipe was opened, by how many learners, for
// how long. Effectiveness compares, at each stage a recipe was opened from, the stage runs where it
// was opened with those of the same stages where it was not: rubric score, answer checks tried, hints
// revealed (after the first opening, on the side with the recipe), and active time of completed
// stages. Counts travel with every figure, so a difference over three runs looks like what it is.
import { sql, type SqlBool } from 'kysely';
import type { AnalyticsFilter, OutcomeStats, RecipeUsage, RecipeUsageView } from '../api/analytics-views.ts';
import { medianOfSorted } from './median.ts';
import { average, countAll, countWhere } from './portable-sql.ts';
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
  const outcomeBy = new Map<string, { with: OutcomeStats; without: OutcomeStats }>();
  for (const row of outcomes) {
    const entry = outcomeBy.get(row.recipeId) ?? { with: emptyOutcome(), without: emptyOutcome() };
    const stats: OutcomeStats = {
      runs: row.runs,
      meanStageScore: row.meanStageScore,
      scored: row.scored,
      meanAttempts: row.meanAttempts,
      meanHintsAfter: row.meanHintsAfter,
      meanActiveMs: row.meanActiveMs === null ? null : Math.round(row.meanActiveMs),
      completed: row.completed,
    };
    if (Number(row.withRecipe) === 1) entry.with = stats;
    else entry.without = stats;
    outcomeBy.set(row.recipeId, entry);
  }
  const recipes: RecipeUsage[] = opens.map((row) => {
    const title = titles.get(row.recipeId);
    const outcome = outcomeBy.get(row.recipeId);
    return {
      recipeId: row.recipeId,
      title: title?.title ?? row.recipeId,
      type: title?.type ?? 'unknown',
      opens: row.opens,
      readers: row.readers,
      opensInStages: row.opensInStages,
      medianReadMs: medianOfSorted(timesBy.get(row.recipeId) ?? []),
      withRecipe: outcome?.with ?? emptyOutcome(),
      withoutRecipe: outcome?.without ?? emptyOutcome(),
    };
  });
  recipes.sort((a, b) => b.opens - a.opens || a.title.localeCompare(b.title) || (a.recipeId < b.recipeId ? -1 : 1));
  return { recipes, smallSample: SMALL_SAMPLE };
}

function emptyOutcome(): OutcomeStats {
  return { runs: 0, meanStageScore: null, scored: 0, meanAttempts: null, meanHintsAfter: null, meanActiveMs: null, completed: 0 };
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

function openCounts(source: AnalyticsSource, filter: AnalyticsFilter) {
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

function readTimesOf(source: AnalyticsSource, filter: AnalyticsFilter) {
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

interface OutcomeRow {
  recipeId: string;
  withRecipe: number;
  runs: number;
  meanStageScore: number | null;
  scored: number;
  meanAttempts: number | null;
  meanHintsAfter: number | null;
  meanActiveMs: number | null;
  completed: number;
}

function stageOutcomes(source: AnalyticsSource, filter: AnalyticsFilter): Promise<OutcomeRow[]> {
  const runs = runsMatching(filter);
  const query = source.q
    // Each (recipe, run, stage) where the recipe was opened during the stage, with its first opening.
    .with('opened', (q) =>
      q
        .selectFrom('analytics_recipe_reads')
        .innerJoin('analytics_runs', 'analytics_runs.run_id', 'analytics_recipe_reads.run_id')
        .where(runs)
        .where('analytics_recipe_reads.stage_id', 'is not', null)
        .select([
          'analytics_recipe_reads.recipe_id as recipe_id',
          'analytics_recipe_reads.run_id as run_id',
          sql<string>`analytics_recipe_reads.stage_id`.as('stage_id'),
          'analytics_runs.pack_id as pack_id',
          'analytics_runs.pack_version as pack_version',
          'analytics_runs.mission_code as mission_code',
          sql<number>`min(analytics_recipe_reads.opened_at)`.as('first_open'),
        ])
        .groupBy(['analytics_recipe_reads.recipe_id', 'analytics_recipe_reads.run_id', 'analytics_recipe_reads.stage_id', 'analytics_runs.pack_id', 'analytics_runs.pack_version', 'analytics_runs.mission_code']),
    )
    // The stages each recipe was opened from, per mission version.
    .with('targets', (q) => q.selectFrom('opened').select(['recipe_id', 'pack_id', 'pack_version', 'mission_code', 'stage_id']).distinct())
    // Every matching run's visit of those stages (re-entries folded into one), opened or not.
    .with('stage_runs', (q) =>
      q
        .selectFrom('targets')
        .innerJoin('analytics_runs', (join) =>
          join
            .onRef('analytics_runs.pack_id', '=', 'targets.pack_id')
            .onRef('analytics_runs.pack_version', '=', 'targets.pack_version')
            .onRef('analytics_runs.mission_code', '=', 'targets.mission_code'),
        )
        .innerJoin('analytics_run_stages', (join) => join.onRef('analytics_run_stages.run_id', '=', 'analytics_runs.run_id').onRef('analytics_run_stages.stage_id', '=', 'targets.stage_id'))
        .where(runs)
        .select([
          'targets.recipe_id as recipe_id',
          'analytics_run_stages.run_id as run_id',
          'analytics_run_stages.stage_id as stage_id',
          sql<number | null>`max(analytics_run_stages.completed_at)`.as('completed_at'),
          sql<number>`sum(analytics_run_stages.active_ms)`.as('active_ms'),
        ])
        .groupBy(['targets.recipe_id', 'analytics_run_stages.run_id', 'analytics_run_stages.stage_id']),
    )
    .with('attempts', (q) =>
      q
        .selectFrom('analytics_checks')
        .where('analytics_checks.run_id', 'in', (sub) => sub.selectFrom('stage_runs').select('stage_runs.run_id'))
        .select(['analytics_checks.run_id as run_id', 'analytics_checks.stage_id as stage_id', countAll().as('n')])
        .groupBy(['analytics_checks.run_id', 'analytics_checks.stage_id']),
    )
    .selectFrom('stage_runs')
    .leftJoin('opened', (join) =>
      join.onRef('opened.recipe_id', '=', 'stage_runs.recipe_id').onRef('opened.run_id', '=', 'stage_runs.run_id').onRef('opened.stage_id', '=', 'stage_runs.stage_id'),
    )
    .leftJoin('analytics_stage_scores', (join) =>
      join.onRef('analytics_stage_scores.run_id', '=', 'stage_runs.run_id').onRef('analytics_stage_scores.stage_id', '=', 'stage_runs.stage_id'),
    )
    .leftJoin('attempts', (join) => join.onRef('attempts.run_id', '=', 'stage_runs.run_id').onRef('attempts.stage_id', '=', 'stage_runs.stage_id'))
    .select([
      'stage_runs.recipe_id as recipeId',
      sql<number>`CASE WHEN opened.first_open IS NULL THEN 0 ELSE 1 END`.as('withRecipe'),
      countAll().as('runs'),
      average(sql`analytics_stage_scores.fraction`).as('meanStageScore'),
      sql<number>`cast(count(analytics_stage_scores.fraction) as integer)`.as('scored'),
      average(sql`coalesce(attempts.n, 0)`).as('meanAttempts'),
      average(
        sql`(SELECT count(*) FROM analytics_hints WHERE analytics_hints.run_id = stage_runs.run_id AND analytics_hints.stage_id = stage_runs.stage_id
              AND (opened.first_open IS NULL OR analytics_hints.revealed_at > opened.first_open))`,
      ).as('meanHintsAfter'),
      average(sql`CASE WHEN stage_runs.completed_at IS NOT NULL THEN stage_runs.active_ms END`).as('meanActiveMs'),
      countWhere(sql<SqlBool>`stage_runs.completed_at IS NOT NULL`).as('completed'),
    ])
    .groupBy(['stage_runs.recipe_id', sql`CASE WHEN opened.first_open IS NULL THEN 0 ELSE 1 END`]);
  return source.all(query);
}
