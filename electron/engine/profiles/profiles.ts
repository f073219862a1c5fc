// Profiles: a lab PC is shared, so several people use one Outpost. Every run belongs to one.
import { randomUUID } from 'node:crypto';
import { perDb, preparedLookup } from '../../../db/prepared.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { ProfileRole, ProfileView } from '../../../shared/api/views.ts';
import type { EngineContext } from '../context.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { readSetting, writeSetting } from '../settings.ts';

const LAST_PROFILE = 'last_profile_id';

export function listProfiles(ctx: EngineContext): ProfileView[] {
  const { db } = ctx;
  // Profiles pulled from the team's server (a mentor's learners) are not people at this PC.
  return db.all(db.q.selectFrom('profiles').selectAll().where('archived_at', 'is', null).where('remote_team', 'is', null).orderBy('display_name')).map(toView);
}

/** Adds a profile; who may add it is decided by the caller (access/sign-in.ts). */
export function insertProfile(ctx: EngineContext, displayName: string, role: ProfileRole, passphraseHash: string | null): ProfileView {
  return insertProfileWithId(ctx, randomUUID(), displayName, role, passphraseHash);
}

/** A profile whose id was chosen first (a mentor enrolled from the server: the token names it). */
export function insertProfileWithId(ctx: EngineContext, id: string, displayName: string, role: ProfileRole, passphraseHash: string | null): ProfileView {
  const { db } = ctx;
  const row = { id, display_name: displayName, role, team_id: null, created_at: ctx.clock.now(), archived_at: null };
  db.transaction(() => {
    const taken = db.first(db.q.selectFrom('profiles').select('id').where('display_name', '=', displayName).where('archived_at', 'is', null).where('remote_team', 'is', null));
    if (taken) throw new ApiError('conflict', `There is a profile called "${displayName}" already.`);
    db.run(db.q.insertInto('profiles').values(row));
    if (passphraseHash !== null) {
      db.run(db.q.insertInto('profile_secrets').values({ profile_id: row.id, passphrase_hash: passphraseHash, failed_attempts: 0, retry_after: 0, updated_at: row.created_at }));
    }
    // The passphrase's hash stays on this machine: the synced snapshot names the role only.
    enqueueOutbox(ctx, 'profile', row.id, { id: row.id, displayName, role, createdAt: row.created_at });
  });
  return toView(row);
}

const profileById = perDb((db) => preparedLookup(db, (id) => db.q.selectFrom('profiles').selectAll().where('id', '=', id as never)));

export function requireProfile(ctx: EngineContext, profileId: string): ProfileView {
  const row = profileById(ctx.db)(profileId);
  if (!row || row.archived_at !== null) throw new ApiError('not_found', 'That profile does not exist.');
  return toView(row);
}

/** A profile made on this device: only these sign in. */
export function isLocalProfile(ctx: EngineContext, profileId: string): boolean {
  return profileById(ctx.db)(profileId)?.remote_team === null;
}

export function rememberLastProfile(ctx: EngineContext, profileId: string): void {
  writeSetting(ctx, LAST_PROFILE, profileId);
}

export function lastProfileId(ctx: EngineContext): string | null {
  const { db } = ctx;
  const id = readSetting(ctx, LAST_PROFILE);
  return id && db.first(db.q.selectFrom('profiles').select('id').where('id', '=', id).where('archived_at', 'is', null)) ? id : null;
}

function toView(row: { id: string; display_name: string; role: ProfileRole; created_at: number }): ProfileView {
  return { id: row.id, displayName: row.display_name, role: row.role, createdAt: row.created_at };
}
