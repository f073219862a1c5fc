// The stage runs' facts and the recipes opened from them (shared/analytics/schema.ts), kept by the
// store with each transcript and review (server/analytics-store.ts refreshStageFacts), so the recipe
// effectiveness figures read one row per stage run. Keyed by mission first: the per-stage sums read
// them in order. Filled from the records held once every migration has run (open.ts).
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { dialectOf } from '../dialect.ts';

export const migration0006: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const double = dialectOf(db) === 'postgres' ? 'double precision' : 'real';
    await db.schema
      .createTable('analytics_stage_facts')
      .addColumn('mission_ref', 'text', (c) => c.notNull())
      .addColumn('stage_id', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('completed', 'integer', (c) => c.notNull())
      .addColumn('active_ms', 'bigint', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('hints', 'integer', (c) => c.notNull())
      .addColumn('score', sql.raw(double))
      .addPrimaryKeyConstraint('analytics_stage_facts_pk', ['mission_ref', 'stage_id', 'run_id'])
      .execute();
    await db.schema.createIndex('analytics_stage_facts_by_run').on('analytics_stage_facts').column('run_id').execute();
    await db.schema
      .createTable('analytics_recipe_openings')
      .addColumn('recipe_id', 'text', (c) => c.notNull())
      .addColumn('mission_ref', 'text', (c) => c.notNull())
      .addColumn('stage_id', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('first_open', 'bigint', (c) => c.notNull())
      .addColumn('hints_after', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('analytics_recipe_openings_pk', ['recipe_id', 'mission_ref', 'stage_id', 'run_id'])
      .execute();
    await db.schema.createIndex('analytics_recipe_openings_by_run').on('analytics_recipe_openings').column('run_id').execute();
  },
};
