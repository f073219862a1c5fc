// Fetches a held evidence file from the sync server into place: streamed to a temporary file beside
// the destination while its SHA-256 is computed, renamed into place only when the hash matches, so
// the destination is either absent or the whole right file.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { EVIDENCE_FILES_PATH, evidenceSha256Schema } from '../../../shared/sync/protocol.ts';
import { SyncFailure } from './sync-http.ts';
import { failureOf } from './evidence-upload.ts';

export interface DownloadEvidenceOptions {
  serverUrl: string;
  token: string;
  sha256: string;
  /** Where the file lands; its folder is created when missing. */
  dest: string;
  signal?: AbortSignal;
}

export async function downloadEvidence(options: DownloadEvidenceOptions): Promise<{ size: number }> {
  const { sha256, dest } = options;
  if (!evidenceSha256Schema.safeParse(sha256).success) throw new Error(`"${sha256}" is not a SHA-256 (64 lowercase hex digits).`);
  let response: Response;
  try {
    response = await fetch(`${options.serverUrl}${EVIDENCE_FILES_PATH}${sha256}`, { headers: { Authorization: `Bearer ${options.token}` }, signal: options.signal, redirect: 'error' });
  } catch (error) {
    if (options.signal?.aborted) throw new SyncFailure('offline', 'The evidence download was stopped.');
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
    throw new SyncFailure('offline', `The sync server cannot be reached${cause ? ` (${cause})` : ''}.`);
  }
  if (response.status === 404) {
    await response.body?.cancel();
    throw new SyncFailure('refused', 'The sync server has no such evidence file for this profile: it may not have arrived there yet.');
  }
  if (!response.ok || !response.body) throw failureOf(response.status, await response.text());
  await mkdir(dirname(dest), { recursive: true });
  const temp = `${dest}.${randomBytes(6).toString('hex')}.part`;
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as ReadableStream<Uint8Array>), meter, createWriteStream(temp));
    if (hash.digest('hex') !== sha256) throw new SyncFailure('server', 'The evidence file arrived damaged: its SHA-256 differs from its name. It will be fetched again.');
    await rename(temp, dest);
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof SyncFailure) throw error;
    if (options.signal?.aborted) throw new SyncFailure('offline', 'The evidence download was stopped.');
    throw new SyncFailure('offline', `The evidence download was interrupted (${error instanceof Error ? error.message : String(error)}).`);
  }
  return { size };
}
