// A whole round trip through a real server: a learner's run goes up, a mentor on another device
// pulls it, scores it offline and pushes the review, and the learner's device takes the result.
import { describe, expect, it } from 'vitest';
import { learner, staff, TEST_PASSPHRASE } from '../support/engine-fixture.ts';
import { MENTOR_FEEDBACK, RESPONSE_TEXT, REFLECTION_TEXT, solidPng } from '../support/passed-run.ts';
import { submitSoc01 } from '../support/soc-playthrough.ts';
import { DATABASES } from '../server/support/databases.ts';
import { syncWorld } from './sync-fixture.ts';

const FULL = { accuracy: 4, method: 2, judgement: 3, communication: 2 };

describe.each(DATABASES)('team sync round trip on %s', (database) => {
  it('learner → server → mentor → server → learner', async () => {
    const world = await syncWorld('blue', database);
    const lab = await world.device();
    const ada = await learner(lab, 'Ada Lovelace');
    const enrolled = await lab.call('sync.enrol', { profileId: ada, serverUrl: world.server.url, code: await world.code('Ada L.') });
    expect(enrolled).toEqual({ team: 'blue', name: 'Ada L.' });
    const runId = await submitSoc01(lab.engine, ada, {
      evidence: [{ fileName: 'queue.png', bytes: solidPng(16, 16, [10, 20, 30]) }],
      escalation: RESPONSE_TEXT,
      handover: RESPONSE_TEXT,
      reflection: REFLECTION_TEXT,
    });
    const pushed = await lab.call('sync.now', {});
    expect(pushed).toMatchObject({ lastError: null, pendingEvents: 0, pendingRecords: 0, running: false });
    expect(pushed.lastSuccessAt).not.toBeNull();

    // The mentor's PC: an admin adds the mentor from the server, who signs in and syncs.
    const office = await world.device();
    await staff(office, 'admin');
    const mentor = await office.call('sync.enrolMentor', { serverUrl: world.server.url, code: await world.code('Grace Hopper', 'mentor'), passphrase: TEST_PASSPHRASE });
    expect(mentor).toMatchObject({ displayName: 'Grace Hopper', role: 'mentor' });
    await office.call('profiles.select', { profileId: mentor.id, passphrase: TEST_PASSPHRASE });
    expect(await office.call('sync.now', {})).toMatchObject({ lastError: null, waiting: [] });

    const queue = await office.call('reviews.queue', {});
    const item = queue.find((entry) => entry.runId === runId);
    expect(item).toMatchObject({ learnerName: 'Ada Lovelace' });
    // The scoring screen has all of it: the reflection, the written responses, the evidence list.
    const sheet = await office.call('reviews.open', { runId });
    expect(sheet.run.reflection?.text).toBe(REFLECTION_TEXT);
    expect(JSON.stringify(sheet.run)).toContain('queue.png');
    expect(sheet.breakdown.lines.length).toBeGreaterThan(0);
    // The evidence file came too, byte for byte, and opens offline.
    const stages = sheet.run.stages.flatMap((stage) => (stage.kind === 'task' ? stage.evidence.files : []));
    const png = stages.find((file) => file.fileName === 'queue.png')!;
    const held = await world.server.db.selectFrom('evidence_files').select('sha256').execute();
    expect(held.map((row) => row.sha256)).toContain(png.sha256);
    const content = await office.call('reviews.evidence', { runId, evidenceId: png.id });
    expect(Buffer.from(content.dataBase64 ?? '', 'base64').equals(solidPng(16, 16, [10, 20, 30]))).toBe(true);
    // The learner is not offered for sign-in on the mentor's PC.
    expect((await office.call('profiles.list', {})).map((p) => p.displayName)).not.toContain('Ada Lovelace');

    await office.call('reviews.saveDraft', {
      runId,
      overall: MENTOR_FEEDBACK,
      stages: [
        { stageId: 'triage', criteria: FULL, comment: 'Good clustering.', recipeIds: [] },
        { stageId: 'escalate-incident', criteria: FULL, comment: '', recipeIds: [] },
        { stageId: 'shift-report', criteria: FULL, comment: '', recipeIds: [] },
      ],
    });
    const finished = await office.call('reviews.finish', { runId });
    expect(finished.run.status).toBe('reviewed');
    expect(finished.breakdown.passed).toBe(true);
    expect(await office.call('sync.now', {})).toMatchObject({ lastError: null, pendingRecords: 0 });

    // Back in the lab: the learner's run is reviewed, with the mentor's score and feedback.
    expect(await lab.call('sync.now', {})).toMatchObject({ lastError: null });
    const run = await lab.call('runs.get', { profileId: ada, runId });
    expect(run.status).toBe('reviewed');
    expect(run.review).toMatchObject({ feedback: MENTOR_FEEDBACK, passed: true });
    const portfolio = await lab.call('portfolio.list', { profileId: ada });
    expect(portfolio.map((entry) => entry.runId)).toContain(runId);
  });
});
