// The Sync screen end to end, against a real sync server on loopback: a learner enrols with a code
// (a wrong one refused), syncs, sees the truth when the server goes away, and an admin adds a
// mentor whose name comes from the server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../server/http.ts';
import { runImportCommand } from '../../server/bundles/import-command.ts';
import { createTeam, enrolPerson } from '../../server/teams.ts';
import { REFLECTION_TEXT, RESPONSE_TEXT } from '../support/passed-run.ts';
import { submitSoc01 } from '../support/soc-playthrough.ts';
import { ADMIN_NAME, expect, lightAndDark, screenshot, signIn, signInAsAdmin, test } from './fixtures.ts';

async function teamServer(): Promise<RunningServer & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-e2e-sync-'));
  const server = await startServer({ dataDir, port: 0, log: () => undefined });
  await createTeam(server.db, 'blue');
  return Object.assign(server, { dataDir });
}

async function stop(server: RunningServer & { dataDir: string }): Promise<void> {
  await server.close();
  rmSync(server.dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
}

test('a learner enrols, syncs, and is told the truth when the server goes away', async ({ app: page }) => {
  const server = await teamServer();
  try {
    await signIn(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click();
    await expect(page.getByRole('heading', { name: 'Sync', level: 1 })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Not set up' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sync now' })).toBeDisabled();
    await lightAndDark(page, 'sync-not-enrolled', 'Sync, not enrolled');

    // A code the server never issued is refused, and nothing is enrolled.
    await page.getByLabel('Server address').fill(server.url);
    await page.getByLabel('Enrolment code').fill('AAAA-BBBB-CCCC-DDDD');
    await page.getByRole('button', { name: 'Enrol' }).click();
    await expect(page.locator('.sync-screen').getByRole('alert')).toContainText('did not accept this code');
    await expect(page.getByRole('button', { name: 'Sync now' })).toBeDisabled();

    const { code } = await enrolPerson(server.db, 'blue', 'Ada L.', 'learner');
    await page.getByLabel('Enrolment code').fill(code);
    await page.getByRole('button', { name: 'Enrol' }).click();
    await expect(page.getByText('Enrolled as Ada L. in team blue.')).toBeVisible();
    await expect(page.getByText('You sync as Ada L. in team blue.', { exact: false })).toBeVisible();
    // The enrolment syncs by itself; the screen follows the engine's events.
    await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
    await expect(page.getByText('Never', { exact: true })).toHaveCount(0);
    const held = await server.db.selectFrom('records').select('topic').execute();
    expect(held.map((row) => row.topic)).toContain('profile');
    await lightAndDark(page, 'sync-connected', 'Sync, connected');

    await server.close();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
    await expect(page.locator('.sync-screen').getByRole('alert')).toContainText('cannot be reached');
    await expect(page.locator('.sync-screen').getByRole('alert')).toContainText('tries again by itself');
    await screenshot(page, 'sync-offline-light');
  } finally {
    await stop(server);
  }
});

test('an admin adds a mentor from the server: the profile takes the server\'s name', async ({ app: page }) => {
  const server = await teamServer();
  try {
    await signInAsAdmin(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click();
    const form = page.getByRole('region', { name: 'Add a mentor from the server' });
    await form.getByLabel('Server address').fill(server.url);
    const learnerCode = (await enrolPerson(server.db, 'blue', 'Not A Mentor', 'learner')).code;
    await form.getByLabel('Mentor\'s enrolment code').fill(learnerCode);
    await form.getByLabel('Passphrase', { exact: true }).fill('mentor passphrase');
    await form.getByLabel('Passphrase again').fill('mentor passphrase');
    await form.getByRole('button', { name: 'Add mentor' }).click();
    // A learner's code does not make a mentor, and stays unused.
    await expect(page.locator('.sync-screen').getByRole('alert')).toContainText('enrols a learner, not a mentor');

    const { code } = await enrolPerson(server.db, 'blue', 'Grace Hopper', 'mentor');
    await form.getByLabel('Mentor\'s enrolment code').fill(code);
    await form.getByRole('button', { name: 'Add mentor' }).click();
    await expect(page.getByText('Grace Hopper is added as a mentor')).toBeVisible();
    await lightAndDark(page, 'sync-admin', 'Sync, admin');

    await page.getByRole('button', { name: `${ADMIN_NAME}`, exact: false }).first().click();
    await expect(page.getByRole('button', { name: 'Grace Hopper' })).toBeVisible();
  } finally {
    await stop(server);
  }
});

test('across the air gap: the learner saves a bundle, the server imports it, and its reply is imported back', async ({ app: page, outpost }) => {
  test.slow(); // a whole run played through the engine, a download and an upload
  const server = await teamServer();
  try {
    await signIn(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click();
    await page.getByLabel('Server address').fill(server.url);
    await page.getByLabel('Enrolment code').fill((await enrolPerson(server.db, 'blue', 'Ada L.', 'learner')).code);
    await page.getByRole('button', { name: 'Enrol' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
    // From here on the lab has no network: the run goes by bundle.
    const profileId = (await outpost.engine.call('profiles.list', {}) as Array<{ id: string; displayName: string }>).find((p) => p.displayName === 'Ada Lovelace')!.id;
    const runId = await submitSoc01(outpost.engine, profileId, { evidence: [{ fileName: 'notes.txt', bytes: Buffer.from('sorted the queue') }], escalation: RESPONSE_TEXT, handover: RESPONSE_TEXT, reflection: REFLECTION_TEXT });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save sync bundle' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^outpost-.*\.outpost-sync$/);
    const bundle = join(server.dataDir, 'lab.outpost-sync');
    await download.saveAs(bundle);
    await expect(page.getByText('The sync bundle is saved to your downloads.')).toBeVisible();

    const reply = join(server.dataDir, 'reply.outpost-sync');
    const lines: string[] = [];
    expect(await runImportCommand(server.db, server.dataDir, bundle, reply, (line) => lines.push(line))).toBe(0);
    const runs = await server.db.selectFrom('records').select('record_id').where('topic', '=', 'run').execute();
    expect(runs.map((row) => row.record_id)).toContain(runId);

    await page.getByLabel('Import a bundle').setInputFiles(reply);
    await expect(page.getByText('The server\'s reply is applied')).toBeVisible();
    await expect(page.getByText(/0 records, 0 events/)).toBeVisible();
    await lightAndDark(page, 'sync-bundle-imported', 'Sync, bundle imported');
  } finally {
    await stop(server);
  }
});
