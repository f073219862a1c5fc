// Recipe usage and effectiveness. Usage: how often each recipe was opened, by how many learners, for
// how long. Effectiveness compares, at each stage a recipe was opened from, the stage runs where it
// was opened with those of the same stages where it was not: rubric score, answer checks tried, hints
// revealed (after the first opening, on the side with the recipe), and active time of completed
// stages. Counts travel with every figure, so a difference over three runs looks like what it is.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { AnalyticsFilter, OutcomeStats, RecipeUsage, RecipeUsageView } from '../api/analytics-views.ts';
import { medianOfSorted } from './median.ts';
import { countAll, countWhere, total } from './portable-sql.ts';
import { checkFilter, narrowsRuns, runsMatching } from './run-filter.ts';
import type { MissionRef } from './schema.ts';
import type { AnalyticsSource } from './source.ts';

/** Fewer stage runs than this on either side, and the screen says the sample is too small to tell. */
export const SMALL_SAMPLE = 10;

export async function recipeUsage(source: AnalyticsSource, filter: AnalyticsFilter): Promise<RecipeUsageView> {
  checkFilter(filter);
  const [reads, outcomes, titles] = await Promise.all([readsOf(source, filter), stageOutcomes(source, filter), recipeTitles(source)]);
  const recipes: RecipeUsage[] = readingsPerRecipe(reads).map((reading) => {
    const title = titles.get(reading.recipeId);
    const outcome = outcomes.get(reading.recipeId);
    return {
      ...reading,
      title: title?.title ?? reading.recipeId,
      type: title?.type ?? 'unknown',
      withRecipe: outcome?.with ?? statsOf(zeroSums()),
      withoutRecipe: outcome?.without ?? statsOf(zeroSums()),
    };
  });
  recipes.sort((a, b) => b.opens - a.opens || a.title.localeCompare(b.title) || (a.recipeId < b.recipeId ? -1 : 1));
  return { recipes, smallSample: SMALL_SAMPLE };
}

interface ReadRow {
  recipeId: string;
  profileId: string;
  /** 1 when the read was opened from a stage of a run. */
  inStage: number;
  activeMs: number;
}

type Reading = Pick<RecipeUsage, 'recipeId' | 'opens' | 'readers' | 'opensInStages' | 'medianReadMs'>;

/** Opens, distinct readers and the median reading time per recipe, from one row per read. */
function readingsPerRecipe(reads: ReadRow[]): Reading[] {
  const by = new Map<string, { readers: Set<string>; inStages: number; times: number[] }>();
  for (const read of reads) {
    let entry = by.get(read.recipeId);
    if (!entry) by.set(read.recipeId, (entry = { readers: new Set(), inStages: 0, times: [] }));
    entry.readers.add(read.profileId);
    entry.inStages += Number(read.inStage);
    entry.times.push(Number(read.activeMs));
  }
  return [...by].map(([recipeId, entry]) => ({
    recipeId,
    opens: entry.times.length,
    readers: entry.readers.size,
    opensInStages: entry.inStages,
    medianReadMs: medianOfSorted(entry.times.sort((a, b) => a - b)),
  }));
}

/** Whether the filter leaves any run out. */
const narrows = (filter: AnalyticsFilter): boolean => narrowsRuns(filter) || filter.from !== undefined || filter.to !== undefined;

/**
 * The row's run matches the filter. As EXISTS rather than IN: given a list of run ids, SQLite would
 * look up every (run, stage) pair instead of reading the stage runs once.
 */
function runMatches(runId: 'r.run_id' | 'o.run_id' | 'f.run_id', filter: AnalyticsFilter): Expression<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM analytics_runs WHERE analytics_runs.run_id = ${sql.ref(runId)} AND ${runsMatching(filter)})`;
}

/**
 * The reads a filter covers: those made during a matching run, and, when the filter names only a
 * period, the reads made outside any run (the library) within it.
 */
export function readsOf(source: AnalyticsSource, filter: AnalyticsFilter): Promise<ReadRow[]> {
  let query = source.q
    .selectFrom('analytics_recipe_reads as r')
    .select(['r.recipe_id as recipeId', 'r.profile_id as profileId', 'r.active_ms as activeMs', sql<number>`CASE WHEN r.run_id IS NOT NULL AND r.stage_id IS NOT NULL THEN 1 ELSE 0 END`.as('inStage')]);
  if (narrowsRuns(filter)) query = query.where(runMatches('r.run_id', filter));
  else if (narrows(filter)) {
    query = query.where((eb) =>
      eb.or([
        runMatches('r.run_id', filter),
        eb.and([eb('r.run_id', 'is', null), ...(filter.from === undefined ? [] : [eb('r.opened_at', '>=', filter.from)]), ...(filter.to === undefined ? [] : [eb('r.opened_at', '<', filter.to)])]),
      ]),
    );
  }
  return source.all(query);
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

interface StageRow extends OutcomeSums {
  missionRef: MissionRef;
  stageId: string;
}

interface WithRow extends StageRow {
  recipeId: string;
}

const stageKey = (row: StageRow): string => JSON.stringify([String(row.missionRef), row.stageId]);

/**
 * Per recipe, the stage runs it was opened from (with) and the other stage runs of the same stages
 * (without). The database sums each side per mission stage; the without side is the stage's sums over
 * every matching run less the with side's, so no query pairs every stage run with every recipe.
 */
async function stageOutcomes(source: AnalyticsSource, filter: AnalyticsFilter): Promise<Map<string, { with: OutcomeStats; without: OutcomeStats }>> {
  const withRows = await withSums(source, filter);
  const stageIds = [...new Set(withRows.map((row) => row.stageId))];
  const allBy = new Map((stageIds.length === 0 ? [] : await allSums(source, filter, stageIds)).map((row) => [stageKey(row), row]));
  const perRecipe = new Map<string, { with: OutcomeSums; all: OutcomeSums }>();
  for (const row of withRows) {
    const entry = perRecipe.get(row.recipeId) ?? { with: zeroSums(), all: zeroSums() };
    addSums(entry.with, row);
    const all = allBy.get(stageKey(row));
    if (all) addSums(entry.all, all);
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
  let query = source.q
    .selectFrom('analytics_recipe_openings as o')
    // A stage the run never entered has no facts: such an opening is not a stage run.
    .innerJoin('analytics_stage_facts as f', (join) => join.onRef('f.mission_ref', '=', 'o.mission_ref').onRef('f.stage_id', '=', 'o.stage_id').onRef('f.run_id', '=', 'o.run_id'))
    .select(['o.recipe_id as recipeId', 'o.mission_ref as missionRef', 'o.stage_id as stageId', ...outcomeSums, total(sql`o.hints_after`).as('hintsAfter')])
    .groupBy(['o.recipe_id', 'o.mission_ref', 'o.stage_id']);
  if (narrows(filter)) query = query.where(runMatches('o.run_id', filter));
  return source.all(query);
}

/** Every matching run's stage runs of the named stages, summed per mission stage (all hints count as after). */
export function allSums(source: AnalyticsSource, filter: AnalyticsFilter, stageIds: string[]): Promise<StageRow[]> {
  let query = source.q
    .selectFrom('analytics_stage_facts as f')
    .where('f.stage_id', 'in', stageIds)
    .select(['f.mission_ref as missionRef', 'f.stage_id as stageId', ...outcomeSums, total(sql`f.hints`).as('hintsAfter')])
    .groupBy(['f.mission_ref', 'f.stage_id']);
  if (narrows(filter)) query = query.where(runMatches('f.run_id', filter));
  return source.all(query);
}

/** The sums both sides take over stage runs `f`. */
const outcomeSums = [
  countAll().as('runs'),
  sql<number>`coalesce(sum(f.score), 0)`.as('scoreSum'),
  sql<number>`cast(count(f.score) as integer)`.as('scored'),
  total(sql`f.attempts`).as('attempts'),
  total(sql`f.hints`).as('hintsAll'),
  sql<number>`coalesce(sum(CASE WHEN f.completed = 1 THEN f.active_ms END), 0)`.as('activeSum'),
  countWhere(sql<SqlBool>`f.completed = 1`).as('completed'),
] as const;
