// Which database a Kysely handle speaks to: the few places that differ (the records' cursor column,
// the push lock) ask this.
import { PostgresAdapter, type Kysely } from 'kysely';

export type ServerDialect = 'sqlite' | 'postgres';

/** Works on a transaction too: it shares its database's adapter. */
export function dialectOf(db: Pick<Kysely<unknown>, 'getExecutor'>): ServerDialect {
  // The adapter is what Kysely's own Migrator asks for the same question.
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
