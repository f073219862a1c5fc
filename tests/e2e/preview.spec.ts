// The author preview (`outpost pack preview`): a pack folder played in the page, re-imported on every
// save, with the author's bar (stage picker, expected answers) and the validation errors in place of
// the mission while a save does not validate.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { startPreviewMode, type PreviewMode } from '../../electron/web/preview/preview-mode.ts';
import { validPackFiles, writePackFolder } from '../support/pack-fixture.ts';
import { expect, expectAccessible, lightAndDark, screenshot, signIn, test as normal } from './fixtures.ts';

const ROOT = join(import.meta.dirname, '../..');
const MISSION = 'missions/DEMO-01/mission.yaml';

const test = base.extend<{ preview: PreviewMode & { packDir: string } }>({
  // eslint-disable-next-line no-empty-pattern
  preview: async ({}, use) => {
    const root = mkdtempSync(join(tmpdir(), 'outpost-e2e-author-'));
    const packDir = writePackFolder(join(root, 'pack'), validPackFiles('author-pack', '1.0.0'));
    const mode = await startPreviewMode({ packDir, port: 0, staticDir: join(ROOT, 'out/renderer'), tempRoot: root, debounceMs: 150, log: () => undefined });
    await use(Object.assign(mode, { packDir }));
    await mode.close();
    rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  },
});

test('an author plays a pack folder, jumps stages, sees the answers and the errors of a bad save', async ({ page, preview }) => {
  test.slow(); // several re-imports through the file watcher
  await page.goto(preview.url);
  const bar = page.getByRole('region', { name: 'Author preview' });
  await expect(bar).toContainText('author-pack');
  await expect(bar).toContainText('1.0.0-preview.1');
  // The first mission is open on its first stage, for the author's profile.
  await expect(page.getByRole('heading', { level: 2, name: 'Find the host' })).toBeVisible();
  await screenshot(page, 'preview-mission');
  await expectAccessible(page, 'author preview');

  // Jump to a later stage.
  await bar.getByLabel('Stage').selectOption('report');
  await bar.getByRole('button', { name: 'Go to stage' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Write the report' })).toBeVisible();
  await expect(page.getByText('Which log showed the beacon?')).toBeVisible();

  // The expected answers, for the author only.
  await bar.getByRole('switch', { name: 'Show expected answers' }).check();
  const answers = bar.getByRole('region', { name: 'Expected answers' });
  await expect(answers.getByRole('article', { name: 'Expected answers of Write the report' })).toContainText('proxy log');
  await expect(answers.getByRole('article', { name: 'Expected answers of Find the host' })).toContainText('10.0.4.21');
  await expect(answers.getByRole('article', { name: 'Expected answers of Find the host' })).toContainText('5 attempts');
  await lightAndDark(page, 'preview-answers', 'author preview with answers');

  // A bad save: the errors, with file and line, in place of the mission.
  const good = readFileSync(join(preview.packDir, MISSION), 'utf8');
  writeFileSync(join(preview.packDir, MISSION), good.replace('next: respond', 'next: nowhere'));
  const errors = page.getByRole('region', { name: /The pack has/ });
  await expect(errors).toBeVisible();
  await expect(errors).toContainText(`${MISSION}:${good.split('\n').findIndex((l) => l.includes('next: respond')) + 1}`);
  await expect(errors).toContainText('nowhere');
  await expect(page.getByRole('heading', { level: 2, name: 'Write the report', exact: true })).toHaveCount(0);
  await screenshot(page, 'preview-errors');
  await expectAccessible(page, 'author preview errors');

  // Fixed: the mission is back, re-imported as the next preview version, at the stage the author was on.
  writeFileSync(join(preview.packDir, MISSION), good.replace('title: Write the report', 'title: Write the incident report'));
  await expect(page.getByRole('heading', { level: 2, name: 'Write the incident report', exact: true })).toBeVisible();
  await expect(bar).toContainText('1.0.0-preview.3');
  await expect(errors).toHaveCount(0);
  await screenshot(page, 'preview-fixed');
});

test('a normal browser-mode page shows no author bar', async ({ page, preview }) => {
  // The same engine opened without `?preview` in the address: the learner's app, nothing more.
  await page.goto(preview.url.replace('/?preview#', '/#'));
  await expect(page.getByRole('heading', { level: 1, name: 'Set up Outpost on this computer' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Author preview' })).toHaveCount(0);
});

normal('?preview typed onto a normal browser-mode address changes nothing: the engine has no preview methods', async ({ app, outpost }) => {
  const calls: string[] = [];
  app.on('request', (request) => {
    if (request.url().includes('/api/preview.')) calls.push(request.url());
  });
  await app.goto(outpost.url.replace('/#', '/?preview#'));
  await signIn(app);
  await expect(app.getByRole('region', { name: 'Author preview' })).toHaveCount(0);
  await app.waitForTimeout(1500);
  // Asked once, refused, and never again.
  expect(calls).toHaveLength(1);
  const refused = await app.evaluate(async (token) => {
    const res = await fetch('/api/preview.answers', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' });
    return { status: res.status, body: (await res.json()) as { code: string } };
  }, outpost.token);
  expect(refused).toEqual({ status: 404, body: expect.objectContaining({ code: 'not_found' }) });
});
