// The server's own Ed25519 key: it certifies device keys at enrolment and signs the bundles the server
// writes for devices. Made on first start as server.key in the data folder (PKCS #8 PEM, readable by
// its owner only). Devices keep its public half from enrolment, so every server process on one
// database must use the same key file; a new key makes enrolled devices refuse the server's bundles.
import { randomBytes, type KeyObject } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newKeyPair, privateKeyFrom, publicPemOf } from './bundle-keys.ts';

export const SERVER_KEY_FILE = 'server.key';

export interface ServerKey {
  privateKey: KeyObject;
  /** SPKI PEM: what enrolment hands devices. */
  publicKeyPem: string;
}

function readKeyFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function loadServerKey(dataDir: string): ServerKey {
  const path = join(dataDir, SERVER_KEY_FILE);
  let pem = readKeyFile(path);
  if (pem === null) {
    mkdirSync(dataDir, { recursive: true });
    // Written whole under another name, then linked into place: of processes starting at once, one
    // link wins, and nobody ever reads a half-written key.
    const temp = join(dataDir, `${SERVER_KEY_FILE}.${randomBytes(6).toString('hex')}`);
    writeFileSync(temp, newKeyPair().privateKeyPem, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(temp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(temp, { force: true });
    }
    pem = readKeyFile(path) ?? '';
  }
  const privateKey = privateKeyFrom(pem);
  if (!privateKey) throw new Error(`${path} does not hold an Ed25519 private key: restore the server's key file (devices enrolled with it check its signature), or remove it to make a new one and enrol the devices again.`);
  return { privateKey, publicKeyPem: publicPemOf(privateKey) };
}
