// Benchmark: pushing a device's events to the team's sync server on loopback. Figures are printed
// beside their targets, never asserted:
//   - push: an app engine whose `events` table holds 100,000 events of its enrolled profile sends
//     them with syncOnce (the app's real client path) to a sync server in a process of its own,
//     until the server acknowledges all (target under 10 s);
//   - bare insert: the same rows inserted into a fresh server database of the same schema by its
//     driver alone, in transactions of a push batch with push's multi-row insert: the ceiling that
//     no HTTP, JSON or checking slows (push/bare target >= 0.25);
//   - PouchDB peer: the same payloads as documents, replicated from a local PouchDB (LevelDB in a
//     temporary folder) to pouchdb-server (in memory) on loopback (ours/peer target >= 10).
// On SQLite, and on PostgreSQL in a throwaway cluster when its binaries are installed.
// OUTPOST_BENCH_SYNC_EVENTS sets another event count for a quick run.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import { ackedSeq } from '../../electron/engine/sync/push-out.ts';
import { syncOnce } from '../../electron/engine/sync/sync-client.ts';
import { DATABASE_FILE, openServerDatabase } from '../../server/db/open.ts';
import { MAX_EVENTS_PER_BATCH, type EventRecord } from '../../shared/sync/protocol.ts';
import { engineWithSamplePack, learner } from '../support/engine-fixture.ts';
import { missionEvents } from '../support/sync-events.ts';
import { fmtRate, onPostgres, startBenchServer, stopBenchServer } from './sync-bench-support.ts';

const DEFAULT_EVENTS = 100_000;
/** Rows per INSERT statement, as server/push.ts writes them. */
const ROWS_PER_INSERT = 500;
/** PouchDB replicates about ten times slower: a larger OUTPOST_BENCH_SYNC_EVENTS replicates this many, scaled. */
const PEER_DOCS_MAX = 100_000;

export async function benchSync(log: (line: string) => void): Promise<void> {
  const count = eventCount();
  const root = mkdtempSync(join(tmpdir(), 'outpost-bench-sync-'));
  try {
    const ours = await measureOn('SQLite', root, undefined, count, log);
    await onPostgres(['bench_push', 'bench_bare'], log, 'sync push', async (urls) => {
      await measureOn('PostgreSQL', root, urls[0]!, count, log, urls[1]!);
    });
    const peer = await measurePeer(root, Math.min(count, PEER_DOCS_MAX));
    const scaled = peer.docs === count ? '' : ` (${peer.docs.toLocaleString('en')} of the ${count.toLocaleString('en')} documents replicated, the rate scaled to all)`;
    log(`sync PouchDB peer: ${peer.docs.toLocaleString('en')} documents (the same payloads) replicated by PouchDB 9 from LevelDB to pouchdb-server 4.2 in memory, batches of ${MAX_EVENTS_PER_BATCH}: ${fmtRate(peer.rate)} docs/s, ${(count / peer.rate).toFixed(1)} s for ${count.toLocaleString('en')}${scaled}; ours (SQLite push) / PouchDB (target >= 10): ratio ${(ours / peer.rate).toFixed(1)}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function eventCount(): number {
  const given = process.env.OUTPOST_BENCH_SYNC_EVENTS;
  if (given === undefined) return DEFAULT_EVENTS;
  const count = Number(given);
  if (!Number.isInteger(count) || count < MAX_EVENTS_PER_BATCH) throw new Error(`OUTPOST_BENCH_SYNC_EVENTS must be a whole number of at least ${MAX_EVENTS_PER_BATCH}, not "${given}"`);
  return count;
}

/** Push and bare insert on one database; returns push's events/s. */
async function measureOn(label: string, root: string, database: string | undefined, count: number, log: (line: string) => void, bareDatabase?: string): Promise<number> {
  const dir = mkdtempSync(join(root, `${label.toLowerCase()}-`));
  const push = await measurePush(dir, database, count);
  const bareRate = await measureBare(join(dir, 'bare'), bareDatabase, count);
  const rate = count / (push.ms / 1000);
  log(`sync bare insert on ${label}: ${count.toLocaleString('en')} rows in transactions of ${MAX_EVENTS_PER_BATCH}, ${ROWS_PER_INSERT} rows per INSERT, by the driver alone: ${fmtRate(bareRate)} events/s, ${(count / bareRate).toFixed(2)} s`);
  log(`sync push on ${label}: ${count.toLocaleString('en')} events from an app engine by syncOnce to a server process on loopback, ${push.requests} requests: ${fmtRate(rate)} events/s, ${(push.ms / 1000).toFixed(2)} s (target < 10 s; push/bare target >= 0.25): ceiling ratio ${(rate / bareRate).toFixed(2)}`);
  return rate;
}

// ---------------------------------------------------------------------------------------------
// Push: an app engine and the server in a process of its own.

async function measurePush(dir: string, database: string | undefined, count: number): Promise<{ ms: number; requests: number }> {
  const server = await startBenchServer(join(dir, 'server'), 1, database);
  const t = await engineWithSamplePack({ dataDir: join(dir, 'app') });
  try {
    const { ctx } = t.engine;
    const profileId = await learner(t, 'Bench Learner');
    await t.call('sync.enrol', { profileId, serverUrl: server.url, code: server.codes[0] as string });
    // Joins the sync the enrolment started: the profile's own records go first, untimed.
    const settled = await t.call('sync.now', {});
    if (settled.lastError !== null) throw new Error(`the first sync failed: ${settled.lastError}`);
    const lastSeq = seedEvents(t.engine.ctx.db.sqlite, ctx.deviceId, profileId, count);
    const before = ackedSeq(ctx);
    const requests = countRequests();
    const started = performance.now();
    const problems = await syncOnce(ctx, server.url);
    const ms = performance.now() - started;
    requests.stop();
    if (problems.length > 0) throw new Error(`the push reported problems: ${problems.join(' ')}`);
    if (ackedSeq(ctx) !== lastSeq || lastSeq - before !== count) throw new Error(`the server acknowledged up to ${ackedSeq(ctx)}, not ${lastSeq}`);
    await checkHeld(join(dir, 'server'), database, ctx.deviceId, lastSeq);
    return { ms, requests: requests.count() };
  } finally {
    t.engine.close();
    await stopBenchServer(server);
  }
}

/** Direct inserts into the app's `events` table in one transaction; returns the last sequence. */
function seedEvents(sqlite: BetterSqlite3.Database, deviceId: string, profileId: string, count: number): number {
  const insert = sqlite.prepare(`INSERT INTO events (id, device_id, profile_id, verb, object_type, object_id, run_id, occurred_at, context_json, result_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  let last = 0;
  sqlite.transaction(() => {
    for (const e of missionEvents(deviceId, profileId, count)) {
      last = Number(insert.run(e.id, deviceId, profileId, e.verb, e.objectType, e.objectId, e.runId, e.occurredAt, JSON.stringify(e.context), e.result === null ? null : JSON.stringify(e.result)).lastInsertRowid);
    }
  })();
  return last;
}

/** Counts the requests the app sends while it runs, by wrapping fetch. */
function countRequests(): { count(): number; stop(): void } {
  const original = globalThis.fetch;
  let n = 0;
  globalThis.fetch = (...args: Parameters<typeof fetch>) => {
    n++;
    return original(...args);
  };
  return { count: () => n, stop: () => void (globalThis.fetch = original) };
}

/** The server's own count: every event stored, and the device's acknowledgement at the last. */
async function checkHeld(dataDir: string, database: string | undefined, deviceId: string, lastSeq: number): Promise<void> {
  const db = await openServerDatabase({ dataDir, database });
  try {
    const held = await db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('device_id', '=', deviceId).executeTakeFirstOrThrow();
    const device = await db.selectFrom('devices').select('ack_seq').where('device_id', '=', deviceId).executeTakeFirstOrThrow();
    if (Number(held.n) !== lastSeq || Number(device.ack_seq) !== lastSeq) throw new Error(`the server holds ${held.n} events, acknowledged ${device.ack_seq}, not ${lastSeq}`);
  } finally {
    await db.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Bare insert: the rows, made beforehand, into a migrated server database by its driver.

const COLUMNS = ['device_id', 'seq', 'id', 'profile_id', 'verb', 'object_type', 'object_id', 'run_id', 'occurred_at', 'context_json', 'result_json', 'received_at'];

function insertSql(rows: number, placeholder: (index: number) => string): string {
  const tuples = Array.from({ length: rows }, (_, row) => `(${COLUMNS.map((_, column) => placeholder(row * COLUMNS.length + column)).join(', ')})`);
  return `INSERT INTO events (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (device_id, seq) DO NOTHING`;
}

function rowValues(events: EventRecord[], now: number): unknown[][] {
  const statements: unknown[][] = [];
  for (let start = 0; start < events.length; start += ROWS_PER_INSERT) {
    statements.push(events.slice(start, start + ROWS_PER_INSERT).flatMap((e) => [e.deviceId, e.seq, e.id, e.profileId, e.verb, e.objectType, e.objectId, e.runId, e.occurredAt, JSON.stringify(e.context), e.result === null ? null : JSON.stringify(e.result), now]));
  }
  return statements;
}

async function measureBare(dataDir: string, database: string | undefined, count: number): Promise<number> {
  // Migrated by the server's own code: the very schema push writes into.
  await (await openServerDatabase({ dataDir, database })).destroy();
  const statements = rowValues(missionEvents('bench-bare-device', 'p-bare', count), Date.now());
  const perTransaction = MAX_EVENTS_PER_BATCH / ROWS_PER_INSERT;
  if (database === undefined) {
    const sqlite = new BetterSqlite3(join(dataDir, DATABASE_FILE));
    try {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      const insert = sqlite.prepare(insertSql(ROWS_PER_INSERT, () => '?'));
      const batch = sqlite.transaction((values: unknown[][]) => {
        for (const one of values) insert.run(one);
      });
      const started = performance.now();
      for (let i = 0; i < statements.length; i += perTransaction) batch(statements.slice(i, i + perTransaction));
      return count / ((performance.now() - started) / 1000);
    } finally {
      sqlite.close();
    }
  }
  const client = new Client({ connectionString: database });
  await client.connect();
  try {
    const text = insertSql(ROWS_PER_INSERT, (index) => `$${index + 1}`);
    const started = performance.now();
    for (let i = 0; i < statements.length; i += perTransaction) {
      await client.query('BEGIN');
      for (const values of statements.slice(i, i + perTransaction)) await client.query({ name: 'bare-insert', text, values });
      await client.query('COMMIT');
    }
    return count / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// The peer: PouchDB replicating to pouchdb-server. Loaded by require: neither ships types.

interface PouchDatabase {
  bulkDocs(docs: object[]): Promise<unknown[]>;
  replicate: { to(target: string, options: { batch_size: number }): Promise<{ ok: boolean; docs_written: number }> };
  close(): Promise<void>;
}
type PouchDbConstructor = new (name: string) => PouchDatabase;

const require = createRequire(import.meta.url);

async function measurePeer(root: string, docs: number): Promise<{ docs: number; rate: number }> {
  const dir = mkdtempSync(join(root, 'pouchdb-'));
  // No request log, as the sync server runs in this benchmark.
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ log: { level: 'error', file: join(dir, 'log.txt') } }));
  const port = await freePort();
  const child = spawn(process.execPath, [require.resolve('pouchdb-server/bin/pouchdb-server'), '--in-memory', '--no-stdout-logs', '--port', String(port), '--host', '127.0.0.1', '--dir', dir, '--config', join(dir, 'config.json')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const PouchDB = require('pouchdb') as PouchDbConstructor;
  const local = new PouchDB(join(dir, 'local'));
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitForAnswer(url, child);
    const all = missionEvents('bench-peer-device', 'p-peer', docs);
    for (let start = 0; start < all.length; start += 5_000) await local.bulkDocs(all.slice(start, start + 5_000).map((event) => ({ _id: event.id, ...event })));
    const started = performance.now();
    const result = await local.replicate.to(`${url}/events`, { batch_size: MAX_EVENTS_PER_BATCH });
    const ms = performance.now() - started;
    if (!result.ok || result.docs_written !== docs) throw new Error(`PouchDB wrote ${result.docs_written} documents of ${docs}`);
    return { docs, rate: docs / (ms / 1000) };
  } finally {
    await local.close();
    const exited = new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
    child.kill('SIGTERM');
    await exited;
  }
}

async function waitForAnswer(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pouchdb-server stopped (exit ${child.exitCode})`);
    const answered = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('pouchdb-server did not answer within 30 s');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
