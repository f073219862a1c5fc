// What every end-to-end test gets: Outpost in browser mode on its own data folder with the sample pack,
// a page opened on the address it prints, and helpers for screenshots and accessibility checks.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { startBrowserMode, type BrowserMode } from '../../electron/web/browser-mode.ts';
import { TestClock } from '../support/engine-fixture.ts';

const ROOT = join(import.meta.dirname, '../..');
export const SCREENS_DIR = join(ROOT, 'test-results/screens');

export interface OutpostFixtures {
  outpost: BrowserMode & { clock: TestClock };
  app: Page;
}

export const test = base.extend<OutpostFixtures>({
  // Playwright reads the fixtures a function needs from its first parameter, so it must be a pattern.
  // eslint-disable-next-line no-empty-pattern
  outpost: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'outpost-e2e-'));
    const clock = new TestClock();
    clock.wall = Date.now();
    const mode = await startBrowserMode({ dataDir, port: 0, staticDir: join(ROOT, 'out/renderer'), samplePack: join(ROOT, 'resources/sample-pack'), clock, log: () => undefined });
    await use(Object.assign(mode, { clock }));
    await mode.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
  app: async ({ page, outpost }, use) => {
    await page.goto(outpost.url);
    await use(page);
  },
});

export { expect };

/** Creates a learner profile through the profile screen and lands on the mission library. */
export async function signIn(page: Page, name = 'Ada Lovelace'): Promise<void> {
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(page.getByRole('heading', { name: 'Missions' })).toBeVisible();
}

/** Saves a screenshot under test-results/screens/<name>.png, at the viewport's size. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`), fullPage: false });
}

/** Runs axe-core on the page: no serious or critical violations. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${label}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}
