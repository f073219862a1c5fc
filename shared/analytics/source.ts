// Where the analytics queries run: the app's SQLite (synchronous, wrapped) or the team server's
// SQLite or PostgreSQL (asynchronous). The queries are built with `q` and handed to `all`, so one
// module serves both; `q` is never used to execute anything.
import type { Compilable, Kysely } from 'kysely';
import type { AnalyticsSchema } from './schema.ts';

export interface AnalyticsSource {
  readonly q: Kysely<AnalyticsSchema>;
  all<R>(query: Compilable<R>): Promise<R[]>;
}

export async function firstOf<R>(source: AnalyticsSource, query: Compilable<R>): Promise<R | undefined> {
  const rows = await source.all(query);
  return rows[0];
}
