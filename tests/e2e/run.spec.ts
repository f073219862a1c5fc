// The run screen end to end: whole missions as a learner plays them (evidence, checks, hints, decisions,
// recipes, reflection, submission, summary), quizzes, timed runs that warn and submit themselves, a
// countdown that survives a reload, hostile Markdown that runs nothing, and a mentor's review.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Page } from '@playwright/test';
import { editFile, validPackFiles, writePackFolder } from '../support/pack-fixture.ts';
import { expect, expectAccessible, screenshot, signIn, test, type OutpostFixtures } from './fixtures.ts';

type Outpost = OutpostFixtures['outpost'];

const SOC_TITLE = 'First shift: triage the alert queue';
const PHISH_TITLE = "The invoice that wasn't";
const MINUTE = 60_000;

const reflectionText = (topic: string): string =>
  `The ${topic} alerts took longest because I read them one by one instead of grouping them by host first. ` +
  'Next shift I will sort the export by host and time before opening anything, check change tickets early, ' +
  'and look for one workstation seen by several sensors within minutes, which is what gave the verdict away here.';

async function profileId(outpost: Outpost, name = 'Ada Lovelace'): Promise<string> {
  const profiles = (await outpost.engine.call('profiles.list', {})) as Array<{ id: string; displayName: string }>;
  const profile = profiles.find((p) => p.displayName === name);
  if (!profile) throw new Error(`no profile ${name}`);
  return profile.id;
}

async function missionId(outpost: Outpost, pid: string, code: string): Promise<number> {
  const cards = (await outpost.engine.call('catalog.list', { profileId: pid })) as Array<{ code: string; missionId: number }>;
  const card = cards.find((c) => c.code === code);
  if (!card) throw new Error(`no mission ${code}`);
  return card.missionId;
}

/** Starts a run through the API (when only the setup matters) and opens it on screen. */
async function startAndOpen(page: Page, outpost: Outpost, code: string, title: string): Promise<string> {
  const pid = await profileId(outpost);
  const run = (await outpost.engine.call('runs.start', { profileId: pid, missionId: await missionId(outpost, pid, code) })) as { id: string };
  await goToHash(page, `#/run/${encodeURIComponent(run.id)}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  return run.id;
}

/** Moves the app to a route the way a link would (the tests' tsconfig has no DOM types, hence the string). */
async function goToHash(page: Page, hash: string): Promise<void> {
  await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
}

/** From the library: the mission's card, its briefing, "Start mission". */
async function startFromLibrary(page: Page, code: string, title: string): Promise<void> {
  await page.getByRole('link', { name: new RegExp(`^${code}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await page.getByRole('button', { name: 'Start mission' }).click();
  await expect(page.getByRole('navigation', { name: 'Mission path' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

function textFile(name: string, text = 'host,created_utc,rule\nNWH-BIL-WS023,2026-03-03T06:12:00Z,EDR\n') {
  return { name, mimeType: 'text/plain', buffer: Buffer.from(text) };
}

/** The triage stage of SOC-01: evidence, the answer, complete. Shared by both branches. */
async function finishTriage(page: Page): Promise<void> {
  await page.getByLabel('Attach evidence files').setInputFiles(textFile('queue-sorted.csv'));
  await expect(page.getByRole('button', { name: 'Remove queue-sorted.csv' })).toBeVisible();
  await page.getByLabel('Your answer').fill('NWH-BIL-WS023');
  await page.getByRole('button', { name: 'Check answer' }).click();
  await expect(page.getByRole('region', { name: 'Answer check' }).getByRole('status')).toContainText('Correct');
  await completeStage(page, 'Decision');
}

async function completeStage(page: Page, next: string): Promise<void> {
  await page.getByRole('button', { name: 'Complete stage' }).click();
  const heading = page.getByRole('heading', { level: 2, name: next });
  await expect(heading).toBeVisible();
  await expect(heading).toBeFocused();
}

async function decide(page: Page, option: RegExp, next: string): Promise<void> {
  const options = page.getByRole('radiogroup', { name: 'Options' });
  await options.getByRole('radio', { name: option }).check();
  await page.getByRole('button', { name: 'Choose this option' }).click();
  const dialog = page.getByRole('dialog', { name: 'This decision is final' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Confirm decision' }).click();
  const heading = page.getByRole('heading', { level: 2, name: next });
  await expect(heading).toBeVisible();
  await expect(heading).toBeFocused();
}

async function reflectAndSubmit(page: Page, topic: string): Promise<void> {
  await page.getByLabel('Your reflection').fill(reflectionText(topic));
  await expect(page.getByText(/^✓ ?\d+ \/ 40 words$/)).toBeVisible();
  await expect(page.locator('.save-state')).toHaveText('Saved');
  const checklist = page.getByRole('region', { name: 'Before you submit' });
  await expect(checklist.getByText('Missing:')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Submit mission' })).toBeEnabled();
  await page.getByRole('button', { name: 'Submit mission' }).click();
  const dialog = page.getByRole('dialog', { name: 'Submit your mission?' });
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByText('Submitted', { exact: true })).toBeVisible();
}

test('SOC-01 through the escalate branch, then again through the close branch', async ({ app: page }) => {
  test.slow(); // two whole missions in one test
  await signIn(page);
  await startFromLibrary(page, 'SOC-01', SOC_TITLE);
  const path = page.getByRole('navigation', { name: 'Mission path' });
  await expect(path.locator('[aria-current="step"]')).toContainText('Work the overnight queue');
  await expect(page.getByRole('heading', { level: 2, name: 'Work the overnight queue' })).toBeVisible();
  await expect(page.getByText('No time limit')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Complete stage' })).toBeDisabled();
  await expect(page.getByText('Attach at least one evidence file.')).toBeVisible();
  await screenshot(page, 'run-task-1280-light');
  await expectAccessible(page, 'workspace task stage');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, 'run-task-1920-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(300); // let colour transitions settle before the picture
  await screenshot(page, 'run-task-1920-dark');
  await expectAccessible(page, 'workspace task stage, dark');
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, 'run-task-1280-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForTimeout(300);

  // Evidence: the rules come first, in words; wrong files are refused before any upload.
  const evidence = page.getByRole('region', { name: 'Evidence' });
  await expect(evidence.getByText('Accepted: .png, .txt, .csv · up to 3 files · 50 MB each')).toBeVisible();
  await page.getByLabel('Attach evidence files').setInputFiles({ name: 'dropper.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
  await expect(evidence.getByText(/Not accepted: dropper\.exe/)).toBeVisible();
  await page.getByLabel('Attach evidence files').setInputFiles(['a.txt', 'b.txt', 'c.txt', 'd.txt'].map((n) => textFile(n)));
  await expect(evidence.getByRole('alert')).toContainText('at most 3 files');
  await expect(evidence.getByText('No files attached yet.')).toBeVisible();
  await page.getByLabel('Attach evidence files').setInputFiles([textFile('queue-sorted.csv'), textFile('wrong-one.txt')]);
  await expect(evidence.locator('.evidence-name', { hasText: 'queue-sorted.csv' })).toBeVisible();
  await page.getByRole('button', { name: 'Remove wrong-one.txt' }).click();
  await expect(page.getByRole('button', { name: 'Remove wrong-one.txt' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Remove queue-sorted.csv' })).toBeVisible();
  await expect(page.getByText('Attach at least one evidence file.')).toHaveCount(0);
  await screenshot(page, 'run-evidence-attached');
  await expectAccessible(page, 'evidence attached');

  // The answer check: wrong, then right.
  const check = page.getByRole('region', { name: 'Answer check' });
  await page.getByLabel('Your answer').fill('NWH-BIL-WS001');
  await page.getByRole('button', { name: 'Check answer' }).click();
  await expect(check.getByRole('status')).toContainText('Not correct — 4 attempts left');
  await page.getByLabel('Your answer').fill('NWH-BIL-WS023');
  await page.getByRole('button', { name: 'Check answer' }).click();
  await expect(check.getByRole('status')).toContainText('Correct');
  await expect(page.getByLabel('Your answer')).toBeDisabled();

  // A hint, behind a confirmation that names its penalty; the next one waits on its delay.
  const hints = page.getByRole('region', { name: 'Hints' });
  await hints.getByRole('button', { name: 'Reveal hint 1 (−5 points)' }).click();
  const hintDialog = page.getByRole('dialog', { name: 'Reveal this hint?' });
  await expect(hintDialog).toContainText('5 points');
  await hintDialog.getByRole('button', { name: 'Reveal hint' }).click();
  await expect(hints.getByText(/Sort the export by host, then by time/)).toBeVisible();
  await expect(hints.getByText(/Available in \d+:\d\d$/)).toBeVisible();
  await expect(hints.getByRole('button', { name: 'Reveal hint 2 (−10 points)' })).toBeDisabled();
  await expect(page.getByText('Hint penalties: −5 points')).toBeVisible();

  // Tools used: a suggested one and one of the learner's own.
  const tools = page.getByRole('group', { name: 'Tools used' });
  await tools.getByRole('checkbox', { name: 'splunk' }).check();
  await expect(tools.getByRole('checkbox', { name: 'splunk' })).toBeChecked();
  await page.getByLabel('Add a tool').fill('csvkit');
  await tools.getByRole('button', { name: 'Add' }).click();
  await expect(tools.getByRole('checkbox', { name: 'csvkit' })).toBeChecked();
  await screenshot(page, 'run-hints-revealed');
  await expectAccessible(page, 'hints revealed');

  // The decision: only offered options, a final-choice confirmation, the path graph beside it.
  await completeStage(page, 'Decision');
  await expect(path.locator('[aria-current="step"]')).toContainText('Decision');
  const graph = page.getByRole('figure', { name: 'Your path so far' });
  await expect(graph).toContainText('Work the overnight queue');
  await expect(graph.locator('.visually-hidden')).toContainText('1. task “Work the overnight queue”, done.');
  await expect(page.getByRole('radiogroup', { name: 'Options' }).getByRole('radio')).toHaveCount(2);
  await screenshot(page, 'run-decision');
  await expectAccessible(page, 'decision screen');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, 'run-decision-1920');
  await page.setViewportSize({ width: 1280, height: 800 });
  await decide(page, /^Escalate to Tier 2/, 'Escalate to Tier 2');
  await expect(path).toContainText('Chose: Escalate to Tier 2 as a true positive and request host isolation');

  // A recipe, opened, rated and closed in the sidebar without leaving the mission.
  const recipes = page.getByRole('complementary', { name: 'Recipes' });
  await expect(recipes.getByRole('heading', { name: 'Recommended for this stage' })).toBeVisible();
  await recipes.getByLabel('Search recipes').fill('nmap');
  await expect(recipes.getByRole('button', { name: /Discover services with nmap/ })).toBeVisible();
  await expect(recipes.getByRole('button', { name: /Brief executives/ })).toHaveCount(0);
  await recipes.getByLabel('Search recipes').fill('');
  const recommended = recipes.getByRole('region', { name: 'Recommended for this stage' }).getByRole('button').first();
  const recipeTitle = ((await recommended.locator('.recipe-item-title').textContent()) ?? '').trim();
  await recommended.click();
  await expect(recipes.getByRole('heading', { level: 3, name: recipeTitle })).toBeVisible();
  await expect(recipes.locator('.recipe-meta')).toContainText(/\d+ min/);
  await recipes.getByRole('group', { name: 'Rate this recipe' }).locator('label', { hasText: '4 of 5' }).click();
  await expect(recipes.getByRole('radio', { name: '4 of 5' })).toBeChecked();
  await expect(recipes.getByText('You rated it 4 of 5.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Escalate to Tier 2' })).toBeVisible();
  await recipes.evaluate((aside: { scrollTop: number }) => {
    aside.scrollTop = 0;
  });
  await screenshot(page, 'run-recipe-open');
  await expectAccessible(page, 'recipe open in the sidebar');
  await recipes.getByRole('button', { name: 'Close recipe' }).click();
  await expect(recipes.getByRole('heading', { name: 'All recipes' })).toBeVisible();

  await completeStage(page, 'Hand over the shift');
  await completeStage(page, 'Reflection');
  await expect(path.locator('[aria-current="step"]')).toContainText('Reflection and submission');
  await expect(page.getByText(/Which alerts took you longest to rule out/)).toBeVisible();
  await page.getByLabel('Your reflection').fill('Too short.');
  await expect(page.getByText('2 / 40 words')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Before you submit' }).getByText('Missing:').first()).toBeVisible();
  await page.getByLabel('Your reflection').fill(reflectionText('phishing'));
  await expect(page.locator('.save-state')).toHaveText('Saved');
  await expect(page.getByRole('region', { name: 'Before you submit' }).getByText('Missing:')).toHaveCount(0);
  await screenshot(page, 'run-reflection-checklist');
  await expectAccessible(page, 'reflection and checklist');
  await reflectAndSubmit(page, 'phishing');

  // The read-only summary.
  await expect(page.getByRole('heading', { level: 1, name: SOC_TITLE })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Mission path' })).toHaveCount(0);
  const summaryPath = page.getByRole('region', { name: 'Your path' });
  await expect(summaryPath).toContainText('Chose: Escalate to Tier 2 as a true positive and request host isolation');
  const stages = page.getByRole('region', { name: 'Stages' });
  await expect(stages.getByText('queue-sorted.csv')).toBeVisible();
  await expect(stages.getByText(/✓ Correct · 2 attempts/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Reflection' })).toContainText('grouping them by host first');
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await screenshot(page, 'run-summary');
  await expectAccessible(page, 'read-only summary');

  // Again, through the close branch.
  await page.getByRole('button', { name: 'Back to missions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Missions' })).toBeVisible();
  await startFromLibrary(page, 'SOC-01', SOC_TITLE);
  await expect(page.getByRole('button', { name: 'Remove queue-sorted.csv' })).toHaveCount(0);
  await finishTriage(page);
  await decide(page, /^Close as a false positive/, 'The shift lead reopens your ticket');
  await expect(path).toContainText('Chose: Close as a false positive');
  await completeStage(page, 'Hand over the shift');
  await completeStage(page, 'Reflection');
  await reflectAndSubmit(page, 'proxy');
  await expect(page.getByRole('region', { name: 'Your path' })).toContainText('Chose: Close as a false positive (an Office add-in updating from a CDN)');
  await expect(page.getByRole('region', { name: 'Your path' })).toContainText('The shift lead reopens your ticket');
});

test('PHISH-01 quiz: answers are submitted once and each question shows its outcome', async ({ app: page, outpost }) => {
  await signIn(page);
  await startAndOpen(page, outpost, 'PHISH-01', PHISH_TITLE);
  const quiz = page.getByRole('region', { name: 'Quiz' });
  await quiz.getByRole('button', { name: 'Submit quiz' }).click();
  await expect(quiz.getByRole('alert')).toContainText('3 questions still without an answer');

  await quiz.getByRole('group', { name: /spf=pass/ }).getByRole('radio', { name: /198\.51\.100\.23 is allowed/ }).check();
  const indicators = quiz.getByRole('group', { name: /genuine warning signs/ });
  await indicators.getByRole('checkbox', { name: /replaces the letter m/ }).check();
  await indicators.getByRole('checkbox', { name: /Replies would go/ }).check();
  await indicators.getByRole('checkbox', { name: /encrypted connection/ }).check();
  await quiz.getByRole('textbox', { name: /Which sending domain/ }).fill('harrowrnere-medical.example');
  await quiz.getByRole('button', { name: 'Submit quiz' }).click();

  const outcomes = quiz.locator('.question-outcome');
  await expect(outcomes).toHaveCount(3);
  await expect(outcomes.nth(0)).toContainText('Right');
  await expect(outcomes.nth(1)).toContainText('Partly right');
  await expect(outcomes.nth(2)).toContainText('Right');
  await expect(quiz.getByText(/^You scored [\d.]+ of 8 points$/)).toBeVisible();
  await expect(quiz.getByRole('button', { name: 'Submit quiz' })).toHaveCount(0);
  await expect(quiz.getByRole('radio').first()).toBeDisabled();
  await quiz.scrollIntoViewIfNeeded();
  await screenshot(page, 'run-quiz-result');
  await expectAccessible(page, 'quiz result');

  // The result is the engine's: it is still there after a reload, and the quiz stays closed.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Quiz' }).locator('.question-outcome').nth(1)).toContainText('Partly right');
  await expect(page.getByRole('region', { name: 'Quiz' }).getByRole('button', { name: 'Submit quiz' })).toHaveCount(0);
});

test('a timed mission warns as the deadline nears and submits itself when it passes', async ({ app: page, outpost }) => {
  await signIn(page);
  await startAndOpen(page, outpost, 'PHISH-01', PHISH_TITLE);
  const timer = page.getByRole('timer', { name: 'Time left' });
  await expect(timer).toHaveText(/^(45:00|44:5\d)$/);

  outpost.clock.advance(34 * MINUTE);
  outpost.engine.tick();
  await expect(page.getByText(/Three quarters of the time is used\./)).toBeVisible();
  await expect(timer).toHaveText(/^(11:00|10:5\d)$/);
  await expect(page.getByText('Time is running low')).toBeVisible();
  await screenshot(page, 'run-timer-warning');

  outpost.clock.advance(7 * MINUTE);
  outpost.engine.tick();
  await expect(page.getByText('Almost out of time')).toBeVisible();

  outpost.clock.advance(5 * MINUTE);
  outpost.engine.tick();
  await expect(page.getByText('Time is up: your run was submitted as it stands.')).toBeVisible();
  await expect(page.getByText('Submitted', { exact: true })).toBeVisible();
  await expect(page.getByRole('timer')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: PHISH_TITLE })).toBeVisible();
  await expectAccessible(page, 'run submitted at the deadline');
});

test('a large evidence file shows how much of it the engine has added', async ({ app: page, outpost }) => {
  await signIn(page);
  await startAndOpen(page, outpost, 'SOC-01', SOC_TITLE);
  // A slow link, so the engine reads the upload for a few seconds and reports as it goes.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2 * 1024 * 1024 });
  const size = 8 * 1024 * 1024;
  await page.getByLabel('Attach evidence files').setInputFiles({ name: 'full-alert-export.csv', mimeType: 'text/csv', buffer: Buffer.alloc(size, 'host,rule\n') });
  const progress = page.getByRole('status').filter({ hasText: 'Adding full-alert-export.csv' });
  await expect(progress).toContainText(/\d+ %/);
  await expect(progress.getByRole('progressbar', { name: 'Adding full-alert-export.csv' })).toBeVisible();
  await page.getByRole('region', { name: 'Evidence' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'run-evidence-progress');
  await expect(page.getByRole('button', { name: 'Remove full-alert-export.csv' })).toBeVisible({ timeout: 20_000 });
  await expect(progress).toHaveCount(0);
  await expect(page.locator('.evidence-file').filter({ hasText: 'full-alert-export.csv' })).toContainText('8.0 MB');
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

test('hostile Markdown in a pack runs no script and loads nothing remote', async ({ app: page, outpost }) => {
  const hostile = [
    '<script>window.__pwned=1</script>',
    '<img src=x onerror="window.__pwned=2">',
    '[click](javascript:window.__pwned=3)',
    '![t](https://203.0.113.9/t.png)',
  ].join('\n\n');
  let files = validPackFiles('hostile-pack');
  files = editFile(files, 'missions/DEMO-01/story.md', (text) => `${text}\n${hostile}\n`);
  files = editFile(files, 'missions/DEMO-01/stages/find-host.md', (text) => `${text}\n${hostile}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'outpost-hostile-'));
  try {
    const report = await outpost.engine.importPack(writePackFolder(dir, files));
    expect(report.status).toBe('imported');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const remote: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('203.0.113.9')) remote.push(request.url());
  });

  await signIn(page);
  const pid = await profileId(outpost);
  await goToHash(page, `#/mission/${await missionId(outpost, pid, 'DEMO-01')}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Find the noisy host' })).toBeVisible();
  await startAndOpen(page, outpost, 'DEMO-01', 'Find the noisy host');
  const stage = page.getByRole('region', { name: 'Find the host' });
  await expect(stage.getByText('remote image not loaded')).toBeVisible();
  await stage.getByText('click', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Find the noisy host' })).toBeVisible();

  expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
  expect(await stage.locator('script').count()).toBe(0);
  const withHandlers = await page.evaluate("[...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on'))).length");
  expect(withHandlers).toBe(0);
  expect(await stage.locator('a[href^="javascript"]').count()).toBe(0);
  expect(remote).toEqual([]);
});

test("a mentor's review shows on the run summary with per-stage points and feedback", async ({ app: page, outpost }) => {
  await signIn(page);
  const pid = await profileId(outpost);
  const call = (method: string, input: Record<string, unknown>) => outpost.engine.call(method, { profileId: pid, ...input });
  const run = (await call('runs.start', { missionId: await missionId(outpost, pid, 'SOC-01') })) as { id: string };
  const runId = run.id;
  await outpost.engine.uploadEvidence({ profileId: pid, runId, stageId: 'triage', fileName: 'notes.txt' }, Readable.from([Buffer.from('sorted queue')]));
  await call('checks.answer', { runId, stageId: 'triage', answer: 'NWH-BIL-WS023' });
  await call('stages.complete', { runId, stageId: 'triage' });
  await call('decisions.take', { runId, stageId: 'verdict', optionId: 'escalate' });
  await call('stages.complete', { runId, stageId: 'escalate-incident' });
  await call('stages.complete', { runId, stageId: 'shift-report' });
  await call('reflection.save', { runId, text: reflectionText('email') });
  await call('runs.submit', { runId });

  // A final review, written straight into the tables the way the review screen stores it.
  const mentor = (await outpost.engine.call('profiles.create', { displayName: 'Grace Hopper', role: 'mentor' })) as { id: string };
  const { db } = outpost.engine.ctx;
  const now = outpost.clock.now();
  db.run(db.q.insertInto('reviews').values({ id: 'review-1', run_id: runId, reviewer_id: mentor.id, status: 'final', feedback: 'Solid first shift. Scope before you escalate.', score: 78, passed: 1, created_at: now, updated_at: now }));
  db.run(
    db.q.insertInto('review_stages').values([
      { review_id: 'review-1', stage_id: 'triage', feedback: 'Good clustering; cite the alert ids in the sheet.', recipe_ids_json: '["triage-alert-queue"]' },
      { review_id: 'review-1', stage_id: 'escalate-incident', feedback: 'The second recipient was missed.', recipe_ids_json: '["writing-incident-updates"]' },
    ]),
  );
  db.run(
    db.q.insertInto('review_criteria').values([
      { review_id: 'review-1', stage_id: 'triage', criterion_id: 'accuracy', points: 4 },
      { review_id: 'review-1', stage_id: 'triage', criterion_id: 'method', points: 2 },
      { review_id: 'review-1', stage_id: 'escalate-incident', criterion_id: 'accuracy', points: 2 },
    ]),
  );
  db.run(db.q.updateTable('runs').set({ status: 'reviewed', reviewed_at: now, final_score: 78, passed: 1 }).where('id', '=', runId));
  const view = (await call('runs.get', { runId })) as { review: { stages: Array<{ stageId: string; maxPoints: number }> } };
  const max = view.review.stages[0]?.maxPoints;

  await goToHash(page, `#/run/${encodeURIComponent(runId)}`);
  await expect(page.getByRole('heading', { level: 1, name: SOC_TITLE })).toBeVisible();
  await expect(page.getByText('Reviewed', { exact: true })).toBeVisible();
  await expect(page.getByText('Score: 78 / 100')).toBeVisible();
  await expect(page.getByText('Passed', { exact: true })).toBeVisible();
  const review = page.getByRole('region', { name: 'Mentor review' });
  await expect(review).toContainText('Grace Hopper');
  await expect(review).toContainText('Solid first shift. Scope before you escalate.');
  const triage = review.getByRole('region', { name: 'Work the overnight queue' });
  await expect(triage.getByText(`6 of ${max} points`)).toBeVisible();
  await expect(triage.getByRole('row', { name: /Findings are correct and backed by evidence/ })).toContainText('4 of 4');
  await expect(triage).toContainText('Good clustering; cite the alert ids in the sheet.');
  const escalate = review.getByRole('region', { name: 'Escalate to Tier 2' });
  await expect(escalate.getByText(`2 of ${max} points`)).toBeVisible();
  await expect(escalate).toContainText('The second recipient was missed.');
  await review.scrollIntoViewIfNeeded();
  await screenshot(page, 'run-review');
  await expectAccessible(page, 'mentor review');

  // A recommended recipe opens in the recipe reader, on the summary.
  await triage.getByRole('button', { name: 'Triage an alert queue without drowning' }).click();
  const reader = page.getByRole('dialog', { name: 'Recipe' });
  await expect(reader.getByRole('heading', { level: 3, name: 'Triage an alert queue without drowning' })).toBeVisible();
  await screenshot(page, 'run-review-recipe');
  await expectAccessible(page, 'recipe from a review');
  await reader.getByRole('button', { name: 'Close recipe' }).click();
  await expect(reader).toHaveCount(0);
});
