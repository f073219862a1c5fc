// A mentor across the air gap: the mentor's PC carries a bundle to the server, and the server's reply
// brings the team's runs back with their evidence files, so the review happens without a network.
import { describe, expect, it } from 'vitest';
import { runImportCommand } from '../../server/bundles/import-command.ts';
import { learner, staff, TEST_PASSPHRASE } from '../support/engine-fixture.ts';
import { REFLECTION_TEXT, RESPONSE_TEXT, solidPng } from '../support/passed-run.ts';
import { submitSoc01 } from '../support/soc-playthrough.ts';
import { bundlePath, bundleWorld, exportBundleOf, importBundleOn } from './bundle-fixture.ts';

describe('a mentor across the air gap', () => {
  it('gets the team\'s runs and their evidence files in the server\'s reply', async () => {
    const world = await bundleWorld();
    // The mentor's PC enrolled on the network once, and synced; from now on it has none.
    const office = await world.device();
    await staff(office, 'admin');
    const mentor = await office.call('sync.enrolMentor', { serverUrl: world.server.url, code: await world.code('Grace', 'mentor'), passphrase: TEST_PASSPHRASE });
    await office.call('profiles.select', { profileId: mentor.id, passphrase: TEST_PASSPHRASE });
    await office.call('sync.now', {});

    const lab = await world.device();
    const ada = await learner(lab);
    await lab.call('sync.enrol', { profileId: ada, serverUrl: world.server.url, code: await world.code('Ada') });
    const png = solidPng(12, 12, [200, 40, 40]);
    const runId = await submitSoc01(lab.engine, ada, { evidence: [{ fileName: 'alert.png', bytes: png }], escalation: RESPONSE_TEXT, handover: RESPONSE_TEXT, reflection: REFLECTION_TEXT });
    expect(await lab.call('sync.now', {})).toMatchObject({ lastError: null, pendingRecords: 0 });
    expect((await office.call('reviews.queue', {})).map((item) => item.runId)).not.toContain(runId);
    const carried = bundlePath(world, 'office');
    await exportBundleOf(office, carried);
    const reply = bundlePath(world, 'office-reply');
    const lines: string[] = [];
    expect(await runImportCommand(world.server.db, world.dataDir, carried, reply, (line) => lines.push(line))).toBe(0);
    expect(lines.join('\n')).toMatch(/1 evidence file\(s\)/);

    const imported = await importBundleOn(office, reply);
    expect(imported).toMatchObject({ direction: 'to-device', files: 1, refused: 0 });
    expect((await office.call('reviews.queue', {})).map((item) => item.runId)).toContain(runId);
    const sheet = await office.call('reviews.open', { runId });
    const file = sheet.run.stages.flatMap((stage) => (stage.kind === 'task' ? stage.evidence.files : [])).find((f) => f.fileName === 'alert.png')!;
    const content = await office.call('reviews.evidence', { runId, evidenceId: file.id });
    expect(Buffer.from(content.dataBase64 ?? '', 'base64').equals(png)).toBe(true);
    // The same reply again changes nothing.
    expect(await importBundleOn(office, reply)).toMatchObject({ files: 0, applied: 0 });
  });
});
