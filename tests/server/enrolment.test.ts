import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTeam, enrolPerson, listTeams, revoke } from '../../server/teams.ts';
import { events, noEvents, testServer } from './sync-server.ts';
import { DATABASES } from './support/databases.ts';

describe.each(DATABASES)('enrolment and device tokens on %s', (database) => {
  it('exchanges a code for a token once; a second use is refused', async () => {
    const t = await testServer(database);
    await createTeam(t.server.db, 'blue', t.clock);
    const { code } = await enrolPerson(t.server.db, 'blue', 'Ana', 'learner', t.clock);
    const first = await t.post('/v1/enrol', { code: code.toLowerCase(), deviceId: randomUUID(), profileId: 'p-ana' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ team: 'blue', name: 'Ana', role: 'learner' });
    expect(String(first.body.token)).toMatch(/^opt_[A-Za-z0-9_-]{43}$/);
    const again = await t.post('/v1/enrol', { code, deviceId: randomUUID(), profileId: 'p-ana' });
    expect(again.status).toBe(401);
    expect(again.body.message).toMatch(/used already or have expired/);
    const stored = await t.server.db.selectFrom('device_tokens').select('token_hash').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(String(first.body.token));
  });

  it('refuses an expired code and an unknown one', async () => {
    const t = await testServer(database);
    await createTeam(t.server.db, 'blue', t.clock);
    const { code } = await enrolPerson(t.server.db, 'blue', 'Ana', 'learner', t.clock);
    t.clock.advance(24 * 60 * 60 * 1000);
    expect((await t.post('/v1/enrol', { code, deviceId: randomUUID(), profileId: 'p-ana' })).status).toBe(401);
    expect((await t.post('/v1/enrol', { code: 'AAAA-BBBB-CCCC-DDDD', deviceId: randomUUID(), profileId: 'p-ana' })).status).toBe(401);
    expect((await t.post('/v1/enrol', { code, deviceId: 'no', profileId: 'p-ana' })).status).toBe(400);
  });

  it('refuses a revoked token at once, by token id or by person', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const second = await t.device('blue', 'Ana');
    expect((await t.post('/v1/push', { deviceId: ana.deviceId, events: events(ana.deviceId, null, 1, 2), records: [] }, ana.token)).status).toBe(200);
    await revoke(t.server.db, ana.tokenId, t.clock);
    const refused = await t.post('/v1/push', { deviceId: ana.deviceId, events: events(ana.deviceId, null, 3, 3), records: [] }, ana.token);
    expect(refused.status).toBe(401);
    expect(await t.count('events')).toBe(2);
    expect((await t.post('/v1/pull', { cursor: 0 }, second.token)).status).toBe(200);
    expect(await revoke(t.server.db, 'Ana', t.clock)).toEqual({ tokens: 1, person: 'Ana' });
    expect((await t.post('/v1/pull', { cursor: 0 }, second.token)).status).toBe(401);
    const listing = await listTeams(t.server.db);
    expect(listing[0]!.people[0]).toMatchObject({ name: 'Ana', revoked: true });
    expect(listing[0]!.people[0]!.tokens.every((token) => token.revoked)).toBe(true);
  });

  it('refuses requests without a token, with a malformed one, or from another device', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    expect((await t.post('/v1/pull', { cursor: 0 })).status).toBe(401);
    expect((await t.post('/v1/pull', { cursor: 0 }, 'opt_forged')).status).toBe(401);
    expect((await t.post('/v1/pull', { cursor: 0 }, 'has spaces')).status).toBe(401);
    const other = await t.post('/v1/push', { deviceId: randomUUID(), events: noEvents(), records: [] }, ana.token);
    expect(other.status).toBe(403);
  });

  it('keeps a team name and a person\'s role unique', async () => {
    const t = await testServer(database);
    await createTeam(t.server.db, 'blue', t.clock);
    await expect(createTeam(t.server.db, ' blue ', t.clock)).rejects.toThrow(/exists already/);
    await enrolPerson(t.server.db, 'blue', 'Ana', 'learner', t.clock);
    await expect(enrolPerson(t.server.db, 'blue', 'Ana', 'mentor', t.clock)).rejects.toThrow(/as a learner/);
    await expect(enrolPerson(t.server.db, 'red', 'Ana', 'learner', t.clock)).rejects.toThrow(/No team/);
  });
});
