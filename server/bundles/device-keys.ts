// Device signing keys, registered at enrolment: the first key a device sends is its key. Another key
// for a known device is refused while any of its enrolments is valid (someone else claiming the
// device id), and replaces the old one once they are all revoked (a reinstalled app). The answer to
// an enrolment that sent a key certifies it, so a mentor's app can check the device's bundles offline.
import type { KeyObject } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DeviceCertificate } from '../../shared/sync/bundle.ts';
import type { SyncRole } from '../../shared/sync/protocol.ts';
import type { ServerDb } from '../db/open.ts';
import type { Database } from '../db/schema.ts';
import { SyncError } from '../errors.ts';
import { publicKeyFrom, publicPemOf, signCertificate } from './bundle-keys.ts';
import type { ServerKey } from './server-key.ts';

/** The key as the server stores it, or a refusal (checked before the code is claimed, so it stays unused). */
export function normaliseDeviceKey(pem: string): string {
  const key = publicKeyFrom(pem);
  if (!key) throw new SyncError('invalid_input', 'devicePublicKey must be an Ed25519 public key in PEM (SPKI): the code is still unused.');
  return publicPemOf(key);
}

export async function registerDeviceKey(trx: Transaction<Database>, deviceId: string, publicKeyPem: string, now: number): Promise<void> {
  await trx.insertInto('device_keys').values({ device_id: deviceId, public_key: publicKeyPem, created_at: now }).onConflict((oc) => oc.column('device_id').doNothing()).execute();
  const held = await trx.selectFrom('device_keys').select('public_key').where('device_id', '=', deviceId).executeTakeFirstOrThrow();
  if (held.public_key === publicKeyPem) return;
  const live = await trx
    .selectFrom('device_tokens')
    .innerJoin('people', 'people.id', 'device_tokens.person_id')
    .select('device_tokens.id')
    .where('device_tokens.device_id', '=', deviceId)
    .where('device_tokens.revoked_at', 'is', null)
    .where('people.revoked_at', 'is', null)
    .executeTakeFirst();
  if (live) {
    throw new SyncError('conflict', 'This device id is enrolled already with another signing key, and those enrolments are still valid: revoke them on the server (outpost-server revoke), then enrol again. The code is still unused.');
  }
  await trx.updateTable('device_keys').set({ public_key: publicKeyPem, created_at: now }).where('device_id', '=', deviceId).execute();
}

export interface EnrolmentTrust {
  serverPublicKey?: string;
  certificate?: DeviceCertificate;
}

/** What an enrolment answer adds: the server's key, and a certificate of the device's key if it sent one. */
export function enrolmentTrust(serverKey: ServerKey | undefined, claims: { deviceId: string; devicePublicKey: string | null; profileId: string; team: string; role: SyncRole; personName: string; issuedAt: number }): EnrolmentTrust {
  if (!serverKey) return {};
  const { devicePublicKey, ...rest } = claims;
  if (devicePublicKey === null) return { serverPublicKey: serverKey.publicKeyPem };
  return { serverPublicKey: serverKey.publicKeyPem, certificate: signCertificate(serverKey.privateKey, { ...rest, devicePublicKey }) };
}

export async function deviceKeyOf(db: ServerDb, deviceId: string): Promise<KeyObject | null> {
  const row = await db.selectFrom('device_keys').select('public_key').where('device_id', '=', deviceId).executeTakeFirst();
  return row ? publicKeyFrom(row.public_key) : null;
}
