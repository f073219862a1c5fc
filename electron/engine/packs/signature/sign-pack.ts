// Signs a pack folder in place: hashes every file the reader would see and writes `signature`.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashStream } from '../parse/read-text.ts';
import { DEFAULT_PACK_LIMITS } from '../source/limits.ts';
import { openFolderSource } from '../source/folder-source.ts';
import { keyIdOf, signManifest, SIGNATURE_FILE } from './pack-signature.ts';
import { createPrivateKey, createPublicKey } from 'node:crypto';

export async function signPackFolder(folder: string, privateKeyPem: string, signer: string): Promise<{ keyId: string; files: number }> {
  const source = await openFolderSource(folder, DEFAULT_PACK_LIMITS);
  const hashes = new Map<string, string>();
  for (const file of source.files) {
    if (file.path === SIGNATURE_FILE) continue;
    hashes.set(file.path, (await hashStream(await source.openStream(file.path))).sha256);
  }
  await writeFile(join(folder, SIGNATURE_FILE), signManifest(hashes, privateKeyPem, signer));
  return { keyId: keyIdOf(createPublicKey(createPrivateKey(privateKeyPem))), files: hashes.size };
}
