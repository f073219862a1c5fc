// Worker thread: copies one file from disk into staging and hashes it, away from the main thread.
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { BlobTooLargeError, copyAndHash, type StoredBlob } from './copy-and-hash.ts';

export interface HashJob { path: string; temp: string; maxBytes: number }
export type HashResult = { ok: true; blob: StoredBlob } | { ok: false; tooLarge: boolean; message: string };

const job = workerData as HashJob | null;
if (job && parentPort) {
  const port = parentPort;
  copyAndHash(createReadStream(job.path), job.temp, job.maxBytes).then(
    (blob) => port.postMessage({ ok: true, blob } satisfies HashResult),
    (error: unknown) => port.postMessage({ ok: false, tooLarge: error instanceof BlobTooLargeError, message: (error as Error).message } satisfies HashResult),
  );
}
