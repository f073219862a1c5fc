// Written responses end to end: a learner writes the escalation ticket of SOC-01 in the stage's
// editor (template, live word count, Write and Preview), finds the draft after a reload, completes the
// stage, reads it back read-only, submits, and finds it on the summary. The learner's own Markdown
// is sanitised like a pack's.
import { Readable } from 'node:stream';
import type { Page } from '@playwright/test';
import { expect, lightAndDark, signIn, test } from './fixtures.ts';
import { completeStage, goToHash, missionId, profileId, reflectAndSubmit, SOC_TITLE, ticketText, writeResponse, type Outpost } from './run-helpers.ts';

/** SOC-01 played through the API up to its escalation ticket, then opened on screen. */
async function openAtEscalation(page: Page, outpost: Outpost): Promise<string> {
  const pid = await profileId(outpost);
  const call = (method: string, input: Record<string, unknown>) => outpost.engine.call(method, { profileId: pid, ...input });
  const runId = ((await call('runs.start', { missionId: await missionId(outpost, pid, 'SOC-01') })) as { id: string }).id;
  await outpost.engine.uploadEvidence({ profileId: pid, runId, stageId: 'triage', fileName: 'queue.csv' }, Readable.from([Buffer.from('id,host\n48232,NWH-BIL-WS023\n')]));
  await call('checks.answer', { runId, stageId: 'triage', answer: 'NWH-BIL-WS023' });
  await call('stages.complete', { runId, stageId: 'triage' });
  await call('decisions.take', { runId, stageId: 'verdict', optionId: 'escalate' });
  await goToHash(page, `#/run/${encodeURIComponent(runId)}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Escalate to Tier 2' })).toBeVisible();
  return runId;
}


test('a learner writes the escalation ticket, finds the draft after a reload, completes the stage and finds it read-only after submission', async ({ app: page, outpost }) => {
  test.slow(); // a whole mission, with screenshots in both colour schemes
  await signIn(page);
  await openAtEscalation(page, outpost);
  const response = page.getByRole('region', { name: 'Written response' });
  const editor = response.getByLabel('Your response');
  const complete = page.getByRole('button', { name: 'Complete stage' });

  // The prompt, the template to start from, and a stage that cannot be completed yet, saying why.
  await expect(response.getByText(/^Write the escalation ticket for Tier 2\. It has to stand on its own/)).toBeVisible();
  await expect(editor).toHaveValue(/^## Summary\nHost:\nUser:/);
  await expect(editor).toHaveValue(/## Indicators\n\| Type \| Value \|/);
  await expect(response.getByText('0 / 120 words')).toBeVisible();
  await expect(response.getByText('Lines left as in the template do not count.')).toBeVisible();
  await expect(complete).toBeDisabled();
  await expect(page.locator('.blockers')).toContainText('Write your response: at least 120 words.');
  await response.scrollIntoViewIfNeeded();
  await lightAndDark(page, 'response-template', 'response editor with its template');

  // Typing counts at once; the draft saves a moment later.
  const draft = '## Summary\nHost: NWH-BIL-WS023 in Billing\nUser: d.brennan\n\n## Timeline (UTC)\n- 06:12:41 the invoice email arrives';
  await editor.fill(draft);
  await expect(response.getByText(/^\d+ \/ 120 words/)).toHaveText(/^14 \/ 120 words · 106 more needed$/);
  await expect(page.locator('.blockers')).toContainText('Write at least 120 words in your response (14 so far).');
  await expect(response.getByRole('status')).toHaveText('Saved');
  await expect(complete).toBeDisabled();

  // Preview renders the Markdown; the arrow keys move between the tabs.
  await response.getByRole('tab', { name: 'Preview' }).click();
  const preview = response.getByRole('tabpanel', { name: 'Preview' });
  await expect(preview.getByRole('heading', { name: 'Timeline (UTC)' })).toBeVisible();
  await expect(preview.getByRole('listitem')).toHaveText('06:12:41 the invoice email arrives');
  // Lines keep their breaks as typed: "Host:" and "User:" stay two lines.
  await expect(preview.locator('p', { hasText: 'Host: NWH-BIL-WS023 in Billing' }).locator('br')).toHaveCount(1);
  await expect(editor).toBeHidden();
  await lightAndDark(page, 'response-preview', 'response preview');
  await response.getByRole('tab', { name: 'Preview' }).press('ArrowLeft');
  await expect(response.getByRole('tab', { name: 'Write' })).toBeFocused();
  await expect(response.getByRole('tab', { name: 'Write' })).toHaveAttribute('aria-selected', 'true');
  await expect(editor).toBeVisible();

  // The draft is the engine's: a reload finds it, not the template.
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Escalate to Tier 2' })).toBeVisible();
  await expect(editor).toHaveValue(draft);
  await expect(response.getByText(/^14 \/ 120 words/)).toBeVisible();
  await expect(response.getByRole('status')).toHaveText('Saved');

  // Long enough: the button follows the typing, and completing keeps what was typed.
  await editor.fill(ticketText('escalation'));
  await expect(response.getByText(/^✓ ?\d+ \/ 120 words$/)).toBeVisible();
  await expect(complete).toBeEnabled();
  await lightAndDark(page, 'response-written', 'response written');
  await completeStage(page, 'Hand over the shift');

  // Looking back: the ticket is shown rendered and cannot be changed.
  await page.getByRole('navigation', { name: 'Mission path' }).getByRole('button', { name: /^Task · Done Escalate to Tier 2/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Escalate to Tier 2' })).toBeVisible();
  const done = page.getByRole('region', { name: 'Written response' });
  await expect(done.getByText('A macro in the invoice attachment ran PowerShell', { exact: false })).toBeVisible();
  await expect(done.getByRole('textbox')).toHaveCount(0);
  await expect(done.getByRole('tab')).toHaveCount(0);
  await done.scrollIntoViewIfNeeded();
  await lightAndDark(page, 'response-read-only', 'response of a completed stage');
  await page.getByRole('button', { name: 'Back to the current stage' }).click();

  await writeResponse(page, ticketText('handover'));
  await completeStage(page, 'Reflection');
  await reflectAndSubmit(page, 'proxy');

  // On the summary: each response rendered under its stage, nothing to edit.
  await expect(page.getByRole('heading', { level: 1, name: SOC_TITLE })).toBeVisible();
  const escalation = page.getByRole('region', { name: /^Escalate to Tier 2/ });
  const written = escalation.getByRole('region', { name: 'Written response' });
  await expect(written).toContainText('Write the escalation ticket for Tier 2');
  await expect(written.getByRole('heading', { name: 'Timeline (UTC)' })).toBeVisible();
  await expect(written).toContainText('Isolate the host through the EDR console');
  await expect(written).toContainText(/\d+ words · last saved/);
  await expect(page.getByRole('region', { name: /^Hand over the shift/ }).getByRole('region', { name: 'Written response' })).toContainText('The handover concerns NWH-BIL-WS023');
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await written.scrollIntoViewIfNeeded();
  await lightAndDark(page, 'response-summary', 'run summary with responses');
});

test("the learner's own Markdown runs no script in the preview", async ({ app: page, outpost, cspViolations }) => {
  await signIn(page);
  await openAtEscalation(page, outpost);
  const response = page.getByRole('region', { name: 'Written response' });
  await response.getByLabel('Your response').fill(
    ['## Ticket', '<script>window.__pwned=1</script>', '<img src=x onerror="window.__pwned=2">', '[click](javascript:window.__pwned=3)', '<p style="position:fixed;inset:0">styled</p>'].join('\n\n'),
  );
  await expect(response.getByRole('status')).toHaveText('Saved');
  await response.getByRole('tab', { name: 'Preview' }).click();
  const preview = response.getByRole('tabpanel', { name: 'Preview' });
  await expect(preview.getByRole('heading', { name: 'Ticket' })).toBeVisible();
  await preview.getByText('click', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Escalate to Tier 2' })).toBeVisible();
  expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
  expect(await preview.locator('script, [style], [onerror], a[href^="javascript"]').count()).toBe(0);
  // As with a pack's Markdown, the page's policy refuses the inline handler and style while the
  // sanitiser parses the text: those refusals, and nothing else, are expected.
  const refused = cspViolations.splice(0);
  expect(refused.filter((report) => !/^(script-src-attr|style-src-attr|style-src-elem) refused inline /.test(report))).toEqual([]);
});
