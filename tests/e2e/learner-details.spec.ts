// The smaller things a learner meets: a decision named by its own title, the briefing's count of the
// tasks on a path, a quiz that asks before its one submission and then marks the wrong picks, and a
// warning before a second mission starts while a timed run's clock is running.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { branchingPackFiles } from '../support/branching-pack.ts';
import { writePackFolder } from '../support/pack-fixture.ts';
import { expect, lightAndDark, signIn, test } from './fixtures.ts';
import { decide, finishTriage, goToHash, MINUTE, missionId, PHISH_TITLE, profileId, SOC_DECISION, SOC_TITLE, startAndOpen, startFromLibrary, type Outpost } from './run-helpers.ts';

const GRC_TITLE = 'Access review before the audit';


async function openBriefing(page: Page, outpost: Outpost, code: string, title: string): Promise<void> {
  await goToHash(page, `#/mission/${await missionId(outpost, await profileId(outpost), code)}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

async function runsInProgress(outpost: Outpost): Promise<string[]> {
  const runs = (await outpost.engine.call('runs.list', { profileId: await profileId(outpost) })) as Array<{ missionCode: string; status: string }>;
  return runs.filter((r) => r.status === 'in_progress').map((r) => r.missionCode).sort();
}

test('a decision is named by its own title on the stage, in the mission path and in the path graph', async ({ app: page, outpost }) => {
  await signIn(page);
  await startAndOpen(page, outpost, 'SOC-01', SOC_TITLE);
  await finishTriage(page);
  await expect(page.getByRole('heading', { level: 2, name: SOC_DECISION, exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Decision', exact: true })).toHaveCount(0);
  await expect(page.getByText('◆ Decision point')).toBeVisible();
  const path = page.getByRole('navigation', { name: 'Mission path' });
  await expect(path.locator('[aria-current="step"]')).toContainText(SOC_DECISION);
  const graph = page.getByRole('figure', { name: 'Your path so far' });
  await expect(graph.locator('.graph-title').last()).toHaveText(SOC_DECISION);
  await expect(graph.locator('.visually-hidden')).toContainText(`2. decision “${SOC_DECISION}”, you are here, 2 options offered.`);
  await lightAndDark(page, 'details-decision-title', 'decision with its title');

  await decide(page, /^Escalate to Tier 2/, 'Escalate to Tier 2');
  await expect(path.getByRole('button', { name: new RegExp(SOC_DECISION) })).toContainText('Chose: Escalate to Tier 2');
});

test('the briefing counts the tasks on a path: "2 or 3 tasks depending on your choices"', async ({ app: page, outpost }) => {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-branching-'));
  try {
    const report = await outpost.engine.importPack(writePackFolder(dir, branchingPackFiles()), { by: 'owner' });
    expect(report.status).toBe('imported');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await signIn(page);
  await openBriefing(page, outpost, 'DEMO-01', 'Find the noisy host');
  const facts = page.getByRole('complementary', { name: 'At a glance' });
  await expect(facts.getByText('2 or 3 tasks depending on your choices · 1 decision')).toBeVisible();
  await lightAndDark(page, 'details-briefing-path-range', 'briefing with a range of tasks');

  // SOC-01 has four tasks in its graph, but every path meets three of them.
  await openBriefing(page, outpost, 'SOC-01', SOC_TITLE);
  await expect(facts.getByText('3 tasks · 1 decision', { exact: true })).toBeVisible();
  await expect(facts).not.toContainText('depending on your choices');
});

test('a quiz asks for confirmation before its one submission, then marks the wrong picks only', async ({ app: page, outpost }) => {
  await signIn(page);
  await startAndOpen(page, outpost, 'PHISH-01', PHISH_TITLE);
  const quiz = page.getByRole('region', { name: 'Quiz' });
  const spf = quiz.getByRole('group', { name: /spf=pass/ });
  const indicators = quiz.getByRole('group', { name: /genuine warning signs/ });
  const domain = quiz.getByRole('textbox', { name: /Which sending domain/ });
  await spf.getByRole('radio', { name: /sent by Harrowmere Medical Supplies/ }).check();
  await indicators.getByRole('checkbox', { name: /replaces the letter m/ }).check();
  await indicators.getByRole('checkbox', { name: /encrypted connection/ }).check();
  await domain.fill('harrowmere-medical.example');

  // Cancel keeps the quiz open and the answers as they were.
  await quiz.getByRole('button', { name: 'Submit quiz' }).click();
  const dialog = page.getByRole('dialog', { name: 'Submit the quiz?' });
  await expect(dialog).toContainText('can be submitted once');
  await lightAndDark(page, 'details-quiz-confirm', 'quiz confirmation');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(quiz.locator('.question-outcome')).toHaveCount(0);
  await expect(indicators.getByRole('checkbox', { name: /encrypted connection/ })).toBeChecked();

  await quiz.getByRole('button', { name: 'Submit quiz' }).click();
  await dialog.getByRole('button', { name: 'Submit answers' }).click();
  await expect(quiz.locator('.question-outcome')).toHaveCount(3);

  const checkMarks = async (): Promise<void> => {
    const region = page.getByRole('region', { name: 'Quiz' });
    await expect(region.locator('.wrong-mark')).toHaveCount(3);
    await expect(region.getByRole('radio', { name: /sent by Harrowmere Medical Supplies.*Wrong choice/ })).toBeChecked();
    await expect(region.getByRole('checkbox', { name: /encrypted connection.*Wrong choice/ })).toBeChecked();
    // A right pick is not marked wrong; a right choice left unpicked is not shown at all.
    const rightPick = region.getByRole('checkbox', { name: /replaces the letter m/ });
    await expect(rightPick).toBeChecked();
    await expect(rightPick).not.toHaveAccessibleName(/Wrong/);
    await expect(region.getByRole('checkbox', { name: /Replies would go/ })).not.toBeChecked();
    await expect(region.getByRole('checkbox', { name: /Replies would go/ })).not.toHaveAccessibleName(/Wrong|Right|correct/i);
    await expect(region.getByRole('radio', { name: /198\.51\.100\.23 is allowed/ })).not.toHaveAccessibleName(/Wrong|Right|correct/i);
    const text = region.getByRole('textbox', { name: /Which sending domain/ });
    await expect(text).toHaveValue('harrowmere-medical.example');
    await expect(text).toHaveAttribute('aria-invalid', 'true');
    await expect(text).toHaveAccessibleDescription('Not accepted');
    await expect(region.locator('.question-outcome')).toHaveText([/Wrong/, /Partly right/, /Wrong/]);
  };
  await checkMarks();
  await quiz.scrollIntoViewIfNeeded();
  await lightAndDark(page, 'details-quiz-marked', 'quiz with wrong picks marked');

  // The marks come from the engine: a reload shows the same picks and marks.
  await page.reload();
  await checkMarks();
  await expect(page.getByRole('region', { name: 'Quiz' }).getByRole('button', { name: 'Submit quiz' })).toHaveCount(0);
});

test('starting a second mission during a timed run warns, names the run and its time left', async ({ app: page, outpost }) => {
  await signIn(page);
  // An untimed run in progress holds nothing up.
  await startFromLibrary(page, 'SOC-01', SOC_TITLE);
  await openBriefing(page, outpost, 'PHISH-01', PHISH_TITLE);
  await page.getByRole('button', { name: 'Start mission' }).click();
  await expect(page.getByRole('navigation', { name: 'Mission path' })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  outpost.clock.advance(12 * MINUTE);
  await openBriefing(page, outpost, 'GRC-01', GRC_TITLE);
  await page.getByRole('button', { name: 'Start mission' }).click();
  const dialog = page.getByRole('dialog', { name: 'A timed mission is still running' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('listitem')).toHaveText([`PHISH-01 ${PHISH_TITLE}: 33 min left`]);
  await expect(dialog).toContainText('Its clock keeps running while you work on this mission.');
  await expect(dialog).not.toContainText('SOC-01');
  await lightAndDark(page, 'details-timed-run-warning', 'second mission warning');

  // Cancel: still on the briefing, nothing started.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: GRC_TITLE })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start mission' })).toBeEnabled();
  expect(await runsInProgress(outpost)).toEqual(['PHISH-01', 'SOC-01']);

  // Confirm: the mission starts, and the timed run is still in progress with its clock.
  outpost.clock.advance(MINUTE);
  await page.getByRole('button', { name: 'Start mission' }).click();
  await expect(dialog.getByRole('listitem')).toHaveText([`PHISH-01 ${PHISH_TITLE}: 32 min left`]);
  await dialog.getByRole('button', { name: 'Start this mission anyway' }).click();
  await expect(page.getByRole('navigation', { name: 'Mission path' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: GRC_TITLE })).toBeVisible();
  expect(await runsInProgress(outpost)).toEqual(['GRC-01', 'PHISH-01', 'SOC-01']);
});
