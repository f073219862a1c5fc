// The signing key each device registered at enrolment: the server checks a device's sync bundles
// against it. Text and bigint only, so the same step runs on SQLite and PostgreSQL.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const migration0004: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('device_keys')
      .addColumn('device_id', 'text', (c) => c.primaryKey())
      // SPKI PEM as bundle-keys.ts writes it, so two registrations of one key compare equal as text.
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
