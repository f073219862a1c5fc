import { afterEach, describe, expect, it } from 'vitest';
import { API, METHOD_NAMES } from '../../../shared/api/contract.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { allows } from '../../../shared/api/roles.ts';
import type { ProfileRole } from '../../../shared/api/views.ts';
import { retryDelayMs } from '../../../electron/engine/access/sign-in.ts';
import { openEngine } from '../../../electron/engine/engine.ts';
import { engineWithSamplePack, learner, staff, TEST_PASSPHRASE, TestClock, type TestEngine } from '../../support/engine-fixture.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

async function outcome(method: string, input: unknown): Promise<string> {
  try {
    await t.engine.call(method, input);
    return 'ok';
  } catch (error) {
    return error instanceof ApiError ? error.code : 'crash';
  }
}

describe('roles: who may call what', () => {
  it('obeys the API table for every method, as a learner, a mentor, an admin and nobody', async () => {
    t = await engineWithSamplePack();
    const ids: Record<ProfileRole, string> = {
      admin: await staff(t, 'admin', 'Ida Admin', false),
      mentor: await staff(t, 'mentor', 'Grace Mentor', false),
      learner: await learner(t, 'Ada Learner'),
    };
    for (const method of METHOD_NAMES) {
      for (const role of ['learner', 'mentor', 'admin', null] as const) {
        if (role === null) await t.call('profiles.signOut', {});
        else await t.call('profiles.select', role === 'learner' ? { profileId: ids.learner } : { profileId: ids[role], passphrase: TEST_PASSPHRASE });
        // An empty input is wrong for most methods: an allowed caller hears about the input, anyone else only "forbidden".
        const result = await outcome(method, {});
        const allowed = allows(API[method].roles, role);
        expect(result === 'forbidden', `${method} as ${role ?? 'nobody'}: ${result}`).toBe(!allowed);
        expect(result).not.toBe('crash');
      }
    }
  });

  it('lets a learner make only a learner: "role: mentor" or "admin" from a learner is refused', async () => {
    t = await engineWithSamplePack();
    await staff(t, 'admin', 'Ida Admin', false);
    await learner(t);
    for (const role of ['mentor', 'admin'] as const) {
      await expect(t.call('profiles.create', { displayName: `Sneaky ${role}`, role, passphrase: 'a long enough passphrase' })).rejects.toMatchObject({ code: 'forbidden', message: `Only an admin may add ${role === 'admin' ? 'an admin' : 'a mentor'} profile.` });
    }
    await t.call('profiles.signOut', {});
    await expect(t.call('profiles.create', { displayName: 'Nobody mentor', role: 'mentor', passphrase: 'a long enough passphrase' })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await t.call('profiles.list', {})).map((p) => p.role).sort()).toEqual(['admin', 'learner']);
  });

  it('makes the first admin of a new installation without anyone signed in, and only the first', async () => {
    t = await engineWithSamplePack();
    expect((await t.call('app.state', {})).adminExists).toBe(false);
    await expect(t.call('profiles.create', { displayName: 'First mentor', role: 'mentor', passphrase: 'a long enough passphrase' })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('Create the admin profile first') });
    await expect(t.call('profiles.create', { displayName: 'Short', role: 'admin', passphrase: 'short' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.call('profiles.create', { displayName: 'No pass', role: 'admin' })).rejects.toMatchObject({ code: 'invalid_input' });
    const [first, second] = await Promise.allSettled([
      t.call('profiles.create', { displayName: 'Racing admin 1', role: 'admin', passphrase: 'a long enough passphrase' }),
      t.call('profiles.create', { displayName: 'Racing admin 2', role: 'admin', passphrase: 'a long enough passphrase' }),
    ]);
    expect([first.status, second.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect((await t.call('app.state', {})).adminExists).toBe(true);
    await expect(t.call('profiles.create', { displayName: 'Late admin', role: 'admin', passphrase: 'a long enough passphrase' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('lets an admin add mentors and admins, each with a passphrase kept only as a scrypt hash', async () => {
    t = await engineWithSamplePack();
    await staff(t, 'admin');
    const mentor = await t.call('profiles.create', { displayName: 'New Mentor', role: 'mentor', passphrase: 'mentor passphrase 1' });
    expect(mentor.role).toBe('mentor');
    const { db } = t.engine.ctx;
    const secret = db.first(db.q.selectFrom('profile_secrets').selectAll().where('profile_id', '=', mentor.id));
    expect(secret?.passphrase_hash).toMatch(/^scrypt-v1\$32768\$8\$1\$/);
    expect(secret?.passphrase_hash).not.toContain('mentor passphrase 1');
    const outbox = db.all(db.q.selectFrom('outbox').select('payload_json').where('record_id', '=', mentor.id));
    expect(outbox.map((row) => row.payload_json).join()).not.toMatch(/scrypt|passphrase/);
    await expect(t.call('profiles.create', { displayName: 'Learner with pass', passphrase: 'a long enough passphrase' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('signing in to a mentor or admin profile', () => {
  it('asks for the passphrase, refuses a wrong one, and makes each next try wait twice as long', async () => {
    t = await engineWithSamplePack();
    const mentor = await staff(t, 'mentor', 'Grace Mentor', false);
    await expect(t.call('profiles.select', { profileId: mentor })).rejects.toMatchObject({ code: 'forbidden', details: { passphraseRequired: true } });
    await expect(t.call('profiles.select', { profileId: mentor, passphrase: 'guess one' })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('Wrong passphrase') });
    // Even the right passphrase waits until the delay has passed, so guesses cannot be sent in a burst.
    await expect(t.call('profiles.select', { profileId: mentor, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'rate_limited' });
    t.clock.advance(retryDelayMs(1));
    await expect(t.call('profiles.select', { profileId: mentor, passphrase: 'guess two' })).rejects.toMatchObject({ code: 'forbidden' });
    t.clock.advance(retryDelayMs(1));
    await expect(t.call('profiles.select', { profileId: mentor, passphrase: 'guess three' })).rejects.toMatchObject({ code: 'rate_limited' });
    t.clock.advance(retryDelayMs(2));
    await expect(t.call('profiles.select', { profileId: mentor, passphrase: TEST_PASSPHRASE })).resolves.toMatchObject({ id: mentor, role: 'mentor' });
    expect((await t.call('app.state', {})).session?.id).toBe(mentor);
    expect([1, 2, 3, 4, 20].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 15 * 60_000]);
  });

  it('refuses guesses sent side by side after the first', async () => {
    t = await engineWithSamplePack();
    const admin = await staff(t, 'admin', 'Ida Admin', false);
    const guesses = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => t.call('profiles.select', { profileId: admin, passphrase: `guess ${i}` })));
    const codes = guesses.map((g) => (g.status === 'rejected' ? (g.reason as ApiError).code : 'ok'));
    expect(codes.filter((c) => c === 'forbidden')).toHaveLength(1);
    expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(19);
  });

  it('keeps the count of wrong passphrases across a restart', async () => {
    t = await engineWithSamplePack();
    const admin = await staff(t, 'admin', 'Ida Admin', false);
    for (let i = 1; i <= 3; i++) {
      await expect(t.call('profiles.select', { profileId: admin, passphrase: 'wrong' })).rejects.toMatchObject({ code: 'forbidden' });
      if (i < 3) t.clock.advance(retryDelayMs(i));
    }
    t.engine.close();
    const clock = new TestClock();
    clock.wall = t.clock.wall + retryDelayMs(3) - 1000;
    const reopened = openEngine({ dataDir: t.dataDir, clock, log: () => undefined });
    try {
      // Closing Outpost does not clear the wait: the fourth try still comes too early.
      await expect(reopened.call('profiles.select', { profileId: admin, passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({ code: 'rate_limited' });
      clock.advance(1000);
      await expect(reopened.call('profiles.select', { profileId: admin, passphrase: TEST_PASSPHRASE })).resolves.toMatchObject({ id: admin });
    } finally {
      reopened.close();
    }
  });

  it('signs out, and a learner signed in cannot act for another profile by naming it', async () => {
    t = await engineWithSamplePack();
    const other = await learner(t, 'Grace Hopper');
    const me = await learner(t);
    await expect(t.call('catalog.list', { profileId: other })).rejects.toMatchObject({ code: 'forbidden' });
    await t.call('catalog.list', { profileId: me });
    await t.call('profiles.signOut', {});
    await expect(t.call('catalog.list', { profileId: me })).rejects.toMatchObject({ code: 'forbidden', message: 'Choose your profile first: nobody is signed in.' });
    expect(t.pushed.filter((p) => p.event === 'session.changed').map((p) => p.payload)).toEqual([{ profileId: other }, { profileId: me }, { profileId: null }]);
  });
});
