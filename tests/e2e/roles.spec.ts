// Roles on a shared lab PC: a new installation starts with its admin; learners sign in by name and
// cannot import; an admin adds a mentor, who signs in with a passphrase that a wrong guess slows down.
import { ADMIN_NAME, expect, expectAccessible, screenshot, signIn, signInAsAdmin, test } from './fixtures.ts';

test.describe('a new installation', () => {
  test.use({ withAdmin: false });

  test('starts by creating its admin, who may then import packs', async ({ app }) => {
    await expect(app.getByRole('heading', { level: 1, name: 'Set up Outpost on this computer' })).toBeVisible();
    await screenshot(app, 'first-admin');
    await expectAccessible(app, 'first admin');
    await app.getByLabel("Admin's name").fill('Lab Admin');
    await app.getByLabel('Passphrase', { exact: true }).fill('too short');
    await app.getByLabel('Passphrase again').fill('too short');
    await app.getByRole('button', { name: 'Create admin' }).click();
    await expect(app.getByRole('main').getByRole('alert')).toHaveText('The passphrase needs at least 10 characters.');
    await app.getByLabel('Passphrase', { exact: true }).fill('a long lab passphrase');
    await app.getByLabel('Passphrase again').fill('a long lab passphrase');
    await app.getByRole('button', { name: 'Create admin' }).click();
    await expect(app.getByRole('heading', { level: 1, name: 'Missions' })).toBeVisible();
    await expect(app.getByRole('button', { name: /Lab Admin/ })).toContainText('Admin');
    await expect(app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import pack' })).toBeVisible();
  });
});

test('a learner sees no import, and the import screen tells them who can', async ({ app }) => {
  await signIn(app);
  await expect(app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import pack' })).toHaveCount(0);
  await app.evaluate(() => (window.location.hash = '#/import'));
  await expect(app.getByRole('note')).toHaveText(/Only a mentor or an admin can import mission packs/);
  await expect(app.getByLabel('Choose a pack (.zip)')).toHaveCount(0);
  await screenshot(app, 'import-learner');
});

test('an admin adds a mentor, who signs in with a passphrase; a wrong one makes the next try wait', async ({ app, outpost }) => {
  await signInAsAdmin(app);
  await app.getByRole('button', { name: new RegExp(ADMIN_NAME) }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Who is working today?' })).toBeVisible();
  await app.getByLabel('Name', { exact: true }).fill('Grace Mentor');
  await app.getByLabel('Role').selectOption('mentor');
  await app.getByLabel('Passphrase', { exact: true }).fill('mentor passphrase');
  await app.getByLabel('Passphrase again').fill('mentor passphrase');
  await screenshot(app, 'profiles-admin-adds-mentor');
  await expectAccessible(app, 'admin adds a mentor');
  await app.getByRole('button', { name: 'Create profile' }).click();
  const mentor = app.getByRole('button', { name: 'Grace Mentor' });
  await expect(mentor).toBeVisible();
  await expect(mentor).toContainText('Mentor');

  await app.getByRole('button', { name: 'Sign out' }).click();
  await mentor.click();
  const dialog = app.getByRole('dialog', { name: 'Sign in as Grace Mentor' });
  await dialog.getByLabel('Passphrase').fill('not the passphrase');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Wrong passphrase for Grace Mentor');
  await expect(dialog.getByRole('button', { name: /Try again in \d s/ })).toBeDisabled();
  await screenshot(app, 'passphrase-wrong');
  await expectAccessible(app, 'wrong passphrase');
  // The engine's clock is the test's: the second it makes the next try wait passes here.
  outpost.clock.advance(1000);
  await dialog.getByLabel('Passphrase').fill('mentor passphrase');
  await expect(dialog.getByRole('button', { name: 'Sign in' })).toBeEnabled({ timeout: 5_000 });
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Missions' })).toBeVisible();
  await expect(app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import pack' })).toBeVisible();
  await app.emulateMedia({ colorScheme: 'dark' });
  await app.getByRole('button', { name: /Grace Mentor/ }).click();
  await screenshot(app, 'profiles-dark');
  await expectAccessible(app, 'profiles, dark');
});
