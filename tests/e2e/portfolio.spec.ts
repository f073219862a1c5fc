// The portfolio end to end: a passed run's report on the Portfolio screen, saved as HTML and as a
// zip, opened in the browser with no network request at all, and printed by Chromium to a PDF.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import yauzl from 'yauzl';
import { makePassedRun } from '../support/passed-run.ts';
import { expect, lightAndDark, screenshot, signIn, test } from './fixtures.ts';
import { profileId, SOC_TITLE } from './run-helpers.ts';

function zipNames(bytes: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.readEntry();
    }),
  );
}

/** The PDF's own title (Chromium writes the document's <title> into its Info dictionary). */
function pdfTitle(pdf: string): string | null {
  const hex = /\/Title\s*<([0-9A-Fa-f\s]+)>/.exec(pdf)?.[1];
  if (hex) {
    const bytes = Buffer.from(hex.replace(/\s/g, ''), 'hex');
    return bytes[0] === 0xfe && bytes[1] === 0xff ? bytes.subarray(2).swap16().toString('utf16le') : bytes.toString('latin1');
  }
  return /\/Title\s*\(([^)]*)\)/.exec(pdf)?.[1] ?? null;
}

test('a passed run\'s report: listed, saved, exported, opened offline and printed to PDF', async ({ app: page, outpost, context }) => {
  test.slow(); // a whole run, two downloads, a second page and a PDF
  await signIn(page);
  const pid = await profileId(outpost);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Portfolio' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No reports yet' })).toBeVisible();

  // The mentor passes the run on this PC in between: the learner's window returns to the picker,
  // and she signs in again to find the report written when the run passed.
  const runId = await makePassedRun(outpost.engine, pid);
  await expect(page.getByRole('heading', { level: 1, name: 'Who is working today?' })).toBeVisible();
  await page.getByRole('button', { name: 'Ada Lovelace', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio' }).click();
  const entries = (await outpost.engine.call('portfolio.list', { profileId: pid })) as Array<{ runId: string; sha256: string; fileName: string; id: string }>;
  const entry = entries.find((e) => e.runId === runId)!;
  const list = page.getByRole('list', { name: 'Your reports, newest first' });
  const card = list.getByRole('article', { name: `SOC-01 ${SOC_TITLE}` });
  await expect(card).toBeVisible();
  await expect(card).toContainText('86.67 / 100');
  await expect(card).toContainText('Grace Hopper');
  await expect(card).toContainText(entry.sha256);
  await expect(page.getByText('1 report', { exact: true })).toBeVisible();
  await lightAndDark(page, 'portfolio', 'portfolio screen');

  // One report as a file, byte for byte the one in the portfolio folder.
  const [htmlDownload] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Save report SOC-01 (HTML)' }).click()]);
  expect(htmlDownload.suggestedFilename()).toBe(entry.fileName);
  const savedHtml = readFileSync(await htmlDownload.path());
  const stored = readFileSync(join(outpost.engine.ctx.dataDir, 'portfolio', pid, entry.fileName));
  expect(savedHtml.equals(stored)).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: 'is saved to your downloads' })).toBeVisible();

  // Every report in one zip.
  const [zipDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all as zip' }).click()]);
  expect(await zipNames(readFileSync(await zipDownload.path()))).toEqual([entry.fileName]);

  // Opened as the learner would open the saved file: not one request leaves the page, and its own
  // policy lets its one stylesheet apply.
  const report = await context.newPage();
  const fileUrl = pathToFileURL(join(outpost.engine.ctx.dataDir, 'portfolio', pid, entry.fileName)).href;
  const requests: string[] = [];
  const violations: string[] = [];
  report.on('request', (request) => {
    if (request.url() !== fileUrl && !request.url().startsWith('data:')) requests.push(request.url());
  });
  report.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await report.route('**', (route) => {
    if (route.request().url() === fileUrl) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  await report.goto(fileUrl);
  await expect(report.getByRole('heading', { level: 1, name: `SOC-01 · ${SOC_TITLE}` })).toBeVisible();
  for (const section of ['Mission', 'Path taken', 'Decisions', 'Stages, evidence and feedback', 'Score breakdown', 'Reflection', "Mentor's feedback"]) {
    await expect(report.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
  await expect(report.getByRole('img', { name: 'queue-screenshot.png' })).toBeVisible();
  expect(await report.getByRole('img', { name: 'queue-screenshot.png' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
  expect(await report.locator('h2').first().evaluate((h) => getComputedStyle(h).borderBottomStyle)).toBe('solid');
  expect(await report.evaluate(() => document.scripts.length)).toBe(0);
  await screenshot(report, 'portfolio-report-light');
  await report.locator('#s-stages').scrollIntoViewIfNeeded();
  await screenshot(report, 'portfolio-report-stages-light');
  await report.emulateMedia({ colorScheme: 'dark' });
  await report.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
  await screenshot(report, 'portfolio-report-dark');
  await report.locator('#s-score').scrollIntoViewIfNeeded();
  await screenshot(report, 'portfolio-report-score-dark');
  await report.emulateMedia({ colorScheme: 'light', media: 'print' });
  expect(requests).toEqual([]);
  expect(violations).toEqual([]);

  // Printed by Chromium, as the browser's print makes it: pages, and the mission in the PDF's title.
  const pdf = (await report.pdf({ format: 'A4', printBackground: true })).toString('latin1');
  expect(pdf.startsWith('%PDF-')).toBe(true);
  const pages = pdf.match(/\/Type\s*\/Page(?!s)/g) ?? [];
  expect(pages.length).toBeGreaterThan(1);
  expect(pdfTitle(pdf)).toContain(SOC_TITLE);
  expect(requests).toEqual([]);
  await report.close();
});
