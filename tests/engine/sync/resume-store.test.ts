import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PreviousUpload } from 'tus-js-client';
import { describe, expect, it } from 'vitest';
import { RESUME_ENTRY_MAX_AGE_MS, ResumeStore, resumeKey } from '../../../electron/engine/sync/resume-store.ts';
import { tempDir } from '../../support/temp.ts';

const SHA = 'ab'.repeat(32);

function saved(uploadUrl: string, size = 100): PreviousUpload {
  return { size, metadata: {}, creationTime: '', urlStorageKey: '', uploadUrl, parallelUploadUrls: null };
}

describe('resume store', () => {
  it('keeps one entry per file and server, in a file written whole', async () => {
    const dir = tempDir();
    const path = join(dir, 'state', 'resume.json');
    const store = new ResumeStore(path, () => 1_000);
    const here = resumeKey(SHA, 'http://a:8787');
    const there = resumeKey(SHA, 'http://b:8787');
    expect(await store.addUpload(here, saved('http://a:8787/v1/evidence/uploads/1'))).toBe(here);
    await store.addUpload(there, saved('http://b:8787/v1/evidence/uploads/2'));
    await store.addUpload(here, saved('http://a:8787/v1/evidence/uploads/3'));
    const found = await new ResumeStore(path, () => 2_000).findUploadsByFingerprint(here);
    expect(found).toEqual([expect.objectContaining({ uploadUrl: 'http://a:8787/v1/evidence/uploads/3', urlStorageKey: here, size: 100 })]);
    expect((await store.findAllUploads()).map((entry) => entry.uploadUrl).sort()).toEqual(['http://a:8787/v1/evidence/uploads/3', 'http://b:8787/v1/evidence/uploads/2']);
    await store.removeUpload(here);
    expect(await store.findUploadsByFingerprint(here)).toEqual([]);
    expect(readdirSync(join(dir, 'state'))).toEqual(['resume.json']);
    expect(Object.keys((JSON.parse(readFileSync(path, 'utf8')) as { uploads: object }).uploads)).toEqual([there]);
  });

  it('drops entries older than a day, as the server has deleted their uploads', async () => {
    const path = join(tempDir(), 'resume.json');
    let now = 5_000;
    const store = new ResumeStore(path, () => now);
    await store.addUpload('old', saved('http://a/v1/evidence/uploads/1'));
    now += RESUME_ENTRY_MAX_AGE_MS;
    expect(await store.findUploadsByFingerprint('old')).toHaveLength(1);
    now += 1;
    expect(await store.findUploadsByFingerprint('old')).toEqual([]);
    await store.addUpload('new', saved('http://a/v1/evidence/uploads/2'));
    expect(Object.keys((JSON.parse(readFileSync(path, 'utf8')) as { uploads: object }).uploads)).toEqual(['new']);
  });

  it('counts a file that does not parse as empty, and replaces it at the next change', async () => {
    const path = join(tempDir(), 'resume.json');
    for (const damaged of ['{"version":1,"uploads":{"k":{"uploadUrl":5}}}', '{"version":1,"upl', '']) {
      writeFileSync(path, damaged);
      const store = new ResumeStore(path);
      expect(await store.findAllUploads()).toEqual([]);
      await store.addUpload('k', saved('http://a/v1/evidence/uploads/1'));
      expect(await store.findUploadsByFingerprint('k')).toHaveLength(1);
    }
  });

  it('loses no entry when several uploads change the file at once', async () => {
    const path = join(tempDir(), 'resume.json');
    const stores = [new ResumeStore(path), new ResumeStore(path)];
    await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2]!.addUpload(`k${i}`, saved(`http://a/v1/evidence/uploads/${i}`))));
    await Promise.all([stores[0]!.removeUpload('k3'), stores[1]!.removeUpload('k4')]);
    expect((await stores[0]!.findAllUploads()).map((entry) => entry.urlStorageKey).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `k${i}`).filter((key) => key !== 'k3' && key !== 'k4').sort());
  });
});
