// The air-gapped round trip: a lab PC enrolled on the network once, then offline for good. Its
// learner's run goes to the server in a bundle file (imported by the function and by the command
// line, the same effect each time), a mentor reviews it over the network, and the server's reply
// bundle brings the review back to the lab, as a network sync would have.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBundle } from '../../server/bundles/import-bundle.ts';
import { systemClock } from '../../server/teams.ts';
import { ackedSeq } from '../../electron/engine/sync/push-out.ts';
import { learner, staff, TEST_PASSPHRASE } from '../support/engine-fixture.ts';
import { MENTOR_FEEDBACK, REFLECTION_TEXT, RESPONSE_TEXT, solidPng } from '../support/passed-run.ts';
import { submitSoc01 } from '../support/soc-playthrough.ts';
import { bundlePath, bundleWorld, exportBundleOf, footprint, importBundleOn, type BundleWorld } from './bundle-fixture.ts';

const CLI = join(import.meta.dirname, '../../server/cli.ts');
const FULL = { accuracy: 4, method: 2, judgement: 3, communication: 2 };

function cli(world: BundleWorld, ...args: string[]): { status: number | null; out: string; err: string } {
  const run = spawnSync(process.execPath, [CLI, ...args, '--data-dir', world.dataDir], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

async function serverState(world: BundleWorld, deviceId: string) {
  const db = world.server.db;
  return {
    events: (await db.selectFrom('events').select('seq').where('device_id', '=', deviceId).orderBy('seq').execute()).map((row) => row.seq),
    records: (await db.selectFrom('records').select('idempotency_key').orderBy('cursor').execute()).map((row) => row.idempotency_key),
    files: (await db.selectFrom('evidence_files').select('sha256').execute()).map((row) => row.sha256),
    ack: (await db.selectFrom('devices').select('ack_seq').where('device_id', '=', deviceId).executeTakeFirst())?.ack_seq ?? 0,
  };
}

describe('sync bundles across an air gap', () => {
  it('lab → bundle → server (function and command line) → mentor on the network → reply bundle → lab', async () => {
    const world = await bundleWorld();
    const lab = await world.device();
    const ada = await learner(lab, 'Ada Lovelace');
    await lab.call('sync.enrol', { profileId: ada, serverUrl: world.server.url, code: await world.code('Ada L.') });
    // The sync enrolment starts, finished: after it, the lab never reaches the server again.
    await lab.call('sync.now', {});
    const deviceId = lab.engine.ctx.deviceId;
    const enrolled = await serverState(world, deviceId);

    const png = solidPng(16, 16, [10, 20, 30]);
    const runId = await submitSoc01(lab.engine, ada, { evidence: [{ fileName: 'queue.png', bytes: png }], escalation: RESPONSE_TEXT, handover: RESPONSE_TEXT, reflection: REFLECTION_TEXT });
    const { db } = lab.engine.ctx;
    const pendingKeys = db.all(db.q.selectFrom('outbox').select('idempotency_key').orderBy('id')).map((row) => row.idempotency_key);
    const lastSeq = Number(db.first(db.q.selectFrom('events').select((eb) => eb.fn.max('seq').as('top')))?.top);
    const ackBefore = ackedSeq(lab.engine.ctx);
    expect(pendingKeys.length).toBeGreaterThan(3);
    expect(lastSeq).toBeGreaterThan(ackBefore);

    const path = bundlePath(world, 'lab');
    const exported = await exportBundleOf(lab, path);
    expect(exported).toEqual({ path, bytes: expect.any(Number), events: lastSeq - ackBefore, records: pendingKeys.length, files: 1 });
    // Exporting acknowledges nothing: the reply does.
    expect(ackedSeq(lab.engine.ctx)).toBe(ackBefore);
    expect(db.all(db.q.selectFrom('outbox').select('idempotency_key').orderBy('id')).map((row) => row.idempotency_key)).toEqual(pendingKeys);

    const report = await importBundle(world.server.db, world.dataDir, path, systemClock);
    expect(report.batches.every((batch) => batch.applied)).toBe(true);
    const imported = await serverState(world, deviceId);
    expect(imported.events).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    expect(imported.records).toEqual([...enrolled.records, ...pendingKeys]);
    expect(imported.files).toEqual([createHash('sha256').update(png).digest('hex')]);
    expect(imported.ack).toBe(lastSeq);
    const twice = cli(world, 'import', path);
    expect(twice).toMatchObject({ status: 0, err: '' });
    expect(twice.out).toContain('evidence files: 0 new, 1 held already');
    expect(await serverState(world, deviceId)).toEqual(imported);

    // The mentor's PC is on the network: it pulls the run the bundle brought and reviews it.
    const office = await world.device();
    await staff(office, 'admin');
    const mentor = await office.call('sync.enrolMentor', { serverUrl: world.server.url, code: await world.code('Grace Hopper', 'mentor'), passphrase: TEST_PASSPHRASE });
    await office.call('profiles.select', { profileId: mentor.id, passphrase: TEST_PASSPHRASE });
    expect(await office.call('sync.now', {})).toMatchObject({ lastError: null, waiting: [] });
    expect((await office.call('reviews.queue', {})).find((entry) => entry.runId === runId)).toMatchObject({ learnerName: 'Ada Lovelace' });
    const stages = ['triage', 'escalate-incident', 'shift-report'].map((stageId) => ({ stageId, criteria: FULL, comment: '', recipeIds: [] }));
    await office.call('reviews.saveDraft', { runId, overall: MENTOR_FEEDBACK, stages });
    expect((await office.call('reviews.finish', { runId })).run.status).toBe('reviewed');
    expect(await office.call('sync.now', {})).toMatchObject({ lastError: null, pendingRecords: 0 });

    // The same bundle again, now with a reply for the lab: it changes nothing on the server.
    const replyPath = bundlePath(world, 'reply');
    const replied = cli(world, 'import', path, '--reply', replyPath);
    expect(replied).toMatchObject({ status: 0, err: '' });
    expect(replied.out).toContain(`reply for the device written to ${replyPath}`);
    const withReview = await serverState(world, deviceId);
    expect(withReview.events).toEqual(imported.events);

    const applied = await importBundleOn(lab, replyPath);
    expect(applied).toMatchObject({ path: replyPath, direction: 'to-device', acknowledgedEvents: lastSeq - ackBefore, acknowledgedRecords: pendingKeys.length, refused: 0, waiting: 0, files: 0, problems: [] });
    expect(applied.applied).toBeGreaterThan(0);
    const run = await lab.call('runs.get', { profileId: ada, runId });
    expect(run.status).toBe('reviewed');
    expect(run.review).toMatchObject({ feedback: MENTOR_FEEDBACK, passed: true });
    expect((await lab.call('portfolio.list', { profileId: ada })).map((entry) => entry.runId)).toContain(runId);
    expect(ackedSeq(lab.engine.ctx)).toBe(lastSeq);
    // Every row the bundle carried left the outbox; what is left is the run's new state (reviewed),
    // which the lab sends with its next bundle, as it would with its next network sync.
    const left = db.all(db.q.selectFrom('outbox').select(['idempotency_key', 'topic', 'record_id', 'payload_json']));
    expect(left.filter((row) => pendingKeys.includes(row.idempotency_key))).toEqual([]);
    expect(left.map((row) => [row.topic, row.record_id, (JSON.parse(row.payload_json) as { status?: string }).status])).toEqual([['run', runId, 'reviewed']]);

    const settled = footprint(lab);
    const again = await importBundleOn(lab, replyPath);
    expect(again).toMatchObject({ acknowledgedEvents: 0, acknowledgedRecords: 0, applied: 0, refused: 0, problems: [] });
    expect(footprint(lab)).toEqual(settled);
  });
});
