// Several server processes on one PostgreSQL database, as behind a load balancer: two servers in
// this process stand for them (each has its own connection pool, as a process would).
import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { OutboxRecord, PushBatch } from '../../shared/sync/protocol.ts';
import { openServerDatabase } from '../../server/db/open.ts';
import type { Database } from '../../server/db/schema.ts';
import { lockForPush } from '../../server/db/write-locks.ts';
import { SERVER_MIGRATIONS } from '../../server/db/migrations/index.ts';
import { enrolPerson } from '../../server/teams.ts';
import { tempDir } from '../support/temp.ts';
import { anotherServer, events, noEvents, postJson, runRecord, testServer, type Device, type TestServer } from './sync-server.ts';
import { freshPostgresDatabase } from './support/databases.ts';

async function teamId(t: TestServer, name: string): Promise<string> {
  return (await t.server.db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

/** Transactions of this test's database waiting for an advisory lock. */
async function lockWaiters(t: TestServer): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`.execute(t.server.db);
  return rows[0]!.n;
}

/** Until `count` transactions wait for a lock, or `settled` says waiting is over anyway. */
async function waitForWaiters(t: TestServer, count: number, settled: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!settled() && (await lockWaiters(t)) < count) {
    if (Date.now() > deadline) throw new Error(`no ${count} transaction(s) came to wait for a lock`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A transaction that takes a team's push turn, writes what it is given, and holds on until released: a slow push. */
function holdTurn(t: TestServer, team: string, write: (trx: Transaction<Database>, teamId: string) => Promise<unknown> = async () => undefined): { taken: Promise<void>; release(): void; done: Promise<void> } {
  let release = (): void => undefined;
  let taken = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const takenPromise = new Promise<void>((resolve) => (taken = resolve));
  const done = t.server.db.transaction().execute(async (trx) => {
    const id = await teamId(t, team);
    await lockForPush(trx, id, `holder-${randomUUID()}`);
    await write(trx, id);
    taken();
    await released;
  });
  // A failed expectation must not leave the transaction open: the server's close would wait for it.
  onTestFinished(() => release());
  return { taken: takenPromise, release: () => release(), done };
}

function tracked<T>(promise: Promise<T>): { promise: Promise<T>; settled(): boolean } {
  let settled = false;
  void promise.finally(() => (settled = true)).catch(() => undefined);
  return { promise, settled: () => settled };
}

function recordIds(answer: { body: Record<string, unknown> }): string[] {
  return (answer.body.items as { recordId: string }[]).map((item) => item.recordId);
}

describe('several server processes on one PostgreSQL database', () => {
  it('keeps a team\'s cursor order its commit order, so a pull never steps over a record still being written', async () => {
    const t = await testServer('postgres');
    const other = await anotherServer(t);
    const ana = await t.device('blue', 'Ana');
    const mo = await t.device('blue', 'Mo', 'mentor');
    const rex = await t.device('red', 'Rex');
    const rita = await t.device('red', 'Rita', 'mentor');

    // A slow push into blue: its record has its cursor already, and it has not committed.
    const slow = holdTurn(t, 'blue', (trx, blueId) =>
      trx.insertInto('records').values({ idempotency_key: 'slow-1', topic: 'run', record_id: 'run-slow', payload_json: JSON.stringify({ id: 'run-slow', profileId: 'p-ana' }), owner_profile_id: 'p-ana', team_id: blueId, device_id: ana.deviceId, received_at: t.clock.now() }).execute(),
    );
    await slow.taken;

    // Blue's next push, through the other process, waits for its turn; red's goes through at once.
    const bluePush = tracked(postJson(other.url, '/v1/push', { deviceId: ana.deviceId, events: noEvents(), records: [runRecord('run-next', 'p-ana')] }, ana.token));
    const redPush = await postJson(other.url, '/v1/push', { deviceId: rex.deviceId, events: noEvents(), records: [runRecord('run-red', 'p-rex')] }, rex.token);
    expect(redPush.status).toBe(200);
    expect(recordIds(await t.post('/v1/pull', { cursor: 0 }, rita.token))).toEqual(['run-red']);
    await waitForWaiters(t, 1, bluePush.settled);
    expect(bluePush.settled()).toBe(false);

    // Blue's mentor pulls meanwhile: nothing of blue is committed, so the cursor stays where it was.
    const early = await postJson(other.url, '/v1/pull', { cursor: 0 }, mo.token);
    expect(early.body).toEqual({ items: [], cursor: 0, more: false });

    slow.release();
    await slow.done;
    expect((await bluePush.promise).status).toBe(200);
    // From where it was, the mentor gets both, in the order they committed.
    const later = await t.post('/v1/pull', { cursor: early.body.cursor }, mo.token);
    expect(recordIds(later)).toEqual(['run-slow', 'run-next']);
  });

  it('brings every record of a team exactly once while two teams push through two processes at once', async () => {
    const t = await testServer('postgres');
    const servers = [t.server, await anotherServer(t)];
    const teams = ['blue', 'red'] as const;
    const learners: { team: string; name: string; device: Device }[] = [];
    const mentors: { team: string; device: Device }[] = [];
    for (const team of teams) {
      mentors.push({ team, device: await t.device(team, `${team}-mentor`, 'mentor') });
      for (const n of [1, 2, 3]) learners.push({ team, name: `${team}-${n}`, device: await t.device(team, `${team}-${n}`) });
    }
    const pushed = new Map<string, string[]>(teams.map((team) => [team, []]));
    const BATCHES = 6;
    let pushing = true;

    const pushAll = Promise.all(
      learners.map(async ({ team, name, device }, index) => {
        for (let batch = 0; batch < BATCHES; batch++) {
          const records: OutboxRecord[] = [runRecord(`${name}-run-${batch}`, device.profileId), runRecord(`${name}-run-${batch}`, device.profileId, 'graded')];
          const body: PushBatch = { deviceId: device.deviceId, events: events(device.deviceId, device.profileId, batch * 3 + 1, batch * 3 + 3), records };
          // Each batch to the other process than the last, as a load balancer might send them.
          const answer = await postJson(servers[(index + batch) % 2]!.url, '/v1/push', body, device.token);
          expect(answer).toMatchObject({ status: 200, body: { ackSeq: batch * 3 + 3 } });
          pushed.get(team)!.push(...records.map((record) => record.idempotencyKey));
        }
      }),
    ).finally(() => (pushing = false));

    const pullAll = Promise.all(
      mentors.map(async ({ team, device }) => {
        const seen: string[] = [];
        const cursors: number[] = [];
        let cursor = 0;
        let turn = 0;
        // Pull while pushes go on, then until nothing is left.
        for (;;) {
          const stillPushing = pushing;
          const answer = await postJson(servers[turn++ % 2]!.url, '/v1/pull', { cursor }, device.token);
          expect(answer.status).toBe(200);
          seen.push(...(answer.body.items as { idempotencyKey: string }[]).map((item) => item.idempotencyKey));
          cursor = answer.body.cursor as number;
          cursors.push(cursor);
          if (!stillPushing && answer.body.more === false) break;
        }
        return { team, seen, cursors };
      }),
    );
    await pushAll;
    for (const { team, seen, cursors } of await pullAll) {
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...pushed.get(team)!].sort());
      expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    }
    expect(await t.count('events')).toBe(learners.length * BATCHES * 3);
    expect(await t.count('records')).toBe(learners.length * BATCHES * 2);
  });

  it('loses and duplicates nothing when a device switches process in the middle of a push', async () => {
    const t = await testServer('postgres');
    const a = t.server;
    const b = await anotherServer(t);
    const ana = await t.device('blue', 'Ana');
    const run = runRecord('run-1', 'p-ana');
    const firstBatch: PushBatch = { deviceId: ana.deviceId, events: events(ana.deviceId, 'p-ana', 1, 40), records: [run] };

    // The first try reaches A but arrives slowly; the device gives up on it and goes to B.
    const body = JSON.stringify(firstBatch);
    let sendRest = (): void => undefined;
    const slowTry = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(new URL('/v1/push', a.url), { method: 'POST', headers: { Authorization: `Bearer ${ana.token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 100));
      sendRest = () => req.end(body.slice(100));
    });
    while (a.inFlight() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await postJson(b.url, '/v1/push', firstBatch, ana.token)).body).toEqual({ ackSeq: 40, acceptedRecords: [run.idempotencyKey] });
    const newer = runRecord('run-1', 'p-ana', 'graded');
    expect((await postJson(b.url, '/v1/push', { deviceId: ana.deviceId, events: events(ana.deviceId, 'p-ana', 41, 60), records: [newer] }, ana.token)).body).toMatchObject({ ackSeq: 60 });
    // The first try arrives at last: it changes nothing, and the acknowledgement does not move back.
    sendRest();
    expect(await slowTry).toEqual({ status: 200, body: JSON.stringify({ ackSeq: 60, acceptedRecords: [run.idempotencyKey] }) });

    // Both processes busy with one device at once: the second waits for the first, then is a retry.
    const holder = holdTurn(t, 'blue');
    await holder.taken;
    const onA = tracked(postJson(a.url, '/v1/push', { deviceId: ana.deviceId, events: events(ana.deviceId, 'p-ana', 61, 80), records: [] }, ana.token));
    await waitForWaiters(t, 1, onA.settled);
    const onB = tracked(postJson(b.url, '/v1/push', { deviceId: ana.deviceId, events: events(ana.deviceId, 'p-ana', 61, 70), records: [] }, ana.token));
    await waitForWaiters(t, 2, () => onA.settled() || onB.settled());
    expect([onA.settled(), onB.settled()]).toEqual([false, false]);
    holder.release();
    await holder.done;
    expect((await onA.promise).body).toEqual({ ackSeq: 80, acceptedRecords: [] });
    expect((await onB.promise).body).toEqual({ ackSeq: 80, acceptedRecords: [] });

    const stored = await t.server.db.selectFrom('events').select('seq').orderBy('seq').execute();
    expect(stored.map((row) => row.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(await t.count('records')).toBe(2);
    expect((await t.server.db.selectFrom('devices').select('ack_seq').executeTakeFirstOrThrow()).ack_seq).toBe(80);
  });

  it('takes each enrolment code once, and binds an app profile to one person, when two processes enrol at once', async () => {
    const t = await testServer('postgres');
    const other = await anotherServer(t);
    await t.device('blue', 'Someone');
    // One code raced on both processes: one device gets a token, the other the same refusal as a used code.
    const { code, personId } = await enrolPerson(t.server.db, 'blue', 'Cleo', 'learner', t.clock);
    const raced = await Promise.all([t.server.url, other.url].map((url) => postJson(url, '/v1/enrol', { code, deviceId: randomUUID(), profileId: 'p-cleo' })));
    expect(raced.map((answer) => answer.status).sort()).toEqual([200, 401]);
    expect(await t.server.db.selectFrom('device_tokens').select('id').where('person_id', '=', personId).execute()).toHaveLength(1);
    for (let round = 0; round < 5; round++) {
      const [ana, ben] = await Promise.all([enrolPerson(t.server.db, 'blue', `Ana ${round}`, 'learner', t.clock), enrolPerson(t.server.db, 'blue', `Ben ${round}`, 'learner', t.clock)]);
      const profileId = `p-shared-${round}`;
      const answers = await Promise.all([
        postJson(t.server.url, '/v1/enrol', { code: ana.code, deviceId: randomUUID(), profileId }),
        postJson(other.url, '/v1/enrol', { code: ben.code, deviceId: randomUUID(), profileId }),
      ]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      const holders = await t.server.db.selectFrom('device_tokens').select('person_id').distinct().where('profile_id', '=', profileId).execute();
      expect(holders).toHaveLength(1);
    }
  });

  it('migrates a new database once when several processes start at the same moment', async () => {
    const database = await freshPostgresDatabase();
    const opened = await Promise.all(Array.from({ length: 4 }, () => openServerDatabase({ dataDir: tempDir('outpost-sync-'), database })));
    try {
      const db = opened[0]!;
      const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
      expect(rows.map((row) => row.name)).toEqual(Object.keys(SERVER_MIGRATIONS).sort());
      const cursor = await sql<{ data_type: string; is_identity: string; identity_generation: string }>`select data_type, is_identity, identity_generation from information_schema.columns where table_name = 'records' and column_name = 'cursor'`.execute(db);
      expect(cursor.rows).toEqual([{ data_type: 'bigint', is_identity: 'YES', identity_generation: 'ALWAYS' }]);
      // Every process works on the one schema.
      for (const [index, db] of opened.entries()) await db.insertInto('teams').values({ id: `team-${index}`, name: `team ${index}`, created_at: index }).execute();
      expect(await opened[3]!.selectFrom('teams').select('id').orderBy('id').execute()).toHaveLength(4);
    } finally {
      await Promise.all(opened.map((db) => db.destroy()));
    }
  });
});
