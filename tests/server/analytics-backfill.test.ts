import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SERVER_MIGRATIONS } from '../../server/db/migrations/index.ts';
import { migrateServerSchema } from '../../server/db/open.ts';
import { createPostgresPool, parsePostgresTarget } from '../../server/db/postgres.ts';
import type { Database } from '../../server/db/schema.ts';
import type { OutboxRecord } from '../../shared/sync/protocol.ts';
import { tempDir } from '../support/temp.ts';
import { profileRecordOf, pushRecords, reviewRecordOf, runRecordOf, transcript } from './analytics-fixture.ts';
import { testServer } from './sync-server.ts';
import { DATABASES, freshPostgresDatabase, type DatabaseKind } from './support/databases.ts';

async function openBare(kind: DatabaseKind): Promise<Kysely<Database>> {
  const db =
    kind === 'postgres'
      ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPostgresPool(parsePostgresTarget(await freshPostgresDatabase())) }) })
      : new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(join(tempDir('outpost-backfill-'), 'sync.db')) }) });
  onTestFinished(() => db.destroy());
  return db;
}

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => SERVER_MIGRATIONS } });
}

describe.each(DATABASES)('analytics backfill on %s', (kind) => {
  it('fills the analytics tables from the records a server held before it had them', async () => {
    const db = await openBare(kind);
    expect((await migrator(db).migrateTo('0004_device_keys')).error).toBeUndefined();
    await db.insertInto('teams').values({ id: 't-blue', name: 'blue', created_at: 1 }).execute();
    const held: Array<OutboxRecord & { owner: string }> = [
      { ...profileRecordOf('p-ana', 'Ana Lima'), owner: 'p-ana' },
      { ...runRecordOf(transcript('run-1', 'p-ana')), owner: 'p-ana' },
      { ...runRecordOf(transcript('run-2', 'p-ana', { status: 'in_progress' })), owner: 'p-ana' },
      // An old app's snapshot the analytics cannot read: left out, the rest still fills.
      { ...runRecordOf({ id: 'run-3', profileId: 'p-ana', missionId: 1, status: 'submitted' }), owner: 'p-ana' },
      { ...reviewRecordOf('rev-1', 'run-1', { score: 71 }), owner: 'p-ana' },
    ];
    for (const [index, record] of held.entries()) {
      await db
        .insertInto('records')
        .values({ idempotency_key: record.idempotencyKey, topic: record.topic, record_id: record.recordId, payload_json: JSON.stringify(record.payload), owner_profile_id: record.owner, team_id: 't-blue', device_id: 'device-1', received_at: index })
        .execute();
    }
    await db.insertInto('events').values({ device_id: 'device-1', seq: 1, id: 'e1', profile_id: 'p-ana', verb: 'stage.entered', object_type: 'stage', object_id: 'recon', run_id: 'run-1', occurred_at: 1_700_000_000_500, context_json: '{}', result_json: null, received_at: 1 }).execute();

    await migrateServerSchema(db);
    const runs = await db.selectFrom('analytics_runs').select(['run_id', 'learner_name', 'team', 'status', 'final_score', 'passed']).orderBy('run_id').execute();
    expect(runs).toEqual([
      { run_id: 'run-1', learner_name: 'Ana Lima', team: 'blue', status: 'reviewed', final_score: 71, passed: 1 },
      { run_id: 'run-2', learner_name: 'Ana Lima', team: 'blue', status: 'in_progress', final_score: null, passed: null },
    ]);
    expect(await db.selectFrom('analytics_stage_scores').select(['run_id', 'stage_id', 'fraction']).execute()).toEqual([{ run_id: 'run-1', stage_id: 'recon', fraction: 0.75 }]);
    // The stage facts are refilled too, once their table exists: a fact per stage entered, the rubric fraction on it.
    const facts = await db.selectFrom('analytics_stage_facts').select(['run_id', 'stage_id', 'attempts', 'score']).orderBy('run_id').orderBy('stage_id').execute();
    const entered = await db.selectFrom('analytics_run_stages').select(['run_id', 'stage_id']).orderBy('run_id').orderBy('stage_id').execute();
    expect(facts.map((f) => [f.run_id, f.stage_id])).toEqual(entered.map((e) => [e.run_id, e.stage_id]));
    expect(facts.find((f) => f.run_id === 'run-1' && f.stage_id === 'recon')?.score).toBe(0.75);
    expect(facts.reduce((sum, f) => sum + Number(f.attempts), 0)).toBe(4);
    // Activity is the runs' timed acts from their transcripts; the telemetry event is not among them.
    const acts = await db.selectFrom('analytics_activity').selectAll().execute();
    const count = async (table: 'analytics_run_stages' | 'analytics_hints' | 'analytics_checks' | 'analytics_decisions'): Promise<number> => (await db.selectFrom(table).select('run_id').execute()).length;
    expect(acts.length).toBe((await count('analytics_run_stages')) + (await count('analytics_hints')) + (await count('analytics_checks')) + (await count('analytics_decisions')));
    expect(acts.length).toBeGreaterThan(4);
    expect(acts.some((act) => act.occurred_at === 1_700_000_000_500)).toBe(false);
    expect((await db.selectFrom('analytics_checks').select('run_id').execute()).length).toBe(4);
  });
});

describe.each(DATABASES)('analytics failing midway on %s', (kind) => {
  it('rolls a record back to its savepoint when the database refuses it, and the push goes on', async () => {
    const t = await testServer(kind);
    const ana = await t.device('blue', 'Ana');
    // A table gone from under the store: the run's row and its stages are written, then its stage scores fail.
    await sql`drop table analytics_stage_scores`.execute(t.server.db);
    await pushRecords(t, ana, [runRecordOf(transcript('run-1', 'p-ana')), profileRecordOf('p-ana', 'Ana Lima')]);
    expect(await t.count('records')).toBe(2);
    expect(await t.server.db.selectFrom('analytics_runs').select('run_id').execute()).toEqual([]);
    expect(await t.server.db.selectFrom('analytics_run_stages').select('run_id').execute()).toEqual([]);
    const refused = t.logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.message === 'a record was left out of analytics');
    expect(refused).toMatchObject({ topic: 'run', recordId: 'run-1', reason: expect.stringContaining('the database refused it') });
  });
});
