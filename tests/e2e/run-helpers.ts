// What the run-screen tests share: the sample pack's titles, starting a run through the API and
// opening it, and the steps of SOC-01 a learner repeats on both branches.
import type { Page } from '@playwright/test';
import { expect, type OutpostFixtures } from './fixtures.ts';

export type Outpost = OutpostFixtures['outpost'];

export const SOC_TITLE = 'First shift: triage the alert queue';
export const PHISH_TITLE = "The invoice that wasn't";
/** SOC-01's decision stage, by its own title. */
export const SOC_DECISION = 'Disposition of the alert cluster';
export const MINUTE = 60_000;

export const reflectionText = (topic: string): string =>
  `The ${topic} alerts took longest because I read them one by one instead of grouping them by host first. ` +
  'Next shift I will sort the export by host and time before opening anything, check change tickets early, ' +
  'and look for one workstation seen by several sensors within minutes, which is what gave the verdict away here.';

/** A written response long enough for any SOC-01 stage that asks for one (the longest minimum is 150 words). */
export const ticketText = (topic: string): string =>
  `## Summary\nThe ${topic} concerns NWH-BIL-WS023 in Billing, used by d.brennan. A macro in the invoice attachment ran ` +
  'PowerShell that downloaded a DLL into AppData, created a scheduled task that runs it every 15 minutes, and has beaconed ' +
  'to the command and control address every 60 seconds since 06:18 UTC. The activity is ongoing.\n\n' +
  '## Timeline (UTC)\n- 06:12:41 the email arrives for two recipients in Billing.\n- 06:14 the attachment is opened and the macro runs.\n' +
  '- 06:16 the DLL is written and the scheduled task is created.\n- 06:18 the first beacon leaves through the proxy, then one a minute.\n\n' +
  '## Actions\n1. Isolate the host through the EDR console and keep it powered on for memory capture.\n' +
  '2. Purge the message from both mailboxes and block the sending domain and the address at the gateway and the proxy.\n' +
  '3. Reset the password of d.brennan, revoke her sessions and check the second recipient for the same beacon pattern.\n' +
  '4. Keep the export, the process tree and the proxy lines with their hashes as evidence for Tier 2 and note who holds them.';

/** Writes the stage's response in its editor and waits until the draft is saved. */
export async function writeResponse(page: Page, text: string): Promise<void> {
  const response = page.getByRole('region', { name: 'Written response' });
  await response.getByLabel('Your response').fill(text);
  await expect(response.getByRole('status')).toHaveText('Saved');
}

export async function profileId(outpost: Outpost, name = 'Ada Lovelace'): Promise<string> {
  const profiles = (await outpost.engine.call('profiles.list', {})) as Array<{ id: string; displayName: string }>;
  const profile = profiles.find((p) => p.displayName === name);
  if (!profile) throw new Error(`no profile ${name}`);
  return profile.id;
}

export async function missionId(outpost: Outpost, pid: string, code: string): Promise<number> {
  const cards = (await outpost.engine.call('catalog.list', { profileId: pid })) as Array<{ code: string; missionId: number }>;
  const card = cards.find((c) => c.code === code);
  if (!card) throw new Error(`no mission ${code}`);
  return card.missionId;
}

/** Starts a run through the API (when only the setup matters) and opens it on screen. */
export async function startAndOpen(page: Page, outpost: Outpost, code: string, title: string): Promise<string> {
  const pid = await profileId(outpost);
  const run = (await outpost.engine.call('runs.start', { profileId: pid, missionId: await missionId(outpost, pid, code) })) as { id: string };
  await goToHash(page, `#/run/${encodeURIComponent(run.id)}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  return run.id;
}

/** Moves the app to a route the way a link would (the tests' tsconfig has no DOM types, hence the string). */
export async function goToHash(page: Page, hash: string): Promise<void> {
  await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
}

/** From the library: the mission's card, its briefing, "Start mission". */
export async function startFromLibrary(page: Page, code: string, title: string): Promise<void> {
  await page.getByRole('link', { name: new RegExp(`^${code}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await page.getByRole('button', { name: 'Start mission' }).click();
  await expect(page.getByRole('navigation', { name: 'Mission path' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

export function textFile(name: string, text = 'host,created_utc,rule\nNWH-BIL-WS023,2026-03-03T06:12:00Z,EDR\n') {
  return { name, mimeType: 'text/plain', buffer: Buffer.from(text) };
}

/** The triage stage of SOC-01: evidence, the answer, complete. Shared by both branches. */
export async function finishTriage(page: Page): Promise<void> {
  await page.getByLabel('Attach evidence files').setInputFiles(textFile('queue-sorted.csv'));
  await expect(page.getByRole('button', { name: 'Remove queue-sorted.csv' })).toBeVisible();
  await page.getByLabel('Your answer').fill('NWH-BIL-WS023');
  await page.getByRole('button', { name: 'Check answer' }).click();
  await expect(page.getByRole('region', { name: 'Answer check' }).getByRole('status')).toContainText('Correct');
  await completeStage(page, SOC_DECISION);
}

export async function completeStage(page: Page, next: string): Promise<void> {
  await page.getByRole('button', { name: 'Complete stage' }).click();
  const heading = page.getByRole('heading', { level: 2, name: next });
  await expect(heading).toBeVisible();
  await expect(heading).toBeFocused();
}

export async function decide(page: Page, option: RegExp, next: string): Promise<void> {
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

export async function reflectAndSubmit(page: Page, topic: string): Promise<void> {
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

/**
 * Time passes while the learner works at the screen: the engine hears from them (as the screen's
 * activity reports say), so the idle sign-out does not come, and then its once-a-second work runs.
 */
export async function passTimeWorking(outpost: Outpost, ms: number): Promise<void> {
  outpost.clock.advance(ms);
  await outpost.engine.call('app.activity', {});
  outpost.engine.tick();
}
