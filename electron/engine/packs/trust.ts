// The trust list: public keys whose pack signatures an instructor accepts, kept in the database.
import { createPublicKey } from 'node:crypto';
import type { Db } from '../../../db/connection.ts';
import { keyIdOf, type TrustedSigner } from './signature/pack-signature.ts';

export function trustedSignersOf(db: Db): TrustedSigner[] {
  return db.all(db.q.selectFrom('trusted_signers').select(['name', 'public_key_pem'])).map((row) => ({ name: row.name, publicKeyPem: row.public_key_pem }));
}

export function trustSigner(db: Db, name: string, publicKeyPem: string, now = Date.now()): string {
  const key = createPublicKey(publicKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('only ed25519 public keys can sign packs');
  const keyId = keyIdOf(key);
  const pem = key.export({ type: 'spki', format: 'pem' }).toString();
  db.run(db.q.insertInto('trusted_signers').values({ key_id: keyId, name, public_key_pem: pem, added_at: now }).onConflict((oc) => oc.column('key_id').doUpdateSet({ name, public_key_pem: pem })));
  return keyId;
}
