import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH, type PushBatch } from '../../shared/sync/protocol.ts';
import { events, noEvents, reviewRecord, runRecord, testServer } from './sync-server.ts';
import { DATABASES } from './support/databases.ts';
import { enrolPerson, revoke } from '../../server/teams.ts';

describe.each(DATABASES)('push on %s', (database) => {
  it('stores events 1..N then N+1..M, the ack advancing each time', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const first = await t.post('/v1/push', { deviceId: ana.deviceId, events: events(ana.deviceId, 'p-ana', 1, 5), records: [] }, ana.token);
    expect(first).toEqual({ status: 200, body: { ackSeq: 5, acceptedRecords: [] } });
    const second = await t.post('/v1/push', { deviceId: ana.deviceId, events: events(ana.deviceId, 'p-ana', 6, 9), records: [] }, ana.token);
    expect(second.body.ackSeq).toBe(9);
    const stored = await t.server.db.selectFrom('events').select(['seq', 'id', 'context_json']).orderBy('seq').execute();
    expect(stored.map((row) => Number(row.seq))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(JSON.parse(stored[8]!.context_json)).toEqual({ seq: 9 });
  });

  it('treats the same batch again as a no-op: same ack, same rows', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const batch = { deviceId: ana.deviceId, events: events(ana.deviceId, 'p-ana', 1, 4), records: [runRecord('run-1', 'p-ana')] };
    const first = await t.post('/v1/push', batch, ana.token);
    const again = await t.post('/v1/push', batch, ana.token);
    expect(again).toEqual(first);
    expect(again.body).toEqual({ ackSeq: 4, acceptedRecords: [batch.records[0]!.idempotencyKey] });
    expect(await t.count('events')).toBe(4);
    expect(await t.count('records')).toBe(1);
    // A retry overlapping what is held and carrying new events stores only the new ones.
    const overlap = await t.post('/v1/push', { deviceId: ana.deviceId, events: events(ana.deviceId, 'p-ana', 3, 6), records: [] }, ana.token);
    expect(overlap.body.ackSeq).toBe(6);
    expect(await t.count('events')).toBe(6);
  });

  it('refuses a gap and names the sequence to resend from', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    await t.post('/v1/push', { deviceId: ana.deviceId, events: events(ana.deviceId, null, 1, 3), records: [] }, ana.token);
    const gap = await t.post('/v1/push', { deviceId: ana.deviceId, events: events(ana.deviceId, null, 6, 8), records: [runRecord('run-1', 'p-ana')] }, ana.token);
    expect(gap.status).toBe(409);
    expect(gap.body).toMatchObject({ code: 'gap', ackSeq: 3, resendFrom: 4 });
    expect(gap.body.message).toMatch(/Resend from 4/);
    expect(await t.count('events')).toBe(3);
    expect(await t.count('records')).toBe(0);
  });

  it('refuses a resent event that differs from the one held', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    await t.post('/v1/push', { deviceId: ana.deviceId, events: events(ana.deviceId, null, 1, 3), records: [] }, ana.token);
    const forked = events(ana.deviceId, null, 2, 4);
    forked.items[0] = { ...forked.items[0]!, id: 'another' };
    const answer = await t.post('/v1/push', { deviceId: ana.deviceId, events: forked, records: [] }, ana.token);
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('conflict');
    expect(await t.count('events')).toBe(3);
  });

  it('refuses batches that are not contiguous or too long', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const holed = events(ana.deviceId, null, 1, 3);
    holed.items.splice(1, 1);
    expect((await t.post('/v1/push', { deviceId: ana.deviceId, events: holed, records: [] }, ana.token)).status).toBe(400);
    const shuffled = events(ana.deviceId, null, 1, 3);
    shuffled.items.reverse();
    expect((await t.post('/v1/push', { deviceId: ana.deviceId, events: shuffled, records: [] }, ana.token)).status).toBe(400);
    const tooMany = events(ana.deviceId, null, 1, MAX_EVENTS_PER_BATCH + 1);
    expect((await t.post('/v1/push', { deviceId: ana.deviceId, events: tooMany, records: [] }, ana.token)).status).toBe(400);
    expect(await t.count('events')).toBe(0);
  });

  it('stores a record once per idempotency key; the same key with another payload is a conflict', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const run = runRecord('run-1', 'p-ana', 'active');
    expect((await t.post('/v1/push', { deviceId: ana.deviceId, events: noEvents(), records: [run] }, ana.token)).status).toBe(200);
    expect((await t.post('/v1/push', { deviceId: ana.deviceId, events: noEvents(), records: [run] }, ana.token)).status).toBe(200);
    expect(await t.count('records')).toBe(1);
    const changed = { ...run, payload: { ...run.payload, status: 'submitted' } };
    const conflict = await t.post('/v1/push', { deviceId: ana.deviceId, events: noEvents(), records: [changed] }, ana.token);
    expect(conflict.status).toBe(409);
    expect(conflict.body.message).toMatch(/new snapshot takes a new key/);
    // A newer snapshot with its own key is stored beside the first.
    const newer = runRecord('run-1', 'p-ana', 'submitted');
    expect((await t.post('/v1/push', { deviceId: ana.deviceId, events: noEvents(), records: [newer] }, ana.token)).status).toBe(200);
    expect(await t.count('records')).toBe(2);
  });

  it('forbids a learner from pushing another profile\'s records or events', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const ben = await t.device('blue', 'Ben');
    expect((await t.post('/v1/push', { deviceId: ana.deviceId, events: events(ana.deviceId, 'p-ana', 1, 1), records: [runRecord('run-a', 'p-ana')] }, ana.token)).status).toBe(200);
    const otherRun = await t.post('/v1/push', { deviceId: ana.deviceId, events: noEvents(2), records: [runRecord('run-b', 'p-ben')] }, ana.token);
    expect(otherRun.status).toBe(403);
    const otherEvent = await t.post('/v1/push', { deviceId: ana.deviceId, events: events(ana.deviceId, 'p-ben', 2, 2), records: [] }, ana.token);
    expect(otherEvent.status).toBe(403);
    // Ben cannot take over Ana's profile, nor write into her run.
    expect((await t.post('/v1/push', { deviceId: ben.deviceId, events: noEvents(), records: [runRecord('run-a', 'p-ana')] }, ben.token)).status).toBe(403);
    const reflection = { topic: 'reflection' as const, recordId: 'run-a', idempotencyKey: randomUUID(), payload: { runId: 'run-a', text: 'mine now' } };
    expect((await t.post('/v1/push', { deviceId: ben.deviceId, events: noEvents(), records: [runRecord('run-b', 'p-ben'), reflection] }, ben.token)).status).toBe(403);
    // A learner never pushes reviews, even of their own run.
    expect((await t.post('/v1/push', { deviceId: ana.deviceId, events: noEvents(2), records: [reviewRecord('rev-1', 'run-a')] }, ana.token)).status).toBe(403);
    expect(await t.count('records')).toBe(1);
    expect(await t.count('events')).toBe(1);
  });

  it('takes a shared device\'s events from any of its tokens, others\' events withheld', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const ben = await t.device('blue', 'Ben', 'learner', { deviceId: ana.deviceId });
    const full = events(ana.deviceId, 'p-ana', 1, 4);
    full.items[1] = { ...full.items[1]!, profileId: 'p-ben' };
    // Cleo used this PC too but is not enrolled here: her event travels withheld.
    const cleo = full.items[2]!;
    const items: PushBatch['events'] = { ...full, items: full.items.map((event) => (event === cleo ? { id: cleo.id, seq: cleo.seq, deviceId: cleo.deviceId, withheld: true as const } : event)) };
    expect((await t.post('/v1/push', { deviceId: ana.deviceId, events: items, records: [] }, ben.token)).body).toMatchObject({ ackSeq: 4 });
    const stored = await t.server.db.selectFrom('events').select(['seq', 'profile_id']).orderBy('seq').execute();
    expect(stored.map((row) => [Number(row.seq), row.profile_id])).toEqual([[1, 'p-ana'], [2, 'p-ben'], [4, 'p-ana']]);
    // A resend of the same events is a no-op, withheld or not.
    expect((await t.post('/v1/push', { deviceId: ana.deviceId, events: items, records: [] }, ana.token)).status).toBe(200);
    expect(await t.count('events')).toBe(3);
    // Cleo's event, sent in full, is refused: she has no token on this device.
    const named = events(ana.deviceId, 'p-cleo', 5, 5);
    const refused = await t.post('/v1/push', { deviceId: ana.deviceId, events: named, records: [] }, ana.token);
    expect(refused).toMatchObject({ status: 403, body: { message: expect.stringMatching(/not enrolled on this device/) } });
    // Once Ben's token is revoked, his events are refused too.
    await revoke(t.server.db, ben.tokenId, t.clock);
    const benLater = events(ana.deviceId, 'p-ben', 5, 5);
    expect((await t.post('/v1/push', { deviceId: ana.deviceId, events: benLater, records: [] }, ana.token)).status).toBe(403);
  });

  it('binds a token to the profile it was enrolled for, and one profile to one person', async () => {
    const t = await testServer(database);
    await t.device('blue', 'Ana');
    const { code } = await enrolPerson(t.server.db, 'blue', 'Ben', 'learner', t.clock);
    const takeover = await t.post('/v1/enrol', { code, deviceId: randomUUID(), profileId: 'p-ana' });
    expect(takeover).toMatchObject({ status: 409, body: { message: expect.stringMatching(/another person/) } });
    const wrongRole = await t.post('/v1/enrol', { code, deviceId: randomUUID(), profileId: 'p-ben', role: 'mentor' });
    expect(wrongRole).toMatchObject({ status: 403, body: { message: expect.stringMatching(/enrols a learner, not a mentor/) } });
    // Neither refusal used the code up.
    expect((await t.post('/v1/enrol', { code, deviceId: randomUUID(), profileId: 'p-ben', role: 'learner' })).status).toBe(200);
  });

  it('stores nothing of a batch that fails half-way', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const broken = { topic: 'reflection' as const, recordId: 'run-1', idempotencyKey: randomUUID(), payload: { text: 'no run named' } };
    const answer = await t.post('/v1/push', { deviceId: ana.deviceId, events: events(ana.deviceId, 'p-ana', 1, 50), records: [runRecord('run-1', 'p-ana'), broken] }, ana.token);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/needs its runId/);
    expect(await t.count('events')).toBe(0);
    expect(await t.count('records')).toBe(0);
    const ack = await t.server.db.selectFrom('devices').select('ack_seq').executeTakeFirst();
    expect(ack?.ack_seq ?? 0).toBe(0);
  });

  it('answers 413 to a body over the cap, declared or chunked, and stores nothing', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const filler = 'x'.repeat(200_000);
    const items = events(ana.deviceId, null, 1, 25);
    for (const item of items.items) item.context = { filler };
    const body = JSON.stringify({ deviceId: ana.deviceId, events: items, records: [] });
    expect(body.length).toBeGreaterThan(MAX_BATCH_BYTES);
    const declared = await t.post('/v1/push', JSON.parse(body), ana.token);
    expect(declared).toMatchObject({ status: 413, body: { code: 'too_large' } });
    const chunked = await new Promise<number>((resolve, reject) => {
      const url = new URL('/v1/push', t.server.url);
      const req = request(url, { method: 'POST', headers: { Authorization: `Bearer ${ana.token}`, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let offset = 0; offset < body.length; offset += 64 * 1024) req.write(body.slice(offset, offset + 64 * 1024));
      req.end();
    });
    expect(chunked).toBe(413);
    expect(await t.count('events')).toBe(0);
  });

  it('refuses a body that is not JSON or not a batch', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const notJson = await fetch(`${t.server.url}/v1/push`, { method: 'POST', headers: { Authorization: `Bearer ${ana.token}` }, body: '{"deviceId":' });
    expect(notJson.status).toBe(400);
    const extra = await t.post('/v1/push', { deviceId: ana.deviceId, events: noEvents(), records: [], admin: true }, ana.token);
    expect(extra.status).toBe(400);
    const badTopic = await t.post('/v1/push', { deviceId: ana.deviceId, events: noEvents(), records: [{ topic: 'event', recordId: 'x', idempotencyKey: 'k', payload: {} }] }, ana.token);
    expect(badTopic.status).toBe(400);
    expect((await fetch(`${t.server.url}/v1/push`, { headers: { Authorization: `Bearer ${ana.token}` } })).status).toBe(405);
  });
});
