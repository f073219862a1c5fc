// The app's push of its events in batches (electron/engine/sync/push-out.ts): the JSON it writes from
// the rows, batches cut by their size in UTF-8 as the server counts it, and the next batch, read
// while the server stores one, sent only when the server took the whole of the one before.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ackedSeq, eventBatch, eventJsonOf, setAckedSeq } from '../../electron/engine/sync/push-out.ts';
import { syncOnce } from '../../electron/engine/sync/sync-client.ts';
import { MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH, type EventRecord } from '../../shared/sync/protocol.ts';
import { learner, type TestEngine } from '../support/engine-fixture.ts';
import { missionEvents } from '../support/sync-events.ts';
import { syncWorld, type SyncWorld } from './sync-fixture.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Appends events straight into the app's table, as the benchmark seeds it; returns the last sequence. */
function appendEvents(t: TestEngine, events: readonly EventRecord[]): number {
  const { sqlite } = t.engine.ctx.db;
  const insert = sqlite.prepare('INSERT INTO events (id, device_id, profile_id, verb, object_type, object_id, run_id, occurred_at, context_json, result_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  let last = 0;
  sqlite.transaction(() => {
    for (const e of events) last = Number(insert.run(e.id, t.engine.ctx.deviceId, e.profileId, e.verb, e.objectType, e.objectId, e.runId, e.occurredAt, JSON.stringify(e.context), e.result === null ? null : JSON.stringify(e.result)).lastInsertRowid);
  })();
  return last;
}

/** The bodies of the pushes sent from now on, as they went on the wire. */
function watchPushes(): string[] {
  const bodies: string[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    if (String(input).endsWith('/v1/push') && typeof init?.body === 'string') bodies.push(init.body);
    return realFetch(input, init);
  });
  return bodies;
}

async function enrolledLab(world: SyncWorld): Promise<{ lab: TestEngine; ada: string }> {
  const lab = await world.device();
  const ada = await learner(lab);
  await lab.call('sync.enrol', { profileId: ada, serverUrl: world.server.url, code: await world.code('Ada') });
  expect(await lab.call('sync.now', {})).toMatchObject({ lastError: null, pendingEvents: 0 });
  return { lab, ada };
}

async function heldEvents(world: SyncWorld, deviceId: string): Promise<{ seq: number; id: string; context: unknown; result: unknown }[]> {
  const rows = await world.server.db.selectFrom('events').select(['seq', 'id', 'context_json', 'result_json']).where('device_id', '=', deviceId).orderBy('seq').execute();
  return rows.map((row) => ({ seq: Number(row.seq), id: row.id, context: JSON.parse(row.context_json), result: row.result_json === null ? null : JSON.parse(row.result_json) }));
}

describe('pushing events in batches', () => {
  it('writes each event as the JSON of the event itself, withheld ones too', async () => {
    const world = await syncWorld();
    const { lab, ada } = await enrolledLab(world);
    const tricky: EventRecord = { ...missionEvents(lab.engine.ctx.deviceId, ada, 1)[0]!, objectId: 'SOC-01/"quoted" \\ stage ✓', context: { text: 'line\nbreak, tab\t, "quotes", émoji 🛰️, lone \ud800 half' }, result: { success: true, score: 0.1 + 0.2 } };
    const stranger: EventRecord = { ...tricky, id: 'event-of-someone-else', profileId: 'not-enrolled-here' };
    const from = appendEvents(lab, [tricky, stranger]) - 1;
    const rows = lab.engine.ctx.db.all(lab.engine.ctx.db.q.selectFrom('events').selectAll().where('seq', '>=', from).orderBy('seq'));
    const enrolled = new Set([ada]);
    const events = eventBatch(lab.engine.ctx, from, enrolled);
    expect(events).toHaveLength(2);
    expect(rows.map((row) => eventJsonOf(row, enrolled))).toEqual(events.map((event) => JSON.stringify(event)));
    expect(events[1]).toEqual({ id: stranger.id, seq: from + 1, deviceId: lab.engine.ctx.deviceId, withheld: true });
    expect(JSON.parse(eventJsonOf(rows[0]!, enrolled))).toMatchObject({ objectId: tricky.objectId, context: tricky.context, result: tricky.result });
  });

  it('sends thousands of events in full batches, each once and in order, as the app holds them', async () => {
    const world = await syncWorld();
    const { lab, ada } = await enrolledLab(world);
    const before = ackedSeq(lab.engine.ctx);
    const last = appendEvents(lab, missionEvents(lab.engine.ctx.deviceId, ada, 4_500));
    const bodies = watchPushes();

    expect(await syncOnce(lab.engine.ctx, world.server.url)).toEqual([]);

    expect(ackedSeq(lab.engine.ctx)).toBe(last);
    const sizes = bodies.map((body) => (JSON.parse(body) as { events: { fromSeq: number; items: unknown[] } }).events);
    expect(sizes.filter((events) => events.items.length > 0).map((events) => [events.fromSeq, events.items.length])).toEqual([
      [before + 1, MAX_EVENTS_PER_BATCH],
      [before + 1 + MAX_EVENTS_PER_BATCH, MAX_EVENTS_PER_BATCH],
      [before + 1 + 2 * MAX_EVENTS_PER_BATCH, last - before - 2 * MAX_EVENTS_PER_BATCH],
    ]);
    const local = lab.engine.ctx.db.all(lab.engine.ctx.db.q.selectFrom('events').selectAll().orderBy('seq'));
    const held = await heldEvents(world, lab.engine.ctx.deviceId);
    expect(held).toEqual(local.map((row) => ({ seq: row.seq, id: row.id, context: JSON.parse(row.context_json), result: row.result_json === null ? null : JSON.parse(row.result_json) })));
  });

  it('cuts a batch by its size in UTF-8, so text in any script never makes it too large for the server', async () => {
    const world = await syncWorld();
    const { lab, ada } = await enrolledLab(world);
    // 1,000 characters of three bytes each: 2,000 such events are 2 million characters, 6 MB in UTF-8.
    const answer = '攻击者通过跳板机横向移动。'.repeat(80).slice(0, 1_000);
    const last = appendEvents(lab, missionEvents(lab.engine.ctx.deviceId, ada, MAX_EVENTS_PER_BATCH).map((event) => ({ ...event, result: { response: answer } })));
    const bodies = watchPushes();

    expect(await syncOnce(lab.engine.ctx, world.server.url)).toEqual([]);

    expect(ackedSeq(lab.engine.ctx)).toBe(last);
    const eventPushes = bodies.filter((body) => (JSON.parse(body) as { events: { items: unknown[] } }).events.items.length > 0);
    expect(eventPushes.length).toBeGreaterThan(1);
    for (const body of eventPushes) expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect((await heldEvents(world, lab.engine.ctx.deviceId)).at(-1)).toMatchObject({ seq: last, result: { response: answer } });
  });

  it('drops the batch it read ahead when the server holds more than the device thought', async () => {
    const world = await syncWorld();
    const { lab, ada } = await enrolledLab(world);
    const last = appendEvents(lab, missionEvents(lab.engine.ctx.deviceId, ada, 5_000));
    await syncOnce(lab.engine.ctx, world.server.url);
    const held = await heldEvents(world, lab.engine.ctx.deviceId);
    // The app's database restored from an older copy: it believes the server holds nothing yet.
    setAckedSeq(lab.engine.ctx, 0);
    const bodies = watchPushes();

    expect(await syncOnce(lab.engine.ctx, world.server.url)).toEqual([]);

    // The first batch's answer says the server holds everything: the batch read ahead is not sent.
    expect(bodies.filter((body) => (JSON.parse(body) as { events: { items: unknown[] } }).events.items.length > 0)).toHaveLength(1);
    expect(ackedSeq(lab.engine.ctx)).toBe(last);
    expect(await heldEvents(world, lab.engine.ctx.deviceId)).toEqual(held);
  });

  it('resends from the server\'s point when the server holds less than the device thought', async () => {
    const world = await syncWorld();
    const { lab, ada } = await enrolledLab(world);
    const first = appendEvents(lab, missionEvents(lab.engine.ctx.deviceId, ada, 3_000));
    await syncOnce(lab.engine.ctx, world.server.url);
    // The server restored from a backup taken at event 1,000.
    const deviceId = lab.engine.ctx.deviceId;
    await world.server.db.deleteFrom('events').where('device_id', '=', deviceId).where('seq', '>', 1_000).execute();
    await world.server.db.updateTable('devices').set({ ack_seq: 1_000 }).where('device_id', '=', deviceId).execute();
    const last = appendEvents(lab, missionEvents(deviceId, ada, 500, first + 1));

    expect(await syncOnce(lab.engine.ctx, world.server.url)).toEqual([]);

    expect(ackedSeq(lab.engine.ctx)).toBe(last);
    const held = await heldEvents(world, deviceId);
    expect(held.map((event) => event.seq)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
  });
});
