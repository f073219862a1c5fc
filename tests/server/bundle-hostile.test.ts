// Hostile and damaged bundles at the server: each is refused whole with a message that says what is
// wrong, and nothing of it is applied (no event, record, evidence file or acknowledgement moves).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evidenceMemberName, MANIFEST_MEMBER, SIGNATURE_MEMBER } from '../../shared/sync/bundle.ts';
import { BUNDLE_WORK_DIR, importBundle } from '../../server/bundles/import-bundle.ts';
import { writeReplyBundle } from '../../server/bundles/reply-bundle.ts';
import { loadServerKey } from '../../server/bundles/server-key.ts';
import { tempDir } from '../support/temp.ts';
import { deviceKeys, enrolWithKey, evidenceRecordOf, flipped, pushOf, resign, runRecordOf, writeDeviceBundle, writeZip, zipEntries, type KeyedDevice } from './bundle-fixture.ts';
import { DATABASES } from './support/databases.ts';
import { events, testServer, type TestServer } from './sync-server.ts';

const FILE = Buffer.from('evidence: the alert queue at 09:14, sorted by host');
const FILE_SHA = createHash('sha256').update(FILE).digest('hex');

interface Setting {
  t: TestServer;
  ada: KeyedDevice;
  dir: string;
  /** A good bundle of Ada's device: events 1-4, a run and its evidence record, the evidence file. */
  good: string;
  entries: Array<[string, Buffer]>;
  state(): Promise<unknown>;
}

async function setting(kind: (typeof DATABASES)[number]): Promise<Setting> {
  const t = await testServer(kind);
  const ada = await enrolWithKey(t, 'blue', 'Ada');
  const dir = tempDir('outpost-bundle-');
  writeFileSync(join(dir, 'file'), FILE);
  const good = await writeDeviceBundle(join(dir, 'good.outpost-sync'), [ada], [
    pushOf(ada, [], events(ada.deviceId, ada.profileId, 1, 4)),
    pushOf(ada, [runRecordOf('run-1', ada.profileId), evidenceRecordOf('run-1', FILE_SHA, FILE.length)], { fromSeq: 5, toSeq: 4, items: [] }),
  ], [{ sha256: FILE_SHA, size: FILE.length, path: join(dir, 'file') }]);
  const db = t.server.db;
  const state = async (): Promise<unknown> => ({
    events: await t.count('events'),
    records: await t.count('records'),
    files: await db.selectFrom('evidence_files').select('sha256').execute(),
    devices: await db.selectFrom('devices').selectAll().execute(),
    held: readdirSync(t.dataDir).includes('evidence') ? readdirSync(join(t.dataDir, 'evidence')) : [],
  });
  return { t, ada, dir, good, entries: await zipEntries(good), state };
}

/** The import is refused with `message`, and the server is exactly as it was. */
async function refused(s: Setting, file: string, message: string | RegExp): Promise<void> {
  const before = await s.state();
  await expect(importBundle(s.t.server.db, s.t.dataDir, file, s.t.clock)).rejects.toMatchObject({ name: 'BundleRefusal', message: typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message) });
  expect(await s.state()).toEqual(before);
  const work = join(s.t.dataDir, BUNDLE_WORK_DIR);
  expect(existsSync(work) ? readdirSync(work) : []).toEqual([]);
}

const withMember = (entries: Array<[string, Buffer]>, name: string, change: (data: Buffer) => Buffer): Array<[string, Buffer]> => entries.map(([entry, data]) => [entry, entry === name ? change(data) : data]);

describe.each(DATABASES)('hostile bundles at the server on %s', (kind) => {
  it('refuses a changed byte in a batch, in the manifest or in an evidence file, and a bundle cut short', async () => {
    const s = await setting(kind);
    await refused(s, writeZip(join(s.dir, 'batch.zip'), withMember(s.entries, 'batches/0002.json', (data) => flipped(data, 40))), 'batches/0002.json does not match the manifest: its SHA-256 differs');
    // Inside the team's name: still JSON that fits the format, so only the signature tells.
    const manifest = s.entries.find(([name]) => name === MANIFEST_MEMBER)![1];
    const team = manifest.indexOf('"team":"blue"') + '"team":"b'.length;
    await refused(s, writeZip(join(s.dir, 'manifest.zip'), withMember(s.entries, MANIFEST_MEMBER, (data) => flipped(data, team))), `Its signature does not verify with the key device ${s.ada.deviceId} registered at enrolment`);
    await refused(s, writeZip(join(s.dir, 'evidence.zip'), withMember(s.entries, evidenceMemberName(FILE_SHA), (data) => flipped(data, 3))), `${evidenceMemberName(FILE_SHA)} does not match the manifest`);
    // One byte of the raw file, inside the deflated batch: the zip itself is damaged there.
    const raw = readFileSync(s.good);
    const inBatch = raw.indexOf(Buffer.from('batches/0001.json')) + 'batches/0001.json'.length + 20;
    writeFileSync(join(s.dir, 'raw.zip'), flipped(raw, inBatch));
    await refused(s, join(s.dir, 'raw.zip'), /batches\/0001\.json (is damaged|does not match the manifest)/);
    writeFileSync(join(s.dir, 'short.zip'), raw.subarray(0, raw.length - 200));
    await refused(s, join(s.dir, 'short.zip'), 'is not a whole sync bundle: it was cut short or damaged');
    writeFileSync(join(s.dir, 'empty.zip'), Buffer.alloc(0));
    await refused(s, join(s.dir, 'empty.zip'), 'is not a whole sync bundle');
  });

  it('refuses a bundle signed by another key than the device registered', async () => {
    const s = await setting(kind);
    const other = deviceKeys();
    await refused(s, writeZip(join(s.dir, 'other-key.zip'), resign(s.entries, other.privateKey, () => undefined)), 'Its signature does not verify with the key device');
    // Another device's id in the manifest, re-signed by that device: the batches are still Ada's.
    const bob = await enrolWithKey(s.t, 'blue', 'Bob');
    await refused(s, writeZip(join(s.dir, 'other-device.zip'), resign(s.entries, bob.keys.privateKey, (manifest) => (manifest.deviceId = bob.deviceId))), `batches/0001.json carries a batch of another device (${s.ada.deviceId})`);
    // A device that never registered a key.
    await refused(s, writeZip(join(s.dir, 'unknown.zip'), resign(s.entries, other.privateKey, (manifest) => (manifest.deviceId = 'device-never-seen'))), 'No signing key is registered for device device-never-seen');
  });

  it('refuses an extra, a missing, a doubled or an unknown member, and path tricks', async () => {
    const s = await setting(kind);
    const key = s.ada.keys.privateKey;
    const batch = s.entries.find(([name]) => name === 'batches/0001.json')![1];
    await refused(s, writeZip(join(s.dir, 'extra.zip'), [...s.entries, ['batches/0003.json', batch]]), 'batches/0003.json is in the bundle but not in its manifest');
    await refused(s, writeZip(join(s.dir, 'missing.zip'), s.entries.filter(([name]) => name !== 'batches/0002.json')), 'batches/0002.json is listed in the manifest but missing from the bundle');
    await refused(s, writeZip(join(s.dir, 'twice.zip'), [...s.entries, ['batches/0001.json', batch]]), 'batches/0001.json is in the bundle twice');
    const listedTwice = resign(s.entries, key, (manifest) => {
      const members = manifest.members as unknown[];
      members.push(members[0]);
    });
    await refused(s, writeZip(join(s.dir, 'listed-twice.zip'), listedTwice), 'The manifest lists batches/0001.json twice');
    await refused(s, writeZip(join(s.dir, 'unknown.zip'), [...s.entries, ['notes.txt', Buffer.from('hello')]]), 'It holds "notes.txt", which a sync bundle never holds');
    for (const name of ['../../etc/cron.d/evil', 'batches/../../evil.json', '/etc/passwd', 'C:/Windows/evil', 'evidence\\..\\evil']) {
      await refused(s, writeZip(join(s.dir, 'trick.zip'), [...s.entries, [name, Buffer.from('x')]]), `A member is named ${JSON.stringify(name)}`);
    }
    // A member the manifest lists that could not be the member its name says.
    const lies = resign(s.entries, key, (manifest) => {
      const evidence = (manifest.members as Array<{ name: string; sha256: string }>).find((member) => member.name.startsWith('evidence/'))!;
      evidence.sha256 = '0'.repeat(64);
    });
    await refused(s, writeZip(join(s.dir, 'lies.zip'), lies), 'with another SHA-256 than its name');
    const oversized = resign(s.entries, key, (manifest) => ((manifest.members as Array<{ size: number }>)[0]!.size = 5 * 1024 * 1024));
    await refused(s, writeZip(join(s.dir, 'oversized.zip'), oversized), 'over the 4194304 a batch member may be');
    await refused(s, writeZip(join(s.dir, 'no-signature.zip'), s.entries.filter(([name]) => name !== SIGNATURE_MEMBER)), 'It holds no signature');
  });

  it('refuses a well-signed batch that is not a push batch, and a reply bundle meant for a device', async () => {
    const s = await setting(kind);
    const dest = join(s.dir, 'reply.outpost-sync');
    await writeReplyBundle(s.t.server.db, loadServerKey(s.t.dataDir), dest, { deviceId: s.ada.deviceId, cursors: [], acceptedRecords: [], now: 1 });
    await refused(s, dest, 'It is the server\'s reply to a device (to-device)');
    // The device itself signs a batch that says it is Bob's profile, unknown to the manifest.
    const forged = await writeDeviceBundle(join(s.dir, 'forged.outpost-sync'), [s.ada], [{ ...pushOf(s.ada, [runRecordOf('run-2', 'p-bob')]), profileId: 'p-bob' }]);
    await refused(s, forged, 'batches/0001.json is tagged with profile p-bob, which the manifest does not list');
    const notPush = await writeDeviceBundle(join(s.dir, 'not-push.outpost-sync'), [s.ada], [{ type: 'pull' } as never]);
    await refused(s, notPush, 'batches/0001.json is not a push batch');
  });
});

describe('writing a bundle', () => {
  it('fails, and leaves nothing, when an evidence file no longer matches its SHA-256 on this disk', async () => {
    const dir = tempDir('outpost-bundle-');
    const path = join(dir, 'file');
    writeFileSync(path, flipped(FILE, 5));
    const device = { deviceId: 'device-0001', profileId: 'p-ada', keys: deviceKeys() };
    const certificate = { deviceId: device.deviceId, devicePublicKey: device.keys.publicKeyPem, profileId: 'p-ada', team: 'blue', role: 'learner', personName: 'Ada', issuedAt: 1, signature: 'A'.repeat(86) + '==' } as const;
    const write = writeDeviceBundle(join(dir, 'out.outpost-sync'), [{ ...device, token: '', tokenId: '', personName: 'Ada', serverPublicKey: '', certificate }], [], [{ sha256: FILE_SHA, size: FILE.length, path }]);
    await expect(write).rejects.toThrow(`The evidence file ${FILE_SHA} on this disk no longer matches its SHA-256`);
    expect(readdirSync(dir)).toEqual(['file']);
  });
});
