// Importing mission packs through the browser: a broken pack is refused with every problem located
// by file and field; a valid one is installed, listed and playable from the library.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { writeSyntheticPack } from '../bench/generate-pack.ts';
import { editFile, validPackFiles, writePackZip } from '../support/pack-fixture.ts';
import { buildZip } from '../support/zip-builder.ts';
import { expect, expectAccessible, screenshot, signInAsAdmin, test } from './fixtures.ts';

let dir = '';
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outpost-e2e-import-'));
});
test.afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function openImport(app: Page): Promise<void> {
  await signInAsAdmin(app);
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import pack' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Import a mission pack' })).toBeVisible();
}

test('a broken pack is refused and every problem is shown with its file and field', async ({ app }) => {
  const files = editFile(validPackFiles('broken-pack'), 'missions/DEMO-01/mission.yaml', (text) => text.replace('next: respond', 'next: nowhere'));
  // pack.yaml without its title and version.
  files['pack.yaml'] = 'id: broken-pack\ndescription: Missing its title and version.\n';
  const zip = join(dir, 'broken-pack.zip');
  writeFileSync(zip, buildZip(Object.entries(files).map(([name, data]) => ({ name, data }))));

  await openImport(app);
  await expect(app.getByRole('row', { name: /Outpost sample missions/ })).toBeVisible();
  await screenshot(app, 'import');
  await expectAccessible(app, 'import');

  await app.getByLabel('Choose a pack (.zip)').setInputFiles(zip);
  await expect(app.getByRole('heading', { level: 2, name: 'The pack was not imported' })).toBeVisible();
  const issues = app.getByRole('region', { name: 'The pack was not imported' }).getByRole('listitem');
  await expect(issues.filter({ hasText: /Error pack\.yaml(:\d+)? title — / })).toHaveCount(1);
  await expect(issues.filter({ hasText: /Error pack\.yaml(:\d+)? version — / })).toHaveCount(1);
  const dangling = issues.filter({ hasText: /missions\/DEMO-01\/mission\.yaml:\d+ stages\[0\]\.next — / });
  await expect(dangling).toHaveCount(1);
  await expect(dangling).toContainText('nowhere');
  await screenshot(app, 'import-failure');
  await expectAccessible(app, 'import failure');

  // Nothing was installed.
  await expect(app.getByRole('row', { name: /broken-pack/ })).toHaveCount(0);
});

test('a file that is not a zip is refused before it is sent', async ({ app }) => {
  const notes = join(dir, 'notes.txt');
  writeFileSync(notes, 'not a pack');
  await openImport(app);
  await app.getByLabel('Choose a pack (.zip)').setInputFiles(notes);
  await expect(app.getByRole('main').getByRole('alert')).toContainText('Not accepted: notes.txt (accepted: .zip)');
  await expect(app.getByRole('heading', { level: 2, name: /Pack imported|The pack was not imported/ })).toHaveCount(0);
});

test('a valid pack is imported, listed with its signature, and its mission appears in the library', async ({ app }) => {
  const zip = writePackZip(join(dir, 'test-pack.zip'), validPackFiles('test-pack', '0.2.0'));
  await openImport(app);
  await app.getByLabel('Choose a pack (.zip)').setInputFiles(zip);

  const report = app.getByRole('region', { name: 'Pack imported' });
  await expect(report.getByRole('heading', { level: 2, name: 'Pack imported' })).toBeVisible();
  await expect(report).toContainText('test-pack 0.2.0');
  await expect(report).toContainText('1 mission · 1 recipe · 1 rubric');
  await expect(report).toContainText('Unsigned');
  const row = app.getByRole('row', { name: /test-pack/ });
  await expect(row).toContainText('0.2.0');
  await expect(row).toContainText('Unsigned');
  await expect(row.getByRole('cell').nth(1)).toHaveText('1');
  await screenshot(app, 'import-success');
  await expectAccessible(app, 'import success');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, 'import-success-dark');
  await expectAccessible(app, 'import success, dark');
  await app.emulateMedia({ colorScheme: 'light' });

  // The same file again changes nothing.
  await app.getByLabel('Choose a pack (.zip)').setInputFiles(zip);
  await expect(app.getByRole('heading', { level: 2, name: 'Pack already installed' })).toBeVisible();

  await app.getByRole('link', { name: 'Go to the missions' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Missions' })).toBeVisible();
  await app.getByLabel('Search missions').fill('DEMO-01');
  const card = app.getByRole('link', { name: /^DEMO-01 Find the noisy host/ });
  await expect(card).toBeVisible();
  await expect(card).toContainText('Available');
  await card.click();
  await expect(app.getByRole('heading', { level: 1, name: 'Find the noisy host' })).toBeVisible();
  await expect(app.getByText('Test pack')).toBeVisible();
  await expect(app.getByRole('region', { name: 'What is scored' })).toContainText('Checked automatically');
  await expect(app.getByText('Time limit: 1 h')).toBeVisible();
  await screenshot(app, 'briefing-auto-checked');
  await expectAccessible(app, 'briefing of an auto-checked mission');
});

test('a large pack shows the import progress while the engine reads it', async ({ app }) => {
  const { zip } = writeSyntheticPack(dir, { missions: 400, recipes: 8, assetBytes: 2_000_000 });
  await openImport(app);
  await app.getByLabel('Choose a pack (.zip)').setInputFiles(zip);
  await expect(app.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  await expect(app.getByRole('heading', { level: 2, name: 'Pack imported' })).toBeVisible({ timeout: 30_000 });
  await expect(app.getByRole('progressbar', { name: 'Import progress' })).toHaveCount(0);
  await expect(app.getByRole('row', { name: /bench-pack/ })).toContainText('400');
});
