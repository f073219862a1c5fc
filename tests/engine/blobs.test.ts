import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BlobStore, BlobTooLargeError, SOURCE_HASH_WORKER_URL } from '../../electron/engine/blobs/blob-store.ts';
import { tempDir } from '../support/temp.ts';

describe('the content-addressed store', () => {
  it('stores the same bytes once under their SHA-256, from two batches', async () => {
    const store = new BlobStore(tempDir());
    const a = await store.beginBatch();
    const b = await store.beginBatch();
    const first = await a.write(Readable.from([Buffer.from('same bytes')]));
    const second = await b.writeBuffer(Buffer.from('same bytes'));
    expect(second.sha256).toBe(first.sha256);
    expect(first.sha256).toBe(createHash('sha256').update('same bytes').digest('hex'));
    expect(await a.commit()).toEqual([first.sha256]);
    expect(await b.commit()).toEqual([]);
    expect(await store.has(first.sha256)).toBe(true);
  });

  it('copies and hashes a file from disk on a worker thread, with the size limit applied there', async () => {
    const dir = tempDir();
    const store = new BlobStore(dir);
    const batch = await store.beginBatch();
    writeFileSync(join(dir, 'capture.log'), 'GET /beacon 200\n'.repeat(100));
    const blob = await batch.writeFileInWorker(join(dir, 'capture.log'), 10_000, SOURCE_HASH_WORKER_URL);
    expect(blob).toEqual({ sha256: createHash('sha256').update('GET /beacon 200\n'.repeat(100)).digest('hex'), size: 1600 });
    await expect(batch.writeFileInWorker(join(dir, 'capture.log'), 1000, SOURCE_HASH_WORKER_URL)).rejects.toBeInstanceOf(BlobTooLargeError);
    await expect(batch.writeFileInWorker(join(dir, 'missing.log'), 1000, SOURCE_HASH_WORKER_URL)).rejects.toThrow(/ENOENT/);
    expect(await batch.commit()).toEqual([blob.sha256]);
    expect(readFileSync(store.pathOf(blob.sha256), 'utf8')).toHaveLength(1600);
  });

  it('refuses a stream once it passes the limit, keeping nothing', async () => {
    const dir = tempDir();
    const store = new BlobStore(dir);
    const batch = await store.beginBatch();
    await expect(batch.write(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000)).rejects.toThrow('the file is larger than 1000 bytes');
    await batch.discard();
    expect(existsSync(join(dir, 'staging'))).toBe(false);
  });

  it('collects unreferenced files and stale staging folders only once they are old enough', async () => {
    const dir = tempDir();
    const store = new BlobStore(dir);
    const keep = 'a'.repeat(64);
    const orphanOld = 'b'.repeat(64);
    const orphanNew = 'c'.repeat(64);
    for (const sha of [keep, orphanOld, orphanNew]) {
      mkdirSync(join(dir, 'blobs', sha.slice(0, 2)), { recursive: true });
      writeFileSync(store.pathOf(sha), sha);
    }
    mkdirSync(join(dir, 'staging', 'dead-import'), { recursive: true });
    const hourAgo = (Date.now() - 2 * 3600_000) / 1000;
    for (const path of [store.pathOf(keep), store.pathOf(orphanOld), join(dir, 'staging', 'dead-import')]) utimesSync(path, hourAgo, hourAgo);
    const removed = await store.collectGarbage((sha) => sha === keep, 3600_000);
    expect(removed).toBe(1);
    expect([keep, orphanOld, orphanNew].map((sha) => existsSync(store.pathOf(sha)))).toEqual([true, false, true]);
    expect(existsSync(join(dir, 'staging', 'dead-import'))).toBe(false);
  });
});
