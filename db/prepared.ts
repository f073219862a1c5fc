// Hot statements compiled once. Kysely still writes the SQL (so the Database types check every
// column); we compile it once with marker values, check that the markers came out as the parameters
// in a known order, and then only bind values. Building and compiling a query costs more than
// running it on SQLite, and telemetry appends run thousands of times a second.
import type BetterSqlite3 from 'better-sqlite3';
import type { Compilable, InsertQueryBuilder, InsertResult, Insertable, Updateable } from 'kysely';
import type { Db, RunResult } from './connection.ts';
import type { Database } from './schema.ts';

type Row<T extends keyof Database> = Insertable<Database[T]>;

function markers(columns: readonly string[]): Record<string, number> {
  return Object.fromEntries(columns.map((column, i) => [column, i]));
}

function bindOrder(parameters: readonly unknown[], count: number): number[] {
  const order = parameters.map((p) => (typeof p === 'number' && Number.isInteger(p) && p >= 0 && p < count ? p : -1));
  if (order.includes(-1) || new Set(order).size !== count) throw new Error('a prepared statement did not compile to one parameter per column');
  return order;
}

/**
 * `INSERT INTO table (columns…) VALUES (…)`, run with a row object. `onConflict` may add an upsert
 * clause, as long as it takes its values from `excluded.*` rather than from new parameters.
 */
export function preparedInsert<T extends keyof Database, C extends keyof Row<T> & string>(
  db: Db,
  table: T,
  columns: readonly C[],
  onConflict?: (builder: InsertQueryBuilder<Database, T, InsertResult>) => InsertQueryBuilder<Database, T, InsertResult>,
): (row: Pick<Row<T>, C>) => RunResult {
  const insert = db.q.insertInto(table).values(markers(columns) as never);
  const compiled = (onConflict ? onConflict(insert) : insert).compile();
  const order = bindOrder(compiled.parameters, columns.length);
  const statement = db.sqlite.prepare(compiled.sql);
  return (row) => {
    const result = statement.run(...order.map((i) => row[columns[i] as C] as unknown));
    return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
  };
}

/** `UPDATE table SET columns… WHERE key = ?`, run with the new values and the key. */
export function preparedUpdate<T extends keyof Database, C extends keyof Updateable<Database[T]> & string>(
  db: Db,
  table: T,
  columns: readonly C[],
  key: keyof Database[T] & string,
): (values: Pick<Updateable<Database[T]>, C>, keyValue: unknown) => RunResult {
  // Narrowed to one table for the builder's overloads; the marker values are all it writes.
  const compiled = db.q
    .updateTable(table as 'runs')
    .set(markers(columns) as never)
    .where(key as 'id', '=', columns.length as never)
    .compile();
  const order = bindOrder(compiled.parameters, columns.length + 1);
  const statement = db.sqlite.prepare(compiled.sql);
  return (values, keyValue) => {
    const args = order.map((i) => (i === columns.length ? keyValue : (values[columns[i] as C] as unknown)));
    const result = statement.run(...args);
    return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
  };
}

/** One instance of something per connection (prepared statements belong to their connection). */
export function perDb<T>(make: (db: Db) => T): (db: Db) => T {
  const made = new WeakMap<Db, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = make(db);
      made.set(db, value);
    }
    return value;
  };
}

const FIRST_MARKER = 424242;

/**
 * A query with `arity` parameters, compiled once: `build` receives one marker per parameter and
 * must use each exactly once, in any order.
 */
function preparedQuery<R>(db: Db, arity: number, build: (...markers: never[]) => Compilable<R>): { statement: BetterSqlite3.Statement; bind: (values: unknown[]) => unknown[] } {
  const markerValues = Array.from({ length: arity }, (_, i) => FIRST_MARKER + i);
  const compiled = build(...(markerValues as never[])).compile();
  const order = compiled.parameters.map((p) => markerValues.indexOf(p as number));
  if (order.length !== arity || order.includes(-1) || new Set(order).size !== arity) throw new Error(`a prepared query must use each of its ${arity} parameters once`);
  const inOrder = order.every((position, i) => position === i);
  return { statement: db.sqlite.prepare(compiled.sql), bind: inOrder ? (values) => values : (values) => order.map((i) => values[i]) };
}

/** A one-row lookup by a single parameter (`build` receives the marker to compare against). */
export function preparedLookup<R>(db: Db, build: (marker: number) => Compilable<R>): (value: unknown) => R | undefined {
  const { statement } = preparedQuery(db, 1, build as (...markers: never[]) => Compilable<R>);
  return (value) => statement.get(value) as R | undefined;
}

/** A one-row lookup by two parameters, e.g. a run's record for one stage. */
export function preparedLookup2<R>(db: Db, build: (first: number, second: number) => Compilable<R>): (first: unknown, second: unknown) => R | undefined {
  const { statement, bind } = preparedQuery(db, 2, build as (...markers: never[]) => Compilable<R>);
  return (first, second) => statement.get(...bind([first, second])) as R | undefined;
}

/** Every row matching a single parameter, e.g. all records of one run. */
export function preparedList<R>(db: Db, build: (marker: number) => Compilable<R>): (value: unknown) => R[] {
  const { statement } = preparedQuery(db, 1, build as (...markers: never[]) => Compilable<R>);
  return (value) => statement.all(value) as R[];
}
