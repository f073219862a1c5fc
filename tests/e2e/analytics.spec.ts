// The dashboards end to end, on runs generated straight into the data folder's database (with known
// outcomes, so the spec works out the right numbers itself) and one real run played through the API:
// a mentor opens Analytics, narrows the period, reads the drop-off table and its CSV, opens a run from
// the heatmap by keyboard, lists the runs of an activity hour and reads recipe usage. A learner is
// refused. Every view is checked by axe and photographed in light and dark, wide and narrow.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { submitSoc01 } from '../support/soc-playthrough.ts';
import { generateRuns, insertLearners, runWriter, type GeneratedRun, type StageDef } from '../engine/analytics/generate-runs.ts';
import { addMentor, expect, lightAndDark, screenshot, signIn, signInAsMentor, test } from './fixtures.ts';
import { goToHash, profileId, reflectionText, SOC_TITLE, ticketText, type Outpost } from './run-helpers.ts';

// Kolkata is UTC+5:30: days and hours are counted in the browser's zone, half an hour off any UTC hour.
const ZONE_MINUTES = 330;
test.use({ timezoneId: 'Asia/Kolkata' });

/** Epoch ms of a wall-clock time in the browser's zone. */
const local = (month: number, day: number, hour: number, minute = 0): number => Date.UTC(2026, month - 1, day, hour, minute) - ZONE_MINUTES * 60_000;
const FIRST_DAY = local(10, 5, 2);
const LATER_DAY = local(10, 7, 9);
const HOSTILE_NAME = '=HYPERLINK("http://evil.example","click")';

interface Seed {
  runs: GeneratedRun[];
  firstDay: GeneratedRun[];
  stages: Array<StageDef & { title: string }>;
  missionTitle: string;
  otherTitle: string;
  recipeTitles: Map<string, string>;
}

/** PHISH-01 runs on two days and a few SIEM-03 runs, with their stages, hints, checks, decisions and recipe reads. */
function seed(outpost: Outpost): Seed {
  const { sqlite } = outpost.engine.ctx.db;
  const mission = (code: string) => sqlite.prepare('SELECT id, title FROM missions WHERE code = ?').get(code) as { id: number; title: string };
  const stagesOf = (id: number) => sqlite.prepare('SELECT stage_id AS stageId, kind, title FROM stages WHERE mission_id = ? ORDER BY position').all(id) as Seed['stages'];
  const phish = mission('PHISH-01');
  const siem = mission('SIEM-03');
  const recipes = sqlite.prepare('SELECT recipe_id AS id, title FROM recipes ORDER BY recipe_id').all() as Array<{ id: string; title: string }>;
  const recipeIds = [...new Set(recipes.map((r) => r.id))].slice(0, 3);
  const learners = insertLearners(sqlite, 5, FIRST_DAY, 'seeded');
  sqlite.prepare("INSERT INTO profiles (id, display_name, role, team_id, created_at, archived_at) VALUES ('seeded-hostile', ?, 'learner', NULL, ?, NULL)").run(HOSTILE_NAME, FIRST_DAY);
  const profiles = [...learners, 'seeded-hostile'];
  const stages = stagesOf(phish.id);
  const firstDay = [...generateRuns({ missionId: phish.id, stages, profiles, count: 24, seed: 11, startAt: FIRST_DAY, recipes: recipeIds, idPrefix: 'first' })];
  const laterDay = [...generateRuns({ missionId: phish.id, stages, profiles, count: 14, seed: 23, startAt: LATER_DAY, recipes: recipeIds, idPrefix: 'later' })];
  const other = [...generateRuns({ missionId: siem.id, stages: stagesOf(siem.id), profiles, count: 6, seed: 5, startAt: LATER_DAY, idPrefix: 'siem' })];
  const writer = runWriter(sqlite);
  sqlite.transaction(() => {
    for (const run of [...firstDay, ...laterDay, ...other]) {
      writer.write(run);
    }
  })();
  return { runs: [...firstDay, ...laterDay], firstDay, stages, missionTitle: phish.title, otherTitle: siem.title, recipeTitles: new Map(recipes.map((r) => [r.id, r.title])) };
}

/** When each timed act of a generated run happened, as runWriter writes them (the activity map counts these). */
function actTimes(run: GeneratedRun): number[] {
  return [
    ...run.path.map((_, seq) => run.startedAt + seq),
    ...run.hintTimes,
    ...run.attempts.map(() => run.startedAt),
    ...run.decisions.map(() => run.startedAt),
    ...run.recipeReads.map((read) => read.openedAt),
  ];
}

/** Weekday (Sunday 0) and hour of an instant in the browser's zone. */
function weekdayHour(at: number): { weekday: number; hour: number } {
  const shifted = new Date(at + ZONE_MINUTES * 60_000);
  return { weekday: shifted.getUTCDay(), hour: shifted.getUTCHours() };
}

/** The drop-off table's rows as the seed implies them: stage, kind, reached, dropped here. */
function funnelRows(runs: readonly GeneratedRun[], stages: Seed['stages']): string[][] {
  const reached = (id: string): number => runs.filter((r) => r.path.includes(id)).length;
  const dropped = (id: string): number => runs.filter((r) => (r.status === 'abandoned' || r.status === 'expired') && r.currentStageId === id).length;
  const rows = stages.map((s) => [s.title, s.kind, String(reached(s.stageId)), String(dropped(s.stageId))]);
  const retired = [...new Set(runs.flatMap((r) => r.path))].filter((id) => !stages.some((s) => s.stageId === id));
  for (const id of retired) rows.push([id, 'task', String(reached(id)), String(dropped(id))]);
  return rows;
}

async function tableRows(page: Page, name: string): Promise<string[][]> {
  const table = page.getByRole('region', { name: `${name}, table` }).getByRole('table');
  await expect(table).toBeVisible();
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => Array.from(row.children, (cell) => (cell.textContent ?? '').trim())));
}

async function downloadCsv(page: Page, title: string): Promise<string[]> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: `Export CSV of ${title}` }).click();
  const file = await download;
  const path = await file.path();
  const text = readFileSync(path, 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  return text.slice(1, -2).split('\r\n');
}

const tile = (page: Page, name: string) => page.locator('.analytics-tile').filter({ has: page.locator('dt', { hasText: new RegExp(`^${name}$`) }) });
const starts = (page: Page) => tile(page, 'Starts').locator('.analytics-tile-value');

const csvText = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /switch profile/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Who is working today?' })).toBeVisible();
}

test('a mentor reads mission performance, the heatmap and recipe usage, exports CSV and opens runs', async ({ app: page, outpost }) => {
  test.slow(); // a real submission, three views, screenshots in two themes and two widths
  const data = seed(outpost);
  await addMentor(outpost);
  await page.reload();
  await signIn(page);
  const realRun = await submitSoc01(outpost.engine, await profileId(outpost), {
    evidence: [{ fileName: 'notes.txt', bytes: Buffer.from('06:12:41 mail NWH-BIL-WS023 invoice.docm delivered\n') }],
    escalation: ticketText('escalation'),
    handover: ticketText('handover'),
    reflection: reflectionText('email'),
  });

  // A learner has no link and is refused at the address.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Analytics' })).toHaveCount(0);
  await goToHash(page, '#/analytics/heatmap');
  await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
  await expect(page.getByRole('note')).toContainText('Analytics are for mentors');
  await expect(page.getByRole('table')).toHaveCount(0);
  await signOut(page);

  // Mission performance: the mission with most runs, all of its runs.
  await signInAsMentor(page);
  await nav.getByRole('link', { name: 'Analytics' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(`PHISH-01 ${escape(data.missionTitle)}`) })).toBeVisible();
  await expect(starts(page)).toHaveText(String(data.runs.length));
  const reviewed = data.runs.filter((r) => r.status === 'reviewed');
  const passed = reviewed.filter((r) => r.passed === 1).length;
  await expect(tile(page, 'Pass rate')).toContainText(`${passed} of ${reviewed.length} reviewed`);
  await expect(page.getByRole('img', { name: /Bar chart of runs reaching each of/ })).toBeVisible();
  await lightAndDark(page, 'analytics-mission', 'mission performance');
  for (const [heading, name] of [['Decision splits', 'charts'], ['Reviewed runs', 'cohort']] as const) {
    await page.getByRole('heading', { level: 2, name: heading }).evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, `analytics-mission-${name}`);
  }

  // The funnel as a table: the numbers the seed implies.
  await page.getByRole('button', { name: 'Table of Drop-off by stage' }).click();
  await expect(page.getByRole('button', { name: 'Table of Drop-off by stage' })).toHaveAttribute('aria-pressed', 'true');
  expect(await tableRows(page, 'Drop-off by stage')).toEqual(funnelRows(data.runs, data.stages));

  // The period narrows to the first day (its last day included): only that day's runs count.
  await page.getByLabel('From').fill('2026-10-05');
  await page.getByLabel('To (included)').fill('2026-10-05');
  await expect(starts(page)).toHaveText(String(data.firstDay.length));
  const firstDayRows = funnelRows(data.firstDay, data.stages);
  await expect.poll(() => tableRows(page, 'Drop-off by stage')).toEqual(firstDayRows);
  expect(page.url()).toContain('from=2026-10-05');

  // The file holds exactly the table's rows.
  const lines = await downloadCsv(page, 'Drop-off by stage');
  expect(lines).toEqual(['Stage,Kind,Reached (runs),Dropped here (runs)', ...firstDayRows.map((row) => row.map(csvText).join(','))]);

  // A reload keeps the filters (they live in the address).
  await page.reload();
  await expect(page.getByLabel('From')).toHaveValue('2026-10-05');
  await expect(starts(page)).toHaveText(String(data.firstDay.length));

  // The cohort: reviewed runs best first; a name that looks like a formula stays text in the file.
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(starts(page)).toHaveText(String(data.runs.length));
  const cohort = await tableRows(page, 'Reviewed runs');
  expect(cohort.length).toBe(reviewed.length);
  const scores = cohort.map((row) => Number(row[2]));
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  const cohortCsv = await downloadCsv(page, 'Reviewed runs');
  expect(cohortCsv).toHaveLength(reviewed.length + 1);
  if (reviewed.some((r) => r.profileId === 'seeded-hostile')) expect(cohortCsv.some((line) => line.startsWith(`"'=HYPERLINK(""http://evil.example"",""click"")"`))).toBe(true);
  expect(cohortCsv.some((line) => line.startsWith('=') || line.startsWith('"='))).toBe(false);

  // The mission filter: another mission's figures.
  await page.getByLabel('Mission', { exact: true }).selectOption({ label: `SIEM-03 · ${data.otherTitle}` });
  await expect(page.getByRole('heading', { level: 2, name: /^SIEM-03/ })).toBeVisible();
  await expect(starts(page)).toHaveText('6');
  await page.getByRole('button', { name: 'Clear filters' }).first().click();

  // The heatmap: a legend, every learner, and the real run opened by keyboard.
  await page.getByRole('navigation', { name: 'Analytics views' }).getByRole('link', { name: 'Completion heatmap' }).click();
  const grid = page.getByRole('region', { name: 'Missions × learners grid' });
  await expect(grid).toBeVisible();
  await expect(page.getByRole('list', { name: 'Legend' })).toContainText('Submitted, waiting for review');
  await expect(grid.getByRole('rowheader')).toHaveCount(7);
  await expect(grid.getByRole('link', { name: /^Ada Lovelace, SOC-01 .*: Submitted, waiting for review\. Open the run$/ })).toBeVisible();
  await lightAndDark(page, 'analytics-heatmap', 'completion heatmap');
  await grid.focus();
  await page.keyboard.press('Tab');
  const focusedLabel = (): Promise<string> => page.evaluate(() => document.activeElement?.querySelector('.visually-hidden')?.textContent ?? '');
  expect(await focusedLabel()).toMatch(/\. Open the run$/);
  for (let i = 0; i < 60 && !(await focusedLabel()).startsWith('Ada Lovelace, SOC-01'); i++) await page.keyboard.press('Tab');
  expect(await focusedLabel()).toMatch(/^Ada Lovelace, SOC-01/);
  // Arrow keys move as on a spreadsheet, over cells with nothing to open: Ada has no other run in her
  // row; the first learner's PHISH-01 run is one Shift+Tab back, and down from it, past Ada's empty
  // cell, is Learner 0's run of the same mission.
  await page.keyboard.press('ArrowLeft');
  expect(await focusedLabel()).toMatch(/^Ada Lovelace, SOC-01/);
  await page.keyboard.press('Shift+Tab');
  expect(await focusedLabel()).toMatch(/^=HYPERLINK\(.*, PHISH-01 /);
  await page.keyboard.press('ArrowDown');
  expect(await focusedLabel()).toMatch(/^Learner 0, PHISH-01 /);
  await page.keyboard.press('ArrowUp');
  expect(await focusedLabel()).toMatch(/^=HYPERLINK\(.*, PHISH-01 /);
  await page.keyboard.press('Tab');
  expect(await focusedLabel()).toMatch(/^Ada Lovelace, SOC-01/);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/review/${realRun}$`));
  await expect(page.getByRole('heading', { level: 1, name: SOC_TITLE })).toBeVisible();
  await page.goBack();

  // Activity of PHISH-01 by weekday × hour: the busiest hour's count, and its runs listed.
  await expect(grid).toBeVisible();
  await page.getByLabel('Mission', { exact: true }).selectOption({ label: `PHISH-01 · ${data.missionTitle}` });
  const counts = new Map<string, { weekday: number; hour: number; events: number; runs: Set<string> }>();
  for (const run of data.runs) {
    for (const at of actTimes(run)) {
      const cell = weekdayHour(at);
      const key = `${cell.weekday}:${cell.hour}`;
      const entry = counts.get(key) ?? { ...cell, events: 0, runs: new Set<string>() };
      entry.events += 1;
      entry.runs.add(run.id);
      counts.set(key, entry);
    }
  }
  const busiest = [...counts.values()].sort((a, b) => b.events - a.events)[0];
  if (!busiest) throw new Error('the seed wrote no acts');
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const hh = (h: number): string => String(h).padStart(2, '0');
  const label = `${days[busiest.weekday]} ${hh(busiest.hour)}:00–${hh((busiest.hour + 1) % 24)}:00: ${busiest.events} acts`;
  const activityCell = page.getByRole('button', { name: label });
  await activityCell.click();
  await expect(activityCell).toHaveAttribute('aria-pressed', 'true');
  const list = page.locator('.activity-run-list li');
  await expect(list).toHaveCount(Math.min(20, busiest.runs.size));
  await page.getByRole('heading', { level: 2, name: 'Activity by weekday and hour' }).evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'analytics-activity');
  await page.getByRole('button', { name: 'Table of Activity by weekday and hour' }).click();
  const activityRows = await tableRows(page, 'Activity by weekday and hour');
  expect(activityRows[busiest.weekday]?.[busiest.hour + 1]).toBe(String(busiest.events));
  expect(activityRows.reduce((sum, row) => sum + Number(row[25]), 0)).toBe(data.runs.reduce((sum, run) => sum + actTimes(run).length, 0));

  // Recipe usage: opens per recipe as the seed wrote them, and counts beside every figure.
  await page.getByRole('navigation', { name: 'Analytics views' }).getByRole('link', { name: 'Recipe usage' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Recipe opens' })).toBeVisible();
  await lightAndDark(page, 'analytics-recipes', 'recipe usage');
  await page.getByRole('button', { name: 'Table of Recipe opens' }).click();
  const opens = new Map<string, number>();
  for (const run of data.runs) for (const read of run.recipeReads) opens.set(read.recipeId, (opens.get(read.recipeId) ?? 0) + 1);
  const usage = await tableRows(page, 'Recipe opens');
  expect(new Map(usage.map((row) => [row[0], Number(row[2])]))).toEqual(new Map([...opens].map(([id, n]) => [data.recipeTitles.get(id) ?? id, n])));
  // With and without: the stage runs where each recipe was opened are counted beside every figure, and
  // a side under ten stage runs shows no difference.
  const comparison = await tableRows(page, 'With and without the recipe');
  for (const [recipeId, title] of data.recipeTitles) {
    const withRuns = new Set(data.runs.flatMap((r) => r.recipeReads.filter((read) => read.recipeId === recipeId).map((read) => `${r.id}\n${read.stageId}`))).size;
    if (withRuns === 0) continue;
    const row = comparison.find((cells) => cells[0] === title && cells[1] === 'Answer checks tried');
    expect(row?.[3], `stage runs with ${title}`).toBe(`${withRuns} stage runs`);
    if (withRuns < 10) expect(row?.[6]).toBe('too few runs to tell');
  }
  await page.getByRole('heading', { level: 2, name: 'With and without the recipe' }).evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'analytics-recipes-comparison');
  const usageCsv = await downloadCsv(page, 'Recipe opens');
  expect(usageCsv[0]).toBe('Recipe,Type,Opens,Readers,Opens during a stage,Median reading time (ms)');
  expect(usageCsv).toHaveLength(opens.size + 1);

  // A narrow window: every view still fits its width.
  await page.setViewportSize({ width: 720, height: 900 });
  for (const tab of ['mission', 'heatmap', 'recipes']) {
    await goToHash(page, `#/analytics/${tab}`);
    await expect(page.locator('.analytics-body')).toBeVisible();
    await expect(page.locator('.analytics-body[aria-busy="true"]')).toHaveCount(0);
    await screenshot(page, `analytics-${tab}-narrow`);
    // Nothing in the screen reaches past the window's edge (wide tables scroll inside their own box).
    const beyond = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const main = document.querySelector('main');
      const scrolled = (e: Element): boolean => {
        for (let p = e.parentElement; p && p !== main; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true;
        return false;
      };
      return Array.from(document.querySelectorAll('main *'), (e) => ({ e, right: e.getBoundingClientRect().right }))
        .filter(({ e, right }) => right > width + 1 && !scrolled(e))
        .map(({ e, right }) => `${e.tagName.toLowerCase()}.${e.className} at ${Math.round(right)}`);
    });
    expect(beyond, `${tab} overflows sideways`).toEqual([]);
  }
});

test('with no runs the dashboards say where runs come from', async ({ app: page, outpost }) => {
  await addMentor(outpost);
  await page.reload();
  await signInAsMentor(page);
  await goToHash(page, '#/analytics');
  await expect(page.getByRole('heading', { level: 2, name: 'No runs yet' })).toBeVisible();
  await expect(page.getByText(/once learners on this device run missions, or after a sync/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Go to Sync' })).toBeVisible();
  await lightAndDark(page, 'analytics-empty', 'analytics without runs');
});

test('hand-typed filters that name nothing real, and a query that fails, leave the dashboards working', async ({ app: page, outpost }) => {
  const data = seed(outpost);
  await addMentor(outpost);
  await page.reload();
  await signInAsMentor(page);
  // A version without a pack, a day that does not exist, markup as a team: ignored, or matching nothing.
  await goToHash(page, `#/analytics/mission?version=9&from=2026-02-31&team=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
  await expect(page.getByRole('heading', { level: 2, name: /^PHISH-01/ })).toBeVisible();
  await expect(starts(page)).toHaveText('0');
  await expect(page.getByRole('heading', { level: 2, name: 'No runs of this mission match these filters' })).toBeVisible();
  await expect(page.getByLabel('From')).toHaveValue('');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(starts(page)).toHaveText(String(data.runs.length));
  await goToHash(page, '#/analytics/mission?pack=no-such-pack');
  await expect(page.getByRole('heading', { level: 2, name: 'No missions match these filters' })).toBeVisible();

  // A query that fails says so and offers another try, which then shows the numbers.
  await page.route('**/api/analytics.recipeUsage', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{}' }));
  await goToHash(page, '#/analytics/recipes');
  const failure = page.getByRole('main').getByRole('alert');
  await expect(failure).toContainText('Recipe usage could not load: Outpost answered 500.');
  await page.unroute('**/api/analytics.recipeUsage');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Recipe opens' })).toBeVisible();
  await expect(failure).toHaveCount(0);
  await goToHash(page, '#/analytics/heatmap?pack=no-such-pack');
  await expect(page.getByRole('heading', { level: 2, name: 'No runs match these filters' })).toBeVisible();
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
