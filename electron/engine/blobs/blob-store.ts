// Content-addressed file store (SHA-256) for pack assets and evidence. New files are written to a
// staging folder on the same disk while being hashed, and only renamed into place on commit, so a
// failed import or upload leaves the store exactly as it was.
import { createHash, randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { access, mkdir, readdir, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { BlobTooLargeError, copyAndHash, type CopyProgress, type StoredBlob } from './copy-and-hash.ts';
import type { HashJob, HashMessage, HashResult } from './hash-worker.ts';

export { BlobTooLargeError, type StoredBlob };

/** The copy worker beside this file, as Node runs it from the source tree (browser mode, tests). */
export const SOURCE_HASH_WORKER_URL = new URL('./hash-worker.ts', import.meta.url);

export class BlobStore {
  readonly root: string;
  private readonly stagingRoot: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'blobs');
    this.stagingRoot = join(dataDir, 'staging');
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256 digest: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }

  /**
   * A fresh path in the staging folder for a work file that is not a blob (an import's staging
   * database); the collector removes it after the grace period if its owner could not.
   */
  stagingFile(suffix: string): string {
    return join(this.stagingRoot, `${randomUUID()}-${suffix}`);
  }

  async beginBatch(): Promise<BlobBatch> {
    const dir = join(this.stagingRoot, randomUUID());
    await mkdir(dir, { recursive: true });
    return new BlobBatch(this, dir);
  }

  async remove(sha256s: readonly string[]): Promise<void> {
    for (const sha256 of sha256s) await rm(this.pathOf(sha256), { force: true });
  }

  /**
   * Deletes stored files that no record refers to, and staging folders, once they are older than
   * `graceMs`. A failed act does not delete what it stored (another act may be storing the same
   * bytes at that moment); files left by failures or by a process killed between storing and
   * committing are collected here instead.
   */
  async collectGarbage(isReferenced: (sha256: string) => boolean, graceMs: number, now = Date.now()): Promise<number> {
    let removed = 0;
    const old = async (path: string): Promise<boolean> => now - (await stat(path)).mtimeMs > graceMs;
    for (const prefix of await readdir(this.root).catch(() => [] as string[])) {
      for (const name of await readdir(join(this.root, prefix)).catch(() => [] as string[])) {
        const path = join(this.root, prefix, name);
        if (!isReferenced(name) && (await old(path).catch(() => false))) {
          await rm(path, { force: true });
          removed++;
        }
      }
    }
    for (const name of await readdir(this.stagingRoot).catch(() => [] as string[])) {
      const path = join(this.stagingRoot, name);
      if (await old(path).catch(() => false)) await rm(path, { recursive: true, force: true });
    }
    return removed;
  }
}

export class BlobBatch {
  private readonly staged = new Map<string, string>();
  private counter = 0;
  private readonly store: BlobStore;
  private readonly dir: string;

  constructor(store: BlobStore, dir: string) {
    this.store = store;
    this.dir = dir;
  }

  /** Streams a file into staging while hashing it; `maxBytes` is enforced while reading. */
  async write(input: Readable, maxBytes = Number.POSITIVE_INFINITY, onProgress?: CopyProgress): Promise<StoredBlob> {
    const temp = this.nextTemp();
    return this.stage(temp, await copyAndHash(input, temp, maxBytes, onProgress));
  }

  /**
   * Copies a file from disk into staging on a worker thread, so hashing a large file never holds up
   * the thread that answers the screens.
   */
  async writeFileInWorker(path: string, maxBytes: number, workerUrl: URL, onProgress?: CopyProgress): Promise<StoredBlob> {
    const temp = this.nextTemp();
    const job: HashJob = { path, temp, maxBytes };
    const result = await new Promise<HashResult>((resolve, reject) => {
      const worker = new Worker(workerUrl, { workerData: job });
      worker.on('message', (message: HashMessage) => {
        if (message.type === 'progress') onProgress?.(message.done);
        else resolve(message.result);
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the copy stopped unexpectedly (exit code ${code})`)));
    });
    if (!result.ok) {
      await unlink(temp).catch(() => undefined);
      throw result.tooLarge ? new BlobTooLargeError(maxBytes) : new Error(result.message);
    }
    return this.stage(temp, result.blob);
  }

  private nextTemp(): string {
    return join(this.dir, String(this.counter++));
  }

  private async stage(temp: string, blob: StoredBlob): Promise<StoredBlob> {
    if (this.staged.has(blob.sha256)) await unlink(temp);
    else this.staged.set(blob.sha256, temp);
    return blob;
  }

  /** Stages a small file already in memory, skipping the write when the same content is staged. */
  async writeBuffer(data: Buffer): Promise<StoredBlob> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    if (!this.staged.has(sha256)) {
      const temp = this.nextTemp();
      // Claimed before the write so that a concurrent call with the same content does not write it too.
      this.staged.set(sha256, temp);
      try {
        await writeFile(temp, data);
      } catch (error) {
        this.staged.delete(sha256);
        throw error;
      }
    }
    return { sha256, size: data.length };
  }

  /** Moves staged files into the store; returns the digests that were new, for `undo`. */
  async commit(): Promise<string[]> {
    const added: string[] = [];
    try {
      for (const [sha256, temp] of this.staged) {
        const target = this.store.pathOf(sha256);
        if (await exists(target)) continue;
        await mkdir(join(target, '..'), { recursive: true });
        await rename(temp, target);
        added.push(sha256);
      }
    } catch (error) {
      await this.undo(added);
      throw error;
    } finally {
      await this.discard();
    }
    return added;
  }

  /**
   * `commit` without yielding, for the database transaction that records the files to call once its
   * checks have passed: no other act can run in between, so an act those checks refuse never puts a
   * file into the store. Taking a file back out afterwards would be unsafe, as another act may have
   * found the same bytes there and recorded them. Renames within one disk are quick enough to make
   * while holding the write lock.
   */
  commitSync(): string[] {
    const added: string[] = [];
    try {
      for (const [sha256, temp] of this.staged) {
        const target = this.store.pathOf(sha256);
        if (existsSync(target)) continue;
        mkdirSync(dirname(target), { recursive: true });
        renameSync(temp, target);
        added.push(sha256);
      }
    } catch (error) {
      // As `commit` does: the transaction fails with this error and records none of them.
      for (const sha256 of added) rmSync(this.store.pathOf(sha256), { force: true });
      throw error;
    }
    this.staged.clear();
    return added;
  }

  /** Takes back blobs that `commit` added, when the database transaction that needed them failed. */
  async undo(added: readonly string[]): Promise<void> {
    await this.store.remove(added);
  }

  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    this.staged.clear();
    // Leave no trace of the staging folder itself when no other batch is using it.
    await rmdir(join(this.dir, '..')).catch(() => undefined);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
