import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { DecisionStageView, RunView } from '../../../shared/api/views.ts';
import { importPack } from '../../../electron/engine/packs/import-pack.ts';
import { editFile, validPackFiles, writePackFolder } from '../../support/pack-fixture.ts';
import { tempDir } from '../../support/temp.ts';
import { engineWithSamplePack, eventVerbs, grantPassed, learner, missionIdOf, taskOf, words, type TestEngine } from '../../support/engine-fixture.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

const task = taskOf;
function decision(run: RunView, id: string): DecisionStageView {
  const stage = run.stages.find((s) => s.id === id);
  if (stage?.kind !== 'decision') throw new Error(`no decision ${id}`);
  return stage;
}

async function startSiem(): Promise<{ profileId: string; run: RunView }> {
  t = await engineWithSamplePack();
  const profileId = await learner(t);
  grantPassed(t, profileId, 'SOC-01');
  const run = await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SIEM-03') });
  return { profileId, run };
}

/** Writes a stage's response long enough for its minimum (SIEM-03 asks for 80 to 150 words). */
async function write(profileId: string, runId: string, stageId: string): Promise<void> {
  await t.call('responses.save', { profileId, runId, stageId, text: words(150) });
}

async function finishTriage(profileId: string, runId: string): Promise<RunView> {
  await t.engine.uploadEvidence({ profileId, runId, stageId: 'triage', fileName: 'spray-query.txt' }, Readable.from([Buffer.from('index=vpn action=ssl-login-fail | stats dc(user) by remip')]));
  expect(await t.call('checks.answer', { profileId, runId, stageId: 'triage', answer: ' 203.0.113.77 ' })).toMatchObject({ correct: true, attemptsLeft: 5, done: true });
  return t.call('stages.complete', { profileId, runId, stageId: 'triage' });
}

describe('a branching mission (SIEM-03) through the API', () => {
  it('takes the block branch: the conditional option is not offered, the path and flags are recorded', async () => {
    const { profileId, run } = await startSiem();
    expect(run).toMatchObject({ status: 'in_progress', currentStageId: 'triage', path: [{ stageId: 'triage', kind: 'task', completed: false }] });
    expect(run.timer).toMatchObject({ limitMs: 120 * 60_000, elapsedMs: 0, onDeadline: 'submit' });
    const afterTriage = await finishTriage(profileId, run.id);
    expect(afterTriage.currentStageId).toBe('contain');
    expect(decision(afterTriage, 'contain').options.map((o) => o.id)).toEqual(['block', 'watch']);

    const blocked = await t.call('decisions.take', { profileId, runId: run.id, stageId: 'contain', optionId: 'block' });
    expect(blocked.currentStageId).toBe('confirm-block');
    await write(profileId, run.id, 'confirm-block');
    const atVerify = await t.call('stages.complete', { profileId, runId: run.id, stageId: 'confirm-block' });
    expect(decision(atVerify, 'verify-block').options.map((o) => o.id)).toEqual(['tell']);
    await expect(t.call('decisions.take', { profileId, runId: run.id, stageId: 'verify-block', optionId: 'quiet' })).rejects.toMatchObject({ code: 'rule_violation' });

    const atReport = await t.call('decisions.take', { profileId, runId: run.id, stageId: 'verify-block', optionId: 'tell' });
    await write(profileId, run.id, 'report');
    const done = await t.call('stages.complete', { profileId, runId: run.id, stageId: 'report' });
    expect(done.pathComplete).toBe(true);
    expect(done.path.map((p) => [p.stageId, p.choice])).toEqual([
      ['triage', null],
      ['contain', 'Block the source at the firewall now under an emergency change'],
      ['confirm-block', null],
      ['verify-block', 'Brief the VPN service owner and the on-call IT manager now and open a security incident'],
      ['report', null],
    ]);
    expect(atReport.currentStageId).toBe('report');
    const { db } = t.engine.ctx;
    expect(db.first(db.q.selectFrom('runs').select('flags_json').where('id', '=', run.id))?.flags_json).toBe('{"noisy":true}');
  });

  it('takes the watch branch, where the quiet option is offered and costs its score change', async () => {
    const { profileId, run } = await startSiem();
    await finishTriage(profileId, run.id);
    await t.call('decisions.take', { profileId, runId: run.id, stageId: 'contain', optionId: 'watch' });
    await write(profileId, run.id, 'watch-actor');
    const atVerify = await t.call('stages.complete', { profileId, runId: run.id, stageId: 'watch-actor' });
    expect(decision(atVerify, 'verify-block').options.map((o) => o.id)).toEqual(['tell', 'quiet']);
    await t.call('decisions.take', { profileId, runId: run.id, stageId: 'verify-block', optionId: 'quiet' });
    const { db } = t.engine.ctx;
    expect(db.all(db.q.selectFrom('decisions').select(['stage_id', 'option_id', 'score_delta']).where('run_id', '=', run.id).orderBy('taken_at'))).toEqual([
      { stage_id: 'contain', option_id: 'watch', score_delta: -5 },
      { stage_id: 'verify-block', option_id: 'quiet', score_delta: -10 },
    ]);
  });

  it('keeps a decision final: it cannot be taken again or undone in this mission', async () => {
    const { profileId, run } = await startSiem();
    await finishTriage(profileId, run.id);
    await t.call('decisions.take', { profileId, runId: run.id, stageId: 'contain', optionId: 'block' });
    await expect(t.call('decisions.take', { profileId, runId: run.id, stageId: 'contain', optionId: 'watch' })).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(t.call('decisions.back', { profileId, runId: run.id })).rejects.toMatchObject({ code: 'rule_violation', message: 'Decisions in this mission are final.' });
  });

  it('refuses to complete a stage before its evidence and check are done, naming what is missing', async () => {
    const { profileId, run } = await startSiem();
    await expect(t.call('stages.complete', { profileId, runId: run.id, stageId: 'triage' })).rejects.toMatchObject({
      code: 'rule_violation',
      details: { blockers: ['Attach at least one evidence file.', 'Answer the check.'] },
    });
    expect(task(await t.call('runs.get', { profileId, runId: run.id }), 'triage').blockers).toHaveLength(2);
  });

  it('records a submission with its reflection, and every act as an event in order', async () => {
    const { profileId, run } = await startSiem();
    await finishTriage(profileId, run.id);
    await t.call('decisions.take', { profileId, runId: run.id, stageId: 'contain', optionId: 'block' });
    await write(profileId, run.id, 'confirm-block');
    await t.call('stages.complete', { profileId, runId: run.id, stageId: 'confirm-block' });
    await t.call('decisions.take', { profileId, runId: run.id, stageId: 'verify-block', optionId: 'tell' });
    await write(profileId, run.id, 'report');
    await t.call('stages.complete', { profileId, runId: run.id, stageId: 'report' });
    const checklist = await t.call('runs.checklist', { profileId, runId: run.id });
    expect(checklist.ready).toBe(false);
    expect(checklist.items.find((i) => i.key === 'reflection')).toMatchObject({ done: false, detail: '0 of at least 40 words' });
    await t.call('reflection.save', { profileId, runId: run.id, text: words(25) });
    await expect(t.call('runs.submit', { profileId, runId: run.id })).rejects.toMatchObject({ code: 'rule_violation', message: 'Not ready to submit: Write the reflection.' });
    expect(await t.call('reflection.save', { profileId, runId: run.id, text: words(45) })).toEqual({ wordCount: 45, savedAt: t.clock.now() });
    const submitted = await t.call('runs.submit', { profileId, runId: run.id });
    expect(submitted).toMatchObject({ status: 'submitted', reflection: { wordCount: 45 }, score: { auto: null, final: null, passed: null } });
    expect(eventVerbs(t, run.id)).toEqual([
      'mission.started', 'stage.entered', 'evidence.added', 'check.answered', 'stage.completed', 'stage.left', 'stage.entered',
      'stage.completed', 'stage.left', 'decision.taken', 'stage.entered', 'response.saved', 'stage.completed', 'stage.left', 'stage.entered',
      'stage.completed', 'stage.left', 'decision.taken', 'stage.entered', 'response.saved', 'stage.completed', 'stage.left',
      'reflection.saved', 'reflection.saved', 'mission.submitted',
    ]);
    await expect(t.call('reflection.save', { profileId, runId: run.id, text: 'changed after the fact' })).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('locks missions behind prerequisites and says what unlocks them', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    const cards = await t.call('catalog.list', { profileId });
    const siem = cards.find((m) => m.code === 'SIEM-03');
    expect(siem).toMatchObject({ status: 'locked', lockedBy: ['SOC-01'], lockedReason: 'Pass SOC-01 (First shift: triage the alert queue) first.' });
    await expect(t.call('runs.start', { profileId, missionId: siem!.missionId })).rejects.toMatchObject({ code: 'rule_violation' });
    expect(cards.filter((m) => m.status === 'available').map((m) => m.code).sort()).toEqual(['GRC-01', 'PHISH-01', 'SOC-01']);
    expect((await t.call('catalog.list', { profileId, track: 'grc' })).map((m) => m.code)).toEqual(['GRC-01', 'GRC-02']);
    expect((await t.call('catalog.list', { profileId, search: 'kerberoast' })).map((m) => m.code)).toEqual(['RED-05']);
  });
});

describe('a mission that allows going back', () => {
  it('undoes the last decision, drops the stages after it and recomputes the flags', async () => {
    t = await engineWithSamplePack();
    const files = editFile(validPackFiles('back-pack'), 'missions/DEMO-01/mission.yaml', (y) => y.replace('start: find-host', 'allow_back: true\nstart: find-host'));
    await importPack(writePackFolder(tempDir(), files), { db: t.engine.ctx.db, dataDir: t.dataDir });
    const profileId = await learner(t);
    const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'DEMO-01') })).id;
    await t.call('checks.answer', { profileId, runId, stageId: 'find-host', answer: '10.0.4.21' });
    await t.call('stages.complete', { profileId, runId, stageId: 'find-host' });
    const isolated = await t.call('decisions.take', { profileId, runId, stageId: 'respond', optionId: 'isolate' });
    expect(isolated.currentStageId).toBe('report');
    const back = await t.call('decisions.back', { profileId, runId });
    expect(back).toMatchObject({ currentStageId: 'respond', allowBack: true });
    expect(back.path.map((p) => p.stageId)).toEqual(['find-host', 'respond']);
    const { db } = t.engine.ctx;
    expect(db.first(db.q.selectFrom('runs').select('flags_json').where('id', '=', runId))?.flags_json).toBe('{}');
    const watched = await t.call('decisions.take', { profileId, runId, stageId: 'respond', optionId: 'watch' });
    expect(watched.path.map((p) => [p.stageId, p.choice])).toEqual([['find-host', null], ['respond', 'Keep watching for an hour'], ['report', null]]);
    expect(eventVerbs(t, runId)).toContain('decision.undone');
  });
});
