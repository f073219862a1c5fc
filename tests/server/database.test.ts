// The server's database on either side: bigints read back as exact numbers, the records' cursor
// column each database's own way, and a PostgreSQL that cannot be reached told clearly, without
// its password.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { types } from 'pg';
import { describe, expect, it } from 'vitest';
import { dialectOf, openServerDatabase } from '../../server/db/open.ts';
import { startServer } from '../../server/http.ts';
import { tempDir } from '../support/temp.ts';
import { events, noEvents, runRecord, testServer } from './sync-server.ts';
import { DATABASES, freshPostgresDatabase, postgresCluster, postgresUrl } from './support/databases.ts';

const BIG = Number.MAX_SAFE_INTEGER;

describe.each(DATABASES)('the server database on %s', (database) => {
  it('round-trips bigints up to 2^53 - 1 as exact numbers', async () => {
    const t = await testServer(database);
    expect(dialectOf(t.server.db)).toBe(database);
    const ana = await t.device('blue', 'Ana');
    const mentor = await t.device('blue', 'Mo', 'mentor');
    const batch = events(ana.deviceId, 'p-ana', 1, 2);
    batch.items[1] = { ...batch.items[1]!, occurredAt: BIG };
    t.clock.wall = BIG - 1;
    const run = runRecord('run-1', 'p-ana');
    expect((await t.post('/v1/push', { deviceId: ana.deviceId, events: batch, records: [run] }, ana.token)).status).toBe(200);
    const stored = await t.server.db.selectFrom('events').select(['seq', 'occurred_at', 'received_at']).orderBy('seq').execute();
    expect(stored).toEqual([
      { seq: 1, occurred_at: 1_700_000_000_001, received_at: BIG - 1 },
      { seq: 2, occurred_at: BIG, received_at: BIG - 1 },
    ]);
    const pulled = await t.post('/v1/pull', { cursor: 0 }, mentor.token);
    expect(pulled.body.items).toEqual([expect.objectContaining({ idempotencyKey: run.idempotencyKey, receivedAt: BIG - 1 })]);
    expect(typeof pulled.body.cursor).toBe('number');
    const counted = await t.server.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(counted.n).toBe(2);
  });

  it('gives the records a cursor that is never reused', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const mentor = await t.device('blue', 'Mo', 'mentor');
    await t.post('/v1/push', { deviceId: ana.deviceId, events: noEvents(), records: [runRecord('run-1', 'p-ana'), runRecord('run-2', 'p-ana')] }, ana.token);
    const first = await t.post('/v1/pull', { cursor: 0 }, mentor.token);
    // Even if the newest record goes, the next one takes a cursor above it.
    await t.server.db.deleteFrom('records').where('record_id', '=', 'run-2').execute();
    await t.post('/v1/push', { deviceId: ana.deviceId, events: noEvents(), records: [runRecord('run-3', 'p-ana')] }, ana.token);
    const next = await t.post('/v1/pull', { cursor: first.body.cursor }, mentor.token);
    expect((next.body.items as { recordId: string }[]).map((item) => item.recordId)).toEqual(['run-3']);
    if (database === 'sqlite') {
      // Still the rowid alias it always was on SQLite.
      const { rows } = await sql<{ sql: string }>`select sql from sqlite_master where name = 'records'`.execute(t.server.db);
      expect(rows[0]!.sql).toMatch(/"cursor" integer primary key autoincrement/i);
    } else {
      const { rows } = await sql<{ data_type: string; identity_generation: string }>`select data_type, identity_generation from information_schema.columns where table_name = 'records' and column_name = 'cursor'`.execute(t.server.db);
      expect(rows).toEqual([{ data_type: 'bigint', identity_generation: 'ALWAYS' }]);
    }
  });
});

describe('the server database on PostgreSQL', () => {
  it('refuses a bigint beyond 2^53 - 1 rather than rounding it', async () => {
    const t = await testServer('postgres');
    const ana = await t.device('blue', 'Ana');
    const mentor = await t.device('blue', 'Mo', 'mentor');
    await t.post('/v1/push', { deviceId: ana.deviceId, events: events(ana.deviceId, 'p-ana', 1, 1), records: [runRecord('run-1', 'p-ana')] }, ana.token);
    await sql`update events set occurred_at = 9007199254740993`.execute(t.server.db);
    await expect(t.server.db.selectFrom('events').select('occurred_at').execute()).rejects.toThrow(/9007199254740993, beyond the 9007199254740991/);
    // A pull that would carry a rounded time fails instead, and says nothing of why to the device.
    await sql`update records set received_at = 9007199254740993`.execute(t.server.db);
    expect(await t.post('/v1/pull', { cursor: 0 }, mentor.token)).toMatchObject({ status: 500, body: { code: 'internal' } });
    expect(t.logs.join('\n')).toContain('beyond the 9007199254740991');
    // The parser is the server pool's own: pg's process-wide parsers still give strings.
    expect(types.getTypeParser(types.builtins.INT8, 'text')('9007199254740993')).toBe('9007199254740993');
  });

  it('says which database it could not reach, and never its password', async () => {
    const cluster = postgresCluster();
    const dataDir = tempDir('outpost-sync-');
    const closed = postgresUrl(cluster, 'outpost', { user: 'outpost', password: 'Secret-closed-1' }).replace(`:${cluster.port}/`, ':1/');
    const refused = openServerDatabase({ dataDir, database: closed });
    await expect(refused).rejects.toThrow(/^could not reach the sync database outpost@127\.0\.0\.1:1\/outpost: .*ECONNREFUSED/);
    await expect(refused).rejects.not.toThrow(/Secret-closed-1/);

    const wrongPassword = postgresUrl(cluster, 'postgres', { user: cluster.guest.user, password: 'Secret-wrong-2' });
    const denied = startServer({ dataDir, database: wrongPassword, port: 0, log: () => undefined });
    await expect(denied).rejects.toThrow(new RegExp(`${cluster.guest.user}@127\\.0\\.0\\.1:${cluster.port}/postgres: password authentication failed`));
    await expect(denied).rejects.not.toThrow(/Secret-wrong-2/);

    const missing = postgresUrl(cluster, 'no_such_database');
    await expect(openServerDatabase({ dataDir, database: missing })).rejects.toThrow(/database "no_such_database" does not exist/);

    await expect(openServerDatabase({ dataDir, database: 'postgres://outpost:Secret-bad-3@[127.0.0.1/outpost' })).rejects.toThrow(/^the database must be a URL like postgres:\/\/user:password@host:5432\/database: this one does not parse$/);
    await expect(openServerDatabase({ dataDir, database: 'mysql://outpost:Secret-bad-4@127.0.0.1/outpost' })).rejects.toThrow(/^the database must be a URL like postgres:\/\//);
  });

  it('connects through a unix socket folder, as libpq\'s URLs name it', async () => {
    const cluster = postgresCluster();
    const database = new URL(await freshPostgresDatabase()).pathname.slice(1);
    const db = await openServerDatabase({ dataDir: tempDir('outpost-sync-'), database: `postgres://${cluster.user}@/${database}?host=${encodeURIComponent(cluster.dir)}&port=${cluster.port}` });
    try {
      await db.insertInto('teams').values({ id: randomUUID(), name: 'blue', created_at: 1 }).execute();
      const { rows } = await sql<{ socket: string | null; application: string }>`select inet_server_addr()::text as socket, current_setting('application_name') as application`.execute(db);
      // No server address: the connection came through the socket, not TCP.
      expect(rows).toEqual([{ socket: null, application: 'outpost-server' }]);
    } finally {
      await db.destroy();
    }
  });
});
