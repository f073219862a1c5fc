import { describe, expect, it } from 'vitest';
import { noEvents, reviewRecord, runRecord, testServer } from './sync-server.ts';
import { DATABASES } from './support/databases.ts';

describe.each(DATABASES)('pull on %s', (database) => {
  it('brings a learner the reviews of their runs, and a mentor their team\'s runs only', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const ben = await t.device('blue', 'Ben');
    const mentor = await t.device('blue', 'Mo', 'mentor');
    const otherMentor = await t.device('red', 'Rex', 'mentor');
    await t.post('/v1/push', { deviceId: ana.deviceId, events: noEvents(), records: [runRecord('run-a', 'p-ana')] }, ana.token);
    await t.post('/v1/push', { deviceId: ben.deviceId, events: noEvents(), records: [runRecord('run-b', 'p-ben')] }, ben.token);

    const runs = await t.post('/v1/pull', { cursor: 0 }, mentor.token);
    expect((runs.body.items as { recordId: string }[]).map((item) => item.recordId)).toEqual(['run-a', 'run-b']);
    expect((await t.post('/v1/pull', { cursor: 0 }, otherMentor.token)).body.items).toEqual([]);

    const review = reviewRecord('rev-a', 'run-a');
    const pushed = await t.post('/v1/push', { deviceId: mentor.deviceId, events: noEvents(), records: [{ topic: 'profile', recordId: 'p-mo', idempotencyKey: 'p-mo:1', payload: { id: 'p-mo', role: 'mentor' } }, review] }, mentor.token);
    expect(pushed.status).toBe(200);
    // A mentor of another team may not review this team's run.
    expect((await t.post('/v1/push', { deviceId: otherMentor.deviceId, events: noEvents(), records: [reviewRecord('rev-x', 'run-a')] }, otherMentor.token)).status).toBe(403);

    const forAna = await t.post('/v1/pull', { cursor: 0 }, ana.token);
    expect(forAna.body).toMatchObject({ more: false, items: [{ topic: 'review', recordId: 'rev-a', payload: review.payload }] });
    expect((await t.post('/v1/pull', { cursor: 0 }, ben.token)).body.items).toEqual([]);
    // The cursor only moves forward: pulling from it again brings nothing new.
    const again = await t.post('/v1/pull', { cursor: forAna.body.cursor }, ana.token);
    expect(again.body).toEqual({ items: [], cursor: forAna.body.cursor, more: false });
  });

  it('refuses a negative or missing cursor', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    expect((await t.post('/v1/pull', { cursor: -1 }, ana.token)).status).toBe(400);
    expect((await t.post('/v1/pull', {}, ana.token)).status).toBe(400);
  });
});
