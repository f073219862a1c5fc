// An import killed with SIGKILL while it reads a large pack: Outpost's database is left exactly as it
// was (the rows were going to a staging database), and the same import runs to the end afterwards.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/connection.ts';
import { BlobStore } from '../../../electron/engine/blobs/blob-store.ts';
import { importPack } from '../../../electron/engine/packs/import-pack.ts';
import { writeSyntheticPack } from '../../bench/generate-pack.ts';
import { SAMPLE_PACK } from '../../support/engine-fixture.ts';
import { tempDir } from '../../support/temp.ts';

const CHILD = join(import.meta.dirname, 'import-crash-child.ts');

/** Runs the child until it has reported `reports` progress lines, then kills it; resolves with the lines. */
function importAndKill(pack: string, dataDir: string, reports: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, pack, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let pending = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      lines.push(...complete);
      if (lines.length >= reports && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(lines) : reject(new Error(`the import was not killed: ${lines.at(-1)} ${stderr.slice(-1000)}`))));
  });
}

describe('an import killed while it reads the pack', () => {
  it('leaves the database as it was, and the same import succeeds afterwards', async () => {
    const root = tempDir();
    const dataDir = join(root, 'data');
    const { folder } = writeSyntheticPack(join(root, 'pack'), { missions: 300, recipes: 600, assetBytes: 20 * 1024 * 1024 });
    const db = openDatabase(join(dataDir, 'outpost.db'));
    expect((await importPack(SAMPLE_PACK, { db, dataDir })).status).toBe('imported');
    const counts = () => db.sqlite.prepare("SELECT (SELECT count(*) FROM pack_versions) AS versions, (SELECT count(*) FROM missions) AS missions, (SELECT count(*) FROM recipes) AS recipes, (SELECT count(*) FROM pack_files) AS files").get();
    const before = counts();

    const lines = await importAndKill(folder, dataDir, 20);
    expect(lines.some((line) => line.startsWith('finished'))).toBe(false);
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(counts()).toEqual(before);
    expect(db.first(db.q.selectFrom('packs').select('id').where('id', '=', 'bench-pack'))).toBeUndefined();
    // What the killed import staged (files and its rows database) is left for the collector, which
    // removes it once it is older than the grace period.
    const staging = join(dataDir, 'staging');
    expect(readdirSync(staging).length).toBeGreaterThan(0);
    await new BlobStore(dataDir).collectGarbage(() => true, 60_000, Date.now() + 61_000);
    expect(existsSync(staging) ? readdirSync(staging) : []).toEqual([]);

    const again = await importPack(folder, { db, dataDir });
    expect(again).toMatchObject({ status: 'imported', packId: 'bench-pack', counts: { missions: 300 } });
    db.close();
  });
});
