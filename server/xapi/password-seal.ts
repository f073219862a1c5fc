// LRS passwords are stored sealed (AES-256-GCM) with a key that lives in the data folder, not in the
// database: a dump or backup of the database alone does not reveal them. The team id is the
// additional data, so a sealed password copied onto another team's row does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const XAPI_KEY_FILE = 'xapi.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = 'aes-256-gcm:';

export class XapiKeyError extends Error {}

function readKey(path: string): Buffer {
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new XapiKeyError(`${path} does not hold a ${KEY_BYTES}-byte key.`);
  return key;
}

/** The data folder's key; created (readable by its owner only) when `create` and there is none. */
export function xapiKey(dataDir: string, options: { create: boolean }): Buffer {
  const path = join(dataDir, XAPI_KEY_FILE);
  try {
    return readKey(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
    if (!options.create) throw new XapiKeyError(`${path} is missing: copy it from the server that set the LRS password, or set the password again.`);
  }
  try {
    // 'wx': of two processes creating it at once, one writes and the other reads what it wrote.
    writeFileSync(path, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readKey(path);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

export function sealPassword(key: Buffer, teamId: string, password: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(teamId, 'utf8'));
  const sealed = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

export function openPassword(key: Buffer, teamId: string, stored: string): string {
  if (!stored.startsWith(PREFIX)) throw new XapiKeyError('The stored LRS password is not in a form this server reads: set it again.');
  const bytes = Buffer.from(stored.slice(PREFIX.length), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(teamId, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new XapiKeyError('The stored LRS password does not open with this data folder\'s xapi.key (another server\'s key, or a changed one): copy the key that sealed it, or set the password again.');
  }
}
