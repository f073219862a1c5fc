// A lab PC shared by several people: every new window asks who is working (the last person offered
// first), a switch in one window moves every window to the picker, an idle PC returns to it, and
// evidence removed from a finished stage asks first and reopens the stage.
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures.ts';
import { MINUTE, SOC_TITLE, startFromLibrary, textFile } from './run-helpers.ts';

const PICKER = { level: 1, name: 'Who is working today?' } as const;

test('a new window asks who is working, the last person first; a switch there moves every window to the picker', async ({ app, context, outpost }) => {
  await signIn(app, 'Ada Lovelace');
  const second = await context.newPage();
  await second.goto(outpost.url);
  await expect(second.getByRole('heading', PICKER)).toBeVisible();
  const choices = second.getByRole('list').first().getByRole('button');
  await expect(choices.first()).toHaveAccessibleName('Ada Lovelace');
  await expect(choices.first()).toContainText('Last here');
  // A reload of the window Ada signed in with carries on as her.
  await app.reload();
  await expect(app.getByRole('heading', { level: 1, name: 'Missions' })).toBeVisible();

  await second.getByLabel('Your name').fill('Grace Hopper');
  await second.getByRole('button', { name: 'Create profile' }).click();
  await expect(second.getByRole('heading', { level: 1, name: 'Missions' })).toBeVisible();
  await expect(app.getByRole('heading', PICKER)).toBeVisible();
  await expect(app.getByRole('button', { name: 'Grace Hopper', exact: true })).toContainText('Last here');
  await screenshot(app, 'picker-after-switch');
  await expectAccessible(app, 'picker after a switch elsewhere');
  await second.close();
});

test('an idle lab PC returns to the picker, and an admin sets how soon', async ({ app, outpost }) => {
  await signIn(app);
  outpost.clock.advance(15 * MINUTE);
  outpost.engine.tick();
  await expect(app.getByRole('heading', PICKER)).toBeVisible();

  await app.getByRole('button', { name: 'Ida Admin' }).click();
  await app.getByLabel('Passphrase').fill('lab admin passphrase');
  await app.getByRole('button', { name: 'Sign in' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Missions' })).toBeVisible();
  await app.getByRole('button', { name: /Signed in as Ida Admin/ }).click();
  const settings = app.getByRole('region', { name: 'This lab PC' });
  await expect(settings.getByLabel(/many minutes without activity/)).toHaveValue('15');
  await settings.getByLabel(/many minutes without activity/).fill('5');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(app.getByText('This PC returns to the profile picker after 5 idle minutes.')).toBeVisible();
  await screenshot(app, 'picker-lab-settings');
  await expectAccessible(app, 'lab settings');
  expect(await outpost.engine.call('lab.settings', {})).toEqual({ idleMinutes: 5 });
});

test('removing the evidence of a finished stage asks first and reopens the stage, which is completed again in place', async ({ app }) => {
  await signIn(app);
  await startFromLibrary(app, 'SOC-01', SOC_TITLE);
  await app.getByLabel('Attach evidence files').setInputFiles(textFile('queue-sorted.csv'));
  await expect(app.getByRole('button', { name: 'Remove queue-sorted.csv' })).toBeVisible();
  await app.getByLabel('Your answer').fill('NWH-BIL-WS023');
  await app.getByRole('button', { name: 'Check answer' }).click();
  await expect(app.getByRole('region', { name: 'Answer check' }).getByRole('status')).toContainText('Correct');
  await app.getByRole('button', { name: 'Complete stage' }).click();
  await expect(app.getByRole('radiogroup', { name: 'Options' })).toBeVisible();

  await app.getByRole('navigation', { name: 'Mission path' }).getByRole('button', { name: /Work the overnight queue/ }).click();
  await app.getByRole('button', { name: 'Remove queue-sorted.csv' }).click();
  const dialog = app.getByRole('dialog', { name: 'Remove queue-sorted.csv?' });
  await expect(dialog).toContainText('Removing it reopens the stage');
  await screenshot(app, 'evidence-remove-confirm');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.getByRole('button', { name: 'Remove queue-sorted.csv' })).toBeFocused();
  await app.getByRole('button', { name: 'Remove queue-sorted.csv' }).click();
  await dialog.getByRole('button', { name: 'Remove and reopen the stage' }).click();
  await expect(app.getByText('Reopened: complete it again')).toBeVisible();
  await expect(app.getByText('This stage was reopened when its evidence was removed')).toBeVisible();
  await screenshot(app, 'stage-reopened');
  await expectAccessible(app, 'reopened stage');

  await app.getByLabel('Attach evidence files').setInputFiles(textFile('queue-sorted-again.csv'));
  await expect(app.getByRole('button', { name: 'Remove queue-sorted-again.csv' })).toBeVisible();
  await app.getByRole('button', { name: 'Complete stage' }).click();
  await expect(app.getByText('✓ Completed')).toBeVisible();
  await app.getByRole('button', { name: 'Back to the current stage' }).click();
  await expect(app.getByRole('radiogroup', { name: 'Options' })).toBeVisible();
});
