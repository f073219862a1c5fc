// Signing in and creating protected profiles. A learner signs in by choosing their name; a mentor or
// admin also gives their passphrase, and each wrong one makes the next try wait twice as long.
import { ApiError } from '../../../shared/api/errors.ts';
import { MAX_PASSPHRASE_LENGTH, MIN_PASSPHRASE_LENGTH } from '../../../shared/api/roles.ts';
import type { ProfileRole, ProfileView } from '../../../shared/api/views.ts';
import type { EngineContext } from '../context.ts';
import { insertProfile, isLocalProfile, rememberLastProfile, requireProfile } from '../profiles/profiles.ts';
import { hashPassphrase, verifyPassphrase } from './passphrase.ts';
import { closeRunsOf } from './session-end.ts';

/** The wait after n wrong passphrases in a row: 1 s, 2 s, 4 s… up to 15 minutes. */
export function retryDelayMs(failures: number): number {
  return Math.min(1000 * 2 ** Math.max(0, failures - 1), 15 * 60_000);
}

export async function signIn(ctx: EngineContext, profileId: string, passphrase: string | undefined): Promise<ProfileView> {
  const profile = requireProfile(ctx, profileId);
  if (!isLocalProfile(ctx, profile.id)) throw new ApiError('forbidden', `${profile.displayName} uses Outpost on another computer: their runs came here through the team's server.`);
  if (profile.role !== 'learner') await checkPassphrase(ctx, profile, passphrase);
  const before = ctx.session.current();
  if (before && before.profileId !== profile.id) closeRunsOf(ctx, before.profileId);
  ctx.session.signIn({ profileId: profile.id, role: profile.role });
  rememberLastProfile(ctx, profile.id);
  return profile;
}

async function checkPassphrase(ctx: EngineContext, profile: ProfileView, passphrase: string | undefined): Promise<void> {
  const { db } = ctx;
  const secret = db.first(db.q.selectFrom('profile_secrets').selectAll().where('profile_id', '=', profile.id));
  if (!secret) throw new ApiError('forbidden', `${profile.displayName} has no passphrase yet: an admin must set one.`);
  if (passphrase === undefined) throw new ApiError('forbidden', `Enter ${profile.displayName}'s passphrase.`, { passphraseRequired: true });
  const now = ctx.clock.now();
  if (now < secret.retry_after) {
    const seconds = Math.ceil((secret.retry_after - now) / 1000);
    throw new ApiError('rate_limited', `Too many wrong passphrases: try again in ${seconds} s.`, { retryAfterMs: secret.retry_after - now });
  }
  // Counted as a failure before the hash is checked, so guesses sent side by side cannot all slip in
  // before the first one is found wrong; a right passphrase clears it.
  const failures = secret.failed_attempts + 1;
  db.run(db.q.updateTable('profile_secrets').set({ failed_attempts: failures, retry_after: now + retryDelayMs(failures), updated_at: now }).where('profile_id', '=', profile.id));
  if (!(await verifyPassphrase(passphrase, secret.passphrase_hash))) {
    const wait = Math.ceil(retryDelayMs(failures) / 1000);
    throw new ApiError('forbidden', `Wrong passphrase for ${profile.displayName}. You can try again in ${wait} s.`, { retryAfterMs: retryDelayMs(failures) });
  }
  db.run(db.q.updateTable('profile_secrets').set({ failed_attempts: 0, retry_after: 0, updated_at: ctx.clock.now() }).where('profile_id', '=', profile.id));
}

export function adminExists(ctx: EngineContext): boolean {
  const { db } = ctx;
  return db.first(db.q.selectFrom('profiles').select('id').where('role', '=', 'admin').where('archived_at', 'is', null)) !== undefined;
}

/**
 * Who may add whom: anyone a learner; an admin signed in a mentor or admin; on a new installation,
 * with no admin yet, anyone the first admin. `owner` is the person at the machine's own command line.
 */
export async function createProfileAs(
  ctx: EngineContext,
  input: { displayName: string; role: ProfileRole; passphrase?: string | undefined },
  by: 'session' | 'owner',
): Promise<ProfileView> {
  const { displayName, role } = input;
  if (role === 'learner') {
    if (input.passphrase !== undefined) throw new ApiError('invalid_input', 'A learner profile has no passphrase.');
    return insertProfile(ctx, displayName, role, null);
  }
  const mayCreate = (): void => {
    if (by === 'owner' || ctx.session.current()?.role === 'admin') return;
    if (adminExists(ctx)) throw new ApiError('forbidden', `Only an admin may add ${role === 'admin' ? 'an admin' : 'a mentor'} profile.`);
    if (role !== 'admin') throw new ApiError('forbidden', 'Create the admin profile first: a new Outpost starts with its admin.');
  };
  mayCreate();
  const passphrase = input.passphrase ?? '';
  if (passphrase.length < MIN_PASSPHRASE_LENGTH || passphrase.length > MAX_PASSPHRASE_LENGTH) {
    throw new ApiError('invalid_input', `${role === 'admin' ? 'An admin' : 'A mentor'}'s passphrase needs ${MIN_PASSPHRASE_LENGTH} to ${MAX_PASSPHRASE_LENGTH} characters.`);
  }
  const hash = await hashPassphrase(passphrase);
  // Checked again after the slow hash: two people racing to become the first admin get one admin.
  return ctx.db.transaction(() => {
    mayCreate();
    return insertProfile(ctx, displayName, role, hash);
  });
}
