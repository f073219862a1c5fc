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
  /** Runs `fn` in a write transaction (a savepoint when nested); rolls back if it throws. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export interface OpenOptions {
  readonly?: boolean;
  busyTimeoutMs?: number;
}

/** WAL pages after which a commit checkpoints, on a connection without the background checkpointer. */
export const INLINE_CHECKPOINT_PAGES = 4_000;

/** Address space only: the map covers the file as it grows, up to this size. */
const MMAP_BYTES = 1024 * 1024 * 1024;

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:' && !options.readonly) mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file, { readonly: options.readonly ?? false });
  try {
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (!options.readonly) {
      sqlite.pragma('journal_mode = WAL');
      // NORMAL is durable against application crashes in WAL mode; only an OS crash can lose the last commits.
      sqlite.pragma('synchronous = NORMAL');
      // A checkpoint runs inside the commit that crosses this many pages. The engine raises it and
      // checkpoints from a worker instead (checkpointer.ts); the CLI and the import worker keep this.
      sqlite.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`);
    }
    // Reads through a memory map instead of a read() call per page: on a database with a million
    // events, the B-tree descents of a small act otherwise cost about as much as its writes.
    sqlite.pragma(`mmap_size = ${MMAP_BYTES}`);
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
  // Prepared once: better-sqlite3's own transaction() builds four wrapper functions on every call,
  // which costs about a tenth of a small act.
  // IMMEDIATE takes the write lock at BEGIN, where SQLite waits for it (busy_timeout). A deferred
  // transaction that reads first and writes later is refused at once, with no waiting, if another
  // connection (the checkpointer re-reading the WAL header, the pack import) holds the lock then.
  const begin = sqlite.prepare('BEGIN IMMEDIATE');
  const commit = sqlite.prepare('COMMIT');
  const rollback = sqlite.prepare('ROLLBACK');
  const savepoint = sqlite.prepare('SAVEPOINT nested');
  const release = sqlite.prepare('RELEASE nested');
  const rollbackTo = sqlite.prepare('ROLLBACK TO nested');
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
      const nested = sqlite.inTransaction;
      (nested ? savepoint : begin).run();
      try {
        const result = fn();
        if (result instanceof Promise) throw new TypeError('a transaction cannot span an await: its function returned a promise');
        (nested ? release : commit).run();
        return result;
      } catch (error) {
        // SQLite may have rolled back already (a full disk, for one); then there is nothing to undo.
        if (sqlite.inTransaction) {
          if (nested) {
            rollbackTo.run();
            release.run();
          } else {
            rollback.run();
          }
        }
        throw error;
      }
    },
    close(): void {
      statements.clear();
      sqlite.close();
    },
  };
}
