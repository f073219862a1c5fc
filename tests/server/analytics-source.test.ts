import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { serverAnalyticsSource } from '../../server/analytics-source.ts';
import { pushRecords, runRecordOf, transcript } from './analytics-fixture.ts';
import { testServer } from './sync-server.ts';
import { DATABASES } from './support/databases.ts';

describe.each(DATABASES)('the server as an analytics source on %s', (kind) => {
  it('shows a team\'s source only that team\'s runs, however a query reaches analytics_runs', async () => {
    const t = await testServer(kind);
    await pushRecords(t, await t.device('blue', 'Ana'), [runRecordOf(transcript('blue-1', 'p-ana')), runRecordOf(transcript('blue-2', 'p-ana'))]);
    await pushRecords(t, await t.device('red', 'Rex'), [runRecordOf(transcript('red-1', 'p-rex'))]);
    const all = serverAnalyticsSource(t.server.db);
    const blue = serverAnalyticsSource(t.server.db, 'blue');
    const ids = (rows: Array<{ run_id: string | null }>) => rows.map((row) => row.run_id).sort();

    expect(ids(await all.all(all.q.selectFrom('analytics_runs').select('run_id')))).toEqual(['blue-1', 'blue-2', 'red-1']);
    expect(ids(await blue.all(blue.q.selectFrom('analytics_runs').select('run_id')))).toEqual(['blue-1', 'blue-2']);
    // Under an alias, joined, in a subquery, in a common table expression.
    expect(ids(await blue.all(blue.q.selectFrom('analytics_runs as r').select('r.run_id')))).toEqual(['blue-1', 'blue-2']);
    const joined = blue.q.selectFrom('analytics_checks').innerJoin('analytics_runs', 'analytics_runs.run_id', 'analytics_checks.run_id').select('analytics_checks.run_id').distinct();
    expect(ids(await blue.all(joined))).toEqual(['blue-1', 'blue-2']);
    const inner = blue.q.selectFrom('analytics_hints').select('run_id').where('run_id', 'in', blue.q.selectFrom('analytics_runs').select('run_id')).distinct();
    expect(ids(await blue.all(inner))).toEqual(['blue-1', 'blue-2']);
    const cte = blue.q.with('picked', (db) => db.selectFrom('analytics_runs').select('run_id')).selectFrom('picked').select('run_id');
    expect(ids(await blue.all(cte))).toEqual(['blue-1', 'blue-2']);
    // A team's name is a value, never SQL.
    const hostile = serverAnalyticsSource(t.server.db, "blue' OR '1'='1");
    expect(await hostile.all(hostile.q.selectFrom('analytics_runs').select('run_id'))).toEqual([]);
    const counted = await blue.all(blue.q.selectFrom('analytics_runs').select(sql<number>`cast(count(*) as integer)`.as('n')));
    expect(counted).toEqual([{ n: 2 }]);
  });
});
