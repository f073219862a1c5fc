// The recipe library: every current recipe (the newest import of each id) that matches a search and
// the type, skill and level filters, with the learner's marks and reading totals, and the facets the
// filters offer. All of it is SQL, so the screen receives only what it shows.
import { summary } from './recipes.ts';
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { FacetCount, LibraryRecipe, RecipeFacets, RecipeLibraryView } from '../../../shared/api/recipe-views.ts';
import type { RecipeType, Tier } from '../../../shared/pack/vocabulary.ts';
import type { EngineContext } from '../context.ts';
import { marksView } from './recipe-marks.ts';

export interface LibraryFilters {
  search?: string | undefined;
  type?: RecipeType | undefined;
  skill?: string | undefined;
  level?: Tier | undefined;
}

/** Words beyond this many are ignored: each one is a clause of the query. */
export const MAX_SEARCH_WORDS = 8;

type Facet = 'type' | 'skill' | 'level';
type RecipesFrom = SelectQueryBuilder<Database & { r: Database['recipes'] }, 'r', object>;

/** Lower-case words of the search; LIKE's own characters (% _ \) are escaped to match literally. */
export function searchPatterns(search: string | undefined): string[] {
  const words = (search ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
  return [...new Set(words)].map((word) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

function like(column: string, pattern: string) {
  return sql<boolean>`lower(${sql.ref(column)}) LIKE ${pattern} ESCAPE '\\'`;
}

/** Current recipes matching the search and every filter but `except` (a facet counts without its own filter). */
function matching(ctx: EngineContext, filters: LibraryFilters, except?: Facet): RecipesFrom {
  let query: RecipesFrom = ctx.db.q
    .selectFrom('recipes as r')
    .where('r.id', 'in', (eb) => eb.selectFrom('recipes').select((e) => e.fn.max('id').as('id')).groupBy('recipe_id'));
  if (filters.type && except !== 'type') query = query.where('r.type', '=', filters.type);
  if (filters.level && except !== 'level') query = query.where('r.level', '=', filters.level);
  if (filters.skill && except !== 'skill') query = query.where(sql<boolean>`exists (select 1 from json_each(r.skills_json) where json_each.value = ${filters.skill})`);
  for (const pattern of searchPatterns(filters.search)) {
    query = query.where((eb: ExpressionBuilder<Database & { r: Database['recipes'] }, 'r'>) =>
      eb.or([
        like('r.title', pattern),
        like('r.type', pattern),
        like('r.level', pattern),
        like('r.body_md', pattern),
        sql<boolean>`exists (select 1 from json_each(r.skills_json) where lower(json_each.value) LIKE ${pattern} ESCAPE '\\')`,
      ]),
    );
  }
  return query;
}

export function recipeLibrary(ctx: EngineContext, profileId: string, filters: LibraryFilters): RecipeLibraryView {
  const { db } = ctx;
  const rows = db.all(
    matching(ctx, filters)
      .leftJoin('recipe_marks as m', (join) => join.onRef('m.recipe_id', '=', 'r.recipe_id').on('m.profile_id', '=', profileId))
      .select(['r.recipe_id', 'r.title', 'r.type', 'r.level', 'r.minutes', 'r.skills_json', 'm.completed_at', 'm.helpful', 'm.rating'])
      .select((eb) => [
        eb.selectFrom('recipe_reads as rr').select((e) => e.fn.countAll<number>().as('n')).whereRef('rr.recipe_id', '=', 'r.recipe_id').where('rr.profile_id', '=', profileId).as('times_opened'),
        eb.selectFrom('recipe_reads as rr').select((e) => e.fn.sum<number>('rr.active_ms').as('ms')).whereRef('rr.recipe_id', '=', 'r.recipe_id').where('rr.profile_id', '=', profileId).as('active_ms'),
        eb.selectFrom('recipe_reads as rr').select((e) => e.fn.max('rr.opened_at').as('at')).whereRef('rr.recipe_id', '=', 'r.recipe_id').where('rr.profile_id', '=', profileId).as('last_opened_at'),
      ])
      .orderBy(sql`lower(r.title)`)
      .orderBy('r.recipe_id'),
  );
  const recipes: LibraryRecipe[] = rows.map((row) => ({
    ...summary(row, false),
    marks: marksView({ completed_at: row.completed_at, helpful: row.helpful, rating: row.rating }),
    timesOpened: Number(row.times_opened ?? 0),
    activeMs: Number(row.active_ms ?? 0),
    lastOpenedAt: row.last_opened_at ?? null,
  }));
  const total = db.first(matching(ctx, {}).select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  return { recipes, facets: facets(ctx, filters), total: Number(total) };
}

function facets(ctx: EngineContext, filters: LibraryFilters): RecipeFacets {
  const { db } = ctx;
  const counted = <V extends string>(rows: Array<{ value: string | null; count: number | string | bigint }>): FacetCount<V>[] =>
    rows.flatMap((row) => (row.value === null ? [] : [{ value: row.value as V, count: Number(row.count) }]));
  const types = db.all(
    matching(ctx, filters, 'type')
      .select(['r.type as value', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('r.type')
      .orderBy('r.type'),
  );
  const levels = db.all(
    matching(ctx, filters, 'level')
      .where('r.level', 'is not', null)
      .select(['r.level as value', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('r.level')
      .orderBy('r.level'),
  );
  const skills = db.all(
    matching(ctx, filters, 'skill')
      .innerJoin(sql<{ value: string }>`json_each(r.skills_json)`.as('skill'), (join) => join.onTrue())
      .select(['skill.value as value', (eb) => eb.fn.count<number>('r.recipe_id').distinct().as('count')])
      .groupBy('skill.value')
      .orderBy(sql`count(distinct r.recipe_id)`, 'desc')
      .orderBy('skill.value'),
  );
  return { types: counted<RecipeType>(types), skills: counted(skills), levels: counted<Tier>(levels) };
}
