// A mentor with no network at all: a learner's bundle, carried from the lab, puts the run in the
// mentor's review queue with its reflection, responses and evidence file, checked against the
// server's certificate the mentor's app kept at enrolment. Nothing of it is forwarded from there.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enrolProfile } from '../../electron/engine/sync/enrol.ts';
import { learner, staff, TEST_PASSPHRASE } from '../support/engine-fixture.ts';
import { MENTOR_FEEDBACK, REFLECTION_TEXT, RESPONSE_TEXT, solidPng } from '../support/passed-run.ts';
import { submitSoc01 } from '../support/soc-playthrough.ts';
import { bundlePath, bundleWorld, exportBundleOf, footprint, importBundleOn } from './bundle-fixture.ts';

const FULL = { accuracy: 4, method: 2, judgement: 3, communication: 2 };

describe('a mentor importing a learner\'s bundle', () => {
  it('puts the run in the review queue, with its evidence file, and the second import changes nothing', async () => {
    const world = await bundleWorld();
    const lab = await world.device();
    const ada = await learner(lab, 'Ada Lovelace');
    // Enrolled, but never synced: everything the learner did travels in the bundle only.
    await enrolProfile(lab.engine.ctx, ada, { serverUrl: world.server.url, code: await world.code('Ada L.') });
    const office = await world.device();
    await staff(office, 'admin');
    const mentor = await office.call('sync.enrolMentor', { serverUrl: world.server.url, code: await world.code('Grace Hopper', 'mentor'), passphrase: TEST_PASSPHRASE });
    await office.call('profiles.select', { profileId: mentor.id, passphrase: TEST_PASSPHRASE });
    await office.call('sync.now', {});

    const png = solidPng(16, 16, [200, 20, 30]);
    const sha256 = createHash('sha256').update(png).digest('hex');
    const runId = await submitSoc01(lab.engine, ada, { evidence: [{ fileName: 'queue.png', bytes: png }], escalation: RESPONSE_TEXT, handover: RESPONSE_TEXT, reflection: REFLECTION_TEXT });
    const path = bundlePath(world, 'lab');
    await exportBundleOf(lab, path);

    expect(await office.call('reviews.queue', {})).toEqual([]);
    const imported = await importBundleOn(office, path);
    expect(imported).toMatchObject({ path, direction: 'to-server', acknowledgedEvents: 0, acknowledgedRecords: 0, refused: 0, waiting: 0, files: 1, problems: [] });
    expect(imported.applied).toBeGreaterThanOrEqual(5);
    expect((await office.call('reviews.queue', {})).map((entry) => [entry.runId, entry.learnerName])).toEqual([[runId, 'Ada Lovelace']]);
    const sheet = await office.call('reviews.open', { runId });
    expect(sheet.run.reflection?.text).toBe(REFLECTION_TEXT);
    expect(JSON.stringify(sheet.run)).toContain('queue.png');
    expect(await office.engine.ctx.blobs.has(sha256)).toBe(true);
    // The learner stays a person known through the team, never offered for sign-in here.
    expect((await office.call('profiles.list', {})).map((p) => p.displayName)).not.toContain('Ada Lovelace');

    const settled = footprint(office);
    expect(await importBundleOn(office, path)).toMatchObject({ applied: expect.any(Number), refused: 0, files: 0, problems: [] });
    expect(footprint(office)).toEqual(settled);
    // The mentor's device forwards none of it: nothing of Ada's waits in its outbox, and the server
    // has none of it until the lab's bundle reaches the server.
    const { db } = office.engine.ctx;
    expect(db.all(db.q.selectFrom('outbox').select('topic')).map((row) => row.topic)).not.toContain('run');
    expect(await world.server.db.selectFrom('records').select('record_id').where('record_id', '=', runId).execute()).toEqual([]);

    // Reviewed offline: the review waits in the mentor's outbox for a network or a bundle.
    const stages = ['triage', 'escalate-incident', 'shift-report'].map((stageId) => ({ stageId, criteria: FULL, comment: '', recipeIds: [] }));
    await office.call('reviews.saveDraft', { runId, overall: MENTOR_FEEDBACK, stages });
    expect((await office.call('reviews.finish', { runId })).run.status).toBe('reviewed');
    expect(db.all(db.q.selectFrom('outbox').select('topic').where('topic', '=', 'review')).length).toBeGreaterThan(0);
  });
});
