// What goes wrong between a lab PC and its server, and what each must leave behind: every event and
// record on the server exactly once, nothing applied that should not be, and a status that tells
// the truth.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatusView } from '../../shared/api/views.ts';
import { retryDelayMs, syncClientOf } from '../../electron/engine/sync/sync-client.ts';
import { learner, staff, TEST_PASSPHRASE } from '../support/engine-fixture.ts';
import { REFLECTION_TEXT, RESPONSE_TEXT } from '../support/passed-run.ts';
import { submitSoc01 } from '../support/soc-playthrough.ts';
import { revoke } from '../../server/teams.ts';
import { DATABASES } from '../server/support/databases.ts';
import { syncWorld } from './sync-fixture.ts';

const PLAY = { evidence: [{ fileName: 'notes.txt', bytes: Buffer.from('sorted the queue by host') }], escalation: RESPONSE_TEXT, handover: RESPONSE_TEXT, reflection: REFLECTION_TEXT };

async function serverCounts(world: Awaited<ReturnType<typeof syncWorld>>): Promise<{ events: number; records: number }> {
  const count = async (table: 'events' | 'records'): Promise<number> => Number((await world.server.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { events: await count('events'), records: await count('records') };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(DATABASES)('sync when things go wrong, on %s', (database) => {
  it('a lost answer (the client killed between sending and recording) resends, and the server keeps one copy', async () => {
    const world = await syncWorld('blue', database);
    const lab = await world.device();
    const ada = await learner(lab);
    await lab.call('sync.enrol', { profileId: ada, serverUrl: world.server.url, code: await world.code('Ada') });
    await lab.call('sync.now', {});
    await submitSoc01(lab.engine, ada, PLAY);
    const realFetch = globalThis.fetch;
    let dropped = 0;
    // Every push reaches the server and is stored, but its answer never comes back.
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const response = await realFetch(input, init);
      if (String(input).endsWith('/v1/push')) {
        dropped++;
        throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
      }
      return response;
    });
    const failed = await lab.call('sync.now', {});
    expect(dropped).toBeGreaterThan(0);
    expect(failed.lastError).toMatch(/cannot be reached \(socket hang up\)/);
    expect(failed.offline).toBe(true);
    expect(failed.pendingEvents).toBeGreaterThan(0);
    const afterLoss = await serverCounts(world);
    vi.restoreAllMocks();

    const ok = await lab.call('sync.now', {});
    expect(ok).toMatchObject({ lastError: null, offline: false, pendingEvents: 0, pendingRecords: 0 });
    const final = await serverCounts(world);
    expect(final.events).toBe(afterLoss.events);
    const localEvents = lab.engine.ctx.db.first(lab.engine.ctx.db.q.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')))!.n;
    expect(final.events).toBe(Number(localEvents));
    // Each outbox snapshot is stored once under its key, however often it was sent.
    const keys = await world.server.db.selectFrom('records').select('idempotency_key').execute();
    expect(new Set(keys.map((k) => k.idempotency_key)).size).toBe(keys.length);
  });

  it('retries by itself with growing, jittered waits up to a cap, and a success clears the error', async () => {
    expect(retryDelayMs(1, () => 0)).toBe(2_500);
    expect(retryDelayMs(1, () => 1)).toBe(5_000);
    expect(retryDelayMs(3, () => 1)).toBe(20_000);
    expect(retryDelayMs(30, () => 1)).toBe(600_000);
    expect(retryDelayMs(30, () => 0)).toBe(300_000);

    const world = await syncWorld('blue', database);
    const lab = await world.device();
    const ada = await learner(lab);
    await lab.call('sync.enrol', { profileId: ada, serverUrl: world.server.url, code: await world.code('Ada') });
    await lab.call('sync.now', {});
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') }));
    const first = await lab.call('sync.now', {});
    const second = await lab.call('sync.now', {});
    const now = lab.clock.now();
    expect(first.nextAttemptAt! - now).toBeGreaterThanOrEqual(2_500);
    expect(first.nextAttemptAt! - now).toBeLessThanOrEqual(5_000);
    expect(second.nextAttemptAt! - now).toBeGreaterThanOrEqual(5_000);
    expect(second.nextAttemptAt! - now).toBeLessThanOrEqual(10_000);
    // The timer does not start another before the wait is over, and does once it is.
    const client = syncClientOf(lab.engine.ctx);
    const spy = vi.spyOn(client, 'syncNow');
    client.tick();
    expect(spy).not.toHaveBeenCalled();
    lab.clock.advance(10_001);
    client.tick();
    expect(spy).toHaveBeenCalledTimes(1);
    await spy.mock.results[0]!.value;
    vi.mocked(globalThis.fetch).mockRestore();
    const ok = await lab.call('sync.now', {});
    expect(ok.lastError).toBeNull();
    expect(ok.lastSuccessAt).toBe(lab.clock.now());
  });

  it('tries at once when the network returns, instead of waiting out the backoff', async () => {
    const world = await syncWorld('blue', database);
    const lab = await world.device();
    const ada = await learner(lab);
    await lab.call('sync.enrol', { profileId: ada, serverUrl: world.server.url, code: await world.code('Ada') });
    await lab.call('sync.now', {});
    const client = syncClientOf(lab.engine.ctx);
    const spy = vi.spyOn(client, 'syncNow');
    // All is well: a returning network changes nothing.
    await lab.call('sync.online', {});
    expect(spy).not.toHaveBeenCalled();
    vi.spyOn(globalThis, 'fetch').mockRejectedValueOnce(new TypeError('fetch failed', { cause: new Error('ENETUNREACH') }));
    const failed = await client.syncNow();
    expect(failed.nextAttemptAt! - lab.clock.now()).toBeGreaterThanOrEqual(2_500);
    spy.mockClear();
    await lab.call('sync.online', {});
    expect(spy).toHaveBeenCalledTimes(1);
    const after = await spy.mock.results[0]!.value;
    expect(after).toMatchObject({ lastError: null, offline: false });
  });

  it('publishes each change with a growing version; the answer after a sync is never older than its last event', async () => {
    const world = await syncWorld('blue', database);
    const lab = await world.device();
    const ada = await learner(lab);
    await lab.call('sync.enrol', { profileId: ada, serverUrl: world.server.url, code: await world.code('Ada') });
    const before = (await lab.call('sync.now', {})).version;
    const from = lab.pushed.length;
    const answer = await lab.call('sync.now', {});
    const published = lab.pushed.slice(from).filter((push) => push.event === 'sync.status').map((push) => push.payload as SyncStatusView);
    expect(published.map((status) => status.running)).toEqual([true, false]);
    expect(published.map((status) => status.version)).toEqual([before + 1, before + 2]);
    expect(answer).toMatchObject({ version: before + 2, running: false });
  });

  it('never runs two syncs at once: a second request joins the first, and one more follows it', async () => {
    const world = await syncWorld('blue', database);
    const lab = await world.device();
    const ada = await learner(lab);
    await lab.call('sync.enrol', { profileId: ada, serverUrl: world.server.url, code: await world.code('Ada') });
    await lab.call('sync.now', {});
    const realFetch = globalThis.fetch;
    let inFlight = 0;
    let most = 0;
    let pulls = 0;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      inFlight++;
      most = Math.max(most, inFlight);
      if (String(input).endsWith('/v1/pull')) pulls++;
      try {
        return await realFetch(input, init);
      } finally {
        inFlight--;
      }
    });
    await Promise.all([lab.call('sync.now', {}), lab.call('sync.now', {}), lab.call('sync.now', {})]);
    expect(most).toBe(1);
    // The first pass, and one more for the requests that came while it ran.
    expect(pulls).toBe(2);
  });

  it('a revoked enrolment is said in plain words; other profiles on the PC go on syncing', async () => {
    const world = await syncWorld('blue', database);
    const lab = await world.device();
    const ada = await learner(lab, 'Ada Lovelace');
    await lab.call('sync.enrol', { profileId: ada, serverUrl: world.server.url, code: await world.code('Ada') });
    await lab.call('profiles.signOut', {});
    const ben = await learner(lab, 'Ben Okri');
    await lab.call('sync.enrol', { profileId: ben, code: await world.code('Ben') });
    await lab.call('sync.now', {});
    await revoke(world.server.db, 'Ada');
    await submitSoc01(lab.engine, ben, PLAY);
    const status = await lab.call('sync.now', {});
    expect(status.lastError).toMatch(/no longer accepts Ada's enrolment: ask for a new code/);
    expect(status.enrolments.find((e) => e.name === 'Ada')?.revoked).toBe(true);
    expect(status.pendingRecords).toBe(0);
    const runs = await world.server.db.selectFrom('records').select('owner_profile_id').where('topic', '=', 'run').execute();
    expect(runs.map((r) => r.owner_profile_id)).toEqual(expect.arrayContaining([ben]));
  });

  it('a shared PC withholds the events of people who are not enrolled; their records stay on the PC', async () => {
    const world = await syncWorld('blue', database);
    const lab = await world.device();
    const cleo = await learner(lab, 'Cleo Unenrolled');
    await submitSoc01(lab.engine, cleo, PLAY);
    await lab.call('profiles.signOut', {});
    const ada = await learner(lab, 'Ada Lovelace');
    await lab.call('sync.enrol', { profileId: ada, serverUrl: world.server.url, code: await world.code('Ada') });
    const status = await lab.call('sync.now', {});
    expect(status).toMatchObject({ lastError: null, pendingEvents: 0, pendingRecords: 0 });
    const profiles = await world.server.db.selectFrom('events').select('profile_id').distinct().execute();
    expect(profiles.map((p) => p.profile_id)).not.toContain(cleo);
    const records = await world.server.db.selectFrom('records').select('owner_profile_id').distinct().execute();
    expect(records.map((r) => r.owner_profile_id)).toEqual([ada]);
    const cleoOutbox = lab.engine.ctx.db.all(lab.engine.ctx.db.q.selectFrom('outbox').select('topic'));
    expect(cleoOutbox.length).toBeGreaterThan(0);
  });

  it('a mentor without the pack a run needs is told which; the run arrives once the pack is imported', async () => {
    const world = await syncWorld('blue', database);
    const lab = await world.device();
    const ada = await learner(lab);
    await lab.call('sync.enrol', { profileId: ada, serverUrl: world.server.url, code: await world.code('Ada') });
    const runId = await submitSoc01(lab.engine, ada, PLAY);
    await lab.call('sync.now', {});

    const { engineWithoutPacks, SAMPLE_PACK } = await import('./empty-device.ts');
    const office = await engineWithoutPacks();
    await staff(office, 'admin');
    const mentor = await office.call('sync.enrolMentor', { serverUrl: world.server.url, code: await world.code('Grace', 'mentor'), passphrase: TEST_PASSPHRASE });
    const status = await office.call('sync.now', {});
    expect(status.waiting.some((w) => w.what === `run ${runId}` && /pack "outpost-sample" version .* which this app has not imported/.test(w.reason))).toBe(true);
    await office.engine.importPack(SAMPLE_PACK, { by: 'owner' });
    await office.call('profiles.select', { profileId: mentor.id, passphrase: TEST_PASSPHRASE });
    const after = await office.call('sync.now', {});
    expect(after.waiting).toEqual([]);
    expect((await office.call('reviews.queue', {})).map((item) => item.runId)).toContain(runId);
  });

  it('a record that does not fit is refused with the reason, and the rest still applies', async () => {
    const world = await syncWorld('blue', database);
    const lab = await world.device();
    const ada = await learner(lab);
    await lab.call('sync.enrol', { profileId: ada, serverUrl: world.server.url, code: await world.code('Ada') });
    const runId = await submitSoc01(lab.engine, ada, PLAY);
    await lab.call('sync.now', {});
    const run = await world.server.db.selectFrom('records').select(['owner_profile_id', 'team_id', 'device_id']).where('topic', '=', 'run').executeTakeFirstOrThrow();
    // A review that claims a score of "lots": written straight into the server, as a broken or hostile server could.
    await world.server.db
      .insertInto('records')
      .values({ idempotency_key: 'hostile-1', topic: 'review', record_id: 'rev-x', payload_json: JSON.stringify({ id: 'rev-x', runId, reviewerId: 'm', submission: 1, status: 'final', outcome: 'passed', feedback: 'x', score: 'lots', passed: 1, stages: [], breakdown: null, createdAt: 1, updatedAt: 1 }), owner_profile_id: run.owner_profile_id, team_id: run.team_id, device_id: run.device_id, received_at: 1 })
      .execute();
    const status = await lab.call('sync.now', {});
    expect(status.lastError).toMatch(/refused: a review record \(rev-x\) does not fit: score/);
    const after = await lab.call('runs.get', { profileId: ada, runId });
    expect(after.status).toBe('submitted');
  });
});
