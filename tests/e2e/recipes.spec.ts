// The Recipes screen, driven as a learner would: search and filter the library, read a recipe in the
// screen, mark it completed and helpful, rate it, and come back to the marks on its card; the same by
// keyboard alone; and leaving the reader any way (back, another screen, another profile) ends the read.
import type { Locator, Page } from '@playwright/test';
import { expect, lightAndDark, signIn, test, type OutpostFixtures } from './fixtures.ts';
import { SOC_TITLE, startFromLibrary } from './run-helpers.ts';

const MINUTE = 60_000;
const NMAP = 'Discover services with nmap';

const cards = (page: Page) => page.getByTestId('recipe-card');
const count = (page: Page) => page.getByRole('status').filter({ hasText: /recipes?$/ });
const card = (page: Page, title: string) => page.getByRole('link', { name: new RegExp(`^${title}`) });

async function openRecipesScreen(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recipes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Recipes' })).toBeVisible();
  await expect(count(page)).toHaveText('20 recipes');
}

/** Presses Tab (or Shift+Tab) until `target` has the focus: it is reachable from the keyboard, in tab order. */
async function tabTo(page: Page, target: Locator, most = 80, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press(key);
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
  }
  throw new Error(`not reached with Tab in ${most} presses`);
}

function reads(outpost: OutpostFixtures['outpost']) {
  const { db } = outpost.engine.ctx;
  return db.all(db.q.selectFrom('recipe_reads').select(['recipe_id', 'closed_at', 'active_ms']).orderBy('opened_at'));
}

function readPlaces(outpost: OutpostFixtures['outpost']) {
  const { db } = outpost.engine.ctx;
  return db.all(db.q.selectFrom('recipe_reads').select(['recipe_id', 'run_id', 'stage_id']).orderBy('opened_at'));
}

test('a learner searches and filters the recipes, reads one, marks it, and sees the marks on its card', async ({ app, outpost }) => {
  await signIn(app);
  await openRecipesScreen(app);
  await expect(cards(app)).toHaveCount(20);
  await expect(card(app, NMAP)).toContainText('Tool');
  await expect(card(app, NMAP)).toContainText('15 min');
  await expect(card(app, NMAP)).toContainText('Intermediate');
  await expect(card(app, NMAP)).toContainText('reconnaissance');
  await expect(card(app, NMAP)).toContainText('Not opened yet');
  await lightAndDark(app, 'recipes-list', 'recipes list');

  // The engine searches the body text too: a command that appears only inside one recipe finds it.
  await app.getByLabel('Search recipes').fill('Invoke-AtomicTest');
  await expect(count(app)).toHaveText('1 of 20 recipes');
  await expect(cards(app)).toHaveCount(1);
  await expect(card(app, 'Test detections with Atomic Red Team')).toBeVisible();
  await app.getByLabel('Search recipes').fill('no recipe says this');
  await expect(app.getByRole('heading', { name: 'No recipes match' })).toBeVisible();
  await app.getByRole('button', { name: 'Clear filters' }).click();
  await expect(count(app)).toHaveText('20 recipes');

  // Type, then level, then a skill: each narrows the list, and the options count what they would show.
  await app.getByLabel('Type').selectOption('tool');
  await expect(count(app)).toHaveText('5 of 20 recipes');
  await expect(app.getByLabel('Level').locator('option', { hasText: 'Intermediate' })).toHaveText('Intermediate (3)');
  await app.getByLabel('Level').selectOption('intermediate');
  await expect(cards(app)).toHaveCount(3);
  await expect(app.getByLabel('Skill').locator('option[value="reconnaissance"]')).toHaveText('reconnaissance (2)');
  await app.getByLabel('Skill').selectOption('reconnaissance');
  await expect(cards(app)).toHaveCount(2);
  await expect(card(app, 'Crack hashes with hashcat')).toHaveCount(0);

  await card(app, NMAP).click();
  await expect(app).toHaveURL(/#\/recipes\/nmap-service-discovery$/);
  const reader = app.getByRole('article', { name: NMAP });
  await expect(reader.getByRole('heading', { level: 2, name: NMAP })).toBeFocused();
  await expect(reader.locator('.recipe-body')).toContainText('nmap');
  await reader.getByLabel('Mark as completed').check();
  await reader.getByRole('group', { name: 'Was this helpful?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(reader.getByRole('button', { name: 'Yes' })).toHaveAttribute('aria-pressed', 'true');
  await reader.getByRole('group', { name: 'Rate this recipe' }).locator('label', { hasText: '4 of 5' }).click();
  await expect(reader.getByRole('status')).toHaveText('Completed. You found it helpful. You rated it 4 of 5.');
  outpost.clock.advance(3 * MINUTE);
  await reader.getByRole('heading', { level: 2, name: NMAP }).scrollIntoViewIfNeeded();
  await lightAndDark(app, 'recipes-reader', 'recipe reader');

  await reader.getByRole('button', { name: 'Back to recipes' }).click();
  await expect(app).toHaveURL(/#\/recipes$/);
  // The filters are as they were, and the card carries the marks and the reading.
  await expect(cards(app)).toHaveCount(2);
  const marked = card(app, NMAP);
  await expect(marked).toContainText('✓ Completed');
  await expect(marked).toContainText('Helpful');
  await expect(marked).toContainText('Rated 4 of 5');
  await expect(marked).toContainText('Opened once · 3 min reading');
  expect(reads(outpost)).toEqual([{ recipe_id: 'nmap-service-discovery', closed_at: expect.any(Number), active_ms: 3 * MINUTE }]);
  await lightAndDark(app, 'recipes-list-marked', 'recipes list with marks');

  // A reload of a reader's address opens the recipe again, as a new read.
  await marked.click();
  await expect(app.getByRole('heading', { level: 2, name: NMAP })).toBeVisible();
  await expect(app.getByLabel('Mark as completed')).toBeChecked();
  await app.getByLabel('Mark as completed').uncheck();
  await expect(app.getByRole('article', { name: NMAP }).getByRole('status')).toContainText('Not completed yet.');
  await app.reload();
  await expect(app.getByRole('heading', { level: 2, name: NMAP })).toBeVisible();
  await expect(app.getByLabel('Mark as completed')).not.toBeChecked();
  await expect(app.getByRole('button', { name: 'Yes' })).toHaveAttribute('aria-pressed', 'true');
});

test('by keyboard alone: search, open a recipe, mark it, and come back', async ({ app }) => {
  await signIn(app);
  await tabTo(app, app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recipes' }));
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { level: 1, name: 'Recipes' })).toBeFocused();
  await tabTo(app, app.getByLabel('Search recipes'));
  await app.keyboard.type('wireshark');
  const wireshark = card(app, 'First Wireshark display filters');
  await expect(cards(app).first()).toHaveAccessibleName(/Wireshark/);
  await tabTo(app, wireshark);
  await app.keyboard.press('Enter');
  const reader = app.getByRole('article', { name: 'First Wireshark display filters' });
  await expect(reader.getByRole('heading', { level: 2, name: 'First Wireshark display filters' })).toBeFocused();
  const complete = reader.getByLabel('Mark as completed');
  await tabTo(app, complete);
  await app.keyboard.press('Space');
  await expect(complete).toBeChecked();
  await app.keyboard.press('Tab');
  await expect(reader.getByRole('button', { name: 'Yes' })).toBeFocused();
  await app.keyboard.press('Tab');
  await app.keyboard.press('Enter');
  await expect(reader.getByRole('button', { name: 'No' })).toHaveAttribute('aria-pressed', 'true');
  // The same answer again takes it back.
  await app.keyboard.press('Enter');
  await expect(reader.getByRole('button', { name: 'No' })).toHaveAttribute('aria-pressed', 'false');
  await app.keyboard.press('Enter');
  // Back sits above the text: Shift+Tab reaches it from the marks.
  await tabTo(app, reader.getByRole('button', { name: 'Back to recipes' }), 80, 'Shift+Tab');
  await app.keyboard.press('Enter');
  await expect(wireshark).toContainText('✓ Completed');
  await expect(wireshark).toContainText('Not helpful');
});

test('leaving the reader for another screen or another profile ends the read', async ({ app, outpost }) => {
  await signIn(app);
  await openRecipesScreen(app);
  await card(app, NMAP).click();
  await expect(app.getByRole('heading', { level: 2, name: NMAP })).toBeVisible();
  outpost.clock.advance(2 * MINUTE);
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Missions' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Missions' })).toBeVisible();
  await expect.poll(() => reads(outpost)).toEqual([{ recipe_id: 'nmap-service-discovery', closed_at: expect.any(Number), active_ms: 2 * MINUTE }]);

  await app.goBack();
  await expect(app.getByRole('heading', { level: 2, name: NMAP })).toBeVisible();
  await expect.poll(() => reads(outpost).length).toBe(2);
  outpost.clock.advance(MINUTE);
  await app.getByRole('button', { name: /Signed in as Ada Lovelace/ }).click();
  await app.getByLabel('Your name').fill('Grace Hopper');
  await app.getByRole('button', { name: 'Create profile' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Missions' })).toBeVisible();
  await expect.poll(() => reads(outpost).map((r) => [r.closed_at !== null, r.active_ms])).toEqual([
    [true, 2 * MINUTE],
    [true, MINUTE],
  ]);
});

test('a recipe read beside a mission is read from its stage, and its marks show on the Recipes screen', async ({ app, outpost }) => {
  await signIn(app);
  await startFromLibrary(app, 'SOC-01', SOC_TITLE);
  const sidebar = app.getByRole('complementary', { name: 'Recipes' });
  await sidebar.getByRole('button', { name: /Triage an alert queue without drowning/ }).click();
  await expect(sidebar.getByRole('heading', { level: 3, name: 'Triage an alert queue without drowning' })).toBeVisible();
  await expect.poll(() => readPlaces(outpost)).toEqual([{ recipe_id: 'triage-alert-queue', run_id: expect.any(String), stage_id: 'triage' }]);
  await sidebar.getByLabel('Mark as completed').check();
  await expect(sidebar.getByRole('status')).toContainText('Completed.');
  await sidebar.getByRole('button', { name: 'Close recipe' }).click();
  await expect(sidebar.getByRole('heading', { name: 'All recipes' })).toBeVisible();

  await openRecipesScreen(app);
  await expect(card(app, 'Triage an alert queue without drowning')).toContainText('✓ Completed');
  await expect(card(app, 'Triage an alert queue without drowning')).toContainText('Opened once');
});
