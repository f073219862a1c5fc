// `outpost-server import`: a device's to-server bundle applies as its pushes would, once however
// often it is imported; a revoked enrolment's batches are refused and reported while the rest apply;
// the reply bundle carries the acknowledgement and every pull page, signed with the server's key.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PULL_LIMIT } from '../../shared/sync/protocol.ts';
import { toDeviceMemberSchema, type ToDeviceMember } from '../../shared/sync/bundle.ts';
import { readBundle, readJsonMember } from '../../server/bundles/bundle-file.ts';
import { publicKeyFrom } from '../../server/bundles/bundle-keys.ts';
import { BUNDLE_WORK_DIR, importBundle } from '../../server/bundles/import-bundle.ts';
import { writeReplyBundle } from '../../server/bundles/reply-bundle.ts';
import { loadServerKey } from '../../server/bundles/server-key.ts';
import { heldPath } from '../../server/evidence-store.ts';
import { revoke } from '../../server/teams.ts';
import { tempDir } from '../support/temp.ts';
import { enrolWithKey, evidenceRecordOf, pushOf, reflectionRecordOf, runRecordOf, writeDeviceBundle, type KeyedDevice } from './bundle-fixture.ts';
import { DATABASES } from './support/databases.ts';
import { events, reviewRecord, testServer, type TestServer } from './sync-server.ts';

const CLI = join(import.meta.dirname, '../../server/cli.ts');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const PNG_SHA = createHash('sha256').update(PNG).digest('hex');

async function counts(t: TestServer): Promise<Record<string, number>> {
  const db = t.server.db;
  const count = async (table: 'events' | 'records' | 'evidence_files' | 'evidence_refs'): Promise<number> => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const devices = await db.selectFrom('devices').select(['device_id', 'ack_seq']).execute();
  return { events: await count('events'), records: await count('records'), evidenceFiles: await count('evidence_files'), evidenceRefs: await count('evidence_refs'), ackSeq: devices.reduce((sum, row) => sum + row.ack_seq, 0) };
}

/** A learner's device with five events, a run, its evidence (the file too) and its reflection. */
async function learnerBundle(t: TestServer, ada: KeyedDevice): Promise<{ file: string; keys: string[] }> {
  const dir = tempDir('outpost-bundle-');
  const png = join(dir, 'queue.png');
  writeFileSync(png, PNG);
  const records = [runRecordOf('run-1', ada.profileId), evidenceRecordOf('run-1', PNG_SHA, PNG.length), reflectionRecordOf('run-1')];
  const file = await writeDeviceBundle(join(dir, 'ada.outpost-sync'), [ada], [pushOf(ada, [], events(ada.deviceId, ada.profileId, 1, 5)), pushOf(ada, records, { fromSeq: 6, toSeq: 5, items: [] })], [{ sha256: PNG_SHA, size: PNG.length, path: png }]);
  return { file, keys: records.map((record) => record.idempotencyKey) };
}

describe.each(DATABASES)('importing a device\'s bundle on %s', (kind) => {
  it('applies it as the device\'s pushes, holds its evidence, and changes nothing the second time', async () => {
    const t = await testServer(kind);
    const ada = await enrolWithKey(t, 'blue', 'Ada');
    const { file, keys } = await learnerBundle(t, ada);
    const report = await importBundle(t.server.db, t.dataDir, file, t.clock);
    expect(report).toMatchObject({ deviceId: ada.deviceId, ackSeq: 5, evidence: { held: 1, heldAlready: 0 }, cursors: [{ profileId: ada.profileId, pullCursor: 0 }] });
    expect(report.batches).toEqual([
      { member: 'batches/0001.json', profileId: ada.profileId, applied: true, reason: null, events: 5, records: 0 },
      { member: 'batches/0002.json', profileId: ada.profileId, applied: true, reason: null, events: 0, records: 3 },
    ]);
    expect(report.acceptedRecords).toEqual(keys);
    const after = await counts(t);
    expect(after).toEqual({ events: 5, records: 3, evidenceFiles: 1, evidenceRefs: 1, ackSeq: 5 });
    expect(existsSync(heldPath(t.dataDir, PNG_SHA))).toBe(true);
    // The file is readable as an uploaded one: by its owner's token, through the evidence route.
    const download = await fetch(`${t.server.url}/v1/evidence/files/${PNG_SHA}`, { headers: { Authorization: `Bearer ${ada.token}` } });
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);

    const again = await importBundle(t.server.db, t.dataDir, file, t.clock);
    expect(again.evidence).toEqual({ held: 0, heldAlready: 1 });
    expect(again.batches.every((batch) => batch.applied)).toBe(true);
    expect(again.acceptedRecords).toEqual(keys);
    expect(await counts(t)).toEqual(after);
    // Nothing of either import is left in the work folder.
    expect(readdirSync(join(t.dataDir, BUNDLE_WORK_DIR))).toEqual([]);
  });

  it('refuses the batches of a revoked enrolment and applies the rest; the device\'s events go with another valid token', async () => {
    // Events are the device's, pushed with any valid token (here Bob's are, tagged with Ada's); records only with their profile's own.
    const t = await testServer(kind);
    const ada = await enrolWithKey(t, 'blue', 'Ada');
    const bob = await enrolWithKey(t, 'blue', 'Bob', { deviceId: ada.deviceId, keys: ada.keys });
    await revoke(t.server.db, ada.tokenId, t.clock);
    const file = await writeDeviceBundle(join(tempDir('outpost-bundle-'), 'lab.outpost-sync'), [ada, bob], [
      pushOf(ada, [], events(ada.deviceId, bob.profileId, 1, 3)),
      pushOf(ada, [runRecordOf('run-ada', ada.profileId)], { fromSeq: 4, toSeq: 3, items: [] }),
      pushOf(bob, [runRecordOf('run-bob', bob.profileId)], { fromSeq: 4, toSeq: 3, items: [] }),
    ]);
    const report = await importBundle(t.server.db, t.dataDir, file, t.clock);
    expect(report.batches.map((batch) => [batch.member, batch.applied])).toEqual([
      ['batches/0001.json', true],
      ['batches/0002.json', false],
      ['batches/0003.json', true],
    ]);
    expect(report.batches[1]!.reason).toContain(`The enrolment of profile ${ada.profileId} on this device has been revoked`);
    expect(await counts(t)).toMatchObject({ events: 3, records: 1, ackSeq: 3 });
    expect((await t.server.db.selectFrom('records').select('record_id').execute()).map((row) => row.record_id)).toEqual(['run-bob']);
  });

  it('writes a reply the device can verify: the acknowledgement, the accepted keys and every pull page from its cursor', async () => {
    const t = await testServer(kind);
    const ada = await enrolWithKey(t, 'blue', 'Ada');
    const { file, keys } = await learnerBundle(t, ada);
    const first = await importBundle(t.server.db, t.dataDir, file, t.clock);
    // A mentor reviews by network: more reviews than one pull page holds.
    const grace = await enrolWithKey(t, 'blue', 'Grace', { role: 'mentor' });
    const reviews = Array.from({ length: PULL_LIMIT + 20 }, (_, i) => reviewRecord(`review-${i}`, 'run-1'));
    for (let start = 0; start < reviews.length; start += 300) {
      const pushed = await t.post('/v1/push', { deviceId: grace.deviceId, events: { fromSeq: 1, toSeq: 0, items: [] }, records: reviews.slice(start, start + 300) }, grace.token);
      expect(pushed.status).toBe(200);
    }
    const dest = join(tempDir('outpost-bundle-'), 'reply.outpost-sync');
    const summary = await writeReplyBundle(t.server.db, loadServerKey(t.dataDir), dest, { deviceId: ada.deviceId, cursors: first.cursors, acceptedRecords: first.acceptedRecords, now: t.clock.now() });
    expect(summary).toMatchObject({ records: PULL_LIMIT + 20, profiles: 1 });

    const workDir = join(tempDir('outpost-bundle-'), 'work');
    const reply = await readBundle(dest, { workDir, signer: () => ({ keys: [publicKeyFrom(ada.serverPublicKey)!], who: 'the server key' }) });
    const highest = await t.server.db.selectFrom('records').select((eb) => eb.fn.max('cursor').as('top')).executeTakeFirstOrThrow();
    expect(reply.manifest).toMatchObject({ direction: 'to-device', deviceId: ada.deviceId, team: 'blue', ackSeq: 5, profiles: [{ profileId: ada.profileId, pullCursor: Number(highest.top) }] });
    const members: ToDeviceMember[] = [];
    for (const member of reply.batches) members.push(await readJsonMember(member, toDeviceMemberSchema, 'a reply batch'));
    expect(members.filter((member) => member.type === 'accepted').flatMap((member) => member.keys)).toEqual(keys);
    const pulled = members.flatMap((member) => (member.type === 'pulled' ? member.items : []));
    expect(pulled.map((item) => item.recordId)).toEqual(reviews.map((review) => review.recordId));

    // From the cursor the device held: a device that had pulled everything gets nothing again.
    const later = await writeReplyBundle(t.server.db, loadServerKey(t.dataDir), join(tempDir('outpost-bundle-'), 'later.outpost-sync'), { deviceId: ada.deviceId, cursors: [{ profileId: ada.profileId, pullCursor: Number(highest.top) }], acceptedRecords: [], now: t.clock.now() });
    expect(later.records).toBe(0);
  });

  it('imports through the command line and writes the reply there', async () => {
    const t = await testServer(kind);
    const ada = await enrolWithKey(t, 'blue', 'Ada');
    const { file } = await learnerBundle(t, ada);
    const reply = join(tempDir('outpost-bundle-'), 'reply.outpost-sync');
    const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args, '--data-dir', t.dataDir, ...(t.database ? ['--database', t.database] : [])], { encoding: 'utf8' });
    const run = cli('import', file, '--reply', reply);
    // The bundle's run record is a stand-in, not a transcript: analytics leave it out, and say so.
    expect(run.stderr.trim().split('\n').map((line) => JSON.parse(line) as { message: string; recordId: string })).toEqual([
      expect.objectContaining({ message: 'a record was left out of analytics', recordId: 'run-1' }),
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`bundle of device ${ada.deviceId}: 2 of 2 batch(es) applied (5 event(s), 3 record(s)); evidence files: 1 new, 0 held already; events held up to 5`);
    expect(run.stdout).toContain(`reply for the device written to ${reply}`);
    expect(existsSync(reply)).toBe(true);
    expect(await counts(t)).toEqual({ events: 5, records: 3, evidenceFiles: 1, evidenceRefs: 1, ackSeq: 5 });
    expect(cli('import', file).stdout).toContain('evidence files: 0 new, 1 held already');
    expect(await counts(t)).toEqual({ events: 5, records: 3, evidenceFiles: 1, evidenceRefs: 1, ackSeq: 5 });

    await revoke(t.server.db, 'Ada', t.clock);
    const refused = cli('import', file);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('refused batches/0002.json');
    const damaged = cli('import', reply);
    expect(damaged.status).toBe(1);
    expect(damaged.stderr).toContain('It is the server\'s reply to a device (to-device)');
  });
});
