// What every end-to-end test gets: Outpost in browser mode on its own data folder with the sample pack,
// a page opened on the address it prints, and helpers for screenshots and accessibility checks.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { createProfileAs } from '../../electron/engine/access/sign-in.ts';
import { startBrowserMode, type BrowserMode } from '../../electron/web/browser-mode.ts';
import { TestClock } from '../support/engine-fixture.ts';

const ROOT = join(import.meta.dirname, '../..');
export const SCREENS_DIR = join(ROOT, 'test-results/screens');
export const ADMIN_NAME = 'Ida Admin';
export const ADMIN_PASSPHRASE = 'lab admin passphrase';

export interface OutpostFixtures {
  /** A new installation has no admin yet: false starts there, at "Set up Outpost". */
  withAdmin: boolean;
  outpost: BrowserMode & { clock: TestClock };
  /**
   * What the page's Content-Security-Policy refused (`<directive> refused <what> at <where>`) or the
   * browser said about the policy itself. Must be empty when the test ends; a test that feeds hostile
   * content checks and clears what that content caused.
   */
  cspViolations: string[];
  app: Page;
}

export const test = base.extend<OutpostFixtures>({
  withAdmin: [true, { option: true }],
  outpost: async ({ withAdmin }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'outpost-e2e-'));
    const clock = new TestClock();
    clock.wall = Date.now();
    const mode = await startBrowserMode({ dataDir, port: 0, staticDir: join(ROOT, 'out/renderer'), samplePack: join(ROOT, 'resources/sample-pack'), clock, log: () => undefined });
    // The lab's admin exists already, as after `outpost admin create`: tests start at the profile picker.
    if (withAdmin) await createProfileAs(mode.engine.ctx, { displayName: ADMIN_NAME, role: 'admin', passphrase: ADMIN_PASSPHRASE }, 'owner');
    await use(Object.assign(mode, { clock }));
    await mode.close();
    // The engine's background work (checkpoint worker, file collection) may still be finishing: removal retries.
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  },
  // eslint-disable-next-line no-empty-pattern
  cspViolations: async ({}, use) => {
    await use([]);
  },
  // Every screen runs under the desktop app's Content-Security-Policy (browser mode sends the same
  // header), so a screen that needs an inline style or script fails here, not in the desktop window.
  app: async ({ page, outpost, cspViolations }, use) => {
    // Refusals come from the page's own event; the console adds what no event reports, such as a
    // directive the browser ignores. The binding outlives reloads and navigations.
    page.on('console', (message) => {
      const text = message.text();
      if (/Content Security Policy/i.test(text) && !/violates the following Content Security Policy/i.test(text)) cspViolations.push(`policy: ${text}`);
    });
    await page.exposeBinding('__outpostCspViolation', (_source, report: string) => void cspViolations.push(report));
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
      window.__outpostCspViolation?.(e.effectiveDirective + ' refused ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber + (e.sample ? ' (' + e.sample + ')' : ''));
    });`);
    await page.goto(outpost.url);
    await use(page);
    expect(cspViolations, 'Content-Security-Policy violations').toEqual([]);
  },
});

export { expect };

/** Creates a learner profile through the profile screen and lands on the mission library. */
export async function signIn(page: Page, name = 'Ada Lovelace'): Promise<void> {
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(page.getByRole('heading', { name: 'Missions' })).toBeVisible();
}

/** Signs in as the lab's admin from the profile picker, giving the passphrase. */
export async function signInAsAdmin(page: Page): Promise<void> {
  await page.getByRole('button', { name: ADMIN_NAME }).click();
  await page.getByLabel('Passphrase').fill(ADMIN_PASSPHRASE);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Missions' })).toBeVisible();
}

export const MENTOR_NAME = 'Grace Hopper';
export const MENTOR_PASSPHRASE = 'mentor passphrase';

/** Adds the lab's mentor, as an admin would; the picker shows them after its next load. */
export async function addMentor(outpost: OutpostFixtures['outpost']): Promise<string> {
  const mentor = await createProfileAs(outpost.engine.ctx, { displayName: MENTOR_NAME, role: 'mentor', passphrase: MENTOR_PASSPHRASE }, 'owner');
  return mentor.id;
}

/** Signs in as the mentor from the profile picker, giving the passphrase. */
export async function signInAsMentor(page: Page): Promise<void> {
  await page.getByRole('button', { name: MENTOR_NAME }).click();
  const dialog = page.getByRole('dialog', { name: `Sign in as ${MENTOR_NAME}` });
  await dialog.getByLabel('Passphrase').fill(MENTOR_PASSPHRASE);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Missions' })).toBeVisible();
}

/** Saves a screenshot under test-results/screens/<name>.png, at the viewport's size. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`), fullPage: false });
}

/** Screenshots in light and dark, with axe run on both; the page is left light. */
export async function lightAndDark(page: Page, name: string, label: string): Promise<void> {
  await screenshot(page, `${name}-light`);
  await expectAccessible(page, label);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(300); // let colour transitions settle before the picture
  await screenshot(page, `${name}-dark`);
  await expectAccessible(page, `${label}, dark`);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForTimeout(300);
}

/** Runs axe-core on the page: no serious or critical violations. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${label}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}
