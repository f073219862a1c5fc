// Hostile and damaged bundles on app devices: the lab refuses a reply that was changed, cut short,
// meant for another device or signed by another server; a mentor refuses a learner's bundle from
// another team, signed by another key, with a changed certificate or a record of another profile.
// Each is refused whole, with a message that says why, and the device is exactly as it was.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type ManifestHeader, type PushMember } from '../../shared/sync/bundle.ts';
import { writeBundle } from '../../server/bundles/bundle-file.ts';
import { importBundle } from '../../server/bundles/import-bundle.ts';
import { writeReplyBundle } from '../../server/bundles/reply-bundle.ts';
import { loadServerKey } from '../../server/bundles/server-key.ts';
import { systemClock } from '../../server/teams.ts';
import { certificateOf } from '../../electron/engine/sync/bundle-trust.ts';
import { deviceKey } from '../../electron/engine/sync/device-key.ts';
import { enrolProfile } from '../../electron/engine/sync/enrol.ts';
import { learner, staff, TEST_PASSPHRASE } from '../support/engine-fixture.ts';
import { MENTOR_FEEDBACK, REFLECTION_TEXT, RESPONSE_TEXT, solidPng } from '../support/passed-run.ts';
import { submitSoc01 } from '../support/soc-playthrough.ts';
import { tempDir } from '../support/temp.ts';
import { deviceKeys, flipped, resign, writeZip, zipEntries } from '../server/bundle-fixture.ts';
import { bundlePath, bundleWorld, exportBundleOf, footprint, importBundleOn, type BundleDevice, type BundleWorld } from './bundle-fixture.ts';

let world: BundleWorld;
let lab: BundleDevice;
let office: BundleDevice;
let ada: string;
let runId: string;
/** Ada's bundle from the lab, and the server's reply to the lab with Grace's review in it. */
let labBundle: string;
let reply: string;

beforeAll(async () => {
  world = await bundleWorld();
  lab = await world.device();
  ada = await learner(lab, 'Ada Lovelace');
  await lab.call('sync.enrol', { profileId: ada, serverUrl: world.server.url, code: await world.code('Ada L.') });
  await lab.call('sync.now', {});
  runId = await submitSoc01(lab.engine, ada, { evidence: [{ fileName: 'queue.png', bytes: solidPng(8, 8, [1, 2, 3]) }], escalation: RESPONSE_TEXT, handover: RESPONSE_TEXT, reflection: REFLECTION_TEXT });
  labBundle = bundlePath(world, 'lab');
  await exportBundleOf(lab, labBundle);
  await importBundle(world.server.db, world.dataDir, labBundle, systemClock);

  office = await world.device();
  await staff(office, 'admin');
  const mentor = await office.call('sync.enrolMentor', { serverUrl: world.server.url, code: await world.code('Grace Hopper', 'mentor'), passphrase: TEST_PASSPHRASE });
  await office.call('profiles.select', { profileId: mentor.id, passphrase: TEST_PASSPHRASE });
  await office.call('sync.now', {});
  const stages = ['triage', 'escalate-incident', 'shift-report'].map((stageId) => ({ stageId, criteria: { accuracy: 4, method: 2, judgement: 3, communication: 2 }, comment: '', recipeIds: [] }));
  await office.call('reviews.saveDraft', { runId, overall: MENTOR_FEEDBACK, stages });
  await office.call('reviews.finish', { runId });
  await office.call('sync.now', {});
  const imported = await importBundle(world.server.db, world.dataDir, labBundle, systemClock);
  reply = bundlePath(world, 'reply');
  await writeReplyBundle(world.server.db, loadServerKey(world.dataDir), reply, { deviceId: lab.engine.ctx.deviceId, cursors: imported.cursors, acceptedRecords: imported.acceptedRecords, now: Date.now() });
}, 60_000);

/** The import is refused with `message` and `t` is exactly as it was. */
async function refusedOn(t: BundleDevice, path: string, message: string, code = 'invalid_input'): Promise<void> {
  const before = footprint(t);
  const refusal = await importBundleOn(t, path).then(
    () => null,
    (error: unknown) => error,
  );
  expect(refusal).toBeInstanceOf(ApiError);
  expect(refusal).toMatchObject({ code, message: expect.stringContaining(message) });
  expect(footprint(t)).toEqual(before);
}

const file = (name: string): string => join(world.files, name);

describe('a reply bundle on the lab', () => {
  it('is refused when a byte of it changed, when it was cut short, or when a member sneaks in', async () => {
    const entries = await zipEntries(reply);
    // The mentor's feedback in the pulled review, one letter changed.
    const [pulled, data] = entries.find(([name, bytes]) => name.startsWith('batches/') && bytes.includes(MENTOR_FEEDBACK))!;
    await refusedOn(lab, writeZip(file('changed.zip'), entries.map(([name, bytes]) => [name, name === pulled ? flipped(data, data.indexOf(MENTOR_FEEDBACK)) : bytes])), `${pulled} does not match the manifest`);
    const raw = readFileSync(reply);
    writeFileSync(file('short.zip'), raw.subarray(0, Math.floor(raw.length / 2)));
    await refusedOn(lab, file('short.zip'), 'is not a whole sync bundle: it was cut short or damaged');
    await refusedOn(lab, writeZip(file('trick.zip'), [...entries, ['evidence/../../../blobs/evil', Buffer.from('x')]]), 'a path that climbs out of its folder');
  });

  it('is refused when another server signed it, or when it is meant for another device', async () => {
    const otherServer = loadServerKey(tempDir('outpost-other-server-'));
    await refusedOn(lab, writeZip(file('other-server.zip'), resign(await zipEntries(reply), otherServer.privateKey, () => undefined)), 'Its signature does not verify with the key of the team server this device enrolled with');
    await refusedOn(office, reply, `It is the team server's reply to another device (${lab.engine.ctx.deviceId}), not to this one.`);
  });
});

describe('a learner\'s bundle on a mentor\'s device', () => {
  it('is refused from a device of another team', async () => {
    const red = await world.device();
    const rob = await learner(red, 'Rob Red');
    await enrolProfile(red.engine.ctx, rob, { serverUrl: world.server.url, code: await world.code('Rob', 'learner', 'red') });
    const redBundle = bundlePath(world, 'red');
    await exportBundleOf(red, redBundle);
    await refusedOn(office, redBundle, 'It comes from a device of team red; this mentor is enrolled in team blue.');
  });

  it('is refused when another key signed it, or when a certificate in it was changed', async () => {
    const entries = await zipEntries(labBundle);
    await refusedOn(office, writeZip(file('other-key.zip'), resign(entries, deviceKeys().privateKey, () => undefined)), 'Its signature does not verify with the device key its certificates name');
    const labKey = deviceKey(lab.engine.ctx);
    const renamed = resign(entries, (bytes) => labKey.sign(bytes), (manifest) => {
      const [certificate] = manifest.certificates as Array<Record<string, unknown>>;
      certificate!.team = 'red';
    });
    await refusedOn(office, writeZip(file('changed-certificate.zip'), renamed), `The certificate of profile ${ada} in it was not issued by the team server this mentor enrolled with.`);
  });

  it('is refused whole when the device signs a record of a profile its certificate does not name', async () => {
    const ctx = lab.engine.ctx;
    const certificate = certificateOf(ctx, ada)!;
    const stolen: PushMember = {
      type: 'push',
      profileId: ada,
      batch: { deviceId: ctx.deviceId, events: { fromSeq: 1, toSeq: 0, items: [] }, records: [{ topic: 'run', recordId: 'run-of-bob', idempotencyKey: 'run-of-bob:1', payload: { id: 'run-of-bob', profileId: 'p-bob' } }] },
    };
    const forged = file('forged.outpost-sync');
    const header: ManifestHeader = { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, direction: 'to-server', deviceId: ctx.deviceId, team: 'blue', createdAt: 1, certificates: [certificate], profiles: [{ profileId: ada, pullCursor: 0 }] };
    await writeBundle(forged, { header, batches: [stolen], evidence: [] }, (bytes) => deviceKey(ctx).sign(bytes));
    await refusedOn(office, forged, `batches/0001.json carries a run record of another profile than ${ada}, whose certificate it goes with.`);
  });

  it('is not for a learner to import: it goes to the server, or to a mentor', async () => {
    await refusedOn(lab, labBundle, 'goes to the team server (outpost-server import)', 'forbidden');
  });
});

describe('exporting', () => {
  it('needs a profile enrolled on the network whose key the server certified, and leaves no file otherwise', async () => {
    const alone = await world.device();
    const lone = await learner(alone, 'Lone Learner');
    await expect(exportBundleOf(alone, file('alone.outpost-sync'))).rejects.toMatchObject({ code: 'invalid_state', message: expect.stringContaining('No profile on this device is enrolled with a team server') });
    // Enrolled by an app from before bundles: the server holds no key of this device.
    await enrolProfile(alone.engine.ctx, lone, { serverUrl: world.server.url, code: await world.code('Lone') });
    const { db } = alone.engine.ctx;
    db.run(db.q.updateTable('sync_tokens').set({ certificate_json: null }));
    await expect(exportBundleOf(alone, file('uncertified.outpost-sync'))).rejects.toMatchObject({ code: 'invalid_state', message: expect.stringContaining('has not registered this device\'s signing key') });
    expect(existsSync(file('alone.outpost-sync')) || existsSync(file('uncertified.outpost-sync'))).toBe(false);
    expect(readdirSync(world.files).filter((name) => name.endsWith('.part'))).toEqual([]);
  });
});

describe('the genuine reply, after all that', () => {
  it('applies on the lab: the run is reviewed', async () => {
    const applied = await importBundleOn(lab, reply);
    expect(applied).toMatchObject({ direction: 'to-device', refused: 0, problems: [] });
    expect((await lab.call('runs.get', { profileId: ada, runId })).status).toBe('reviewed');
  });
});
