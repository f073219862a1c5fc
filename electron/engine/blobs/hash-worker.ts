// Worker thread: copies one file from disk into staging and hashes it, away from the main thread,
// reporting the bytes done as it goes.
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { BlobTooLargeError, copyAndHash, type StoredBlob } from './copy-and-hash.ts';
import { throttled } from './throttle.ts';

export interface HashJob { path: string; temp: string; maxBytes: number }
export type HashResult = { ok: true; blob: StoredBlob } | { ok: false; tooLarge: boolean; message: string };
export type HashMessage = { type: 'progress'; done: number } | { type: 'result'; result: HashResult };

const job = workerData as HashJob | null;
if (job && parentPort) {
  const port = parentPort;
  const send = (message: HashMessage): void => port.postMessage(message);
  const progress = throttled((done) => send({ type: 'progress', done }));
  copyAndHash(createReadStream(job.path), job.temp, job.maxBytes, progress).then(
    (blob) => send({ type: 'result', result: { ok: true, blob } }),
    (error: unknown) => send({ type: 'result', result: { ok: false, tooLarge: error instanceof BlobTooLargeError, message: (error as Error).message } }),
  );
}
