// The smaller things of a lab week, end to end: an admin imports a pack folder through the browser's
// folder picker; a learner reads a pack's CSV export as a sortable table (raw text a click away), a
// recipe whose wide table scrolls sideways, and focus that follows each new screen and returns to
// whatever opened a dialog.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { editFile, validPackFiles, writePackFolder } from '../support/pack-fixture.ts';
import { expect, expectAccessible, screenshot, signIn, signInAsAdmin, test } from './fixtures.ts';
import { SOC_TITLE, startFromLibrary } from './run-helpers.ts';

const ROOT = join(import.meta.dirname, '../..');
const QUEUE_CSV = join(ROOT, 'resources/sample-pack/missions/SOC-01/assets/alert-queue.csv');
const DEMO_TITLE = 'Find the noisy host';

let dir = '';
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outpost-e2e-folder-'));
});
test.afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Light, then dark, then back: a picture of each and an axe run on each. */
async function bothSchemes(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-light`);
  await expectAccessible(page, `${name}, light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(300); // let colour transitions settle before the picture
  await screenshot(page, `${name}-dark`);
  await expectAccessible(page, `${name}, dark`);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForTimeout(300);
}

test('an admin imports a pack folder through the folder picker, and focus lands on each new screen', async ({ app }) => {
  // A ragged CSV export linked from the stage: it must still be readable, as raw text.
  const files = editFile(validPackFiles('folder-pack', '0.3.0'), 'missions/DEMO-01/stages/find-host.md', (text) => `${text}\nThe firewall team sent [their export](../assets/firewall.csv) too.\n`);
  files['missions/DEMO-01/assets/firewall.csv'] = 'time,src,dst\n09:00,10.0.4.21,203.0.113.7\n09:01,10.0.4.21\n';
  const folder = writePackFolder(join(dir, 'folder-pack'), files);
  // What an editor or git leaves in a working copy: never sent, never part of the pack.
  writePackFolder(folder, { '.git/config': '[core]\n', '.DS_Store': 'junk' });

  await signInAsAdmin(app);
  await expect(app.getByRole('heading', { level: 1, name: 'Missions' })).toBeFocused();
  const importLink = app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import pack' });
  await importLink.click();
  const heading = app.getByRole('heading', { level: 1, name: 'Import a mission pack' });
  await expect(heading).toBeFocused();
  await expect(app.getByRole('row', { name: /Outpost sample missions/ })).toBeVisible();
  await bothSchemes(app, 'import-folder-picker');

  const uploads: string[] = [];
  app.on('request', (request) => {
    if (request.url().includes('/api/upload/')) uploads.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  await app.getByLabel('Choose a folder…').setInputFiles(folder);
  const report = app.getByRole('region', { name: 'Pack imported' });
  await expect(report.getByRole('heading', { level: 2, name: 'Pack imported' })).toBeVisible();
  await expect(report).toContainText('folder-pack 0.3.0');
  await expect(report).toContainText('1 mission · 1 recipe · 1 rubric');
  await expect(app.getByRole('row', { name: /folder-pack/ })).toContainText('0.3.0');
  // One multipart upload; the server names every file by its path under the chosen folder.
  expect(uploads).toEqual(['POST /api/upload/pack-folder']);
  await bothSchemes(app, 'import-folder-success');

  // The new pack's mission is in the library, and the library's heading has the focus again.
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Missions' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Missions' })).toBeFocused();
  await expect(app.getByRole('link', { name: /^DEMO-01/ })).toBeVisible();

  // A CSV that is not well formed shows its raw text, with the reason, instead of a table.
  await startFromLibrary(app, 'DEMO-01', DEMO_TITLE);
  const link = app.getByRole('link', { name: 'their export' });
  await link.click();
  const dialog = app.getByRole('dialog', { name: 'firewall.csv' });
  await expect(dialog.getByRole('note')).toHaveText('This file cannot be shown as a table: Row 2 has 2 fields where the header has 3. Its raw text follows.');
  await expect(dialog.getByLabel('Raw text of firewall.csv')).toContainText('09:01,10.0.4.21');
  await expect(dialog.getByRole('table')).toHaveCount(0);
  await bothSchemes(app, 'csv-malformed');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(link).toBeFocused();
});

test('a folder that is not a pack is refused with its problems, and nothing is installed', async ({ app }) => {
  writeFileSync(join(dir, 'notes.txt'), 'not a pack');
  await signInAsAdmin(app);
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import pack' }).click();
  await app.getByLabel('Choose a folder…').setInputFiles(dir);
  await expect(app.getByRole('heading', { level: 2, name: 'The pack was not imported' })).toBeVisible();
  await expect(app.getByRole('region', { name: 'The pack was not imported' })).toContainText('pack.yaml');
  await expect(app.getByRole('row')).toHaveCount(2); // the header and the sample pack
});

/** The alert ids of the queue export, as numbers, in file order. */
function queueIds(): number[] {
  return readFileSync(QUEUE_CSV, 'utf8').trim().split('\n').slice(1).map((line) => Number(line.split(',')[0]));
}

async function firstCell(table: Locator): Promise<string> {
  return (await table.locator('tbody tr').first().locator('td').first().textContent()) ?? '';
}

test('a learner sorts the alert queue CSV, reads its raw text, scrolls a wide recipe table, and keeps the focus where it belongs', async ({ app: page }) => {
  // The first screen of a start keeps the focus where the page puts it: nothing moves it to the heading.
  const pickerHeading = page.getByRole('heading', { level: 1, name: 'Who is working today?' });
  await expect(pickerHeading).toBeVisible();
  await expect(pickerHeading).not.toBeFocused();
  await signIn(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Missions' })).toBeFocused();
  await page.getByRole('link', { name: /^SOC-01/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: SOC_TITLE })).toBeFocused();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Missions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Missions' })).toBeFocused();
  await startFromLibrary(page, 'SOC-01', SOC_TITLE);
  await expect(page.getByRole('heading', { level: 1, name: SOC_TITLE })).toBeFocused();

  // The CSV export linked from the stage's text opens as a table in file order.
  const link = page.getByRole('link', { name: 'the alert queue export' });
  await link.click();
  const dialog = page.getByRole('dialog', { name: 'alert-queue.csv' });
  const table = dialog.getByRole('table');
  await expect(table).toBeVisible();
  await expect(dialog.getByText('37 rows')).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(37);
  const ids = queueIds();
  expect(await firstCell(table)).toBe(String(ids[0]));
  const idHeader = table.getByRole('columnheader', { name: 'alert_id' });
  await expect(idHeader).not.toHaveAttribute('aria-sort');

  // A click on a header sorts by it, numbers by value; a second click reverses.
  await idHeader.getByRole('button').click();
  await expect(idHeader).toHaveAttribute('aria-sort', 'ascending');
  expect(await firstCell(table)).toBe(String(Math.min(...ids)));
  await idHeader.getByRole('button').click();
  await expect(idHeader).toHaveAttribute('aria-sort', 'descending');
  expect(await firstCell(table)).toBe(String(Math.max(...ids)));
  const hostHeader = table.getByRole('columnheader', { name: 'host' });
  await hostHeader.getByRole('button').click();
  await expect(hostHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(idHeader).not.toHaveAttribute('aria-sort');
  const hosts = (await table.locator('tbody tr td:nth-child(6)').allTextContents()).filter((host) => host !== '');
  expect(hosts).toEqual([...hosts].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })));
  await bothSchemes(page, 'csv-table');
  // Scrolled down the rows, the header row stays in view.
  await table.locator('tbody tr').nth(30).scrollIntoViewIfNeeded();
  await expect(hostHeader).toBeInViewport();
  const headerTop = await hostHeader.evaluate((el) => el.getBoundingClientRect().top);
  const bodyTop = await dialog.locator('.dialog-body').evaluate((el) => el.getBoundingClientRect().top);
  expect(Math.abs(headerTop - bodyTop)).toBeLessThan(2);
  await screenshot(page, 'csv-table-scrolled-light');

  // The raw text is one click away, and the table one click back.
  await dialog.getByRole('button', { name: 'Raw text' }).click();
  await expect(dialog.getByRole('button', { name: 'Raw text' })).toHaveAttribute('aria-pressed', 'true');
  await expect(dialog.getByLabel('Raw text of alert-queue.csv')).toContainText('alert_id,created_utc,severity');
  await expect(table).toHaveCount(0);
  await bothSchemes(page, 'csv-raw-text');
  await dialog.getByRole('button', { name: 'Table' }).click();
  await expect(hostHeader).toHaveAttribute('aria-sort', 'ascending');

  // Closing the dialog, by its button or by Escape, gives the focus back to the link that opened it.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(link).toBeFocused();
  await link.press('Enter');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(link).toBeFocused();

  // The recipe's wide table scrolls sideways in the sidebar instead of breaking its words.
  await page.getByRole('button', { name: /Triage an alert queue without drowning/ }).first().click();
  await expect(page.getByRole('heading', { level: 3, name: 'Triage an alert queue without drowning' })).toBeFocused();
  const box = page.getByRole('group', { name: 'Table, scrolls sideways' });
  await expect(box).toBeVisible();
  await box.scrollIntoViewIfNeeded();
  const sizes = await box.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, left: el.scrollLeft }));
  expect(sizes.scroll).toBeGreaterThan(sizes.client);
  expect(sizes.left).toBe(0);
  // Each header and short cell keeps to one line: no word is split across lines.
  for (const words of ['Time (UTC)', 'Triage call', 'Multiple failed logons', 'vpn-gw01 / 203.0.113.45']) {
    const cell = box.getByRole('cell', { name: words, exact: true }).or(box.getByRole('columnheader', { name: words, exact: true }));
    const lines = await cell.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top))).size;
    });
    expect({ words, lines }).toEqual({ words, lines: 1 });
  }
  await bothSchemes(page, 'recipe-wide-table');
  // The keyboard reaches the box and scrolls it.
  await box.focus();
  await expect(box).toBeFocused();
  for (let i = 0; i < 6; i += 1) await page.keyboard.press('ArrowRight');
  await expect.poll(() => box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  await screenshot(page, 'recipe-wide-table-scrolled-light');

  // A reload is a first load again: the run comes back and the focus stays where the browser left it.
  await page.reload();
  const runHeading = page.getByRole('heading', { level: 1, name: SOC_TITLE });
  await expect(runHeading).toBeVisible();
  await page.waitForTimeout(300);
  await expect(runHeading).not.toBeFocused();
});
