// Format 1.1 on the run screen: hints with titles in Markdown opened in any order and costed in stage
// points, several answers to find, a solution behind a confirmation, tags and the part totals.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format11Files, MISSION_CODE } from '../engine/format-1-1/format-1-1-pack.ts';
import { writePackFolder } from '../support/pack-fixture.ts';
import { expect, lightAndDark, signIn, test } from './fixtures.ts';
import { goToHash, missionId, profileId, startAndOpen, type Outpost } from './run-helpers.ts';

async function importFormat11(outpost: Outpost): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-format-11-'));
  try {
    const report = await outpost.engine.importPack(writePackFolder(dir, format11Files()), { by: 'owner' });
    expect(report.status).toBe('imported');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('hints open in any order with their titles and stage points; a penalised solution asks first and then shows', async ({ app: page, outpost }) => {
  await importFormat11(outpost);
  await signIn(page);
  // The briefing credits where the mission came from.
  await goToHash(page, `#/mission/${await missionId(outpost, await profileId(outpost), MISSION_CODE)}`);
  const facts = page.getByRole('complementary', { name: 'At a glance' });
  await expect(facts).toContainText('By A. Author');
  await expect(facts).toContainText('Adapted from A converted training (https://example.org/training)');
  await expect(facts).toContainText('Licence: CC-BY-4.0');
  await lightAndDark(page, 'format-1-1-briefing-credits', 'a briefing with credits');
  await startAndOpen(page, outpost, MISSION_CODE, 'Format one point one');
  await expect(page.getByRole('list', { name: 'Tags' })).toContainText('T1110');
  await expect(page.getByText('About 15 min')).toBeVisible();
  const hints = page.getByRole('region', { name: 'Hints' });
  // Both hints are offered at once, each with its title and what it costs the stage.
  await expect(hints.getByRole('button', { name: 'Reveal “Where to look” (−20 stage points)' })).toBeVisible();
  await hints.getByRole('button', { name: 'Reveal “What to run” (−30 stage points)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reveal this hint?' });
  await expect(dialog).toContainText('takes 30 points off this stage');
  await dialog.getByRole('button', { name: 'Reveal hint' }).click();
  // The hint is Markdown: its code is code, not backticks.
  await expect(hints.locator('.hint-text code')).toHaveText('ls -la');
  await expect(page.getByText('Hint penalties: −30 stage points')).toBeVisible();
  await expect(hints.getByRole('button', { name: /Where to look/ })).toBeVisible();
  await lightAndDark(page, 'format-1-1-hints', 'hints with titles in any order');

  const solution = page.getByRole('region', { name: 'Solution' });
  await solution.getByRole('button', { name: 'Show the solution (this stage then scores 0)' }).click();
  const confirm = page.getByRole('dialog', { name: 'Show the solution?' });
  await expect(confirm).toContainText("this stage's score to 0");
  await confirm.getByRole('button', { name: 'Show solution' }).click();
  await expect(solution.locator('code')).toHaveText('Ab-12');
  await expect(solution).toContainText('This stage scores 0');
  // The solution closes the hints left.
  await expect(hints).toContainText('The other hints are closed');
  await expect(hints.getByRole('button', { name: /Where to look/ })).toHaveCount(0);
  await lightAndDark(page, 'format-1-1-solution', 'a solution shown');
});

test('a check with several answers counts them found, and the summary gives training and assessment apart', async ({ app: page, outpost }) => {
  await importFormat11(outpost);
  await signIn(page);
  const runId = await startAndOpen(page, outpost, MISSION_CODE, 'Format one point one');
  const check = page.getByRole('region', { name: 'Answer check' });
  await check.getByRole('textbox', { name: 'Your answer' }).fill('Ab-12');
  await check.getByRole('button', { name: 'Check answer' }).click();
  await expect(check.getByRole('status')).toHaveText('✓ Correct');
  await page.getByRole('button', { name: 'Complete stage' }).click();

  await expect(page.getByRole('heading', { level: 2, name: 'Find both flags' })).toBeVisible();
  const both = page.getByRole('region', { name: 'Answer check' });
  const box = both.getByRole('textbox', { name: 'Your answer' });
  await box.fill('second');
  await both.getByRole('button', { name: 'Check answer' }).click();
  await expect(both.getByRole('status')).toHaveText('✓ Accepted: 1 of 2 answers found');
  await expect(box).toHaveValue('');
  await expect(both).toContainText('1 of 2 answers found · Unlimited attempts');
  await lightAndDark(page, 'format-1-1-several-answers', 'a check with several answers');
  await box.fill('first');
  await both.getByRole('button', { name: 'Check answer' }).click();
  await expect(both.getByRole('status')).toHaveText('✓ Correct: all 2 answers found');

  // The rest through the API; then the summary shows the one score and the two parts' points.
  const pid = await profileId(outpost);
  const call = (method: string, input: Record<string, unknown>) => outpost.engine.call(method as never, { profileId: pid, runId, ...input } as never);
  await call('stages.complete', { stageId: 'both' });
  await call('checks.answer', { stageId: 'closing', answer: 'x1' });
  await call('stages.complete', { stageId: 'closing' });
  await call('checks.quiz', { stageId: 'quiz', responses: { q1: [0] } });
  await call('stages.complete', { stageId: 'quiz' });
  await call('runs.submit', {});
  await page.reload();
  await expect(page.getByText('Training: 200 of 200 points · Assessment: 20 of 20 points')).toBeVisible();
  await lightAndDark(page, 'format-1-1-part-totals', 'a summary with training and assessment points');
});
