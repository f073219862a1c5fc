// The run screen end to end: whole missions as a learner plays them (evidence, checks, hints, decisions,
// recipes, reflection, submission, summary), quizzes, hostile Markdown that runs nothing, and a
// mentor's review. What the engine pushes to the run screen is in run-live.spec.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editFile, validPackFiles, writePackFolder } from '../support/pack-fixture.ts';
import { submitSoc01 } from '../support/soc-playthrough.ts';
import { createProfileAs } from '../../electron/engine/access/sign-in.ts';
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures.ts';
import { completeStage, decide, finishTriage, goToHash, missionId, PHISH_TITLE, profileId, reflectAndSubmit, reflectionText, SOC_DECISION, SOC_TITLE, startAndOpen, startFromLibrary, textFile, ticketText, writeResponse } from './run-helpers.ts';

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
  await completeStage(page, SOC_DECISION);
  await expect(path.locator('[aria-current="step"]')).toContainText(SOC_DECISION);
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

  await writeResponse(page, ticketText('escalation'));
  await completeStage(page, 'Hand over the shift');
  await writeResponse(page, ticketText('handover'));
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
  await writeResponse(page, ticketText('reopened ticket'));
  await completeStage(page, 'Hand over the shift');
  await writeResponse(page, ticketText('handover'));
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
  await page.getByRole('dialog', { name: 'Submit the quiz?' }).getByRole('button', { name: 'Submit answers' }).click();

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

test('hostile Markdown in a pack runs no script and loads nothing remote', async ({ app: page, outpost, cspViolations }) => {
  const hostile = [
    '<script>window.__pwned=1</script>',
    '<img src=x onerror="window.__pwned=2">',
    '[click](javascript:window.__pwned=3)',
    '![t](https://203.0.113.9/t.png)',
    '[the guide](https://guide.example/phishing?from=pack)',
    '[plain web](http://203.0.113.9/plain)',
    '[local file](file:///etc/passwd)',
    '[inline page](data:text/html,hi)',
    '[another screen](#/import)',
    '<a href="http://203.0.113.9/raw" target="_self">raw anchor</a>',
    '<p style="position:fixed;inset:0;background:red">styled</p><style>body{display:none}</style>',
  ].join('\n\n');
  let files = validPackFiles('hostile-pack');
  files = editFile(files, 'missions/DEMO-01/story.md', (text) => `${text}\n${hostile}\n`);
  files = editFile(files, 'missions/DEMO-01/stages/find-host.md', (text) => `${text}\n${hostile}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'outpost-hostile-'));
  try {
    const report = await outpost.engine.importPack(writePackFolder(dir, files), { by: 'owner' });
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

  // Only https leads out: a new tab with no way back to Outpost and no referrer, the full address shown.
  const guide = stage.getByRole('link', { name: 'the guide' });
  await expect(guide).toHaveAttribute('href', 'https://guide.example/phishing?from=pack');
  await expect(guide).toHaveAttribute('target', '_blank');
  await expect(guide).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(guide).toHaveAttribute('title', 'https://guide.example/phishing?from=pack');
  const referers: Array<string | undefined> = [];
  await page.context().route('https://guide.example/**', (route) => {
    referers.push(route.request().headers().referer);
    return route.fulfill({ status: 200, contentType: 'text/plain', body: 'outside Outpost' });
  });
  const [tab] = await Promise.all([page.context().waitForEvent('page'), guide.click()]);
  await tab.waitForLoadState();
  expect(tab.url()).toBe('https://guide.example/phishing?from=pack');
  expect(await tab.evaluate('window.opener')).toBeNull();
  expect(referers).toEqual([undefined]);
  await tab.close();

  // Every other link keeps its words and shows where it pointed, but is no link at all.
  const notLinks: Array<[name: string, address: string]> = [
    ['click', 'javascript:window.__pwned=3'],
    ['plain web', 'http://203.0.113.9/plain'],
    ['local file', 'file:///etc/passwd'],
    ['inline page', 'data:text/html,hi'],
    ['another screen', '#/import'],
    ['raw anchor', 'http://203.0.113.9/raw'],
  ];
  for (const [name, address] of notLinks) {
    await expect(stage.getByRole('link', { name })).toHaveCount(0);
    await expect(stage.getByText(name, { exact: true })).toHaveAttribute('title', address);
  }
  expect(await stage.locator('a:not([href^="https:"]):not([data-pack-path])').count()).toBe(0);
  await stage.getByText('plain web', { exact: true }).click();
  await stage.getByText('another screen', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Find the noisy host' })).toBeVisible();

  // Style attributes and <style> from a pack never reach the page. The browser parses the pack's HTML
  // for the sanitiser before anything is dropped, and the page's policy refuses the inline handler and
  // styles at that point already: those refusals, and nothing else, are expected here.
  expect(await stage.locator('[style], style').count()).toBe(0);
  await expect(stage.getByText('styled', { exact: true })).toBeVisible();
  const refused = cspViolations.splice(0);
  expect(refused.filter((report) => !/^(script-src-attr|style-src-attr|style-src-elem) refused inline /.test(report))).toEqual([]);
  expect(remote).toEqual([]);
});

test("a mentor's review shows on the run summary with per-stage points and feedback", async ({ app: page, outpost }) => {
  await signIn(page);
  const pid = await profileId(outpost);
  const call = (method: string, input: Record<string, unknown>) => outpost.engine.call(method, { profileId: pid, ...input });
  const runId = await submitSoc01(outpost.engine, pid, {
    evidence: [{ fileName: 'notes.txt', bytes: Buffer.from('sorted queue') }],
    escalation: ticketText('escalation'),
    handover: ticketText('handover'),
    reflection: reflectionText('email'),
  });

  // A final review, written straight into the tables the way the review screen stores it.
  const mentor = await createProfileAs(outpost.engine.ctx, { displayName: 'Grace Hopper', role: 'mentor', passphrase: 'mentor passphrase' }, 'owner');
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
