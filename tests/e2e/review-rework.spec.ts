// The learner's side of mentor review that the engine decides: a mission waiting for a mentor's
// review of its prerequisite says so on its card, and a run returned for rework shows as such.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputOf, MethodName, OutputOf } from '../../shared/api/contract.ts';
import { createProfileAs } from '../../electron/engine/access/sign-in.ts';
import { FULL_MARKS, installReviewPack, playAndSubmit, reviewPackFiles } from '../support/review-fixture.ts';
import { expect, lightAndDark, test } from './fixtures.ts';

const LEARNER = 'Lena Learner';

test('a prerequisite waiting for review says so, and a returned run shows the mentor asked for rework', async ({ app, outpost }) => {
  const engine = outpost.engine;
  const call = <M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> => engine.call(method, input) as Promise<OutputOf<M>>;
  const root = mkdtempSync(join(tmpdir(), 'outpost-e2e-pack-'));
  try {
    await installReviewPack({ engine }, reviewPackFiles(), root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const learnerId = (await call('profiles.create', { displayName: LEARNER })).id;
  await call('profiles.select', { profileId: learnerId });
  const run = await playAndSubmit({ call }, learnerId);
  const mentor = await createProfileAs(engine.ctx, { displayName: 'Max Mentor', role: 'mentor', passphrase: 'mentor passphrase' }, 'owner');
  await call('profiles.select', { profileId: mentor.id, passphrase: 'mentor passphrase' });
  await call('profiles.signOut', {});

  await app.reload();
  await app.getByRole('button', { name: LEARNER }).click();
  await expect(app.getByRole('heading', { name: 'Missions' })).toBeVisible();
  await app.getByLabel('Search missions').fill('REV-0');
  await expect(app.getByText('2 missions')).toBeVisible();
  await expect(app.getByText("Waiting for your mentor's review of REV-01 (Triage and report).")).toBeVisible();
  await lightAndDark(app, 'review-prerequisite-waiting', 'library with a prerequisite waiting for review');

  // The mentor returns it (on this PC, between two sessions of the learner).
  await call('profiles.select', { profileId: mentor.id, passphrase: 'mentor passphrase' });
  await call('reviews.saveDraft', { runId: run.id, stages: FULL_MARKS, overall: '' });
  await call('reviews.return', { runId: run.id, comment: 'Say how you contained it.' });
  await call('profiles.signOut', {});
  await app.reload();
  await app.getByRole('button', { name: LEARNER }).click();
  await expect(app.getByRole('heading', { name: 'Missions' })).toBeVisible();
  await app.getByRole('link', { name: 'My runs' }).click();
  await expect(app.getByText('Returned for rework').first()).toBeVisible();
  await lightAndDark(app, 'review-run-returned', 'my runs with a run returned for rework');
  // The run's link leads back into its workspace, with the mentor's comment on top.
  await app.getByRole('link', { name: /^Continue the rework/ }).click();
  await expect(app.getByText('Say how you contained it.')).toBeVisible();
});
