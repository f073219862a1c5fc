// Opens the sync server's database (SQLite in the data folder) through Kysely's own SQLite dialect,
// so every query is asynchronous like PostgreSQL's will be, and migrates it to the newest schema.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator, type MigrationProvider } from 'kysely/migration';
import { SERVER_MIGRATIONS } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type ServerDb = Kysely<Database>;

export const DATABASE_FILE = 'sync.db';

const provider: MigrationProvider = { getMigrations: async () => SERVER_MIGRATIONS };

export async function openServerDatabase(dataDir: string): Promise<ServerDb> {
  mkdirSync(dataDir, { recursive: true });
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({
      database: async () => {
        const sqlite = new BetterSqlite3(join(dataDir, DATABASE_FILE));
        sqlite.pragma('journal_mode = WAL');
        sqlite.pragma('synchronous = NORMAL');
        sqlite.pragma('busy_timeout = 5000');
        sqlite.pragma('foreign_keys = ON');
        return sqlite;
      },
    }),
  });
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`the sync database could not be migrated (step ${failed}): ${error instanceof Error ? error.message : String(error)}`);
  }
  return db;
}
