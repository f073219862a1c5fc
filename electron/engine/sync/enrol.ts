// Enrolling with the team's server: a person gives the one-time code the server's operator printed
// for them, and their profile on this device gets a device token. A mentor can also be enrolled from
// the server by an admin: the profile is made here, named as the server knows the person.
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../shared/api/errors.ts';
import type { ProfileView } from '../../../shared/api/views.ts';
import type { EnrolAnswer } from '../../../shared/sync/protocol.ts';
import { hashPassphrase } from '../access/passphrase.ts';
import type { EngineContext } from '../context.ts';
import { insertProfileWithId, requireProfile } from '../profiles/profiles.ts';
import { storeEnrolmentTrust } from './bundle-trust.ts';
import { deviceKey } from './device-key.ts';
import { callServer, normaliseServerUrl, SyncFailure } from './sync-http.ts';
import { serverUrlOf, setServerUrl, storeToken } from './sync-tokens.ts';

/** The address this device syncs with: given the first time, the same one after. */
function serverFor(ctx: EngineContext, given: string | undefined): string {
  const held = serverUrlOf(ctx);
  const wanted = given === undefined ? held : normaliseServerUrl(given);
  if (wanted === null) throw new ApiError('invalid_input', 'Give the sync server\'s address: this device has none yet.');
  if (held !== null && held !== wanted) throw new ApiError('conflict', `This device syncs with ${held}; every profile on it enrols with that server.`);
  return wanted;
}

async function exchange(ctx: EngineContext, serverUrl: string, code: string, profileId: string, role: 'learner' | 'mentor'): Promise<EnrolAnswer> {
  try {
    // The device's key goes with every enrolment: the server registers and certifies it for bundles.
    return await callServer(serverUrl, '/v1/enrol', { code, deviceId: ctx.deviceId, profileId, role, devicePublicKey: deviceKey(ctx).publicKeyPem });
  } catch (error) {
    if (error instanceof SyncFailure) throw new ApiError(error.kind === 'offline' ? 'unavailable' : 'forbidden', error.kind === 'unauthorized' ? `The server did not accept this code: ${error.message}` : error.message);
    throw error;
  }
}

/** The signed-in learner or mentor enrols their own profile. */
export async function enrolProfile(ctx: EngineContext, profileId: string, input: { serverUrl?: string; code: string }): Promise<{ team: string; name: string }> {
  const profile = requireProfile(ctx, profileId);
  if (profile.role === 'admin') throw new ApiError('forbidden', 'An admin profile does not sync: enrol a learner or a mentor.');
  const serverUrl = serverFor(ctx, input.serverUrl);
  const answer = await exchange(ctx, serverUrl, input.code, profile.id, profile.role);
  ctx.db.transaction(() => {
    setServerUrl(ctx, serverUrl);
    storeToken(ctx, { profileId: profile.id, serverUrl, tokenId: answer.tokenId, personName: answer.name, team: answer.team, role: answer.role }, answer.token);
    storeEnrolmentTrust(ctx, profile.id, answer);
  });
  return { team: answer.team, name: answer.name };
}

/** An admin adds a mentor from the server: the profile takes the name the server gives. */
export async function enrolMentorFromServer(ctx: EngineContext, input: { serverUrl?: string; code: string; passphrase: string }): Promise<ProfileView> {
  const serverUrl = serverFor(ctx, input.serverUrl);
  const passphraseHash = await hashPassphrase(input.passphrase);
  const profileId = randomUUID();
  const answer = await exchange(ctx, serverUrl, input.code, profileId, 'mentor');
  return ctx.db.transaction(() => {
    const profile = insertProfileWithId(ctx, profileId, answer.name, 'mentor', passphraseHash);
    setServerUrl(ctx, serverUrl);
    storeToken(ctx, { profileId, serverUrl, tokenId: answer.tokenId, personName: answer.name, team: answer.team, role: 'mentor' }, answer.token);
    storeEnrolmentTrust(ctx, profileId, answer);
    return profile;
  });
}
