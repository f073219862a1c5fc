// The profile picker, the mission library and the briefing, driven as a learner would: profiles on a
// shared PC, filters and search, locked missions, starting and resuming a run, and a thousand missions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { writeSyntheticPack } from '../bench/generate-pack.ts';
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures.ts';

const missionCards = (page: Page) => page.getByTestId('mission-list').getByTestId('mission-card');
const missionCount = (page: Page) => page.getByRole('status').filter({ hasText: /^\d+ missions?$/ });

test('profiles on a shared PC: create two, switch between them, and the last one is remembered', async ({ app }) => {
  await expect(app.getByRole('heading', { level: 1, name: 'Who is working today?' })).toBeVisible();
  await app.getByRole('button', { name: 'Create profile' }).click();
  await expect(app.getByText('Enter your name to create a profile.')).toBeVisible();
  await screenshot(app, 'profiles-first-run');
  await expectAccessible(app, 'profiles, first run');

  await signIn(app, 'Ada Lovelace');
  await app.getByRole('button', { name: /Signed in as Ada Lovelace/ }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Who is working today?' })).toBeVisible();
  await app.getByLabel('Your name').fill('Grace Hopper');
  await app.getByRole('button', { name: 'Create profile' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Missions' })).toBeVisible();
  await expect(app.getByRole('button', { name: /Signed in as Grace Hopper/ })).toBeVisible();

  await app.getByRole('button', { name: /Signed in as Grace Hopper/ }).click();
  await expect(app.getByRole('button', { name: 'Ada Lovelace', exact: true })).toBeVisible();
  await expect(app.getByRole('button', { name: 'Grace Hopper', exact: true })).toBeVisible();
  await expect(app.getByRole('main').getByText('GH', { exact: true })).toBeVisible();
  await expect(app.getByText('Signed in', { exact: true })).toBeVisible();
  await screenshot(app, 'profiles');
  await expectAccessible(app, 'profiles');

  await app.getByRole('button', { name: 'Ada Lovelace', exact: true }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Missions' })).toBeVisible();
  await expect(app.getByRole('button', { name: /Signed in as Ada Lovelace/ })).toBeVisible();

  await app.reload();
  await expect(app.getByRole('heading', { level: 1, name: 'Missions' })).toBeVisible();
  await expect(app.getByRole('button', { name: /Signed in as Ada Lovelace/ })).toBeVisible();
});

test('the library filters by track and tier, searches, explains locks and has an empty state', async ({ app }) => {
  await signIn(app);
  await expect(missionCount(app)).toHaveText('9 missions');
  await expect(missionCards(app)).toHaveCount(9);
  await expect(app.getByRole('heading', { name: /^Beginner/ })).toBeVisible();

  const siem = app.getByRole('link', { name: /^SIEM-03 Brute force in the VPN logs/ });
  await expect(siem).toContainText('Locked');
  await expect(siem).toContainText('Pass SOC-01 (First shift: triage the alert queue) first.');
  await expect(siem).toContainText('Defender');
  await expect(siem).toContainText('Intermediate');
  await expect(siem).toContainText('Limit 2 h');
  await expect(app.getByRole('link', { name: /^SOC-01 First shift: triage the alert queue/ })).toContainText('Available');

  await screenshot(app, 'library');
  await expectAccessible(app, 'library');
  await app.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(app, 'library-1920');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, 'library-1920-dark');
  await app.setViewportSize({ width: 1280, height: 800 });
  await screenshot(app, 'library-dark');
  await expectAccessible(app, 'library, dark');
  await app.emulateMedia({ colorScheme: 'light' });

  await app.getByLabel('Track').selectOption({ label: 'Offensive' });
  await expect(missionCount(app)).toHaveText('2 missions');
  await expect(missionCards(app)).toHaveText([/^RECON-02 Mapping the exposed estate/, /^RED-05 Purple team/]);

  await app.getByLabel('Tier').selectOption({ label: 'Mastery' });
  await expect(missionCount(app)).toHaveText('1 mission');
  await expect(missionCards(app)).toHaveText([/^RED-05/]);
  await expect(missionCards(app).first()).toContainText('Pass RECON-02 (Mapping the exposed estate) and INNOV-02 (Detection as code) first.');

  await app.getByLabel('Track').selectOption({ label: 'All tracks' });
  await app.getByLabel('Tier').selectOption({ label: 'Beginner' });
  await expect(missionCount(app)).toHaveText('3 missions');
  await expect(missionCards(app)).toHaveText([/^GRC-01/, /^PHISH-01/, /^SOC-01/]);

  await app.getByLabel('Tier').selectOption({ label: 'All tiers' });
  await app.getByLabel('Search missions').fill('kerberoast');
  await expect(missionCount(app)).toHaveText('1 mission');
  await expect(missionCards(app)).toHaveText([/^RED-05/]);
  await app.getByLabel('Search missions').fill('siem-03');
  await expect(missionCards(app)).toHaveText([/^SIEM-03/]);

  await app.getByLabel('Search missions').fill('no such mission anywhere');
  await expect(missionCount(app)).toHaveText('0 missions');
  await expect(app.getByRole('heading', { name: 'No missions match these filters' })).toBeVisible();
  await screenshot(app, 'library-empty');
  await expectAccessible(app, 'library, nothing matches');
  await app.getByRole('button', { name: 'Clear filters' }).click();
  await expect(missionCount(app)).toHaveText('9 missions');
  await expect(app.getByLabel('Search missions')).toHaveValue('');

  // Each card is a link in reading order: Tab walks from one to the next.
  await app.getByRole('link', { name: /^GRC-01/ }).focus();
  await app.keyboard.press('Tab');
  await expect(app.getByRole('link', { name: /^PHISH-01/ })).toBeFocused();
  await app.keyboard.press('Tab');
  await expect(app.getByRole('link', { name: /^SOC-01/ })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { level: 1, name: 'First shift: triage the alert queue' })).toBeVisible();
});

test('a briefing explains the mission; a locked one says why; starting lands on the run and the library offers to resume it', async ({ app }) => {
  await signIn(app);
  await app.getByRole('link', { name: /^SIEM-03 Brute force in the VPN logs/ }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Brute force in the VPN logs' })).toHaveCount(1);
  for (const name of ['Story', 'Objectives', 'What is scored', 'Prerequisites']) {
    await expect(app.getByRole('heading', { level: 2, name })).toBeVisible();
  }
  await expect(app.getByText('Time limit: 2 h')).toBeVisible();
  await expect(app.getByText('At the deadline your run is submitted as it stands.')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Start mission' })).toBeDisabled();
  await expect(app.getByText('Locked: Pass SOC-01 (First shift: triage the alert queue) first.')).toBeVisible();
  const prerequisite = app.getByRole('region', { name: 'Prerequisites' }).getByRole('listitem');
  await expect(prerequisite).toContainText('SOC-01');
  await expect(prerequisite).toContainText('Not passed yet');
  await expect(app.getByText('SOC analyst standard')).toBeVisible();
  await expect(app.getByText('Required, at least 40 words')).toBeVisible();
  await expect(app.getByText('Outpost sample missions')).toBeVisible();
  await screenshot(app, 'briefing-locked');
  await expectAccessible(app, 'briefing, locked');

  await app.getByRole('link', { name: 'Back to missions' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Missions' })).toBeVisible();
  await app.getByRole('link', { name: /^SOC-01 First shift/ }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'First shift: triage the alert queue' })).toBeVisible();
  await expect(app.getByText('No time limit')).toBeVisible();
  await expect(app.getByRole('heading', { level: 2, name: 'Prerequisites' })).toHaveCount(0);
  await expect(app.getByRole('region', { name: 'Objectives' }).getByRole('listitem').first()).toBeVisible();
  await screenshot(app, 'briefing');
  await expectAccessible(app, 'briefing');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, 'briefing-dark');
  await expectAccessible(app, 'briefing, dark');
  await app.emulateMedia({ colorScheme: 'light' });

  await app.getByRole('button', { name: 'Start mission' }).click();
  await expect.poll(() => new URL(app.url()).hash).toMatch(/^#\/run\//);
  const runHash = new URL(app.url()).hash;

  await app.goto(app.url().replace(/#.*$/, '#/library'));
  const resume = app.getByRole('button', { name: 'Resume First shift: triage the alert queue' });
  await expect(resume).toBeVisible();
  await expect(app.getByRole('link', { name: /^SOC-01/ })).toContainText('In progress');
  await screenshot(app, 'library-resume');
  await expectAccessible(app, 'library with a run to resume');
  await resume.click();
  await expect.poll(() => new URL(app.url()).hash).toBe(runHash);

  await app.goto(app.url().replace(/#.*$/, '#/library'));
  await app.getByRole('link', { name: /^SOC-01/ }).click();
  await app.getByRole('button', { name: 'Resume mission' }).click();
  await expect.poll(() => new URL(app.url()).hash).toBe(runHash);
});

test('a thousand missions stay virtualised, searchable and reachable by keyboard', async ({ app, outpost }) => {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-e2e-big-'));
  try {
    const { zip } = writeSyntheticPack(dir, { missions: 1000, recipes: 8, assetBytes: 64_000 });
    const report = await outpost.engine.importPack(zip, { by: 'owner' });
    expect(report.status).toBe('imported');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await signIn(app);
  await expect(missionCount(app)).toHaveText('1009 missions');
  // Only the rows in view (plus a few) are in the page.
  expect(await missionCards(app).count()).toBeLessThan(80);
  await expectAccessible(app, 'library, 1009 missions');

  await app.getByLabel('Search missions').fill('BENCH-0742');
  await expect(missionCount(app)).toHaveText('1 mission');
  await expect(missionCards(app)).toHaveText([/^BENCH-0742 Synthetic mission BENCH-0742/]);
  await app.getByLabel('Search missions').fill('');
  await expect(missionCount(app)).toHaveText('1009 missions');

  // Tab past the rendered rows: the list scrolls and the focus keeps walking card by card. The
  // synthetic pack cycles through the four tiers, so the beginner group holds every fourth mission.
  // Each press waits for the focus to land, as a person would see it move, before the next one.
  await app.getByRole('link', { name: /^BENCH-0000 / }).focus();
  for (let i = 1; i <= 60; i++) {
    await app.keyboard.press('Tab');
    await expect(app.locator(`[data-card-index="${i}"]`)).toBeFocused();
  }
  const focused = app.getByRole('link', { name: /^BENCH-0240 / });
  await expect(focused).toBeFocused();
  await expect(focused).toBeInViewport();
  for (let i = 59; i >= 57; i--) {
    await app.keyboard.press('Shift+Tab');
    await expect(app.locator(`[data-card-index="${i}"]`)).toBeFocused();
  }
  await expect(app.getByRole('link', { name: /^BENCH-0228 / })).toBeFocused();

  await app.getByTestId('mission-list').evaluate((list) => list.scrollTo({ top: list.scrollHeight }));
  await expect(app.getByRole('link', { name: /^RED-05 / })).toBeVisible();
  await screenshot(app, 'library-1009-missions');
});
