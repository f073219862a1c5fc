import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { importPack } from '../../../electron/engine/packs/import-pack.ts';
import { editFile, validPackFiles, writePackFolder } from '../../support/pack-fixture.ts';
import { tempDir } from '../../support/temp.ts';
import { engineWithSamplePack, eventVerbs, grantPassed, learner, missionIdOf, taskOf, words, type TestEngine } from '../../support/engine-fixture.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

const task = taskOf;

/** SOC-01 up to its escalation ticket: the first stage that asks the learner to write. */
async function atEscalation(): Promise<{ profileId: string; runId: string; withRun: { profileId: string; runId: string } }> {
  t = await engineWithSamplePack();
  const profileId = await learner(t);
  const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).id;
  const withRun = { profileId, runId };
  await t.engine.uploadEvidence({ ...withRun, stageId: 'triage', fileName: 'queue.csv' }, Readable.from([Buffer.from('id,host\n48232,NWH-BIL-WS023\n')]));
  await t.call('checks.answer', { ...withRun, stageId: 'triage', answer: 'NWH-BIL-WS023' });
  await t.call('stages.complete', { ...withRun, stageId: 'triage' });
  await t.call('decisions.take', { ...withRun, stageId: 'verdict', optionId: 'escalate' });
  return { profileId, runId, withRun };
}

function outboxRow(recordId: string): { payload_json: string } | undefined {
  const { db } = t.engine.ctx;
  return db.first(db.q.selectFrom('outbox').select('payload_json').where('topic', '=', 'response').where('record_id', '=', recordId));
}

describe('written responses', () => {
  it('shows the prompt, minimum and template, and keeps each save as the draft with its event and outbox snapshot', async () => {
    const { runId, withRun } = await atEscalation();
    const fresh = task(await t.call('runs.get', withRun), 'escalate-incident').response;
    expect(fresh).toMatchObject({ minWords: 120, required: true, text: '', words: 0, savedAt: null, editable: true });
    expect(fresh?.prompt).toMatch(/^Write the escalation ticket for Tier 2/);
    expect(fresh?.template).toContain('## Indicators');

    // The template left as it is counts nothing; the lines the learner changes or adds count in full.
    const template = fresh?.template ?? '';
    expect(await t.call('responses.save', { ...withRun, stageId: 'escalate-incident', text: template })).toEqual({ stageId: 'escalate-incident', words: 0, savedAt: t.clock.now() });
    t.clock.advance(5_000);
    const draft = template.replace('Host:', 'Host: NWH-BIL-WS023 in Billing') + '\nIsolate the host through the EDR now.\n';
    expect(await t.call('responses.save', { ...withRun, stageId: 'escalate-incident', text: draft })).toEqual({ stageId: 'escalate-incident', words: 11, savedAt: t.clock.now() });

    const view = task(await t.call('runs.get', withRun), 'escalate-incident');
    expect(view.response).toMatchObject({ text: draft, words: 11, savedAt: t.clock.now(), editable: true });
    expect(view.blockers).toEqual(['Write at least 120 words in your response (11 so far).']);
    expect(eventVerbs(t, runId).filter((verb) => verb === 'response.saved')).toHaveLength(2);
    const { db } = t.engine.ctx;
    const event = db.first(db.q.selectFrom('events').select(['object_id', 'context_json']).where('run_id', '=', runId).where('verb', '=', 'response.saved').orderBy('seq', 'desc').limit(1));
    expect(event).toEqual({ object_id: 'SOC-01/escalate-incident', context_json: '{"words":11}' });
    // One pending snapshot per response, holding the newest text.
    expect(JSON.parse(outboxRow(`${runId}/escalate-incident`)?.payload_json ?? '{}')).toEqual({ runId, stageId: 'escalate-incident', text: draft, words: 11, updatedAt: t.clock.now() });
    expect(db.all(db.q.selectFrom('outbox').select('id').where('topic', '=', 'response'))).toHaveLength(1);
  });

  it('refuses to complete a stage whose required response is missing or short, and freezes it once completed', async () => {
    const { withRun } = await atEscalation();
    await expect(t.call('stages.complete', { ...withRun, stageId: 'escalate-incident' })).rejects.toMatchObject({
      code: 'rule_violation',
      message: 'Stage "Escalate to Tier 2" is not finished: Write your response: at least 120 words.',
      details: { blockers: ['Write your response: at least 120 words.'] },
    });
    await t.call('responses.save', { ...withRun, stageId: 'escalate-incident', text: words(119) });
    await expect(t.call('stages.complete', { ...withRun, stageId: 'escalate-incident' })).rejects.toMatchObject({
      code: 'rule_violation',
      details: { blockers: ['Write at least 120 words in your response (119 so far).'] },
    });
    // "## Summary" is a line of the template: it does not count.
    const ticket = `## Summary\n${words(120)}`;
    await t.call('responses.save', { ...withRun, stageId: 'escalate-incident', text: ticket });
    const moved = await t.call('stages.complete', { ...withRun, stageId: 'escalate-incident' });
    expect(moved.currentStageId).toBe('shift-report');
    expect(task(moved, 'escalate-incident').response).toMatchObject({ text: ticket, words: 120, editable: false });

    await expect(t.call('responses.save', { ...withRun, stageId: 'escalate-incident', text: 'changed afterwards' })).rejects.toMatchObject({
      code: 'invalid_state',
      message: 'Stage "Escalate to Tier 2" is completed: its response can no longer be changed.',
    });
    expect(task(await t.call('runs.get', withRun), 'escalate-incident').response?.text).toBe(ticket);
  });

  it('refuses a response for a stage that is not on the path, asks for none, or does not exist, changing nothing', async () => {
    const { withRun } = await atEscalation();
    const { sqlite } = t.engine.ctx.db;
    const count = (table: string): number => (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const before = [count('stage_responses'), count('events'), count('outbox')];
    await expect(t.call('responses.save', { ...withRun, stageId: 'shift-report', text: 'too early' })).rejects.toMatchObject({ code: 'invalid_state', message: 'Stage "Hand over the shift" is not on your path yet.' });
    await expect(t.call('responses.save', { ...withRun, stageId: 'reopened-ticket', text: 'the other branch' })).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(t.call('responses.save', { ...withRun, stageId: 'triage', text: 'no prompt here' })).rejects.toMatchObject({ code: 'invalid_input', message: 'Stage "Work the overnight queue" asks for no written response.' });
    await expect(t.call('responses.save', { ...withRun, stageId: 'verdict', text: 'a decision' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.call('responses.save', { ...withRun, stageId: 'no-such-stage', text: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.engine.call('responses.save', { ...withRun, stageId: 'escalate-incident', text: 'x'.repeat(20_001) })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.engine.call('responses.save', { ...withRun, stageId: 'escalate-incident', text: 42 })).rejects.toMatchObject({ code: 'invalid_input' });
    expect([count('stage_responses'), count('events'), count('outbox')]).toEqual(before);
  });

  it("refuses another profile's run, and any change once the run is submitted", async () => {
    t = await engineWithSamplePack();
    const other = await learner(t, 'Grace Hopper');
    const profileId = await learner(t);
    grantPassed(t, profileId, 'SOC-01');
    const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SIEM-03') })).id;
    const withRun = { profileId, runId };
    await t.engine.uploadEvidence({ ...withRun, stageId: 'triage', fileName: 'spray.txt' }, Readable.from([Buffer.from('index=vpn action=ssl-login-fail')]));
    await t.call('checks.answer', { ...withRun, stageId: 'triage', answer: '203.0.113.77' });
    await t.call('stages.complete', { ...withRun, stageId: 'triage' });
    await t.call('decisions.take', { ...withRun, stageId: 'contain', optionId: 'block' });

    await t.call('profiles.select', { profileId: other });
    await expect(t.call('responses.save', { profileId: other, runId, stageId: 'confirm-block', text: 'not mine' })).rejects.toMatchObject({ code: 'forbidden' });
    await t.call('profiles.select', { profileId });
    expect(task(await t.call('runs.get', withRun), 'confirm-block').response?.text).toBe('');

    await t.call('responses.save', { ...withRun, stageId: 'confirm-block', text: words(80) });
    await t.call('stages.complete', { ...withRun, stageId: 'confirm-block' });
    await t.call('decisions.take', { ...withRun, stageId: 'verify-block', optionId: 'tell' });
    const report = `# Incident report\n${words(150)}`;
    await t.call('responses.save', { ...withRun, stageId: 'report', text: report });
    await t.call('stages.complete', { ...withRun, stageId: 'report' });
    await t.call('reflection.save', { ...withRun, text: words(45) });
    const submitted = await t.call('runs.submit', withRun);
    expect(task(submitted, 'report').response).toMatchObject({ text: report, words: 152, editable: false });
    await expect(t.call('responses.save', { ...withRun, stageId: 'report', text: 'after the fact' })).rejects.toMatchObject({ code: 'invalid_state', message: 'Cannot change a response: the run is submitted.' });
  });

  it('lists a missing or short response on the submission checklist', async () => {
    const { withRun } = await atEscalation();
    const item = async () => (await t.call('runs.checklist', withRun)).items.find((i) => i.key === 'response:escalate-incident');
    expect(await item()).toEqual({ key: 'response:escalate-incident', label: 'Response for "Escalate to Tier 2"', done: false, detail: '0 of at least 120 words' });
    await t.call('responses.save', { ...withRun, stageId: 'escalate-incident', text: words(130) });
    expect(await item()).toMatchObject({ done: true, detail: '130 of at least 120 words' });
    // Stages not reached yet are not listed: the path item says where the learner is.
    expect((await t.call('runs.checklist', withRun)).items.some((i) => i.key === 'response:shift-report')).toBe(false);
  });

  it('lets an optional response be written or left out without blocking its stage', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    grantPassed(t, profileId, 'SOC-01');
    const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'RECON-02') })).id;
    const withRun = { profileId, runId };
    const stage = task(await t.call('runs.get', withRun), 'rules-of-engagement');
    expect(stage.response).toMatchObject({ required: false, minWords: 40, editable: true });
    expect(stage.blockers).toEqual(['Submit the quiz.']);
    expect(await t.call('responses.save', { ...withRun, stageId: 'rules-of-engagement', text: 'In scope (section 3): 203.0.113.0/25' })).toMatchObject({ words: 9 });
    await t.call('checks.quiz', { ...withRun, stageId: 'rules-of-engagement', responses: { q1: [0], q2: [0, 1, 2] } });
    expect((await t.call('runs.checklist', withRun)).items.some((i) => i.key.startsWith('response:'))).toBe(false);
    const moved = await t.call('stages.complete', { ...withRun, stageId: 'rules-of-engagement' });
    expect(moved.currentStageId).toBe('passive-recon');
  });

  it('keeps the response of a stage dropped by going back, and offers it again when the stage is entered again', async () => {
    t = await engineWithSamplePack();
    const files = editFile(validPackFiles('back-response-pack'), 'missions/DEMO-01/mission.yaml', (yaml) =>
      yaml
        .replace('start: find-host', 'allow_back: true\nstart: find-host')
        .replace('    body: stages/report.md\n', '    body: stages/report.md\n    response: { prompt: Write two sentences for the next analyst., min_words: 5 }\n'),
    );
    await importPack(writePackFolder(tempDir(), files), { db: t.engine.ctx.db, dataDir: t.dataDir });
    const profileId = await learner(t);
    const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'DEMO-01') })).id;
    const withRun = { profileId, runId };
    await t.call('checks.answer', { ...withRun, stageId: 'find-host', answer: '10.0.4.21' });
    await t.call('stages.complete', { ...withRun, stageId: 'find-host' });
    await t.call('decisions.take', { ...withRun, stageId: 'respond', optionId: 'isolate' });
    await t.call('responses.save', { ...withRun, stageId: 'report', text: 'Isolated 10.0.4.21 at once.' });

    await t.call('decisions.back', withRun);
    await expect(t.call('responses.save', { ...withRun, stageId: 'report', text: 'off the path' })).rejects.toMatchObject({ code: 'invalid_state' });
    const again = await t.call('decisions.take', { ...withRun, stageId: 'respond', optionId: 'watch' });
    expect(task(again, 'report').response).toMatchObject({ text: 'Isolated 10.0.4.21 at once.', editable: true });
  });
});
