// tus's FileStore, hashing an upload's bytes as they are written, so a finished file of a gigabyte
// need not be read again before it is held. The running hash covers only what this process wrote,
// in order, from byte 0: a chunk another process took, or a write that ended unlike it began,
// drops it, and the finished file is hashed from disk instead.
import { createHash, type Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pipeline, Transform, type Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';

interface RunningHash {
  hash: Hash;
  /** Bytes 0..offset are in the hash. */
  offset: number;
  touched: number;
}

export class HashingFileStore extends FileStore {
  private readonly running = new Map<string, RunningHash>();

  override async write(readable: IncomingMessage | Readable, id: string, offset: number): Promise<number> {
    if (offset === 0) this.running.set(id, { hash: createHash('sha256'), offset: 0, touched: Date.now() });
    const state = this.running.get(id);
    if (!state || state.offset !== offset) {
      this.running.delete(id);
      return super.write(readable, id, offset);
    }
    let hashed = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hashed += chunk.length;
        state.hash.update(chunk);
        callback(null, chunk);
      },
    });
    // The callback form wires errors and early ends both ways; the write below reports them.
    const tapped = pipeline(readable, tap, () => undefined);
    let written: number;
    try {
      written = await super.write(tapped, id, offset);
    } catch (error) {
      this.running.delete(id);
      throw error;
    }
    if (written === offset + hashed) {
      state.offset = written;
      state.touched = Date.now();
    } else {
      this.running.delete(id);
    }
    return written;
  }

  /** The SHA-256 of the upload's first `size` bytes when this process saw them all; null otherwise. */
  takeDigest(id: string, size: number): string | null {
    const state = this.running.get(id);
    this.running.delete(id);
    return state && state.offset === size ? state.hash.digest('hex') : null;
  }

  /** Drops running hashes of uploads untouched since `before` (abandoned ones). */
  forgetIdle(before: number): void {
    for (const [id, state] of this.running) if (state.touched < before) this.running.delete(id);
  }
}
