// Browser mode's connection to its engine: pushed events keep arriving after the connection drops,
// and a page holding a token from an earlier start says so instead of failing call by call.
import { expect, screenshot, signIn, test } from './fixtures.ts';
import { passTimeWorking } from './run-helpers.ts';

test('recovers when the bridge drops its connections: pushed events reach the screen again', async ({ app, outpost }) => {
  await signIn(app);
  const profiles = (await outpost.engine.call('profiles.list', {})) as Array<{ id: string }>;
  const profileId = profiles[0]!.id;
  const cards = (await outpost.engine.call('catalog.list', { profileId })) as Array<{ code: string; missionId: number }>;
  const run = (await outpost.engine.call('runs.start', { profileId, missionId: cards.find((c) => c.code === 'PHISH-01')!.missionId })) as { id: string };
  await app.goto(`${outpost.url.split('#')[0]}#/run/${run.id}`);
  await expect(app.getByRole('timer', { name: 'Time left' })).toBeVisible();

  outpost.server.closeAllConnections();
  await expect(app.getByText('Reconnecting…')).toBeHidden({ timeout: 15_000 });
  // Give the event stream a moment to be re-established before the engine pushes.
  await app.waitForTimeout(1500);
  await passTimeWorking(outpost, 35 * 60_000);
  await expect(app.getByText('Three quarters of the time is used.', { exact: false })).toBeVisible();
  await expect(app.getByRole('timer', { name: 'Time left' })).toContainText(/^\s*(9|10):\d\d/);
});

test('tells the learner to open the new address when the token is from an earlier start', async ({ app, outpost }) => {
  await signIn(app);
  await app.evaluate(() => sessionStorage.setItem('outpost.token', 'token-from-an-earlier-start'));
  await app.goto(outpost.url.split('#')[0] as string);
  await expect(app.getByRole('heading', { name: 'Outpost was restarted' })).toBeVisible();
  await screenshot(app, 'restarted');
});
