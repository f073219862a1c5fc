// A real sync server on 127.0.0.1 (a free port, a temp data folder, SQLite there or a fresh
// PostgreSQL database) with a clock the test moves, and typed calls of the protocol's routes.
import { randomUUID } from 'node:crypto';
import { onTestFinished } from 'vitest';
import type { EventRecord, OutboxRecord, PushBatch, SyncRole } from '../../shared/sync/protocol.ts';
import { startServer, type RunningServer } from '../../server/http.ts';
import { createTeam, enrolPerson } from '../../server/teams.ts';
import { TestClock } from '../support/test-clock.ts';
import { tempDir } from '../support/temp.ts';
import { databaseFor, type DatabaseKind } from './support/databases.ts';

export interface TestServer {
  server: RunningServer;
  clock: TestClock;
  dataDir: string;
  kind: DatabaseKind;
  /** The PostgreSQL database's URL; undefined on SQLite. */
  database: string | undefined;
  logs: string[];
  post(path: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /**
   * A team (created when new), a person enrolled in it and a device token of theirs, for the profile
   * `p-<name in lower case>` on a new device unless given.
   */
  device(team: string, name: string, role?: SyncRole, options?: { deviceId?: string; profileId?: string }): Promise<Device>;
  count(table: 'events' | 'records'): Promise<number>;
}

export interface Device {
  deviceId: string;
  profileId: string;
  token: string;
  tokenId: string;
}

/** Every server test file runs its tests on each kind: `describe.each(DATABASES)`. */
export async function testServer(kind: DatabaseKind = 'sqlite', options: { maxBodyBytes?: number } = {}): Promise<TestServer> {
  const clock = new TestClock();
  const logs: string[] = [];
  const dataDir = tempDir('outpost-sync-');
  const database = await databaseFor(kind);
  const server = await startServer({ dataDir, database, port: 0, clock, log: (line) => logs.push(line), ...options });
  onTestFinished(() => server.close());
  const teams = new Set<string>();
  const post: TestServer['post'] = (path, body, token) => postJson(server.url, path, body, token);
  return {
    server,
    clock,
    dataDir,
    kind,
    database,
    logs,
    post,
    async device(team, name, role = 'learner', options = {}) {
      if (!teams.has(team)) {
        await createTeam(server.db, team, clock);
        teams.add(team);
      }
      const { code } = await enrolPerson(server.db, team, name, role, clock);
      const deviceId = options.deviceId ?? randomUUID();
      const profileId = options.profileId ?? `p-${name.toLowerCase()}`;
      const answer = await post('/v1/enrol', { code, deviceId, profileId });
      if (answer.status !== 200) throw new Error(`enrol failed: ${JSON.stringify(answer.body)}`);
      return { deviceId, profileId, token: String(answer.body.token), tokenId: String(answer.body.tokenId) };
    },
    async count(table) {
      const row = await server.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

/** A second server process on the test's PostgreSQL database, as behind a load balancer. */
export async function anotherServer(t: TestServer): Promise<RunningServer> {
  if (!t.database) throw new Error('several server processes share a PostgreSQL database, not a SQLite file');
  const server = await startServer({ dataDir: tempDir('outpost-sync-'), database: t.database, port: 0, clock: t.clock, log: (line) => t.logs.push(line) });
  onTestFinished(() => server.close());
  return server;
}

export async function postJson(baseUrl: string, path: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Typed as full events (not withheld ones), so a test may change them. */
export function events(deviceId: string, profileId: string | null, fromSeq: number, toSeq: number): { fromSeq: number; toSeq: number; items: EventRecord[] } {
  const items: EventRecord[] = [];
  for (let seq = fromSeq; seq <= toSeq; seq++) {
    items.push({ id: `${deviceId}-${seq}`, seq, deviceId, profileId, verb: 'stage.entered', objectType: 'stage', objectId: 'recon', runId: null, occurredAt: 1_700_000_000_000 + seq, context: { seq }, result: null });
  }
  return { fromSeq, toSeq, items };
}

export function noEvents(fromSeq = 1): PushBatch['events'] {
  return { fromSeq, toSeq: fromSeq - 1, items: [] };
}

export function runRecord(runId: string, profileId: string, status = 'submitted'): OutboxRecord {
  return { topic: 'run', recordId: runId, idempotencyKey: `${runId}:${randomUUID()}`, payload: { id: runId, profileId, missionId: 1, status } };
}

export function reviewRecord(reviewId: string, runId: string): OutboxRecord {
  return { topic: 'review', recordId: reviewId, idempotencyKey: `${reviewId}:${randomUUID()}`, payload: { id: reviewId, runId, outcome: 'accepted', feedback: 'Well argued.', score: 90 } };
}
