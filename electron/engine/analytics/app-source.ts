// The app's own database as an analytics source: the analytics_* views (db/migrations/0010) queried
// through the synchronous SQLite handle.
import type { Kysely } from 'kysely';
import type { Db } from '../../../db/connection.ts';
import type { AnalyticsSchema } from '../../../shared/analytics/schema.ts';
import type { AnalyticsSource } from '../../../shared/analytics/source.ts';

export function appAnalyticsSource(db: Db): AnalyticsSource {
  return {
    // The app's schema includes the analytics views (db/schema.ts Database extends AnalyticsSchema);
    // Kysely's database type is invariant, so the narrower view of the same handle needs the cast.
    q: db.q as unknown as Kysely<AnalyticsSchema>,
    all: (query) => Promise.resolve(db.all(query)),
  };
}
