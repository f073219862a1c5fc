// Every kind of quiz question on screen (tests/fixtures/packs/quiz-kinds): a select per left item for
// matching, a radio group with its end labels for rating, optional and unscored questions marked as
// such; after the one submission, the wrong pair marked, ratings and free text recorded, the optional
// question left out shown as not answered, and all of it still there after a reload.
import { join } from 'node:path';
import { expect, lightAndDark, signIn, test } from './fixtures.ts';
import { startAndOpen } from './run-helpers.ts';

const QUIZ_PACK = join(import.meta.dirname, '../fixtures/packs/quiz-kinds');
const TITLE = 'Ports, protocols and a short survey';

test('a quiz with matching, rating, optional and unscored questions is answered, submitted once and marked', async ({ app: page, outpost }) => {
  test.slow(); // screenshots in both colour schemes, before and after submission
  const report = await outpost.engine.importPack(QUIZ_PACK, { by: 'owner' });
  expect(report.status).toBe('imported');
  await signIn(page);
  await startAndOpen(page, outpost, 'QUIZ-01', TITLE);
  const quiz = page.getByRole('region', { name: 'Quiz' });
  const matching = quiz.getByRole('group', { name: /Pair each service/ });
  const rating = quiz.getByRole('group', { name: /How sure were you/ });

  // What each question is worth, and which may be left out, before anything is answered.
  await expect(quiz.getByRole('group', { name: /RDP listen/ })).toHaveAccessibleName(/\(1 point, optional\)$/);
  await expect(rating).toHaveAccessibleName(/\(not scored\)$/);
  await expect(quiz.getByRole('group', { name: /Anything you would like to add/ })).toHaveAccessibleName(/\(not scored, optional\)$/);
  await expect(quiz.getByText('Answer every question not marked optional, then submit.', { exact: false })).toBeVisible();
  for (const left of ['SMTP', 'HTTP', 'LDAP']) await expect(matching.getByRole('combobox', { name: left })).toHaveValue('-1');
  await expect(matching.getByRole('combobox', { name: 'SMTP' }).getByRole('option')).toHaveCount(5);
  await expect(rating.getByRole('radio')).toHaveCount(5);
  await expect(rating.getByRole('radio', { name: '1', exact: true })).toHaveAccessibleDescription('Guessing');
  await expect(rating.getByRole('radio', { name: '5', exact: true })).toHaveAccessibleDescription('Certain');

  // Required questions cannot be skipped; a half-matched question is neither answered nor left out.
  await quiz.getByRole('button', { name: 'Submit quiz' }).click();
  await expect(quiz.getByRole('alert')).toContainText('Answer every question not marked optional first: 5 questions still without an answer.');
  await matching.getByRole('combobox', { name: 'SMTP' }).selectOption({ label: '25' });
  await quiz.getByRole('button', { name: 'Submit quiz' }).click();
  await expect(quiz.getByRole('alert')).toContainText('Match every item of question 4, or leave all its items unmatched.');

  // A choice is used once: giving HTTP the item SMTP holds moves it.
  await matching.getByRole('combobox', { name: 'HTTP' }).selectOption({ label: '25' });
  await expect(matching.getByRole('combobox', { name: 'SMTP' })).toHaveValue('-1');
  await matching.getByRole('combobox', { name: 'SMTP' }).selectOption({ label: '25' });
  await matching.getByRole('combobox', { name: 'HTTP' }).selectOption({ label: '8443' });
  await matching.getByRole('combobox', { name: 'LDAP' }).selectOption({ label: '389' });
  await quiz.getByRole('group', { name: /SSH listen/ }).getByRole('radio', { name: '22' }).check();
  await quiz.getByRole('group', { name: /encrypt their traffic/ }).getByRole('checkbox', { name: 'HTTPS' }).check();
  await quiz.getByRole('textbox', { name: /Which UDP port does DNS use/ }).fill('53');
  await rating.getByRole('radio', { name: '4', exact: true }).check();
  await quiz.getByRole('textbox', { name: /Anything you would like to add/ }).fill('More matching, please.');
  await quiz.scrollIntoViewIfNeeded();
  await lightAndDark(page, 'quiz-kinds-form', 'quiz with every question kind, answered');

  await quiz.getByRole('button', { name: 'Submit quiz' }).click();
  const dialog = page.getByRole('dialog', { name: 'Submit the quiz?' });
  await expect(dialog).toContainText('You answered 6 of 7 questions.');
  await dialog.getByRole('button', { name: 'Submit answers' }).click();
  // SSH 2 + DNS 2 + two of three pairs (2); the all-or-nothing question with one pick of two earns nothing.
  await expect(quiz.getByRole('status')).toHaveText('You scored 6 of 10 points');

  const checkMarks = async (): Promise<void> => {
    const region = page.getByRole('region', { name: 'Quiz' });
    await expect(region.locator('.question-outcome')).toHaveText([
      /Right · 2 points of 2/,
      /Wrong · 0 points of 2/,
      /Right · 2 points of 2/,
      /Partly right · 2 points of 3/,
      /Not answered · 0 points of 1/,
      /^• ?Recorded$/,
      /^• ?Recorded$/,
    ]);
    const pairs = region.getByRole('group', { name: /Pair each service/ });
    // Only the wrong pair is marked; the right partner of HTTP is not shown anywhere.
    await expect(pairs.getByRole('combobox', { name: 'HTTP' })).toHaveAttribute('aria-invalid', 'true');
    await expect(pairs.getByRole('combobox', { name: 'HTTP' })).toHaveAccessibleDescription('Wrong match');
    await expect(pairs.locator('.wrong-mark')).toHaveCount(1);
    await expect(pairs.getByRole('combobox', { name: 'SMTP' }).locator('option:checked')).toHaveText('25');
    await expect(pairs.getByRole('combobox', { name: 'HTTP' }).locator('option:checked')).toHaveText('8443');
    await expect(pairs.getByRole('combobox', { name: 'LDAP' }).locator('option:checked')).toHaveText('389');
    await expect(pairs.getByRole('combobox', { name: 'SMTP' })).toBeDisabled();
    await expect(region.getByRole('group', { name: /How sure were you/ }).getByRole('radio', { name: '4', exact: true })).toBeChecked();
    await expect(region.getByRole('textbox', { name: /Anything you would like to add/ })).toHaveValue('More matching, please.');
    await expect(region.getByRole('button', { name: 'Submit quiz' })).toHaveCount(0);
  };
  await checkMarks();
  await quiz.scrollIntoViewIfNeeded();
  await lightAndDark(page, 'quiz-kinds-result', 'quiz with every question kind, marked');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await checkMarks();
});
