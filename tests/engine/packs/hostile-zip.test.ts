import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/connection.ts';
import { importPack } from '../../../electron/engine/packs/import-pack.ts';
import { DEFAULT_PACK_LIMITS } from '../../../electron/engine/packs/source/limits.ts';
import { validatePack } from '../../../electron/engine/packs/validate-pack.ts';
import { validPackFiles, writePackZip } from '../../support/pack-fixture.ts';
import { tempDir } from '../../support/temp.ts';
import { buildZip, type ZipEntrySpec } from '../../support/zip-builder.ts';

const root = tempDir();
let counter = 0;

function zipWith(extra: ZipEntrySpec[]): string {
  return writePackZip(join(root, `hostile-${counter++}.zip`), validPackFiles(), extra);
}

async function messagesFor(zip: string, limits = DEFAULT_PACK_LIMITS): Promise<string[]> {
  const report = await validatePack(zip, { limits });
  return report.issues.filter((i) => i.severity === 'error').map((i) => `${i.file}: ${i.message}`);
}

describe('hostile zip archives', () => {
  it('accepts the valid pack zipped, also inside one top folder', async () => {
    expect(await messagesFor(zipWith([]))).toEqual([]);
    const nested = join(root, 'nested.zip');
    writeFileSync(nested, buildZip(Object.entries(validPackFiles()).map(([name, data]) => ({ name: `my-pack/${name}`, data }))));
    expect(await messagesFor(nested)).toEqual([]);
  });

  it('finds the pack in a zip made by macOS Finder, with its __MACOSX folder beside it', async () => {
    const finder = join(root, 'finder.zip');
    const files = Object.entries(validPackFiles());
    writeFileSync(finder, buildZip([...files.map(([name, data]) => ({ name: `my-pack/${name}`, data })), { name: '__MACOSX/my-pack/._pack.yaml', data: 'resource fork' }]));
    const report = await validatePack(finder);
    expect(report.issues).toEqual([]);
    expect(report.manifest?.id).toBe('test-pack');
  });

  it('refuses path traversal (zip slip), naming the entry', async () => {
    expect(await messagesFor(zipWith([{ name: 'missions/DEMO-01/assets/../../../../evil.sh', data: 'x' }]))).toEqual([
      'missions/DEMO-01/assets/../../../../evil.sh: unsafe entry name: path traversal (`..`)',
    ]);
  });

  it('refuses a traversal written with backslashes', async () => {
    expect(await messagesFor(zipWith([{ name: '..\\..\\evil.bat', data: 'x' }]))).toEqual(['../../evil.bat: unsafe entry name: path traversal (`..`)']);
  });

  it('refuses absolute paths and drive letters', async () => {
    const messages = await messagesFor(zipWith([{ name: '/etc/cron.d/evil', data: 'x' }, { name: 'C:/Windows/evil.dll', data: 'x' }]));
    expect(messages).toEqual(['/etc/cron.d/evil: unsafe entry name: absolute path', 'C:/Windows/evil.dll: unsafe entry name: absolute path']);
  });

  it('refuses symbolic links', async () => {
    expect(await messagesFor(zipWith([{ name: 'missions/DEMO-01/assets/passwd', data: '/etc/passwd', unixMode: 0o120777 }]))).toEqual([
      'missions/DEMO-01/assets/passwd: symbolic links are not allowed in a pack',
    ]);
  });

  it('refuses duplicate names, also when they differ only in case', async () => {
    const messages = await messagesFor(zipWith([{ name: 'pack.yaml', data: 'id: other' }, { name: 'missions/DEMO-01/STORY.md', data: '# x' }]));
    expect(messages).toEqual(['pack.yaml: duplicate entry name', 'missions/DEMO-01/STORY.md: duplicate entry name (same as "missions/DEMO-01/story.md" ignoring case)']);
  });

  it('refuses an archive with too many entries', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `missions/DEMO-01/assets/f${i}.txt`, data: 'x' }));
    const messages = await messagesFor(zipWith(many), { ...DEFAULT_PACK_LIMITS, maxEntries: 20 });
    expect(messages).toEqual([': the archive has more than 20 entries']);
  });

  it('refuses an entry over the size limit and a total over the limit', async () => {
    const big = { name: 'missions/DEMO-01/assets/big.log', data: Buffer.alloc(300_000, 65) };
    expect(await messagesFor(zipWith([big]), { ...DEFAULT_PACK_LIMITS, maxEntryBytes: 100_000 })).toEqual([
      'missions/DEMO-01/assets/big.log: entry is 300000 bytes uncompressed, over the limit of 100000',
    ]);
    expect(await messagesFor(zipWith([big]), { ...DEFAULT_PACK_LIMITS, maxTotalBytes: 200_000 })).toEqual([
      'missions/DEMO-01/assets/big.log: the files add up to more than 200000 bytes uncompressed',
    ]);
  });

  it('refuses a zip bomb by its compression ratio before inflating it', async () => {
    const bomb = { name: 'missions/DEMO-01/assets/zeros.log', data: Buffer.alloc(50 * 1024 * 1024) };
    const messages = await messagesFor(zipWith([bomb]));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^missions\/DEMO-01\/assets\/zeros\.log: compression ratio \d+:1 exceeds 200:1 \(looks like a zip bomb\)$/);
  });

  it('refuses an entry that inflates past the size it declares', async () => {
    const liar = { name: 'missions/DEMO-01/assets/liar.log', data: Buffer.alloc(200_000, 66), declaredSize: 10 };
    const data = tempDir();
    const db = openDatabase(join(data, 'outpost.db'));
    const outcome = await importPack(zipWith([liar]), { db, dataDir: data });
    expect(outcome).toEqual({ status: 'failed', issues: [expect.objectContaining({ file: 'missions/DEMO-01/assets/liar.log', message: expect.stringMatching(/^damaged file: missions\/DEMO-01\/assets\/liar.log does not inflate to its declared size/) })] });
    expect(existsSync(join(data, 'blobs'))).toBe(false);
    expect(db.first(db.q.selectFrom('pack_versions').select('id'))).toBeUndefined();
    db.close();
  });

  it('refuses an entry whose data fails its CRC-32 check', async () => {
    const damaged = { name: 'missions/DEMO-01/assets/capture.log', data: 'GET /beacon HTTP/1.1', corruptCrc: true };
    const data = tempDir();
    const db = openDatabase(join(data, 'outpost.db'));
    const outcome = await importPack(zipWith([damaged]), { db, dataDir: data });
    expect(outcome).toEqual({ status: 'failed', issues: [expect.objectContaining({ message: 'damaged file: missions/DEMO-01/assets/capture.log fails its CRC-32 check (damaged archive)' })] });
    db.close();
  });

  it('refuses encrypted entries', async () => {
    expect(await messagesFor(zipWith([{ name: 'missions/DEMO-01/assets/secret.txt', data: 'x', encrypted: true, store: true }]))).toEqual([
      'missions/DEMO-01/assets/secret.txt: encrypted entries are not supported',
    ]);
  });

  it('reports a file that is not a zip at all', async () => {
    const junk = join(root, 'junk.zip');
    writeFileSync(junk, 'this is not a zip');
    expect(await messagesFor(junk)).toEqual([expect.stringMatching(/^junk\.zip: not a readable zip archive/)]);
  });

  it('writes nothing to the data folder or the database when a hostile archive is refused', async () => {
    const data = tempDir();
    const db = openDatabase(join(data, 'outpost.db'));
    const outcome = await importPack(zipWith([{ name: '../escape.txt', data: 'x' }]), { db, dataDir: data });
    expect(outcome.status).toBe('failed');
    expect(readdirSync(data).filter((name) => !name.startsWith('outpost.db'))).toEqual([]);
    expect(existsSync(join(root, '..', 'escape.txt'))).toBe(false);
    db.close();
  });
});
