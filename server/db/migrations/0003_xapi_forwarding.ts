// xAPI forwarding: per team, the Learning Record Store its events go to and the forwarder's state;
// per team and device, how far that device's events have been forwarded.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const migration0003: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('xapi_targets')
      .addColumn('team_id', 'text', (c) => c.primaryKey().references('teams.id'))
      .addColumn('endpoint', 'text', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull())
      // Sealed with the data folder's xapi.key (server/xapi/password-seal.ts), never in clear.
      .addColumn('password', 'text', (c) => c.notNull())
      // 0 or 1: SQLite has no boolean type.
      .addColumn('enabled', 'integer', (c) => c.notNull().check(sql`enabled in (0, 1)`))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      // The server process forwarding this team now, and until when its claim holds.
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'bigint')
      // Failures in a row since the last delivery; the next round waits until next_attempt_at.
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('last_error_at', 'bigint')
      .addColumn('last_success_at', 'bigint')
      // Set when the LRS refuses the credentials: nothing is sent until the configuration changes.
      .addColumn('halted_at', 'bigint')
      .addColumn('forwarded_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('rejected_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('xapi_progress')
      .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('forwarded_seq', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('xapi_progress_pk', ['team_id', 'device_id'])
      .execute();
  },
};
