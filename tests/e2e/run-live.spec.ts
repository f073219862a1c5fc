// The run screen as the engine pushes to it: deadline warnings and the deadline itself, a countdown
// that survives a reload, and the progress of a large evidence file.
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures.ts';
import { MINUTE, passTimeWorking, PHISH_TITLE, SOC_TITLE, startAndOpen } from './run-helpers.ts';

test('a timed mission warns as the deadline nears and submits itself when it passes', async ({ app: page, outpost }) => {
  await signIn(page);
  await startAndOpen(page, outpost, 'PHISH-01', PHISH_TITLE);
  const timer = page.getByRole('timer', { name: 'Time left' });
  await expect(timer).toHaveText(/^(45:00|44:5\d)$/);

  await passTimeWorking(outpost, 34 * MINUTE);
  await expect(page.getByText(/Three quarters of the time is used\./)).toBeVisible();
  await expect(timer).toHaveText(/^(11:00|10:5\d)$/);
  await expect(page.getByText('Time is running low')).toBeVisible();
  await screenshot(page, 'run-timer-warning');

  await passTimeWorking(outpost, 7 * MINUTE);
  await expect(page.getByText('Almost out of time')).toBeVisible();

  await passTimeWorking(outpost, 5 * MINUTE);
  await expect(page.getByText('Time is up: your run was submitted as it stands.')).toBeVisible();
  await expect(page.getByText('Submitted', { exact: true })).toBeVisible();
  await expect(page.getByRole('timer')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: PHISH_TITLE })).toBeVisible();
  await expectAccessible(page, 'run submitted at the deadline');
});

test('the countdown comes from the engine and survives a reload', async ({ app: page, outpost }) => {
  await signIn(page);
  await startAndOpen(page, outpost, 'PHISH-01', PHISH_TITLE);
  const timer = page.getByRole('timer', { name: 'Time left' });
  await expect(timer).toHaveText(/^(45:00|44:5\d)$/);
  outpost.clock.advance(10 * MINUTE);
  outpost.engine.tick();
  await expect(timer).toHaveText(/^(35:00|34:5\d)$/);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: PHISH_TITLE })).toBeVisible();
  await expect(page.getByRole('timer', { name: 'Time left' })).toHaveText(/^(35:00|34:5\d)$/);
});

test('a large evidence file shows how much of it the engine has added', async ({ app: page, outpost }) => {
  await signIn(page);
  await startAndOpen(page, outpost, 'SOC-01', SOC_TITLE);
  // A slow link, so the engine reads the upload for a few seconds and reports as it goes.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2 * 1024 * 1024 });
  const size = 8 * 1024 * 1024;
  await page.getByLabel('Attach evidence files').setInputFiles({ name: 'full-alert-export.csv', mimeType: 'text/csv', buffer: Buffer.alloc(size, 'host,rule\n') });
  await expect(page.getByRole('status').filter({ hasText: 'Adding full-alert-export.csv' })).toBeVisible();
  const progress = page.locator('.evidence-progress');
  await expect(progress).toContainText(/\d+ %/);
  const bar = progress.getByRole('progressbar', { name: 'Adding full-alert-export.csv' });
  await expect(bar).toHaveAttribute('max', String(size));
  await expect.poll(async () => Number(await bar.getAttribute('value'))).toBeGreaterThan(0);
  await page.getByRole('region', { name: 'Evidence' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'run-evidence-progress');
  await expectAccessible(page, 'evidence being added');
  await expect(page.getByRole('button', { name: 'Remove full-alert-export.csv' })).toBeVisible({ timeout: 20_000 });
  await expect(progress).toHaveCount(0);
  await expect(page.locator('.evidence-file').filter({ hasText: 'full-alert-export.csv' })).toContainText('8.0 MB');
});
