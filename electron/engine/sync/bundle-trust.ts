// What an enrolment answer says about keys, kept beside the enrolment's token: the server's public
// key (it signs the server's bundles for this device) and the server's certificate of this device's
// key for the profile (a mentor's app checks the device's bundles with it). A certificate is kept
// only when it certifies this device, this key and this profile under the key that came with it.
import type { KeyObject } from 'node:crypto';
import { deviceCertificateSchema, type DeviceCertificate } from '../../../shared/sync/bundle.ts';
import type { EnrolAnswer } from '../../../shared/sync/protocol.ts';
import { certificateVerifies, publicKeyFrom } from '../../../server/bundles/bundle-keys.ts';
import type { EngineContext } from '../context.ts';
import { deviceKey } from './device-key.ts';

export function storeEnrolmentTrust(ctx: EngineContext, profileId: string, answer: Pick<EnrolAnswer, 'serverPublicKey' | 'certificate'>): void {
  const { db } = ctx;
  const serverKey = answer.serverPublicKey === undefined ? null : publicKeyFrom(answer.serverPublicKey);
  const parsed = deviceCertificateSchema.safeParse(answer.certificate);
  const certificate = parsed.success && serverKey !== null ? parsed.data : null;
  const mine = certificate !== null && serverKey !== null && certificate.deviceId === ctx.deviceId && certificate.profileId === profileId && certificate.devicePublicKey === deviceKey(ctx).publicKeyPem && certificateVerifies(certificate, serverKey);
  if (certificate !== null && !mine) ctx.log(`the server's certificate for profile ${profileId} does not certify this device's key: it was not kept`);
  db.run(
    db.q
      .updateTable('sync_tokens')
      .set({ server_public_key: serverKey === null ? null : (answer.serverPublicKey ?? null), certificate_json: mine ? JSON.stringify(certificate) : null })
      .where('profile_id', '=', profileId),
  );
}

export function certificateOf(ctx: EngineContext, profileId: string): DeviceCertificate | null {
  const { db } = ctx;
  const row = db.first(db.q.selectFrom('sync_tokens').select('certificate_json').where('profile_id', '=', profileId));
  if (!row?.certificate_json) return null;
  const parsed = deviceCertificateSchema.safeParse(JSON.parse(row.certificate_json));
  return parsed.success ? parsed.data : null;
}

/** The server's key as the enrolment of this profile received it. */
export function serverKeyOf(ctx: EngineContext, profileId: string): KeyObject | null {
  const { db } = ctx;
  const pem = db.first(db.q.selectFrom('sync_tokens').select('server_public_key').where('profile_id', '=', profileId))?.server_public_key;
  return pem ? publicKeyFrom(pem) : null;
}

/** Every server key this device's valid enrolments received (one, unless the server's key changed between them). */
export function serverKeys(ctx: EngineContext): KeyObject[] {
  const { db } = ctx;
  const pems = new Set(db.all(db.q.selectFrom('sync_tokens').select('server_public_key').where('revoked_at', 'is', null).where('server_public_key', 'is not', null)).map((row) => row.server_public_key ?? ''));
  return [...pems].map((pem) => publicKeyFrom(pem)).filter((key): key is KeyObject => key !== null);
}
