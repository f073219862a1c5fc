// The learner's history: "My runs" (empty, then a submitted, a reviewed and an abandoned run, each
// reachable), the briefing's earlier runs of its mission, and the briefing kept at hand in a drawer
// while a run is in progress.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { createProfileAs } from '../../electron/engine/access/sign-in.ts';
import { validPackFiles, writePackFolder } from '../support/pack-fixture.ts';
import { expect, lightAndDark, screenshot, signIn, test } from './fixtures.ts';
import { MINUTE, PHISH_TITLE, profileId, SOC_TITLE, startFromLibrary, type Outpost } from './run-helpers.ts';

const DEMO_TITLE = 'Find the noisy host';

/** Presses Tab until `target` has the focus: it is reachable from the keyboard, in tab order. */
async function tabTo(page: Page, target: Locator, most = 60): Promise<void> {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
  }
  throw new Error(`not reached with Tab in ${most} presses`);
}


/** A mentor's final review of a run, written into the tables the way the review screen stores it. */
async function review(outpost: Outpost, runId: string, score: number, passed: boolean): Promise<void> {
  const mentor = await createProfileAs(outpost.engine.ctx, { displayName: 'Grace Hopper', role: 'mentor', passphrase: 'mentor passphrase' }, 'owner');
  const { db } = outpost.engine.ctx;
  const now = outpost.clock.now();
  db.run(db.q.insertInto('reviews').values({ id: `review-${runId}`, run_id: runId, reviewer_id: mentor.id, status: 'final', feedback: 'Clear handover.', score, passed: passed ? 1 : 0, created_at: now, updated_at: now }));
  db.run(db.q.updateTable('runs').set({ status: 'reviewed', reviewed_at: now, final_score: score, passed: passed ? 1 : 0 }).where('id', '=', runId));
}

test('My runs: a submitted (then reviewed) and an abandoned run, each reachable; the briefing lists them; the briefing stays at hand mid-run', async ({ app: page, outpost }) => {
  test.slow(); // two runs, the history, three briefings and a third run
  await signIn(page);
  const nav = page.getByRole('navigation', { name: 'Main' });

  // Before any run: an empty state that leads to the library.
  await tabTo(page, nav.getByRole('link', { name: 'My runs' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'My runs' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'My runs' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: 'No runs yet' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^0 runs$/ })).toBeVisible();
  await lightAndDark(page, 'history-empty', 'My runs, empty');
  await page.getByRole('link', { name: 'Choose a mission' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Missions' })).toBeVisible();

  // DEMO-01 (the scaffolded pack's mission, every scored stage auto-checked) played and submitted
  // while on screen for twelve minutes: only the setup, so through the API.
  await installDemoPack(outpost);
  const demoRunId = await submitDemo(outpost, await profileId(outpost));
  // PHISH-01 started and abandoned; the confirmation says where the run stays.
  await nav.getByRole('link', { name: 'Missions' }).click();
  await startFromLibrary(page, 'PHISH-01', PHISH_TITLE);
  await page.getByRole('button', { name: 'Abandon run' }).click();
  const abandon = page.getByRole('dialog', { name: 'Abandon this run?' });
  await expect(abandon).toContainText('stays in your history, under My runs');
  await abandon.getByRole('button', { name: 'Abandon' }).click();
  await expect(page.getByText('Abandoned', { exact: true })).toBeVisible();

  // The history: newest first, each with its status, dates, time spent and result.
  await nav.getByRole('link', { name: 'My runs' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^2 runs$/ })).toBeVisible();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(3);
  const phishRow = rows.nth(1);
  const demoRow = rows.nth(2);
  await expect(phishRow).toContainText('PHISH-01');
  await expect(phishRow).toContainText(PHISH_TITLE);
  await expect(phishRow).toContainText('Abandoned');
  await expect(phishRow).toContainText('Outpost sample missions · version 1.0.0');
  await expect(phishRow.getByRole('cell').nth(2)).toHaveText('—Not submitted');
  await expect(phishRow.getByRole('cell').nth(3)).toHaveText('under a minute');
  await expect(phishRow.getByRole('cell').nth(4)).toHaveText('—No score');
  await expect(demoRow).toContainText(`DEMO-01 ${DEMO_TITLE}`);
  await expect(demoRow).toContainText('Test pack · version 0.1.0');
  await expect(demoRow).toContainText('Submitted');
  await expect(demoRow.getByRole('cell').nth(3)).toHaveText('12 min');
  await expect(demoRow.getByRole('cell').nth(4)).toHaveText('100 / 100Passed');

  // A mentor's review replaces the score and the verdict.
  await review(outpost, demoRunId, 62, false);
  await page.reload();
  await expect(demoRow).toContainText('Reviewed');
  await expect(demoRow.getByRole('cell').nth(4)).toHaveText('62 / 100Not passed');
  await lightAndDark(page, 'history-runs', 'My runs');

  // The reviewed run's summary, reached from the keyboard.
  const demoLink = demoRow.getByRole('link', { name: /^Open summary of DEMO-01/ });
  await tabTo(page, demoLink);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: DEMO_TITLE })).toBeVisible();
  await expect(page.getByText('Score: 62 / 100')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Your path' })).toContainText('Chose: Isolate the host');
  await expect(page.getByRole('navigation', { name: 'Mission path' })).toHaveCount(0);

  // The abandoned run's page.
  await nav.getByRole('link', { name: 'My runs' }).click();
  await phishRow.getByRole('link', { name: /^Open summary of PHISH-01/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: PHISH_TITLE })).toBeVisible();
  await expect(page.getByText('Abandoned', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Submit mission' })).toHaveCount(0);

  // The briefing lists this profile's earlier runs of the mission, with a way into each.
  await nav.getByRole('link', { name: 'Missions' }).click();
  await page.getByRole('link', { name: /^DEMO-01/ }).click();
  const earlier = page.getByRole('region', { name: 'Your earlier runs' });
  await expect(earlier.getByRole('listitem')).toHaveCount(1);
  await expect(earlier).toContainText('Reviewed');
  await expect(earlier).toContainText('62 / 100');
  await expect(earlier).toContainText('Not passed');
  await expect(earlier).toContainText(/Started \w/);
  await earlier.scrollIntoViewIfNeeded();
  await lightAndDark(page, 'briefing-earlier-runs', 'briefing with earlier runs');
  await earlier.getByRole('link', { name: /^Open summary/ }).click();
  await expect(page.getByText('Score: 62 / 100')).toBeVisible();
  await nav.getByRole('link', { name: 'Missions' }).click();
  await page.getByRole('link', { name: /^PHISH-01/ }).click();
  await expect(page.getByRole('region', { name: 'Your earlier runs' }).getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Your earlier runs' })).toContainText('Abandoned');
  // A mission never started has no such section.
  await nav.getByRole('link', { name: 'Missions' }).click();
  await page.getByRole('link', { name: /^SOC-01/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: SOC_TITLE })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Your earlier runs' })).toHaveCount(0);

  // Mid-run, the briefing opens in a drawer without leaving the run, and closes back to its button.
  await nav.getByRole('link', { name: 'Missions' }).click();
  await startFromLibrary(page, 'SOC-01', SOC_TITLE);
  const briefingButton = page.getByRole('button', { name: 'Briefing' });
  await tabTo(page, briefingButton);
  await page.keyboard.press('Enter');
  const drawer = page.getByRole('dialog', { name: 'Briefing' });
  await expect(drawer.getByRole('heading', { name: 'Story' })).toBeVisible();
  await expect(drawer).toContainText('starting your first solo day shift');
  await expect(drawer).toContainText('Outpost sample missions, version 1.0.0: the version this run started on.');
  const objectives = drawer.getByRole('region', { name: 'Objectives' }).getByRole('listitem');
  await expect(objectives.first()).toBeVisible();
  expect(await objectives.count()).toBeGreaterThan(1);
  await expect(drawer.getByRole('region', { name: 'Files' }).getByRole('button')).toHaveText(['alert-queue.csv', 'edr-process-tree.txt', 'proxy-billing-vlan.log']);
  // The run is still on screen behind the drawer.
  await expect(page.getByRole('heading', { level: 1, name: SOC_TITLE })).toBeAttached();
  await lightAndDark(page, 'run-briefing-drawer', 'briefing drawer');

  // A file of the mission opens over the drawer and closes back to it.
  const fileButton = drawer.getByRole('button', { name: 'edr-process-tree.txt' });
  await fileButton.click();
  const viewer = page.getByRole('dialog', { name: 'edr-process-tree.txt' });
  await expect(viewer.locator('pre')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  await expect(fileButton).toBeFocused();
  await expect(drawer).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
  await expect(briefingButton).toBeFocused();
  await expect(page.getByRole('navigation', { name: 'Mission path' })).toBeVisible();
  await screenshot(page, 'run-briefing-button-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(300);
  await screenshot(page, 'run-briefing-button-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // The close button works the same way.
  await briefingButton.click();
  await expect(drawer).toBeVisible();
  await drawer.getByRole('button', { name: 'Close' }).click();
  await expect(drawer).toHaveCount(0);
  await expect(briefingButton).toBeFocused();

  // The run in progress heads the history, and its link resumes the workspace.
  await nav.getByRole('link', { name: 'My runs' }).click();
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toContainText('In progress');
  await rows.nth(1).getByRole('link', { name: /^Resume of SOC-01/ }).click();
  await expect(page.getByRole('navigation', { name: 'Mission path' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: SOC_TITLE })).toBeVisible();
});

async function installDemoPack(outpost: Outpost): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-demo-'));
  try {
    const report = await outpost.engine.importPack(writePackFolder(dir, validPackFiles('test-pack', '0.1.0')), { by: 'owner' });
    expect(report.status).toBe('imported');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Plays DEMO-01 to a submission through the API, on screen for twelve minutes of run time. */
async function submitDemo(outpost: Outpost, pid: string): Promise<string> {
  const call = (method: string, input: Record<string, unknown>) => outpost.engine.call(method, { profileId: pid, ...input });
  const cards = (await call('catalog.list', {})) as Array<{ code: string; missionId: number }>;
  const runId = ((await call('runs.start', { missionId: cards.find((c) => c.code === 'DEMO-01')!.missionId })) as { id: string }).id;
  await call('runs.open', { runId });
  outpost.clock.advance(12 * MINUTE);
  await call('checks.answer', { runId, stageId: 'find-host', answer: '10.0.4.21' });
  await call('stages.complete', { runId, stageId: 'find-host' });
  await call('decisions.take', { runId, stageId: 'respond', optionId: 'isolate' });
  await call('checks.quiz', { runId, stageId: 'report', responses: { q1: [0] } });
  await call('stages.complete', { runId, stageId: 'report' });
  await call('reflection.save', { runId, text: 'Next time I would sort the proxy log by source address first and look for the fixed interval before reading any single line of it.' });
  await call('runs.submit', { runId });
  return runId;
}
