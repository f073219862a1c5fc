import { randomInt } from 'node:crypto';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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

/** Imports into a fresh data folder, proves that nothing was installed or written, and gives the errors. */
async function refusedImport(zip: string, limits = DEFAULT_PACK_LIMITS): Promise<string[]> {
  const data = tempDir();
  const db = openDatabase(join(data, 'outpost.db'));
  try {
    const outcome = await importPack(zip, { db, dataDir: data, limits });
    expect(outcome.status).toBe('failed');
    expect(readdirSync(data).filter((name) => !name.startsWith('outpost.db'))).toEqual([]);
    expect(db.first(db.q.selectFrom('pack_versions').select('id'))).toBeUndefined();
    return outcome.status === 'failed' ? outcome.issues.map((i) => `${i.file}: ${i.message}`) : [];
  } finally {
    db.close();
  }
}

const ASSETS = 'missions/DEMO-01/assets';

/** The reported shape: 1,000 central entries of 1 MiB each, all pointing at one local record. */
function overlappingBomb(): string {
  const record: ZipEntrySpec = { name: `${ASSETS}/b000.bin`, data: Buffer.alloc(1024 * 1024) };
  const sharers = Array.from({ length: 999 }, (_, i): ZipEntrySpec => ({ name: `${ASSETS}/b${String(i + 1).padStart(3, '0')}.bin`, sharesRecordOf: record.name }));
  return zipWith([record, ...sharers]);
}

/** Failed logins from a few addresses, a second apart: they compress about 12:1, like real logs. */
function sshLog(lines: number): string {
  return Array.from({ length: lines }, (_, i) => {
    const time = new Date(Date.UTC(2024, 4, 1) + i * 1000).toISOString();
    return `${time} vpn-gw sshd[${4000 + (i >> 4)}]: Failed password for invalid user admin from 203.0.113.${randomInt(8)} port ${randomInt(1024, 65536)} ssh2\n`;
  }).join('');
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

  it('refuses a zip whose central entries overlap one local record (overlapping-entry bomb)', async () => {
    // The archive-size rule below also stops this zip; without it the overlap alone must.
    const messages = await refusedImport(overlappingBomb(), { ...DEFAULT_PACK_LIMITS, maxArchiveRatio: Number.POSITIVE_INFINITY });
    const overlap = (n: number): string => `${ASSETS}/b${String(n).padStart(3, '0')}.bin: its data overlaps that of "${ASSETS}/b000.bin" (entries sharing compressed data are a zip bomb trick)`;
    expect(messages).toHaveLength(999);
    expect(messages[0]).toBe(overlap(1));
    expect(messages[998]).toBe(overlap(999));
  });

  it('refuses the overlapping-entry bomb by its total size before inflating any of it', async () => {
    const zip = overlappingBomb();
    const messages = await refusedImport(zip);
    expect(messages).toEqual([
      expect.stringMatching(new RegExp(`^${ASSETS}/b\\d{3}\\.bin: the files add up to more than 200 times the archive's own ${statSync(zip).size} bytes uncompressed \\(looks like a zip bomb\\)$`)),
    ]);
  });

  it('refuses a zip whose total inflated size exceeds 200× its own size, though each entry is small enough to skip the ratio rule', async () => {
    const small = Array.from({ length: 30 }, (_, i): ZipEntrySpec => ({ name: `${ASSETS}/z${i}.log`, data: Buffer.alloc(512 * 1024, 'A') }));
    const zip = zipWith(small);
    const messages = await refusedImport(zip);
    expect(messages).toEqual([
      expect.stringMatching(new RegExp(`^${ASSETS}/z\\d+\\.log: the files add up to more than 200 times the archive's own ${statSync(zip).size} bytes uncompressed \\(looks like a zip bomb\\)$`)),
    ]);
  });

  it('still imports a pack whose logs compress as well as real ones', async () => {
    const data = tempDir();
    const db = openDatabase(join(data, 'outpost.db'));
    const outcome = await importPack(zipWith([{ name: `${ASSETS}/auth.log`, data: sshLog(40_000) }]), { db, dataDir: data });
    expect(outcome).toMatchObject({ status: 'imported', counts: { assets: 2 } });
    db.close();
  });

  it('refuses an entry whose local header names another file', async () => {
    const messages = await refusedImport(
      zipWith([
        { name: `${ASSETS}/notes.txt`, data: 'x', localHeader: { name: `${ASSETS}/../../../evil.sh` } },
        { name: `${ASSETS}/a.txt`, data: 'x', localHeader: { name: `${ASSETS}/b.txt` } },
      ]),
    );
    expect(messages).toEqual([
      `${ASSETS}/notes.txt: local header disagrees with the central directory: it names "${ASSETS}/../../../evil.sh"`,
      `${ASSETS}/a.txt: local header disagrees with the central directory: it names "${ASSETS}/b.txt"`,
    ]);
  });

  it('refuses an entry whose local header gives other sizes, also beside a data descriptor', async () => {
    const data = 'GET /beacon';
    const messages = await refusedImport(
      zipWith([
        { name: `${ASSETS}/packed.log`, data, store: true, localHeader: { compressedSize: 5 } },
        { name: `${ASSETS}/unpacked.log`, data, store: true, localHeader: { size: 99 } },
        { name: `${ASSETS}/streamed.log`, data, store: true, dataDescriptor: true, localHeader: { size: 7 } },
      ]),
    );
    expect(messages).toEqual([
      `${ASSETS}/packed.log: local header disagrees with the central directory: compressed size 5, not 11`,
      `${ASSETS}/unpacked.log: local header disagrees with the central directory: uncompressed size 99, not 11`,
      `${ASSETS}/streamed.log: local header disagrees with the central directory: uncompressed size 7, not 11`,
    ]);
  });

  it('refuses an entry whose local header gives another compression method', async () => {
    expect(await refusedImport(zipWith([{ name: `${ASSETS}/raw.bin`, data: 'x', store: true, localHeader: { method: 8 } }]))).toEqual([
      `${ASSETS}/raw.bin: local header disagrees with the central directory: compression method 8, not 0`,
    ]);
  });

  it('imports a zip written with data descriptors, as macOS Finder and streaming zippers write it', async () => {
    const finder = join(root, 'streamed.zip');
    const files = Object.entries(validPackFiles()).map(([name, data]): ZipEntrySpec => ({ name: `my-pack/${name}`, data, dataDescriptor: true }));
    writeFileSync(finder, buildZip([...files, { name: '__MACOSX/my-pack/._pack.yaml', data: 'resource fork', dataDescriptor: true }]));
    const data = tempDir();
    const db = openDatabase(join(data, 'outpost.db'));
    expect(await importPack(finder, { db, dataDir: data })).toMatchObject({ status: 'imported', packId: 'test-pack', counts: { assets: 1 } });
    db.close();
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
