import { createHash } from 'node:crypto';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/connection.ts';
import { BlobStore } from '../../../electron/engine/blobs/blob-store.ts';
import { importPack } from '../../../electron/engine/packs/import-pack.ts';
import { generateSigningKeys } from '../../../electron/engine/packs/signature/pack-signature.ts';
import { signPackFolder } from '../../../electron/engine/packs/signature/sign-pack.ts';
import { trustSigner } from '../../../electron/engine/packs/trust.ts';
import { editFile, snapshotTree, validPackFiles, writePackFolder, writePackZip, type PackFiles } from '../../support/pack-fixture.ts';
import { tempDir } from '../../support/temp.ts';

const root = tempDir();
let counter = 0;

function library(): { db: Db; dataDir: string } {
  const dataDir = join(root, `data-${counter++}`);
  return { db: openDatabase(join(dataDir, 'outpost.db')), dataDir };
}

function folder(files: PackFiles): string {
  return writePackFolder(join(root, `pack-${counter++}`), files);
}

function tableCounts(db: Db): Record<string, number> {
  const tables = ['packs', 'pack_versions', 'pack_files', 'blobs', 'missions', 'stages', 'recipes', 'rubrics'] as const;
  return Object.fromEntries(tables.map((t) => [t, (db.sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
}

describe('importing a pack', () => {
  it('imports a folder: rows for every part, assets stored by SHA-256', async () => {
    const { db, dataDir } = library();
    const outcome = await importPack(folder(validPackFiles()), { db, dataDir });
    expect(outcome).toMatchObject({ status: 'imported', packId: 'test-pack', version: '0.1.0', signature: { status: 'unsigned' } });
    expect(tableCounts(db)).toMatchObject({ packs: 1, pack_versions: 1, missions: 1, stages: 3, recipes: 1, rubrics: 1, pack_files: 1 });
    const log = db.first(db.q.selectFrom('pack_files').selectAll().where('path', '=', 'missions/DEMO-01/assets/proxy.log'));
    const expected = createHash('sha256').update(String(validPackFiles()['missions/DEMO-01/assets/proxy.log'])).digest('hex');
    expect(log).toMatchObject({ sha256: expected, media_type: 'text/plain' });
    expect(readFileSync(new BlobStore(dataDir).pathOf(expected), 'utf8')).toContain('203.0.113.7/beacon');
    const rubric = db.first(db.q.selectFrom('rubrics').select(['rubric_id', 'max_points']));
    expect(rubric).toEqual({ rubric_id: 'standard', max_points: 6 });
    const mission = db.first(db.q.selectFrom('missions').select(['code', 'story_md', 'definition_json']));
    expect(mission?.story_md).toContain('Find the noisy host');
    expect(JSON.parse(mission?.definition_json ?? '{}').stages[0].hints[1]).toEqual({ text: 'Look for requests at a fixed interval.', penalty: 10, after_minutes: 5 });
    db.close();
  });

  it('imports the same pack as a zip identically', async () => {
    const { db, dataDir } = library();
    const outcome = await importPack(writePackZip(join(root, 'p.zip'), validPackFiles()), { db, dataDir });
    expect(outcome.status).toBe('imported');
    expect(tableCounts(db)).toMatchObject({ missions: 1, stages: 3, pack_files: 1 });
    db.close();
  });

  it('treats re-importing the same version as a no-op', async () => {
    const { db, dataDir } = library();
    const path = folder(validPackFiles());
    const first = await importPack(path, { db, dataDir });
    const before = { rows: tableCounts(db), files: snapshotTree(join(dataDir, 'blobs')) };
    const again = await importPack(path, { db, dataDir });
    expect(again).toMatchObject({ status: 'unchanged', packVersionId: first.status === 'imported' ? first.packVersionId : -1 });
    expect({ rows: tableCounts(db), files: snapshotTree(join(dataDir, 'blobs')) }).toEqual(before);
    db.close();
  });

  it('refuses the same version with different content', async () => {
    const { db, dataDir } = library();
    await importPack(folder(validPackFiles()), { db, dataDir });
    const changed = editFile(validPackFiles(), 'missions/DEMO-01/story.md', (t) => `${t}\nA changed line.\n`);
    const outcome = await importPack(folder(changed), { db, dataDir });
    expect(outcome).toEqual({ status: 'failed', issues: [expect.objectContaining({ file: 'pack.yaml', path: 'version', message: expect.stringMatching(/installed already with different content/) })] });
    db.close();
  });

  it('adds a new version beside the old one, and a run stays pinned to the version it started on', async () => {
    const { db, dataDir } = library();
    await importPack(folder(validPackFiles('test-pack', '0.1.0')), { db, dataDir });
    const old = db.first(db.q.selectFrom('missions').select('id'));
    const now = Date.now();
    db.run(db.q.insertInto('profiles').values({ id: 'p1', display_name: 'Ada', role: 'learner', team_id: null, created_at: now, archived_at: null }));
    db.run(db.q.insertInto('runs').values({ id: 'r1', profile_id: 'p1', mission_id: old!.id, status: 'in_progress', started_at: now, deadline_at: null, elapsed_ms: 0, clock_checked_at: now, current_stage_id: 'find-host', flags_json: '{}', submitted_at: null, reviewed_at: null, auto_score: null, final_score: null, passed: null, updated_at: now }));
    const v2 = editFile(validPackFiles('test-pack', '0.2.0'), 'missions/DEMO-01/mission.yaml', (t) => t.replace('title: Find the noisy host', 'title: Find the noisy host (v2)'));
    expect((await importPack(folder(v2), { db, dataDir })).status).toBe('imported');
    const versions = db.all(db.q.selectFrom('missions').innerJoin('pack_versions', 'pack_versions.id', 'missions.pack_version_id').select(['missions.title', 'pack_versions.version']).orderBy('missions.id'));
    expect(versions).toEqual([{ title: 'Find the noisy host', version: '0.1.0' }, { title: 'Find the noisy host (v2)', version: '0.2.0' }]);
    const run = db.first(db.q.selectFrom('runs').innerJoin('missions', 'missions.id', 'runs.mission_id').select('missions.title').where('runs.id', '=', 'r1'));
    expect(run?.title).toBe('Find the noisy host');
    // Each version's stages belong to that version's mission.
    const stagesPerMission = db.sqlite.prepare('SELECT m.id, count(s.stage_id) AS n FROM missions m JOIN stages s ON s.mission_id = m.id GROUP BY m.id ORDER BY m.id').all();
    expect(stagesPerMission).toEqual([{ id: old!.id, n: 3 }, { id: expect.any(Number), n: 3 }]);
    db.close();
  });

  it('never holds the database\'s write lock while it reads the pack', async () => {
    const { db, dataDir } = library();
    // Another connection that gives up at once if the lock is taken, as a waiting act would stall.
    const other = openDatabase(join(dataDir, 'outpost.db'), { busyTimeoutMs: 0 });
    let writes = 0;
    const outcome = await importPack(folder(validPackFiles()), {
      db,
      dataDir,
      onProgress: () => {
        other.transaction(() => other.run(other.q.insertInto('settings').values({ key: `during-${writes}`, value: 'x' })));
        writes++;
      },
    });
    expect(outcome.status).toBe('imported');
    expect(writes).toBeGreaterThan(0);
    expect(other.all(other.q.selectFrom('settings').select('key').where('key', 'like', 'during-%'))).toHaveLength(writes);
    expect(tableCounts(db)).toMatchObject({ pack_versions: 1, missions: 1, stages: 3 });
    expect(Object.keys(snapshotTree(dataDir)).filter((path) => path.startsWith('staging'))).toEqual([]);
    other.close();
    db.close();
  });

  it('leaves the database and the data folder exactly as before when a pack fails late', async () => {
    const { db, dataDir } = library();
    await importPack(folder(validPackFiles('other-pack')), { db, dataDir });
    const before = { rows: tableCounts(db), files: snapshotTree(dataDir) };
    const files = { ...validPackFiles(), 'missions/DEMO-01/assets/new-capture.log': 'fresh asset bytes that are not stored yet' };
    const broken = editFile(files, 'missions/DEMO-01/mission.yaml', (t) => t.replace('next: respond', 'next: nowhere'));
    const outcome = await importPack(folder(broken), { db, dataDir });
    expect(outcome.status).toBe('failed');
    const after = { rows: tableCounts(db), files: snapshotTree(dataDir) };
    for (const snapshot of [before.files, after.files]) for (const key of Object.keys(snapshot)) if (key.startsWith('outpost.db')) delete snapshot[key];
    expect(after).toEqual(before);
    db.close();
  });

  it('refuses a folder pack holding a symbolic link', async () => {
    const { db, dataDir } = library();
    const path = folder(validPackFiles());
    symlinkSync('/etc/passwd', join(path, 'missions/DEMO-01/assets/passwd'));
    const outcome = await importPack(path, { db, dataDir });
    expect(outcome).toEqual({ status: 'failed', issues: [expect.objectContaining({ file: 'missions/DEMO-01/assets/passwd', message: 'symbolic links are not allowed in a pack' })] });
    db.close();
  });
});

describe('pack signatures', () => {
  const keys = generateSigningKeys();

  async function signedPack(): Promise<string> {
    const path = folder(validPackFiles());
    await signPackFolder(path, keys.privateKeyPem, 'Jane Doe <jane@example.org>');
    return path;
  }

  it('reports a signed pack as signed by a trusted key when its key is on the trust list', async () => {
    const { db, dataDir } = library();
    trustSigner(db, 'Northwind training team', keys.publicKeyPem);
    const outcome = await importPack(await signedPack(), { db, dataDir, requireTrustedSignature: true });
    expect(outcome).toMatchObject({ status: 'imported', signature: { status: 'signed', signer: 'Northwind training team', trusted: true } });
    expect(db.first(db.q.selectFrom('pack_versions').select(['signature_status', 'signer', 'signer_trusted']))).toEqual({ signature_status: 'signed', signer: 'Northwind training team', signer_trusted: 1 });
    db.close();
  });

  it('reports a signature from an unknown key as signed but untrusted, and refuses it when trust is required', async () => {
    const { db, dataDir } = library();
    const path = await signedPack();
    const strict = await importPack(path, { db, dataDir, requireTrustedSignature: true });
    expect(strict).toEqual({ status: 'failed', issues: [expect.objectContaining({ file: 'signature', message: expect.stringMatching(/signed by an untrusted key/) })] });
    const lax = await importPack(path, { db, dataDir });
    expect(lax).toMatchObject({ status: 'imported', signature: { status: 'signed', signer: 'Jane Doe <jane@example.org>', trusted: false } });
    db.close();
  });

  it('records the signature of a version installed unsigned when its signed copy is imported, and never drops one', async () => {
    const { db, dataDir } = library();
    const path = folder(validPackFiles());
    const stored = () => db.first(db.q.selectFrom('pack_versions').select(['signature_status', 'signer', 'signer_trusted']));
    expect((await importPack(path, { db, dataDir })).status).toBe('imported');
    expect(stored()).toEqual({ signature_status: 'unsigned', signer: null, signer_trusted: 0 });
    await signPackFolder(path, keys.privateKeyPem, 'Jane Doe <jane@example.org>');
    trustSigner(db, 'Northwind training team', keys.publicKeyPem);
    const signedAgain = await importPack(path, { db, dataDir });
    expect(signedAgain).toMatchObject({ status: 'unchanged', signatureRecorded: true, signature: { status: 'signed', signer: 'Northwind training team', trusted: true } });
    expect(stored()).toEqual({ signature_status: 'signed', signer: 'Northwind training team', signer_trusted: 1 });
    // The same signed copy again records nothing new.
    expect(await importPack(path, { db, dataDir })).toMatchObject({ status: 'unchanged', signatureRecorded: false });
    // The same content without its signature file says nothing against the signature checked before,
    // and the report tells what is installed: the signed version.
    const unsignedCopy = folder(validPackFiles());
    expect(await importPack(unsignedCopy, { db, dataDir })).toMatchObject({ status: 'unchanged', signatureRecorded: false, signature: { status: 'signed', signer: 'Northwind training team' } });
    expect(stored()).toEqual({ signature_status: 'signed', signer: 'Northwind training team', signer_trusted: 1 });
    db.close();
  });

  it('refuses a pack changed after signing as tampered', async () => {
    const { db, dataDir } = library();
    const path = await signedPack();
    writeFileSync(join(path, 'missions/DEMO-01/assets/proxy.log'), '2026-03-02T09:00:01Z 10.0.4.99 GET http://203.0.113.7/ 200\n');
    const outcome = await importPack(path, { db, dataDir });
    expect(outcome).toEqual({ status: 'failed', issues: [{ severity: 'error', file: 'signature', path: '', message: 'the files do not match their signature: the pack was changed after signing' }] });
    db.close();
  });

  it('refuses a pack with a file added after signing, and one with a garbled signature', async () => {
    const { db, dataDir } = library();
    const added = await signedPack();
    writeFileSync(join(added, 'missions/DEMO-01/assets/extra.txt'), 'slipped in');
    expect(await importPack(added, { db, dataDir })).toMatchObject({ status: 'failed', issues: [expect.objectContaining({ file: 'signature' })] });
    const garbled = await signedPack();
    writeFileSync(join(garbled, 'signature'), '{"format":"outpost-pack-signature-v1"}');
    expect(await importPack(garbled, { db, dataDir })).toMatchObject({ status: 'failed', issues: [expect.objectContaining({ message: 'the signature file is not a valid Outpost pack signature' })] });
    db.close();
  });
});
