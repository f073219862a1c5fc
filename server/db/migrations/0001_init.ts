// Teams, enrolment, device tokens, the per-device event store and the record snapshots. Written for
// both SQLite and PostgreSQL: only the records' cursor column differs.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { dialectOf } from '../dialect.ts';

export const migration0001: Migration = {
  // Kysely's migrations take an untyped handle: the schema they build is what the types describe.
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('teams')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('people')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('learner', 'mentor')`))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .addUniqueConstraint('people_team_name', ['team_id', 'name'])
      .execute();
    await db.schema
      .createTable('enrolment_codes')
      .addColumn('code_hash', 'text', (c) => c.primaryKey())
      .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    await db.schema
      .createTable('device_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('profile_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema
      .createTable('devices')
      .addColumn('device_id', 'text', (c) => c.primaryKey())
      .addColumn('ack_seq', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('events')
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('profile_id', 'text')
      .addColumn('verb', 'text', (c) => c.notNull())
      .addColumn('object_type', 'text', (c) => c.notNull())
      .addColumn('object_id', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text')
      .addColumn('occurred_at', 'bigint', (c) => c.notNull())
      .addColumn('context_json', 'text', (c) => c.notNull())
      .addColumn('result_json', 'text')
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('events_pk', ['device_id', 'seq'])
      .execute();
    const postgres = dialectOf(db) === 'postgres';
    await db.schema
      .createTable('records')
      // Pulls page by cursor: allocated at insert, never reused. On SQLite the rowid alias, as it
      // always was; on PostgreSQL a bigint identity column (`integer` would stop at 2^31).
      .addColumn('cursor', postgres ? 'bigint' : 'integer', (c) => (postgres ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement()))
      .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('payload_json', 'text', (c) => c.notNull())
      .addColumn('owner_profile_id', 'text', (c) => c.notNull())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .execute();
    // A run's owner is looked up by its id for every record about the run.
    await db.schema.createIndex('records_topic_record').on('records').columns(['topic', 'record_id']).execute();
    // Pulls read a team's records above a cursor.
    await db.schema.createIndex('records_team_cursor').on('records').columns(['team_id', 'cursor']).execute();
  },
};
