// Opens the sync server's database and migrates it to the newest schema: SQLite in the data folder
// for one server process, or PostgreSQL (a postgres:// URL) for several processes on one database.
// Both go through Kysely, so every query is the same on either.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import { Migrator, type MigrationProvider } from 'kysely/migration';
import { backfillAnalytics } from '../analytics-store.ts';
import { REFILL_ANALYTICS_AFTER, SERVER_MIGRATIONS } from './migrations/index.ts';
import { connectionFailure, createPostgresPool, parsePostgresTarget, reasonOf, scrub, type PostgresTarget } from './postgres.ts';
import type { Database } from './schema.ts';

export type ServerDb = Kysely<Database>;
export { dialectOf, type ServerDialect } from './dialect.ts';

export const DATABASE_FILE = 'sync.db';

export interface ServerDatabaseOptions {
  /** The data folder; the SQLite database lives here unless `database` names another. */
  dataDir: string;
  /** postgres://user:password@host:port/database; the SQLite file in the data folder without it. */
  database?: string;
}

const provider: MigrationProvider = { getMigrations: async () => SERVER_MIGRATIONS };

export async function openServerDatabase(options: ServerDatabaseOptions): Promise<ServerDb> {
  if (options.database) return openPostgres(parsePostgresTarget(options.database));
  return migrate(openSqlite(options.dataDir), reasonOf);
}

function openSqlite(dataDir: string): ServerDb {
  mkdirSync(dataDir, { recursive: true });
  return new Kysely<Database>({
    dialect: new SqliteDialect({
      database: async () => {
        const sqlite = new BetterSqlite3(join(dataDir, DATABASE_FILE));
        sqlite.pragma('journal_mode = WAL');
        sqlite.pragma('synchronous = NORMAL');
        sqlite.pragma('busy_timeout = 5000');
        sqlite.pragma('foreign_keys = ON');
        return withStatementCache(sqlite);
      },
    }),
  });
}

/** Statements kept prepared, the most recently used. */
const CACHED_STATEMENTS = 100;

/**
 * Kysely prepares every query it runs, and preparing a push's insert of 500 events (6,000 values)
 * took SQLite half as long as running it: the same SQL reuses its statement. Kysely runs one query
 * at a time on the connection (a stream holds it to its end), so a statement never runs twice at once.
 */
function withStatementCache(sqlite: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text) => {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        statement = sqlite.prepare(text);
        if (cache.size >= CACHED_STATEMENTS) cache.delete(cache.keys().next().value as string);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

async function openPostgres(target: PostgresTarget): Promise<ServerDb> {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPostgresPool(target) }) });
  // Connecting first, so an unreachable database is told as such rather than as a failed migration.
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw connectionFailure(error, target);
  }
  // Several processes may start at once: Kysely's Migrator takes an advisory lock on PostgreSQL, so
  // one migrates and the others find the schema done.
  return migrate(db, (error) => scrub(reasonOf(error), target));
}

async function migrate(db: ServerDb, reason: (error: unknown) => string): Promise<ServerDb> {
  try {
    await migrateServerSchema(db);
  } catch (error) {
    await db.destroy();
    const message = error instanceof MigrationFailure ? `the sync database could not be migrated (step ${error.step}): ${reason(error.cause)}` : `the analytics tables could not be filled from the records held: ${reason(error)}`;
    // The cause may carry the database URL with its password: only the scrubbed reason travels.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(message);
  }
  return db;
}

class MigrationFailure extends Error {
  readonly step: string;

  constructor(step: string, cause: unknown) {
    super(`migration ${step} failed`, { cause });
    this.step = step;
  }
}

/** Migrates to the newest schema, then refills the analytics tables if a migration asks for it. */
export async function migrateServerSchema(db: ServerDb): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw new MigrationFailure(results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown', error);
  if (results?.some((result) => result.status === 'Success' && REFILL_ANALYTICS_AFTER.has(result.migrationName))) await backfillAnalytics(db);
}
