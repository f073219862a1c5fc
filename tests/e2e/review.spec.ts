// Mentor review end to end: a learner submits SOC-01, a mentor (with a passphrase) claims it and scores
// it stage by stage from the keyboard, the draft survives a reload, the run goes back once for rework,
// the learner revises and resubmits, the mentor passes it, and the learner reads the scores, the
// breakdown, the feedback and the recommended recipes. A learner has no way into the review screens.
import type { Locator, Page } from '@playwright/test';
import { submitSoc01 } from '../support/soc-playthrough.ts';
import { addMentor, ADMIN_NAME, expect, lightAndDark, MENTOR_NAME, MENTOR_PASSPHRASE, signIn, signInAsAdmin, signInAsMentor, test } from './fixtures.ts';
import { goToHash, profileId, reflectionText, SOC_TITLE, ticketText, type Outpost } from './run-helpers.ts';

const LOG_LINES = ['06:12:41 mail NWH-BIL-WS023 invoice.docm delivered', '06:14:02 edr NWH-BIL-WS023 winword.exe spawned powershell.exe', '06:18:00 proxy NWH-BIL-WS023 beacon 185.220.101.4'];
// A 1×1 PNG, enough to be previewed as an image.
const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkaPhfDwAEhAH/6gqFYQAAAABJRU5ErkJggg==', 'base64');
const RECIPE = 'Triage an alert queue without drowning';
const REWORK = 'Cite the alert ids behind the verdict in your reflection, then resubmit.';

/** SOC-01 along its escalation path, through the API: only the submission matters here. */
function submitSoc(outpost: Outpost, pid: string): Promise<string> {
  return submitSoc01(outpost.engine, pid, {
    evidence: [
      { fileName: 'queue-notes.txt', bytes: Buffer.from(LOG_LINES.join('\n') + '\n') },
      { fileName: 'edr-tree.png', bytes: PIXEL_PNG },
    ],
    escalation: ticketText('escalation'),
    handover: ticketText('handover'),
    reflection: reflectionText('email'),
  });
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /switch profile/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Who is working today?' })).toBeVisible();
}

async function signBackIn(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name }).click();
  await expect(page.getByRole('heading', { name: 'Missions' })).toBeVisible();
}

/** Picks levels with the digit keys, criterion after criterion: focus the first, then a key and Tab for each. */
async function scoreWithKeys(page: Page, stage: Locator, digits: string[]): Promise<void> {
  await stage.getByRole('radio').first().focus();
  for (const [i, digit] of digits.entries()) {
    if (i > 0) await page.keyboard.press('Tab');
    await page.keyboard.press(digit);
  }
}

test('a mentor claims, scores stage by stage, returns once, then passes a run; the learner reads the review', async ({ app: page, outpost }) => {
  test.slow(); // two submissions, two reviews, four sign-ins
  await addMentor(outpost);
  await page.reload();
  await signIn(page);
  const runId = await submitSoc(outpost, await profileId(outpost));
  await signOut(page);

  // The queue: the run waits, with its facts, until the mentor claims it.
  await signInAsMentor(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Reviews' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Review queue' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'SOC-01' });
  await expect(row).toContainText(SOC_TITLE);
  await expect(row).toContainText('Ada Lovelace');
  await expect(row).toContainText('Waiting');
  await expect(row).toContainText('First');
  await lightAndDark(page, 'review-queue', 'review queue');
  await row.getByRole('button', { name: /^Claim/ }).click();
  await expect(row).toContainText(MENTOR_NAME);
  await expect(row.getByRole('button', { name: /^Release/ })).toBeVisible();
  await row.getByRole('button', { name: /^Open/ }).click();

  // The first stage: the learner's work, then the rubric from the keyboard.
  await expect(page.getByRole('heading', { level: 1, name: SOC_TITLE })).toBeVisible();
  const stage = page.locator('.scoring-stage');
  await expect(stage.getByRole('heading', { level: 2, name: 'Work the overnight queue' })).toBeVisible();
  const log = stage.getByRole('region', { name: 'queue-notes.txt, 3 lines' });
  await expect(log.getByRole('listitem')).toHaveText(LOG_LINES);
  await expect(stage.getByRole('img', { name: 'Evidence: edr-tree.png' })).toBeVisible();
  await expect(stage).toContainText('✓ Correct');
  await expect(stage.getByText(/Keys: with a criterion in focus/)).toBeVisible();
  await scoreWithKeys(page, stage, ['4', '3', '3', '3']);
  await expect(stage.getByRole('radio', { name: /Correct and fully evidenced/ })).toBeChecked();
  await expect(stage.getByRole('radio', { name: /Proportionate with trade-offs stated/ })).toBeChecked();
  await expect(stage.getByText('11 of 12 points · 4 of 4 criteria')).toBeVisible();
  await stage.getByLabel('Comment on this stage').fill('Good clustering; cite the alert ids next time.');
  await stage.getByLabel('Find another recipe').fill('triage');
  await stage.getByRole('list', { name: 'Recipes found' }).getByRole('checkbox', { name: new RegExp(RECIPE) }).check();
  await expect(stage.getByRole('list', { name: 'Recommended with this stage' })).toContainText(RECIPE);
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  const side = page.getByRole('complementary', { name: 'Score' });
  await expect(side.getByRole('row').filter({ hasText: 'Work the overnight queue' })).toContainText('11 of 12');
  await page.evaluate(() => window.scrollTo(0, 0));
  await lightAndDark(page, 'review-scoring', 'scoring sheet');

  // The decision, with the option not taken.
  await page.getByRole('button', { name: 'Next stage' }).click();
  await expect(stage.getByRole('heading', { level: 2, name: 'Disposition of the alert cluster' })).toBeVisible();
  await expect(stage.getByText('Escalate to Tier 2 as a true positive and request host isolation')).toBeVisible();
  await expect(stage.getByText('Close as a false positive (an Office add-in updating from a CDN)')).toBeVisible();
  await page.getByRole('button', { name: 'Next stage' }).click();
  await expect(stage.getByRole('heading', { level: 2, name: 'Escalate to Tier 2' })).toBeVisible();
  await scoreWithKeys(page, stage, ['4', '4', '3', '3']);
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  await expect(side).toContainText('Still to score: Hand over the shift');

  // The draft is the engine's: a reload brings it back.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: SOC_TITLE })).toBeVisible();
  await expect(stage.getByRole('radio', { name: /Correct and fully evidenced/ })).toBeChecked();
  await expect(stage.getByLabel('Comment on this stage')).toHaveValue('Good clustering; cite the alert ids next time.');
  await expect(side.getByRole('row').filter({ hasText: 'Work the overnight queue' })).toContainText('11 of 12');

  // Back for rework: the comment is required.
  await page.getByRole('button', { name: 'Return for rework' }).click();
  const returning = page.getByRole('dialog', { name: 'Return for rework' });
  await expect(returning.getByRole('button', { name: 'Return for rework' })).toBeDisabled();
  await returning.getByLabel(/What should Ada Lovelace change/).fill(REWORK);
  await returning.getByRole('button', { name: 'Return for rework' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Review queue' })).toBeVisible();
  await signOut(page);

  // The learner reads the comment at the top of the run, revises the reflection and resubmits.
  await signBackIn(page, 'Ada Lovelace');
  await goToHash(page, `#/run/${encodeURIComponent(runId)}`);
  const note = page.getByRole('region', { name: /Returned for rework/ });
  await expect(note).toContainText(REWORK);
  await expect(page.getByRole('button', { name: 'Abandon run' })).toHaveCount(0);
  await lightAndDark(page, 'review-rework', 'run returned for rework');
  await page.getByLabel('Your reflection').fill(`${reflectionText('email')} The alert ids were 4411, 4415 and 4420.`);
  await page.getByRole('button', { name: 'Resubmit' }).click();
  await page.getByRole('dialog', { name: 'Resubmit your mission?' }).getByRole('button', { name: 'Resubmit' }).click();
  await expect(page.getByText('Waiting for a mentor\'s review')).toBeVisible();
  await signOut(page);

  // The second submission: scored again and passed.
  await signInAsMentor(page);
  await nav.getByRole('link', { name: 'Reviews' }).click();
  await expect(row).toContainText('Second');
  await row.getByRole('button', { name: /^Open/ }).click();
  await expect(stage.getByRole('heading', { level: 2, name: 'Work the overnight queue' })).toBeVisible();
  await scoreWithKeys(page, stage, ['4', '3', '3', '3']);
  await stage.getByLabel('Comment on this stage').fill('Good clustering; the alert ids are in now.');
  await stage.getByLabel('Find another recipe').fill('triage');
  await stage.getByRole('list', { name: 'Recipes found' }).getByRole('checkbox', { name: new RegExp(RECIPE) }).check();
  await page.getByRole('button', { name: 'Next stage' }).click();
  await expect(stage.getByRole('heading', { level: 2, name: 'Disposition of the alert cluster' })).toBeVisible();
  await page.getByRole('button', { name: 'Next stage' }).click();
  await expect(stage.getByRole('heading', { level: 2, name: 'Escalate to Tier 2' })).toBeVisible();
  await scoreWithKeys(page, stage, ['4', '4', '3', '3']);
  await page.getByRole('button', { name: 'Next stage' }).click();
  await expect(stage.getByRole('heading', { level: 2, name: 'Hand over the shift' })).toBeVisible();
  await scoreWithKeys(page, stage, ['3', '3', '3', '3']);
  await page.getByRole('button', { name: 'Next: overall and finish' }).click();
  await page.getByLabel('Overall comment').fill('Solid first shift. Scope before you escalate.');
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Submissions and reviews' })).toContainText('Returned for rework');
  await page.getByRole('button', { name: 'Finish review' }).click();
  const finishing = page.getByRole('dialog', { name: 'Finish this review?' });
  await expect(finishing).toContainText('passes');
  await finishing.getByRole('button', { name: 'Finish review' }).click();
  await expect(side.getByRole('status').filter({ hasText: /Review finished: .* passed/ })).toBeVisible();
  await signOut(page);

  // The learner's review: scores, breakdown, feedback and the recipe.
  await signBackIn(page, 'Ada Lovelace');
  await goToHash(page, `#/run/${encodeURIComponent(runId)}`);
  const review = page.getByRole('region', { name: 'Mentor review' });
  await expect(review).toContainText(`Reviewed by ${MENTOR_NAME}`);
  await expect(review).toContainText('Solid first shift. Scope before you escalate.');
  const breakdown = review.getByRole('region', { name: 'How the score was reached' });
  await expect(breakdown.getByRole('row').filter({ hasText: 'Work the overnight queue' })).toContainText('11 of 12');
  await expect(breakdown).toContainText('Passes');
  await expect(review).toContainText('Good clustering; the alert ids are in now.');
  await expect(review.getByRole('button', { name: RECIPE })).toBeVisible();
  // The mentor's own messages fade before the learner's pictures are taken.
  await expect(page.locator('.notice')).toHaveCount(0, { timeout: 10_000 });
  await lightAndDark(page, 'review-learner', "learner's review");
});

test('a learner has no Reviews link, and the review address says it is for mentors', async ({ app: page, outpost }) => {
  await signIn(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'My runs' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Reviews' })).toHaveCount(0);
  await goToHash(page, '#/review');
  await expect(page.getByRole('note')).toContainText('Reviews are for mentors');
  await expect(page.getByRole('table')).toHaveCount(0);
  await lightAndDark(page, 'review-not-for-learners', 'review queue, learner');
  await goToHash(page, '#/review/some-run');
  await expect(page.getByRole('note')).toContainText('Reviews are for mentors');
  // The engine refuses the learner too, whatever the screen shows.
  await expect(outpost.engine.call('reviews.queue', {})).rejects.toMatchObject({ code: 'forbidden' });
});

test("an admin takes over a mentor's claim; the filters narrow the queue and say when nothing matches", async ({ app: page, outpost }) => {
  const mentorId = await addMentor(outpost);
  await page.reload();
  await signIn(page);
  await submitSoc(outpost, await profileId(outpost));
  // The mentor claims the run on another PC of the lab, as far as this one can tell.
  await outpost.engine.call('profiles.select', { profileId: mentorId, passphrase: MENTOR_PASSPHRASE });
  await outpost.engine.call('reviews.claim', { runId: ((await outpost.engine.call('reviews.queue', {})) as Array<{ runId: string }>)[0]!.runId });
  await outpost.engine.call('profiles.signOut', {});
  await expect(page.getByRole('heading', { name: 'Who is working today?' })).toBeVisible();

  await signInAsAdmin(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' }).click();
  const row = page.getByRole('row').filter({ hasText: 'SOC-01' });
  await expect(row).toContainText(MENTOR_NAME);
  await expect(row).toContainText('Claimed');
  await page.getByLabel('Status').selectOption('reviewed');
  await expect(page.getByRole('heading', { name: 'No runs match these filters' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Learner').selectOption({ label: 'Ada Lovelace' });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: /^Take over/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: SOC_TITLE })).toBeVisible();
  await expect(page.locator('.scoring-facts')).toContainText(`claimed by ${ADMIN_NAME}`);
});
