// Seals secrets the app keeps at rest (device tokens). The desktop app seals with Electron's
// safeStorage (the OS keychain or DPAPI); browser mode and the command line, which have no keychain,
// seal with AES-256-GCM under a key file in the data folder that only its owner may read. Either way
// a copy of the database alone does not reveal a token.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretBox {
  /** Names the scheme, so a sealed value says what opens it. */
  readonly scheme: string;
  seal(plain: string): string;
  open(sealed: string): string;
}

export const KEY_FILE = 'secret.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;

function keyOf(dataDir: string): Buffer {
  const file = join(dataDir, KEY_FILE);
  try {
    const key = readFileSync(file);
    if (key.length !== KEY_BYTES) throw new Error(`${file} is damaged: it holds ${key.length} bytes, not ${KEY_BYTES}. Remove it and enrol this device again.`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const key = randomBytes(KEY_BYTES);
    // `wx`: of two processes making the key at once, one fails here instead of both writing.
    writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return key;
  }
}

export function keyFileBox(dataDir: string): SecretBox {
  let key: Buffer | null = null;
  const theKey = (): Buffer => (key ??= keyOf(dataDir));
  return {
    scheme: 'keyfile',
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', theKey(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `keyfile:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed) {
      const raw = Buffer.from(sealed.slice('keyfile:'.length), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', theKey(), raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + 16));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + 16)), decipher.final()]).toString('utf8');
    },
  };
}

/** Opens a sealed value, or explains in plain words why it cannot be (another scheme, another key). */
export function openSealed(box: SecretBox, sealed: string): string {
  if (!sealed.startsWith(`${box.scheme}:`)) throw new Error(`This token was sealed on another system (${sealed.split(':')[0]}): enrol this device again.`);
  try {
    return box.open(sealed);
  } catch {
    throw new Error('This token cannot be opened with this computer\'s key: enrol this device again.');
  }
}
