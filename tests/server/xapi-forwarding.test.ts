import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { EventRecord } from '../../shared/sync/protocol.ts';
import { EVENT_VERBS } from '../../shared/telemetry/verbs.ts';
import { openServerDatabase, type ServerDb } from '../../server/db/open.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../server/http.ts';
import { createTeam, enrolPerson, revoke } from '../../server/teams.ts';
import { runXapiCommand, statusLines, type XapiFlags } from '../../server/xapi/cli-commands.ts';
import { createXapiForwarder, type TeamRound, type XapiForwarder, type XapiForwarderOptions } from '../../server/xapi/forwarder.ts';
import { openPassword, sealPassword, xapiKey, XAPI_KEY_FILE } from '../../server/xapi/password-seal.ts';
import { EVENT_ID_NAMESPACE, lrsStatement, statementIdOf, uuidV5 } from '../../server/xapi/statement.ts';
import { setXapiTarget, xapiStatus } from '../../server/xapi/targets.ts';
import { TestClock } from '../support/test-clock.ts';
import { tempDir } from '../support/temp.ts';
import { fakeLrs, type FakeLrs } from './fake-lrs.ts';
import { DATABASES, databaseFor, type DatabaseKind } from './support/databases.ts';
import { events } from './sync-server.ts';

const PASSWORD = 'correct horse battery staple';
const BASE_MS = 1_000;

interface Device {
  deviceId: string;
  profileId: string;
  token: string;
}

interface XapiTest {
  server: RunningServer;
  db: ServerDb;
  clock: TestClock;
  dataDir: string;
  database: string | undefined;
  logs: string[];
  device(team: string, name: string, options?: { deviceId?: string; profileId?: string }): Promise<Device>;
  push(device: Device, items: EventRecord[]): Promise<void>;
  forwarder(options?: Partial<XapiForwarderOptions>): XapiForwarder;
  connect(team: string, lrs: FakeLrs): Promise<void>;
  teamId(team: string): Promise<string>;
  watermarks(team: string): Promise<Record<string, number>>;
  target(team: string): Promise<{ attempts: number; next_attempt_at: number | null; last_error: string | null; halted_at: number | null; forwarded_count: number; rejected_count: number; last_success_at: number | null; lease_owner: string | null }>;
}

/** A sync server whose own forwarder is off (or as given): the tests run rounds themselves. */
async function xapiTest(kind: DatabaseKind, xapi: ServerOptions['xapi'] = { enabled: false }): Promise<XapiTest> {
  const clock = new TestClock();
  const logs: string[] = [];
  const dataDir = tempDir('outpost-xapi-');
  const database = await databaseFor(kind);
  const server = await startServer({ dataDir, database, port: 0, clock, log: (line) => logs.push(line), xapi });
  onTestFinished(() => server.close());
  const db = server.db;
  const teams = new Set<string>();
  const acked = new Map<string, number>();
  const post = async (path: string, body: unknown, token?: string): Promise<Record<string, unknown>> => {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.status !== 200) throw new Error(`${path} failed: ${JSON.stringify(answer)}`);
    return answer;
  };
  const teamId = async (team: string): Promise<string> => (await db.selectFrom('teams').select('id').where('name', '=', team).executeTakeFirstOrThrow()).id;
  return {
    server,
    db,
    clock,
    dataDir,
    database,
    logs,
    async device(team, name, options = {}) {
      if (!teams.has(team)) {
        await createTeam(db, team, clock);
        teams.add(team);
      }
      const { code } = await enrolPerson(db, team, name, 'learner', clock);
      const deviceId = options.deviceId ?? randomUUID();
      const profileId = options.profileId ?? `p-${name.toLowerCase()}`;
      const answer = await post('/v1/enrol', { code, deviceId, profileId });
      return { deviceId, profileId, token: String(answer.token) };
    },
    async push(device, items) {
      const fromSeq = (acked.get(device.deviceId) ?? 0) + 1;
      const answer = await post('/v1/push', { deviceId: device.deviceId, events: { fromSeq, toSeq: fromSeq + items.length - 1, items }, records: [] }, device.token);
      acked.set(device.deviceId, Number(answer.ackSeq));
    },
    forwarder(options = {}) {
      const forwarder = createXapiForwarder({ db, dataDir, clock, log: (line) => logs.push(line), backoffBaseMs: BASE_MS, backoffCapMs: 8 * BASE_MS, random: () => 1, requestTimeoutMs: 2_000, ...options });
      onTestFinished(() => forwarder.stop());
      return forwarder;
    },
    async connect(team, lrs) {
      await setXapiTarget(db, dataDir, team, { endpoint: lrs.endpoint, username: `lrs-${team}`, password: PASSWORD }, clock);
    },
    teamId,
    async watermarks(team) {
      const rows = await db.selectFrom('xapi_progress').select(['device_id', 'forwarded_seq']).where('team_id', '=', await teamId(team)).execute();
      return Object.fromEntries(rows.map((row) => [row.device_id, Number(row.forwarded_seq)]));
    },
    async target(team) {
      const row = await db.selectFrom('xapi_targets').select(['attempts', 'next_attempt_at', 'last_error', 'halted_at', 'forwarded_count', 'rejected_count', 'last_success_at', 'lease_owner']).where('team_id', '=', await teamId(team)).executeTakeFirstOrThrow();
      return { ...row, attempts: Number(row.attempts), forwarded_count: Number(row.forwarded_count), rejected_count: Number(row.rejected_count) };
    },
  };
}

/** Events from seq `from` to `to` of one device, for one profile (or none). */
function items(device: Pick<Device, 'deviceId'>, profileId: string | null, from: number, to: number): EventRecord[] {
  return events(device.deviceId, profileId, from, to).items;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('xAPI statements of stored events', () => {
  it('derives version 5 UUIDs as RFC 9562 does, and keeps the app\'s own UUIDs as statement ids', () => {
    // The RFC's example: the DNS namespace and www.example.com.
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    const id = randomUUID();
    expect(statementIdOf({ id, deviceId: 'device-1', seq: 4 })).toBe(id);
    expect(statementIdOf({ id: id.toUpperCase(), deviceId: 'device-1', seq: 4 })).toBe(id);
    const derived = statementIdOf({ id: 'device-1-4', deviceId: 'device-1', seq: 4 });
    expect(derived).toBe(uuidV5(EVENT_ID_NAMESPACE, 'device-1/4'));
    expect(derived).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(statementIdOf({ id: 'device-1-5', deviceId: 'device-1', seq: 5 })).not.toBe(derived);
  });

  it('keeps a statement valid xAPI whatever the event held', () => {
    const base = { id: randomUUID(), seq: 1, deviceId: 'device-1', profileId: 'p-ana', objectType: 'stage' as const, objectId: 'SOC-01/triage', context: {}, occurredAt: 1_700_000_000_000 };
    const reopened = lrsStatement({ ...base, verb: 'stage.completed', runId: 'not-a-uuid', result: { reopened: true, success: 'yes', score: { scaled: 3 }, completion: true } });
    expect(reopened.result).toEqual({ completion: true, extensions: { 'urn:outpost:xapi:extension:result': { reopened: true, success: 'yes', score: { scaled: 3 } } } });
    expect(reopened.context.registration).toBeUndefined();
    expect(reopened.context.extensions['urn:outpost:xapi:extension:run']).toBe('not-a-uuid');
    const runId = randomUUID();
    const scored = lrsStatement({ ...base, verb: 'mission.scored', runId, result: { score: { scaled: 0.8, raw: 80, min: 0, max: 100 }, success: true } });
    expect(scored.result).toEqual({ score: { scaled: 0.8, raw: 80, min: 0, max: 100 }, success: true });
    expect(scored.context.registration).toBe(runId);
    // A newer app's verb still maps, to a URN of its own.
    expect(lrsStatement({ ...base, verb: 'lab.rebooted', runId: null, result: null }).verb).toEqual({ id: 'urn:outpost:xapi:verb:lab.rebooted', display: { 'en-US': 'lab.rebooted' } });
    expect(() => lrsStatement({ ...base, verb: 'stage.entered', runId: null, result: null, occurredAt: 9e15 })).toThrow();
  });

  it('seals the LRS password to its team with the data folder\'s key', () => {
    const dataDir = tempDir('outpost-xapi-key-');
    const key = xapiKey(dataDir, { create: true });
    expect(statSync(join(dataDir, XAPI_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(xapiKey(dataDir, { create: false }).equals(key)).toBe(true);
    const sealed = sealPassword(key, 'team-a', PASSWORD);
    expect(sealed).not.toContain(PASSWORD);
    expect(openPassword(key, 'team-a', sealed)).toBe(PASSWORD);
    expect(() => openPassword(key, 'team-b', sealed)).toThrow(/does not open/);
    expect(() => openPassword(xapiKey(tempDir('outpost-xapi-key-'), { create: true }), 'team-a', sealed)).toThrow(/does not open/);
    expect(() => openPassword(key, 'team-a', `${sealed.slice(0, -4)}AAAA`)).toThrow(/does not open/);
    expect(() => xapiKey(tempDir('outpost-xapi-key-'), { create: false })).toThrow(/missing/);
  });
});

describe.each(DATABASES)('xAPI forwarding on %s', (kind) => {
  it('delivers pushed events as statements in batches of at most 100, with Basic auth and stable ids', async () => {
    const t = await xapiTest(kind);
    const lrs = await fakeLrs();
    const ana = await t.device('blue', 'Ana');
    await t.connect('blue', lrs);
    // The app's events carry random UUIDs; some here do not, as an older or odd client might send.
    const pushed = items(ana, ana.profileId, 1, 250).map((event) => (event.seq % 2 === 0 ? { ...event, id: randomUUID() } : event));
    await t.push(ana, pushed);

    const round = await t.forwarder().runRound();
    expect(round).toEqual([{ teamId: await t.teamId('blue'), outcome: 'forwarded', delivered: 250, rejected: 0 }]);
    expect(lrs.requests.map((request) => request.statements.length)).toEqual([100, 100, 50]);
    for (const request of lrs.requests) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/xapi/statements');
      expect(request.headers['x-experience-api-version']).toBe('1.0.3');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`lrs-blue:${PASSWORD}`).toString('base64')}`);
    }
    const sent = lrs.requests.flatMap((request) => request.statements);
    expect(sent.map((statement) => statement.id)).toEqual(pushed.map((event) => (event.seq % 2 === 0 ? event.id : uuidV5(EVENT_ID_NAMESPACE, `${ana.deviceId}/${event.seq}`))));
    for (const [index, statement] of sent.entries()) {
      const event = pushed[index]!;
      expect(statement.verb).toEqual({ id: EVENT_VERBS['stage.entered'].iri, display: { 'en-US': 'progressed' } });
      // The profile id, never the person's name.
      expect(statement.actor).toEqual({ objectType: 'Agent', account: { homePage: 'urn:outpost:profiles', name: ana.profileId } });
      expect(statement.timestamp).toBe(new Date(event.occurredAt).toISOString());
      expect(statement.context.extensions['urn:outpost:xapi:extension:sequence']).toBe(event.seq);
    }
    expect(JSON.stringify(sent)).not.toContain('Ana');
    expect(await t.watermarks('blue')).toEqual({ [ana.deviceId]: 250 });
    expect(await t.target('blue')).toMatchObject({ forwarded_count: 250, attempts: 0, last_error: null, last_success_at: t.clock.now(), lease_owner: null });

    // Nothing new: no request.
    expect(await t.forwarder().runRound()).toEqual([expect.objectContaining({ outcome: 'idle' })]);
    await t.push(ana, items(ana, ana.profileId, 251, 253));
    await t.forwarder().runRound();
    expect(lrs.requests).toHaveLength(4);
    expect(lrs.requests[3]!.statements.map((statement) => statement.context.extensions['urn:outpost:xapi:extension:sequence'])).toEqual([251, 252, 253]);
  });

  it('backs off after a 500, exponentially and capped, then delivers each statement once', async () => {
    const t = await xapiTest(kind);
    const lrs = await fakeLrs();
    lrs.reply = (_request, n) => (n < 4 ? { status: 500, body: `{"error":"database down","auth":"${PASSWORD}"}` } : undefined);
    const ana = await t.device('blue', 'Ana');
    await t.connect('blue', lrs);
    await t.push(ana, items(ana, ana.profileId, 1, 120));
    const forwarder = t.forwarder();

    expect(await forwarder.runRound()).toEqual([expect.objectContaining({ outcome: 'retrying', delivered: 0 })]);
    const first = await t.target('blue');
    expect(first).toMatchObject({ attempts: 1, next_attempt_at: t.clock.now() + BASE_MS, forwarded_count: 0 });
    expect(first.last_error).toContain('500');
    // An LRS that echoes the credentials back does not put them in the status or the logs.
    expect(first.last_error).not.toContain(PASSWORD);
    expect(t.logs.join('\n')).not.toContain(PASSWORD);
    expect(await t.watermarks('blue')).toEqual({});

    // Not due yet: no request.
    expect(await forwarder.runRound()).toEqual([]);
    expect(lrs.requests).toHaveLength(1);
    const waits: number[] = [];
    for (let attempt = 2; attempt <= 4; attempt++) {
      const before = await t.target('blue');
      t.clock.advance(before.next_attempt_at! - t.clock.now());
      await forwarder.runRound();
      const after = await t.target('blue');
      expect(after.attempts).toBe(attempt);
      waits.push(after.next_attempt_at! - t.clock.now());
    }
    expect(waits).toEqual([2 * BASE_MS, 4 * BASE_MS, 8 * BASE_MS]);
    t.clock.advance(8 * BASE_MS);
    expect(await forwarder.runRound()).toEqual([expect.objectContaining({ outcome: 'forwarded', delivered: 120 })]);
    expect(lrs.stored.size).toBe(120);
    const delivered = lrs.requests.filter((_request, n) => n >= 4).flatMap((request) => request.statements.map((statement) => statement.id));
    expect(new Set(delivered).size).toBe(120);
    expect(delivered).toHaveLength(120);
    expect(await t.watermarks('blue')).toEqual({ [ana.deviceId]: 120 });
    expect(await t.target('blue')).toMatchObject({ attempts: 0, next_attempt_at: null, forwarded_count: 120, last_success_at: t.clock.now() });
  });

  it('backs off with jitter and caps the wait', async () => {
    const t = await xapiTest(kind);
    const lrs = await fakeLrs();
    lrs.reply = () => ({ status: 503 });
    const ana = await t.device('blue', 'Ana');
    await t.connect('blue', lrs);
    await t.push(ana, items(ana, ana.profileId, 1, 1));
    const forwarder = t.forwarder({ random: () => 0 });
    for (let attempt = 1; attempt <= 12; attempt++) {
      await forwarder.runRound();
      const target = await t.target('blue');
      // Half the step with the lowest draw; the step stops growing at the cap.
      expect(target.next_attempt_at! - t.clock.now()).toBe(Math.min(8 * BASE_MS, BASE_MS * 2 ** (attempt - 1)) / 2);
      t.clock.advance(target.next_attempt_at! - t.clock.now());
    }
    expect(lrs.requests).toHaveLength(12);
  });

  it('retries an LRS that does not answer or cannot be reached', async () => {
    const t = await xapiTest(kind);
    const lrs = await fakeLrs();
    lrs.reply = (_request, n) => (n === 0 ? 'hang' : undefined);
    const ana = await t.device('blue', 'Ana');
    await t.connect('blue', lrs);
    await t.push(ana, items(ana, ana.profileId, 1, 5));
    const forwarder = t.forwarder({ requestTimeoutMs: 150 });
    expect(await forwarder.runRound()).toEqual([expect.objectContaining({ outcome: 'retrying' })]);
    expect((await t.target('blue')).last_error).toMatch(/did not answer within 150 ms/);
    t.clock.advance(BASE_MS);
    expect(await forwarder.runRound()).toEqual([expect.objectContaining({ outcome: 'forwarded', delivered: 5 })]);

    // Nothing listens on port 9 of this machine.
    await setXapiTarget(t.db, t.dataDir, 'blue', { endpoint: 'http://127.0.0.1:9/xapi', username: 'u', password: PASSWORD }, t.clock);
    await t.push(ana, items(ana, ana.profileId, 6, 6));
    expect(await forwarder.runRound()).toEqual([expect.objectContaining({ outcome: 'retrying' })]);
    expect((await t.target('blue')).last_error).toMatch(/could not be reached/);
  });

  it('sends the same ids again on a replay, and the LRS keeps each statement once', async () => {
    const t = await xapiTest(kind);
    const lrs = await fakeLrs();
    const ana = await t.device('blue', 'Ana');
    await t.connect('blue', lrs);
    await t.push(ana, items(ana, ana.profileId, 1, 30));
    await t.forwarder().runRound();
    const firstIds = lrs.sentIds();
    await t.push(ana, items(ana, ana.profileId, 31, 40));
    // As after a crash between the LRS's answer and the watermark's move: everything again.
    await t.db.deleteFrom('xapi_progress').execute();
    const replayFrom = lrs.requests.length;
    expect(await t.forwarder().runRound()).toEqual([expect.objectContaining({ outcome: 'forwarded', delivered: 40, rejected: 0 })]);

    const replay = lrs.requests.slice(replayFrom);
    // The batch meets ids the LRS holds (409), so the statements go one by one.
    expect(replay.map((request) => request.statements.length)).toEqual([40, ...Array<number>(40).fill(1)]);
    expect(replay[0]!.statements.map((statement) => statement.id).slice(0, 30)).toEqual(firstIds);
    expect(lrs.stored.size).toBe(40);
    expect(await t.watermarks('blue')).toEqual({ [ana.deviceId]: 40 });
  });

  it('skips an event no statement can be made of, and one the LRS refuses, and delivers the rest', async () => {
    const t = await xapiTest(kind);
    const lrs = await fakeLrs();
    // A strict LRS that refuses one object id.
    lrs.reply = (request) => (request.statements.some((statement) => statement.object.id.endsWith('/refused')) ? { status: 400, body: '{"message":"invalid statement"}' } : undefined);
    const ana = await t.device('blue', 'Ana');
    await t.connect('blue', lrs);
    const pushed = items(ana, ana.profileId, 1, 10);
    pushed[3] = { ...pushed[3]!, objectId: 'SOC-01/refused' };
    pushed[6] = { ...pushed[6]!, occurredAt: 9e15 };
    await t.push(ana, pushed);
    expect(await t.forwarder().runRound()).toEqual([expect.objectContaining({ outcome: 'forwarded', delivered: 8, rejected: 2 })]);
    expect(lrs.stored.size).toBe(8);
    expect([...lrs.stored.values()].map((statement) => statement.context.extensions['urn:outpost:xapi:extension:sequence'])).toEqual([1, 2, 3, 5, 6, 8, 9, 10]);
    expect(await t.watermarks('blue')).toEqual({ [ana.deviceId]: 10 });
    const target = await t.target('blue');
    expect(target).toMatchObject({ rejected_count: 2, forwarded_count: 8, attempts: 0 });
    expect(target.last_error).toMatch(/refused and skipped: the LRS answered 400/);
  });

  it('sends a team\'s events to its own LRS only, and never events of profiles outside the team', async () => {
    const t = await xapiTest(kind);
    const blueLrs = await fakeLrs();
    const redLrs = await fakeLrs();
    // A shared lab PC: Ana (blue) and Rui (red) on one device, one event sequence.
    const shared = randomUUID();
    const ana = await t.device('blue', 'Ana', { deviceId: shared });
    const rui = await t.device('red', 'Rui', { deviceId: shared });
    const bea = await t.device('blue', 'Bea');
    await t.connect('blue', blueLrs);
    await t.connect('red', redLrs);
    const sequence: (EventRecord | { id: string; seq: number; deviceId: string; withheld: true })[] = items(ana, null, 1, 8).map((event) => ({ ...event, profileId: event.seq % 2 === 0 ? ana.profileId : rui.profileId }));
    // A profile not enrolled here travels withheld; an event of no profile is stored but is no one's.
    sequence[4] = { id: `${shared}-5`, seq: 5, deviceId: shared, withheld: true };
    sequence[6] = { ...(sequence[6] as EventRecord), profileId: null };
    await t.push(ana, sequence as EventRecord[]);
    await t.push(bea, items(bea, bea.profileId, 1, 3));
    await t.forwarder().runRound();

    const actors = (lrs: FakeLrs): string[] => lrs.requests.flatMap((request) => request.statements.map((statement) => `${statement.actor.account.name}#${String(statement.context.extensions['urn:outpost:xapi:extension:sequence'])}`));
    expect(actors(blueLrs).sort()).toEqual(['p-ana#2', 'p-ana#4', 'p-ana#6', 'p-ana#8', 'p-bea#1', 'p-bea#2', 'p-bea#3']);
    expect(actors(redLrs).sort()).toEqual(['p-rui#1', 'p-rui#3']);
    // Both teams are done with the shared device up to its last sequence number.
    expect(await t.watermarks('blue')).toEqual({ [shared]: 8, [bea.deviceId]: 3 });
    expect(await t.watermarks('red')).toEqual({ [shared]: 8 });
    expect(blueLrs.requests.every((request) => request.headers.authorization === `Basic ${Buffer.from(`lrs-blue:${PASSWORD}`).toString('base64')}`)).toBe(true);
    const status = await xapiStatus(t.db);
    expect(status.map((target) => [target.team, target.forwarded, target.backlog])).toEqual([['blue', 7, 0], ['red', 2, 0]]);
  });

  it('gives an event to the team whose token was valid when it arrived, even after its profile moves on', async () => {
    const t = await xapiTest(kind);
    const blueLrs = await fakeLrs();
    const redLrs = await fakeLrs();
    const kim = await t.device('blue', 'Kim', { profileId: 'p-lab-7' });
    await t.connect('blue', blueLrs);
    await t.push(kim, items(kim, 'p-lab-7', 1, 3));
    t.clock.advance(1_000);
    await revoke(t.db, 'Kim', t.clock);
    t.clock.advance(1_000);
    // The same profile on the same device, now enrolled as someone of another team.
    const lee = await t.device('red', 'Lee', { deviceId: kim.deviceId, profileId: 'p-lab-7' });
    await t.connect('red', redLrs);
    t.clock.advance(1_000);
    await t.push(lee, items(lee, 'p-lab-7', 4, 5));
    await t.forwarder().runRound();
    const seqs = (lrs: FakeLrs): unknown[] => lrs.requests.flatMap((request) => request.statements.map((statement) => statement.context.extensions['urn:outpost:xapi:extension:sequence']));
    expect(seqs(blueLrs)).toEqual([1, 2, 3]);
    expect(seqs(redLrs)).toEqual([4, 5]);
  });

  it('stops a team whose LRS refuses the credentials until its settings change', async () => {
    const t = await xapiTest(kind);
    const lrs = await fakeLrs();
    lrs.reply = (request) => (request.headers.authorization === `Basic ${Buffer.from(`lrs-blue:${PASSWORD}`).toString('base64')}` ? { status: 401, body: '{"error":"bad credentials"}' } : undefined);
    const ana = await t.device('blue', 'Ana');
    await t.connect('blue', lrs);
    await t.push(ana, items(ana, ana.profileId, 1, 5));
    const forwarder = t.forwarder();
    expect(await forwarder.runRound()).toEqual([expect.objectContaining({ outcome: 'halted' })]);
    t.clock.advance(24 * 60 * 60 * 1000);
    expect(await forwarder.runRound()).toEqual([]);
    expect(lrs.requests).toHaveLength(1);
    const [status] = await xapiStatus(t.db);
    expect(status).toMatchObject({ team: 'blue', halted: true, backlog: 5, forwarded: 0 });
    const printed = statusLines(status!).join('\n');
    expect(printed).toContain('stopped: the LRS refused the credentials');
    expect(printed).toMatch(/last error .*401.*xapi set/);
    expect(printed).not.toContain(PASSWORD);
    expect(JSON.parse(t.logs.find((line) => line.includes('xapi forwarding stopped'))!)).toMatchObject({ level: 'error', error: expect.stringContaining('401') });

    await setXapiTarget(t.db, t.dataDir, 'blue', { endpoint: lrs.endpoint, username: 'lrs-blue-2', password: PASSWORD }, t.clock);
    expect(await forwarder.runRound()).toEqual([expect.objectContaining({ outcome: 'forwarded', delivered: 5 })]);
    expect((await xapiStatus(t.db))[0]).toMatchObject({ halted: false, lastError: null, backlog: 0 });
  });

  it('lets one of two forwarders on one database forward a team in a round, and takes over an expired lease', async () => {
    const t = await xapiTest(kind);
    const lrs = await fakeLrs();
    const ana = await t.device('blue', 'Ana');
    const bea = await t.device('blue', 'Bea');
    const rui = await t.device('red', 'Rui');
    await t.connect('blue', lrs);
    await t.connect('red', lrs);
    await t.push(ana, items(ana, ana.profileId, 1, 150));
    await t.push(bea, items(bea, bea.profileId, 1, 50));
    await t.push(rui, items(rui, rui.profileId, 1, 20));
    const slowFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      await delay(30);
      return response;
    };
    const first = t.forwarder({ fetch: slowFetch, owner: 'process-a' });
    const second = t.forwarder({ fetch: slowFetch, owner: 'process-b' });
    const teams = [await t.teamId('blue'), await t.teamId('red')];
    const expectOneForwarderPerTeam = (rounds: TeamRound[]): void => {
      for (const teamId of teams) {
        const mine = rounds.filter((round) => round.teamId === teamId);
        expect(mine.filter((round) => round.outcome === 'forwarded')).toHaveLength(1);
        // The other found the team taken, or (once the first was done) nothing left to send.
        for (const round of mine.filter((other) => other.outcome !== 'forwarded')) expect(round).toMatchObject({ outcome: expect.stringMatching(/^(busy|idle)$/), delivered: 0 });
      }
    };
    // Both rounds start at once.
    expectOneForwarderPerTeam((await Promise.all([first.runRound(), second.runRound()])).flat());
    // The second starts while the first waits for the LRS's answer.
    await t.push(ana, items(ana, ana.profileId, 151, 300));
    await t.push(rui, items(rui, rui.profileId, 21, 30));
    const firstRound = first.runRound();
    const before = lrs.requests.length;
    while (lrs.requests.length === before) await delay(2);
    expectOneForwarderPerTeam((await Promise.all([firstRound, second.runRound()])).flat());
    const sent = lrs.sentIds();
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent).toHaveLength(380);
    expect(lrs.stored.size).toBe(380);

    // A process that died while holding a team: the others wait for its lease to run out.
    await t.push(ana, items(ana, ana.profileId, 301, 305));
    const blueId = await t.teamId('blue');
    await t.db.updateTable('xapi_targets').set({ lease_owner: 'crashed', lease_until: t.clock.now() + 60_000 }).where('team_id', '=', blueId).execute();
    expect((await second.runRound()).filter((round) => round.teamId === blueId)).toEqual([]);
    t.clock.advance(60_001);
    expect((await second.runRound()).find((round) => round.teamId === blueId)).toMatchObject({ outcome: 'forwarded', delivered: 5 });
    expect((await t.target('blue')).lease_owner).toBeNull();
  });

  it('runs inside the server, and a shutdown aborts a hanging request without counting it as a failure', async () => {
    const lrs = await fakeLrs();
    let hung = false;
    lrs.reply = (_request, n) => {
      if (n === 0) return undefined;
      hung = true;
      return 'hang';
    };
    const t = await xapiTest(kind, { intervalMs: 20 });
    const ana = await t.device('blue', 'Ana');
    await t.connect('blue', lrs);
    await t.push(ana, items(ana, ana.profileId, 1, 3));
    while (lrs.stored.size < 3) await delay(10);
    await t.push(ana, items(ana, ana.profileId, 4, 4));
    while (!hung) await delay(10);
    const started = performance.now();
    await t.server.close();
    expect(performance.now() - started).toBeLessThan(2_000);
    const reopened = await openServerDatabase({ dataDir: t.dataDir, database: t.database });
    try {
      const target = await reopened.selectFrom('xapi_targets').select(['attempts', 'last_error', 'lease_owner', 'forwarded_count']).executeTakeFirstOrThrow();
      expect({ ...target, attempts: Number(target.attempts), forwarded_count: Number(target.forwarded_count) }).toEqual({ attempts: 0, last_error: null, lease_owner: null, forwarded_count: 3 });
    } finally {
      await reopened.destroy();
    }
  });

  it('forwards at most the round\'s budget of events per team, and the rest next round', async () => {
    const t = await xapiTest(kind);
    const lrs = await fakeLrs();
    const ana = await t.device('blue', 'Ana');
    const bea = await t.device('blue', 'Bea');
    await t.connect('blue', lrs);
    await t.push(ana, items(ana, ana.profileId, 1, 300));
    await t.push(bea, items(bea, bea.profileId, 1, 10));
    const forwarder = t.forwarder({ maxEventsPerRound: 200 });
    expect(await forwarder.runRound()).toEqual([expect.objectContaining({ delivered: 200 })]);
    // Bea's device was not starved by Ana's backlog.
    expect((await t.watermarks('blue'))[bea.deviceId]).toBe(10);
    expect(await forwarder.runRound()).toEqual([expect.objectContaining({ delivered: 110 })]);
    expect(await t.watermarks('blue')).toEqual({ [ana.deviceId]: 300, [bea.deviceId]: 10 });
    expect(lrs.stored.size).toBe(310);
  });
});

const CLI = join(import.meta.dirname, '../../server/cli.ts');

describe.each(DATABASES)('outpost-server xapi on %s', (kind) => {
  it('sets, shows and turns off a team\'s LRS without ever printing or storing its password in clear', async () => {
    const dataDir = tempDir('outpost-xapi-cli-');
    const database = await databaseFor(kind);
    const outputs: string[] = [];
    const cli = (args: string[], env: Record<string, string> = {}): { status: number | null; out: string } => {
      const result = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir, ...(database ? ['--database', database] : [])], { encoding: 'utf8', env: { ...process.env, ...env } });
      outputs.push(`${result.stdout}${result.stderr}`);
      return { status: result.status, out: `${result.stdout}${result.stderr}` };
    };
    expect(cli(['team', 'create', 'blue']).status).toBe(0);
    const passwordFile = join(dataDir, 'lrs-password');
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });

    const set = cli(['xapi', 'set', 'blue', '--endpoint', 'https://lrs.example.org/xapi/', '--username', 'lrs-user', '--password-file', passwordFile]);
    expect(set).toMatchObject({ status: 0, out: expect.stringContaining('forwards its events to https://lrs.example.org/xapi/statements') });
    expect(cli(['xapi', 'status'])).toMatchObject({ status: 0, out: expect.stringMatching(/^blue {2}https:\/\/lrs\.example\.org\/xapi {2}on\n {2}forwarded 0 statement\(s\), backlog 0 event\(s\)\n {2}last success never\n$/) });
    expect(cli(['xapi', 'off', 'blue'])).toMatchObject({ status: 0 });
    expect(cli(['xapi', 'status']).out).toMatch(/^blue {2}https:\/\/lrs\.example\.org\/xapi {2}off$/m);
    expect(cli(['xapi', 'set', 'blue', '--endpoint', 'http://lrs.internal:8080/data/xAPI', '--username', 'lrs-user', '--password-env', 'LRS_PASSWORD'], { LRS_PASSWORD: PASSWORD })).toMatchObject({ status: 0, out: expect.stringContaining('a new endpoint') });
    // A password on the command line would show in the process list: there is no such option.
    expect(cli(['xapi', 'set', 'blue', '--endpoint', 'https://lrs.example.org/xapi', '--username', 'u', '--password', PASSWORD]).status).toBe(1);
    expect(cli(['xapi', 'set', 'blue', '--endpoint', 'https://lrs.example.org/xapi', '--username', 'u'])).toMatchObject({ status: 2, out: expect.stringContaining('--password-file') });
    expect(cli(['xapi', 'status']).out).toMatch(/^blue {2}http:\/\/lrs\.internal:8080\/data\/xAPI {2}on$/m);
    for (const output of outputs) expect(output).not.toContain(PASSWORD);

    const db = await openServerDatabase({ dataDir, database });
    try {
      const stored = await db.selectFrom('xapi_targets').select(['password', 'username', 'endpoint']).executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ username: 'lrs-user', endpoint: 'http://lrs.internal:8080/data/xAPI' });
      expect(stored.password).not.toContain(PASSWORD);
    } finally {
      await db.destroy();
    }
    // Not in the SQLite file or its journal either; the key is readable by its owner only.
    for (const file of readdirSync(dataDir).filter((name) => name.startsWith('sync.db'))) expect(readFileSync(join(dataDir, file)).includes(PASSWORD)).toBe(false);
    expect(statSync(join(dataDir, XAPI_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('refuses an endpoint that is not an http(s) base URL, a missing password and an unknown team', async () => {
    const t = await xapiTest(kind);
    await t.device('blue', 'Ana');
    const printed: string[] = [];
    const run = (args: string[], flags: XapiFlags): Promise<number | null> => runXapiCommand(t.db, t.dataDir, args, flags, (line) => printed.push(line));
    const passwordFile = join(t.dataDir, 'lrs-password');
    writeFileSync(passwordFile, PASSWORD, { mode: 0o600 });
    const flags = { endpoint: 'https://lrs.example.org/xapi', username: 'u', passwordFile };
    await expect(run(['set', 'blue'], { ...flags, endpoint: `https://u:${PASSWORD}@lrs.example.org/xapi` })).rejects.toThrow(/not in the endpoint URL/);
    await expect(run(['set', 'blue'], { ...flags, endpoint: 'ftp://lrs.example.org/xapi' })).rejects.toThrow(/http\(s\) URL/);
    await expect(run(['set', 'blue'], { ...flags, endpoint: 'lrs.example.org' })).rejects.toThrow(/http\(s\) URL/);
    await expect(run(['set', 'blue'], { ...flags, endpoint: 'https://lrs.example.org/xapi?key=1' })).rejects.toThrow(/without a query/);
    await expect(run(['set', 'blue'], { ...flags, username: 'a:b' })).rejects.toThrow(/without a colon/);
    await expect(run(['set', 'blue'], { ...flags, passwordFile: join(t.dataDir, 'none') })).rejects.toThrow(/cannot be read \(ENOENT\)/);
    await expect(run(['set', 'blue'], { endpoint: flags.endpoint, username: 'u', passwordEnv: 'OUTPOST_NO_SUCH_VARIABLE' })).rejects.toThrow(/holds no password/);
    await expect(run(['set', 'green'], flags)).rejects.toThrow(/No team named "green"/);
    await expect(run(['off', 'blue'], {})).rejects.toThrow(/forwards to no LRS/);
    expect(await run(['set', 'blue'], { ...flags, passwordEnv: 'X' })).toBeNull();
    expect(await t.db.selectFrom('xapi_targets').selectAll().execute()).toEqual([]);
    expect(await run(['status'], {})).toBe(0);
    expect(printed).toEqual(['no team forwards to an LRS']);
  });
});
