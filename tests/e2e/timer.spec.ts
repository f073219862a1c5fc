// The clock of a timed run as a learner lives with it: the countdown stays in sight however far the
// stage is scrolled, a deadline warning stays until it is dismissed, and a run the deadline submits
// or locks unfinished says so on its summary, with what was missing then.
import type { Page } from '@playwright/test';
import { NOTICE_MS } from '../../renderer/stores/notice-timing.ts';
import { grantPassed } from '../support/engine-fixture.ts';
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures.ts';
import { goToHash, MINUTE, missionId, PHISH_TITLE, profileId, type Outpost } from './run-helpers.ts';

/**
 * Lets run time pass the way the engine's ticker sees it, in steps short enough that the learner
 * counts as present (a lab PC left alone signs its user out) and with a tick after each.
 */
async function passTime(outpost: Outpost, ms: number, who: { profileId: string; runId: string }): Promise<void> {
  for (let left = ms; left > 0; left -= 5 * MINUTE) {
    outpost.clock.advance(Math.min(left, 5 * MINUTE));
    await outpost.engine.call('runs.get', who);
    outpost.engine.tick();
  }
}

async function inDark(page: Page, name: string, label: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(300); // let colour transitions settle before the picture
  await screenshot(page, name);
  await expectAccessible(page, label);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForTimeout(300);
}

/** PHISH-01 started through the API: quiz answered, at "Scope the campaign" with no evidence, a 15-word reflection. */
async function phishLeftUnfinished(outpost: Outpost): Promise<{ profileId: string; runId: string }> {
  const pid = await profileId(outpost);
  const run = (await outpost.engine.call('runs.start', { profileId: pid, missionId: await missionId(outpost, pid, 'PHISH-01') })) as { id: string };
  const who = { profileId: pid, runId: run.id };
  await outpost.engine.call('checks.quiz', { ...who, stageId: 'header-analysis', responses: { 'spf-meaning': [1], indicators: [0, 1, 2, 3], 'block-domain': 'harrowrnere-medical.example' } });
  await outpost.engine.call('stages.complete', { ...who, stageId: 'header-analysis' });
  await outpost.engine.call('reflection.save', { ...who, text: 'The lookalike domain gave it away; I would check the sender domain letter by letter.' });
  return who;
}

test('the countdown stays in sight at the bottom of a long stage, and a deadline warning stays until dismissed', async ({ app: page, outpost }) => {
  await signIn(page);
  await page.getByRole('link', { name: /^PHISH-01/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: PHISH_TITLE })).toBeVisible();
  await expect(page.getByText('The clock starts with the mission and keeps running when you leave it, even while Outpost is closed.')).toBeVisible();
  await screenshot(page, 'timer-briefing');
  await inDark(page, 'timer-briefing-dark', 'timed briefing, dark');
  await page.getByRole('button', { name: 'Start mission' }).click();
  await expect(page.getByRole('navigation', { name: 'Mission path' })).toBeVisible();
  const timer = page.getByRole('timer', { name: 'Time left' });
  await expect(timer).toHaveText(/^(45:00|44:5\d)$/);
  await expect(page.getByText('At 0:00 the run is submitted as it stands.')).toBeVisible();
  // The countdown is not a live region: only the warnings are announced, once each.
  await expect(timer).not.toHaveAttribute('aria-live', /polite|assertive/);
  await screenshot(page, 'timer-bar-top');
  await inDark(page, 'timer-bar-top-dark', 'timer bar, dark');

  await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
  await expect.poll(() => page.evaluate('window.scrollY')).toBeGreaterThan(400);
  await expect(page.getByRole('heading', { level: 1, name: PHISH_TITLE })).not.toBeInViewport();
  await expect(timer).toBeInViewport();
  await expect(page.getByRole('button', { name: 'Submit quiz' })).toBeInViewport();
  await screenshot(page, 'timer-bar-scrolled');
  await inDark(page, 'timer-bar-scrolled-dark', 'timer bar scrolled, dark');

  const who = { profileId: await profileId(outpost), runId: decodeURIComponent((await page.evaluate('window.location.hash') as string).replace('#/run/', '')) };
  await passTime(outpost, 23 * MINUTE, who);
  const urgent = page.getByRole('alert');
  const warning = urgent.locator('.notice').filter({ hasText: 'Half of the time for this mission is used.' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText(/2[12]:\d\d remaining\./);
  await expect(timer).toBeInViewport();
  // Ordinary notices leave after NOTICE_MS; this one waits for the learner.
  await page.waitForTimeout(NOTICE_MS + 1000);
  await expect(warning).toBeVisible();
  await screenshot(page, 'timer-warning-kept');
  await expectAccessible(page, 'timer warning kept');
  await inDark(page, 'timer-warning-kept-dark', 'timer warning kept, dark');

  await warning.getByRole('button', { name: 'Dismiss message' }).click();
  await expect(urgent.locator('.notice')).toHaveCount(0);
  // Later ticks do not bring a warning back that was given already.
  await passTime(outpost, 2 * MINUTE, who);
  await expect(timer).toHaveText(/^(20:00|19:5\d)$/);
  await expect(urgent.locator('.notice')).toHaveCount(0);
});

test('an unfinished run submitted at its deadline says so on its summary and lists what was missing', async ({ app: page, outpost }) => {
  await signIn(page);
  const who = await phishLeftUnfinished(outpost);
  await goToHash(page, `#/run/${encodeURIComponent(who.runId)}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Scope the campaign' })).toBeVisible();

  await passTime(outpost, 46 * MINUTE, who);
  const ending = page.getByRole('region', { name: 'Submitted automatically at the deadline' });
  await expect(ending).toBeVisible();
  await expect(page.getByText('Submitted', { exact: true })).toBeVisible();
  const missing = ending.getByRole('list', { name: 'Missing from the submission checklist at that moment:' }).getByRole('listitem');
  await expect(missing.first()).toHaveText(/^Reach the end of the mission/);
  await expect(missing.filter({ hasText: 'Evidence for "Scope the campaign"' })).toHaveText('Evidence for "Scope the campaign" · No file attached yet.');
  await expect(missing.filter({ hasText: 'Write the reflection' })).toHaveText('Write the reflection · 15 of at least 40 words');
  const missingCount = await missing.count();
  await expect(ending.getByText(/^Time ran out on /)).toBeVisible();
  // The warnings before it gave way to the last word about this clock, which stays.
  await expect(page.getByRole('alert').locator('.notice')).toHaveText(['Time is up: your run was submitted as it stands.']);
  await screenshot(page, 'timer-auto-submitted');
  await expectAccessible(page, 'run submitted automatically');
  await inDark(page, 'timer-auto-submitted-dark', 'run submitted automatically, dark');

  // The record belongs to the run, not to this screen.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Submitted automatically at the deadline' }).getByRole('listitem')).toHaveCount(missingCount);
});

test('a run locked at its deadline says so likewise', async ({ app: page, outpost }) => {
  await signIn(page);
  const pid = await profileId(outpost);
  grantPassed({ engine: outpost.engine, clock: outpost.clock }, pid, 'GRC-01');
  const run = (await outpost.engine.call('runs.start', { profileId: pid, missionId: await missionId(outpost, pid, 'GRC-02') })) as { id: string };
  await goToHash(page, `#/run/${encodeURIComponent(run.id)}`);
  await expect(page.getByText('At 0:00 the run is locked as it stands.')).toBeVisible();
  await passTime(outpost, 61 * MINUTE, { profileId: pid, runId: run.id });
  const ending = page.getByRole('region', { name: 'Locked at the deadline' });
  await expect(ending).toBeVisible();
  await expect(ending.getByRole('listitem').first()).toHaveText(/^Reach the end of the mission/);
  await expect(ending.getByRole('listitem').filter({ hasText: 'Write the reflection' })).toHaveText(/^Write the reflection · 0 of at least \d+ words$/);
  await screenshot(page, 'timer-locked');
  await inDark(page, 'timer-locked-dark', 'run locked at the deadline, dark');
});
