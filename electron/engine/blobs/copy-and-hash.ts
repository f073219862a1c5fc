// Copies a stream to a file while computing its SHA-256, refusing it once it passes a size limit.
// Used on the main thread for uploads and on a worker thread for files read from disk.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredBlob {
  sha256: string;
  size: number;
}

export class BlobTooLargeError extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`the file is larger than ${limit} bytes`);
    this.name = 'BlobTooLargeError';
    this.limit = limit;
  }
}

/** Bytes copied so far; called for every chunk, so a listener that reports should throttle. */
export type CopyProgress = (done: number) => void;

export async function copyAndHash(input: Readable, target: string, maxBytes: number, onProgress?: CopyProgress): Promise<StoredBlob> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxBytes) return callback(new BlobTooLargeError(maxBytes));
      hash.update(chunk);
      onProgress?.(size);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(input, meter, createWriteStream(target));
  } catch (error) {
    await unlink(target).catch(() => undefined);
    throw error;
  }
  return { sha256: hash.digest('hex'), size };
}
