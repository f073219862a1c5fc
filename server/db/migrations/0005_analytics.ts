// The analytics relations the dashboards' queries read (shared/analytics/schema.ts). The app has
// them as views over its own tables; here they are tables kept from the records devices push
// (server/analytics-store.ts), plus a view over the events for the activity map, so the same queries
// run on the server's SQLite and PostgreSQL. Epoch milliseconds are bigint; scores and fractions
// double precision (real on SQLite). Filled from the records already held once every migration has
// run (open.ts).
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { dialectOf } from '../dialect.ts';
import type { Database } from '../schema.ts';

export const migration0005: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // Kysely's migrations take an untyped handle; the tables of 0001 and those made here are the ones schema.ts describes.
    const typed = db as Kysely<Database>;
    const double = dialectOf(db) === 'postgres' ? 'double precision' : 'real';
    await db.schema
      .createTable('analytics_runs')
      .addColumn('run_id', 'text', (c) => c.primaryKey())
      .addColumn('profile_id', 'text', (c) => c.notNull())
      .addColumn('learner_name', 'text', (c) => c.notNull())
      // The team's name, as the dashboards filter by it; team_id is the team the run's records belong to.
      .addColumn('team', 'text')
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('pack_id', 'text', (c) => c.notNull())
      .addColumn('pack_version', 'text', (c) => c.notNull())
      .addColumn('mission_code', 'text', (c) => c.notNull())
      .addColumn('mission_title', 'text', (c) => c.notNull())
      .addColumn('track', 'text', (c) => c.notNull())
      .addColumn('tier', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('elapsed_ms', 'bigint', (c) => c.notNull())
      .addColumn('submission', 'integer', (c) => c.notNull())
      .addColumn('submitted_at', 'bigint')
      .addColumn('reviewed_at', 'bigint')
      .addColumn('final_score', sql.raw(double))
      .addColumn('passed', 'integer')
      .addColumn('ended_by', 'text')
      .addColumn('current_stage_id', 'text')
      // The transcript's own updated_at: a snapshot older than the one held is not applied.
      .addColumn('transcript_updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('analytics_runs_by_mission').on('analytics_runs').columns(['pack_id', 'pack_version', 'mission_code']).execute();
    await db.schema.createIndex('analytics_runs_by_team').on('analytics_runs').columns(['team', 'started_at']).execute();
    await db.schema.createIndex('analytics_runs_by_start').on('analytics_runs').column('started_at').execute();
    await db.schema.createIndex('analytics_runs_by_profile').on('analytics_runs').column('profile_id').execute();

    // Every review of a run, so a transcript arriving after its review still finds it.
    await db.schema
      .createTable('analytics_reviews')
      .addColumn('review_id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('submission', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text')
      .addColumn('score', sql.raw(double))
      .addColumn('passed', 'integer')
      .addColumn('rubric_json', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('analytics_reviews_by_run').on('analytics_reviews').columns(['run_id', 'submission']).execute();

    await db.schema
      .createTable('analytics_stages')
      .addColumn('pack_id', 'text', (c) => c.notNull())
      .addColumn('pack_version', 'text', (c) => c.notNull())
      .addColumn('mission_code', 'text', (c) => c.notNull())
      .addColumn('stage_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('analytics_stages_pk', ['pack_id', 'pack_version', 'mission_code', 'stage_id'])
      .execute();

    // A run's rows are replaced whole with each newer transcript: each table is read and cleared by run.
    const children: [string, (table: CreateTableBuilder<string, string>) => CreateTableBuilder<string, string>][] = [
      ['analytics_run_stages', (t) => t.addColumn('entered_at', 'bigint', (c) => c.notNull()).addColumn('completed_at', 'bigint').addColumn('active_ms', 'bigint', (c) => c.notNull())],
      ['analytics_hints', (t) => t.addColumn('hint_index', 'integer', (c) => c.notNull()).addColumn('revealed_at', 'bigint', (c) => c.notNull())],
      ['analytics_decisions', (t) => t.addColumn('option_id', 'text', (c) => c.notNull()).addColumn('taken_at', 'bigint', (c) => c.notNull())],
      ['analytics_checks', (t) => t.addColumn('correct', 'integer', (c) => c.notNull()).addColumn('attempted_at', 'bigint', (c) => c.notNull())],
      ['analytics_stage_scores', (t) => t.addColumn('fraction', sql.raw(double), (c) => c.notNull())],
    ];
    for (const [table, columns] of children) {
      await columns(db.schema.createTable(table).addColumn('run_id', 'text', (c) => c.notNull()).addColumn('stage_id', 'text', (c) => c.notNull())).execute();
      await db.schema.createIndex(`${table}_by_run`).on(table).columns(['run_id', 'stage_id']).execute();
    }

    // A read id is unique on its device only as far as this server can trust it: keyed by run too.
    await db.schema
      .createTable('analytics_recipe_reads')
      .addColumn('read_id', 'text', (c) => c.notNull())
      .addColumn('profile_id', 'text', (c) => c.notNull())
      .addColumn('recipe_id', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text')
      .addColumn('stage_id', 'text')
      .addColumn('opened_at', 'bigint', (c) => c.notNull())
      .addColumn('active_ms', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('analytics_recipe_reads_by_run').on('analytics_recipe_reads').columns(['run_id', 'stage_id']).execute();
    await db.schema.createIndex('analytics_recipe_reads_by_recipe').on('analytics_recipe_reads').column('recipe_id').execute();

    await db.schema
      .createTable('analytics_recipes')
      .addColumn('recipe_id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .execute();

    // The runs' timed acts, as the app's view counts them (db/migrations/0010_analytics.ts): the
    // telemetry is not what a mentor's device holds, and the same rows here give the same map.
    await db.schema
      .createView('analytics_activity')
      .as(
        typed
          .selectFrom('analytics_run_stages')
          .select(['run_id', 'entered_at as occurred_at'])
          .unionAll(typed.selectFrom('analytics_hints').select(['run_id', 'revealed_at as occurred_at']))
          .unionAll(typed.selectFrom('analytics_checks').select(['run_id', 'attempted_at as occurred_at']))
          .unionAll(typed.selectFrom('analytics_decisions').select(['run_id', 'taken_at as occurred_at']))
          .unionAll(typed.selectFrom('analytics_recipe_reads').select([sql<string>`run_id`.as('run_id'), 'opened_at as occurred_at']).where('run_id', 'is not', null)),
      )
      .execute();

  },
};
