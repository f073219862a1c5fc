import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../../shared/api/contract.ts';
import { engineWithSamplePack, learner, missionIdOf, staff, type TestEngine } from '../../support/engine-fixture.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

/** Every row count of the tables a learner's acts write, to prove a refused call changed nothing. */
function footprint(): Record<string, number> {
  const tables = ['runs', 'run_stages', 'decisions', 'hint_reveals', 'check_attempts', 'evidence', 'reflections', 'events', 'outbox', 'blobs'];
  const { sqlite } = t.engine.ctx.db;
  return Object.fromEntries(tables.map((name) => [name, (sqlite.prepare(`SELECT count(*) AS n FROM ${name}`).get() as { n: number }).n]));
}

async function setup() {
  t = await engineWithSamplePack();
  const other = await learner(t, 'Grace Hopper');
  const profileId = await learner(t);
  const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).id;
  return { profileId, other, runId };
}

describe('hostile and wrong calls get a specific error and change nothing', () => {
  it('refuses wrong types and unknown fields with invalid_input', async () => {
    const { profileId, runId } = await setup();
    const before = footprint();
    await expect(t.engine.call('runs.get', { profileId, runId: 42 })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^Wrong input for runs\.get: runId: /) });
    await expect(t.engine.call('checks.answer', { profileId, runId, stageId: 'triage', answer: 'x', extra: true })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.engine.call('runs.start', { profileId, missionId: '1; DROP TABLE runs' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.engine.call('checks.answer', { profileId, runId, stageId: 'triage', answer: 'x'.repeat(501) })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.engine.call('no.such.method', {})).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.engine.call('__proto__', {})).rejects.toMatchObject({ code: 'not_found' });
    expect(footprint()).toEqual(before);
  });

  it('refuses unknown ids with not_found', async () => {
    const { profileId, runId } = await setup();
    const before = footprint();
    await expect(t.call('runs.get', { profileId, runId: 'no-such-run' })).rejects.toMatchObject({ code: 'not_found', message: 'There is no run no-such-run.' });
    await expect(t.call('runs.start', { profileId, missionId: 999_999 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.call('catalog.list', { profileId: 'ghost' })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('signed in as another profile') });
    await expect(t.call('decisions.take', { profileId, runId, stageId: 'verdict', optionId: 'escalate' })).rejects.toMatchObject({ code: 'invalid_state', message: 'Stage "verdict" is not the current stage: the current stage is "triage".' });
    await expect(t.call('hints.reveal', { profileId, runId, stageId: 'no-stage' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.call('evidence.remove', { profileId, runId, evidenceId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.call('files.get', { packVersionId: 1, path: '../../../etc/passwd' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(footprint()).toEqual(before);
  });

  it('refuses every act on another profile\'s run with forbidden', async () => {
    const { other, runId } = await setup();
    await t.call('profiles.select', { profileId: other });
    const before = footprint();
    for (const call of [
      () => t.call('runs.get', { profileId: other, runId }),
      () => t.call('hints.reveal', { profileId: other, runId, stageId: 'triage' }),
      () => t.call('checks.answer', { profileId: other, runId, stageId: 'triage', answer: 'NWH-BIL-WS023' }),
      () => t.call('reflection.save', { profileId: other, runId, text: 'not mine' }),
      () => t.call('runs.submit', { profileId: other, runId }),
      () => t.call('runs.abandon', { profileId: other, runId }),
      () => t.engine.uploadEvidence({ profileId: other, runId, stageId: 'triage', fileName: 'x.txt' }, Readable.from([Buffer.from('x')])),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'forbidden', message: 'This run belongs to another profile.' });
    }
    expect(footprint()).toEqual(before);
  });

  it('refuses recipe telemetry forged against another profile\'s run, an unknown run or an unknown recipe', async () => {
    const { other, runId } = await setup();
    await t.call('profiles.select', { profileId: other });
    const before = footprint();
    for (const method of ['recipes.close', 'recipes.rate', 'recipes.get'] as const) {
      const input = { profileId: other, recipeId: 'email-header-analysis', rating: 5 };
      const call = (extra: object) => t.engine.call(method, method === 'recipes.rate' ? { ...input, ...extra } : { profileId: other, recipeId: input.recipeId, ...extra });
      await expect(call({ runId })).rejects.toMatchObject({ code: 'forbidden', message: 'This run belongs to another profile.' });
      await expect(call({ runId: 'no-such-run' })).rejects.toMatchObject({ code: 'not_found', message: 'There is no run no-such-run.' });
      await expect(call({ recipeId: 'no-such-recipe' })).rejects.toMatchObject({ code: 'not_found', message: 'There is no recipe "no-such-recipe".' });
    }
    expect(footprint()).toEqual(before);
  });

  it('refuses file names with folders and an upload over the stage limit, without storing a byte', async () => {
    const { profileId, runId } = await setup();
    const before = footprint();
    const upload = (fileName: string, body: Readable) => t.engine.uploadEvidence({ profileId, runId, stageId: 'triage', fileName }, body);
    await expect(upload('../../etc/passwd.txt', Readable.from([Buffer.from('x')]))).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(upload('C:\\Windows\\win.txt', Readable.from([Buffer.from('x')]))).rejects.toMatchObject({ code: 'invalid_input' });
    // The stage allows 50 MB: a stream that never ends is cut off once it passes the limit.
    let sent = 0;
    const endless = new Readable({
      read() {
        sent += 1024 * 1024;
        this.push(Buffer.alloc(1024 * 1024, 7));
      },
    });
    await expect(upload('huge.txt', endless)).rejects.toMatchObject({ code: 'too_large', message: '"huge.txt" is larger than this stage\'s limit of 50 MB.' });
    expect(sent).toBeLessThan(60 * 1024 * 1024);
    expect(footprint()).toEqual(before);
  });

  it('refuses acts in the wrong state: submit before the end, evidence removal after submission', async () => {
    const { profileId, runId } = await setup();
    await expect(t.call('runs.submit', { profileId, runId })).rejects.toMatchObject({ code: 'rule_violation', details: { checklist: { ready: false } } });
    const withFile = await t.engine.uploadEvidence({ profileId, runId, stageId: 'triage', fileName: 'queue.csv' }, Readable.from([Buffer.from('id,host')]));
    const fileId = withFile.stages[0]?.kind === 'task' ? withFile.stages[0].evidence.files[0]?.id : undefined;
    await t.call('runs.abandon', { profileId, runId });
    const before = footprint();
    await expect(t.call('evidence.remove', { profileId, runId, evidenceId: fileId ?? '' })).rejects.toMatchObject({ code: 'invalid_state', message: 'Cannot remove evidence: the run is abandoned.' });
    await expect(t.call('runs.abandon', { profileId, runId })).rejects.toMatchObject({ code: 'invalid_state', message: 'A run that is abandoned cannot become abandoned.' });
    await expect(t.call('runs.submit', { profileId, runId })).rejects.toMatchObject({ code: 'invalid_state' });
    expect(footprint()).toEqual(before);
  });

  it('refuses a second run of a mission while one is in progress', async () => {
    const { profileId } = await setup();
    await expect(t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('answers every method of the table with an ApiError, never a crash, when given garbage', async () => {
    await setup();
    // As an admin, whom every method admits: the input itself is what gets refused.
    await staff(t, 'admin');
    for (const method of METHOD_NAMES) {
      for (const garbage of ['text', [1, 2], { profileId: { $ne: 1 } }, { ...Object.fromEntries([['__proto__', { admin: true }]]) }]) {
        await expect(t.engine.call(method, garbage)).rejects.toMatchObject({ name: 'ApiError', code: 'invalid_input' });
      }
    }
  });
});
