// Enrolment (a one-time code for a device token) and the check of every token-bearing request.
// Tokens are looked up on every request, so a revoked one is refused from the next request on.
import type { EnrolAnswer, EnrolRequest, SyncRole } from '../shared/sync/protocol.ts';
import { enrolmentTrust, normaliseDeviceKey, registerDeviceKey } from './bundles/device-keys.ts';
import type { ServerKey } from './bundles/server-key.ts';
import type { ServerDb } from './db/open.ts';
import { lockForEnrolment } from './db/write-locks.ts';
import { SyncError } from './errors.ts';
import type { Clock } from './teams.ts';
import { newToken, normaliseCode, sha256, shortTokenId } from './tokens.ts';

export interface Caller {
  tokenId: string;
  personId: string;
  teamId: string;
  role: SyncRole;
  deviceId: string;
  /** The app profile the token speaks for, bound at enrolment. */
  profileId: string;
}

const INVALID_CODE = 'This enrolment code is not valid: it may have been used already or have expired. Ask for a new one.';

/** `serverKey` certifies the device's key, if it sent one, for its sync bundles. */
export async function enrolDevice(db: ServerDb, request: EnrolRequest, clock: Clock, serverKey?: ServerKey): Promise<EnrolAnswer> {
  const now = clock.now();
  const devicePublicKey = request.devicePublicKey === undefined ? null : normaliseDeviceKey(request.devicePublicKey);
  return db.transaction().execute(async (trx) => {
    const codeHash = sha256(normaliseCode(request.code));
    // Marking the code used is the claim: of two devices racing with one code, one update wins.
    const claimed = await trx
      .updateTable('enrolment_codes')
      .set({ used_at: now })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('person_id')
      .executeTakeFirst();
    // One answer for unknown, used and expired codes: a guesser learns nothing.
    if (!claimed) throw new SyncError('unauthorized', INVALID_CODE);
    const person = await trx
      .selectFrom('people')
      .innerJoin('teams', 'teams.id', 'people.team_id')
      .select(['people.id', 'people.name', 'people.role', 'people.revoked_at', 'teams.name as team'])
      .where('people.id', '=', claimed.person_id)
      .executeTakeFirstOrThrow();
    if (person.revoked_at !== null) throw new SyncError('unauthorized', INVALID_CODE);
    // Thrown inside the transaction, so the code stays unused for the right profile.
    if (request.role && request.role !== person.role) {
      throw new SyncError('forbidden', `This code enrols a ${person.role}, not a ${request.role}: the code is still unused.`);
    }
    // A profile speaks for one person: another person's token may not take it over.
    await lockForEnrolment(trx, request.profileId);
    const taken = await trx.selectFrom('device_tokens').select('id').where('profile_id', '=', request.profileId).where('person_id', '!=', person.id).where('revoked_at', 'is', null).executeTakeFirst();
    if (taken) throw new SyncError('conflict', 'This app profile is enrolled as another person already: the code is still unused.');
    if (devicePublicKey !== null) await registerDeviceKey(trx, request.deviceId, devicePublicKey, now);
    const token = newToken();
    const tokenId = shortTokenId();
    await trx.insertInto('device_tokens').values({ id: tokenId, person_id: person.id, device_id: request.deviceId, token_hash: sha256(token), profile_id: request.profileId, created_at: now, revoked_at: null }).execute();
    const trust = enrolmentTrust(serverKey, { deviceId: request.deviceId, devicePublicKey, profileId: request.profileId, team: person.team, role: person.role, personName: person.name, issuedAt: now });
    return { token, tokenId, team: person.team, name: person.name, role: person.role, ...trust };
  });
}

export async function authenticate(db: ServerDb, authorization: string | undefined): Promise<Caller> {
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization ?? '');
  if (!match) throw new SyncError('unauthorized', 'A device token is needed (Authorization: Bearer <token>).');
  const row = await db
    .selectFrom('device_tokens')
    .innerJoin('people', 'people.id', 'device_tokens.person_id')
    .select(['device_tokens.id', 'device_tokens.person_id', 'device_tokens.device_id', 'device_tokens.profile_id', 'device_tokens.revoked_at', 'people.team_id', 'people.role', 'people.revoked_at as person_revoked_at'])
    .where('device_tokens.token_hash', '=', sha256(match[1]!))
    .executeTakeFirst();
  // A token from before profiles were bound at enrolment speaks for no one: enrolling again binds one.
  if (!row || row.revoked_at !== null || row.person_revoked_at !== null || row.profile_id === null) throw new SyncError('unauthorized', 'This device token is not valid or has been revoked: enrol the device again.');
  return { tokenId: row.id, personId: row.person_id, teamId: row.team_id, role: row.role, deviceId: row.device_id, profileId: row.profile_id };
}
