// The one way to open Outpost's database: better-sqlite3 with WAL, foreign keys and a busy timeout,
// migrated to the newest schema. Queries are built with Kysely and run synchronously, so a user act
// (its change, its event, its outbox row) fits in one synchronous SQLite transaction.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type Compilable, type CompiledQuery } from 'kysely';
import { migrate } from './migrate.ts';
import type { Database } from './schema.ts';

export interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

export interface Db {
  readonly sqlite: BetterSqlite3.Database;
  /** Query builder only: build with `db.q`, execute with `all`, `first` or `run`. */
  readonly q: Kysely<Database>;
  all<R>(query: Compilable<R>): R[];
  first<R>(query: Compilable<R>): R | undefined;
  run(query: Compilable<unknown>): RunResult;
  /** Runs `fn` in a transaction (a savepoint when nested); rolls back if it throws. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export interface OpenOptions {
  readonly?: boolean;
  busyTimeoutMs?: number;
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:' && !options.readonly) mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file, { readonly: options.readonly ?? false });
  try {
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (!options.readonly) {
      sqlite.pragma('journal_mode = WAL');
      // NORMAL is durable against application crashes in WAL mode; only an OS crash can lose the last commits.
      sqlite.pragma('synchronous = NORMAL');
      // A checkpoint runs inside the commit that crosses this many pages: rarely, so user acts stay
      // fast; the engine's timer also checkpoints passively while the app is idle.
      sqlite.pragma('wal_autocheckpoint = 4000');
    }
    sqlite.pragma('foreign_keys = ON');
    if (!options.readonly) migrate(sqlite);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return wrap(sqlite);
}

const builder = new Kysely<Database>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

function wrap(sqlite: BetterSqlite3.Database): Db {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (compiled: CompiledQuery): BetterSqlite3.Statement => {
    let statement = statements.get(compiled.sql);
    if (!statement) {
      statement = sqlite.prepare(compiled.sql);
      statements.set(compiled.sql, statement);
    }
    return statement;
  };
  const params = (compiled: CompiledQuery): unknown[] => compiled.parameters as unknown[];
  return {
    sqlite,
    q: builder,
    all<R>(query: Compilable<R>): R[] {
      const compiled = query.compile();
      return prepare(compiled).all(...params(compiled)) as R[];
    },
    first<R>(query: Compilable<R>): R | undefined {
      const compiled = query.compile();
      return prepare(compiled).get(...params(compiled)) as R | undefined;
    },
    run(query: Compilable<unknown>): RunResult {
      const compiled = query.compile();
      const statement = prepare(compiled);
      if (statement.reader) {
        statement.all(...params(compiled));
        return { changes: 0, lastInsertRowid: 0 };
      }
      const result = statement.run(...params(compiled));
      return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
    },
    transaction<T>(fn: () => T): T {
      return sqlite.transaction(fn)();
    },
    close(): void {
      statements.clear();
      sqlite.close();
    },
  };
}
