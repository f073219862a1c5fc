// Evidence files the server holds (content-addressed by SHA-256) and which team's evidence records
// name them: a file is read only by those its references name. Text and bigint only, so the same
// step runs on SQLite and PostgreSQL.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const migration0002: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('evidence_files')
      .addColumn('sha256', 'text', (c) => c.primaryKey())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('evidence_refs')
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('owner_profile_id', 'text', (c) => c.notNull())
      // Team first: a download looks up (team, hash), the key's leading columns.
      .addPrimaryKeyConstraint('evidence_refs_pk', ['team_id', 'sha256', 'owner_profile_id'])
      .execute();
  },
};
