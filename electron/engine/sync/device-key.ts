// This device's Ed25519 key pair, made on first need: enrolment registers its public half with the
// team's server, and it signs the sync bundles this device writes. The private half is sealed like
// the device tokens (secret-box.ts), so a copy of the database alone cannot sign for this device.
import type { KeyObject } from 'node:crypto';
import { newKeyPair, privateKeyFrom, signBytes } from '../../../server/bundles/bundle-keys.ts';
import type { EngineContext } from '../context.ts';
import { readSetting, writeSetting } from '../settings.ts';

const PRIVATE_KEY = 'sync.device_key_sealed';
const PUBLIC_KEY = 'sync.device_key_public';

export interface DeviceKey {
  /** SPKI PEM, as the server registers it. */
  publicKeyPem: string;
  sign(data: Buffer): Buffer;
}

export function deviceKey(ctx: EngineContext): DeviceKey {
  const { db } = ctx;
  let publicKeyPem = readSetting(ctx, PUBLIC_KEY);
  let sealed = readSetting(ctx, PRIVATE_KEY);
  if (publicKeyPem === null || sealed === null) {
    const pair = newKeyPair();
    const made = { publicKeyPem: pair.publicKeyPem, sealed: ctx.secrets.seal(pair.privateKeyPem) };
    db.transaction(() => {
      writeSetting(ctx, PUBLIC_KEY, made.publicKeyPem);
      writeSetting(ctx, PRIVATE_KEY, made.sealed);
    });
    ({ publicKeyPem, sealed } = made);
  }
  const sealedKey = sealed;
  let privateKey: KeyObject | null = null;
  const opened = (): KeyObject => {
    if (privateKey) return privateKey;
    let pem: string;
    try {
      pem = ctx.secrets.open(sealedKey);
    } catch {
      throw new Error('This device\'s signing key cannot be opened with this computer\'s key (the data folder came from another computer?): sync bundles cannot be signed here.');
    }
    privateKey = privateKeyFrom(pem);
    if (!privateKey) throw new Error('This device\'s signing key is damaged: sync bundles cannot be signed here.');
    return privateKey;
  };
  return { publicKeyPem, sign: (data) => signBytes(opened(), data) };
}
