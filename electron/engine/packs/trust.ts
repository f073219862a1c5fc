// The trust list: public keys whose pack signatures an instructor accepts, kept in the database; and
// the keys an admin lets sign new versions of one pack id (pack-policy.ts).
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Db } from '../../../db/connection.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { PackKeyView } from '../../../shared/api/views.ts';
import { keyIdOf, type TrustedSigner } from './signature/pack-signature.ts';

export function trustedSignersOf(db: Db): TrustedSigner[] {
  return db.all(db.q.selectFrom('trusted_signers').select(['name', 'public_key_pem'])).map((row) => ({ name: row.name, publicKeyPem: row.public_key_pem }));
}

function ed25519Key(publicKeyPem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    throw new ApiError('invalid_input', 'That is not a PEM public key.');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ApiError('invalid_input', 'Only ed25519 public keys can sign packs.');
  return key;
}

export function trustSigner(db: Db, name: string, publicKeyPem: string, now = Date.now()): string {
  const key = ed25519Key(publicKeyPem);
  const keyId = keyIdOf(key);
  const pem = key.export({ type: 'spki', format: 'pem' }).toString();
  db.run(db.q.insertInto('trusted_signers').values({ key_id: keyId, name, public_key_pem: pem, added_at: now }).onConflict((oc) => oc.column('key_id').doUpdateSet({ name, public_key_pem: pem })));
  return keyId;
}

const PACK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Lets `publicKeyPem` sign new versions of `packId`, beside the keys it had; the key joins the trust list too. */
export function trustPackKey(db: Db, packId: string, publicKeyPem: string, name: string, now = Date.now()): PackKeyView {
  if (!PACK_ID.test(packId)) throw new ApiError('invalid_input', `"${packId}" is not a pack id (lowercase letters, digits, dashes).`);
  return db.transaction(() => {
    const keyId = trustSigner(db, name, publicKeyPem, now);
    db.run(db.q.insertInto('pack_keys').values({ pack_id: packId, key_id: keyId, name, origin: 'admin', added_at: now }).onConflict((oc) => oc.columns(['pack_id', 'key_id']).doUpdateSet({ name })));
    return { packId, keyId, name, origin: 'admin' as const };
  });
}
