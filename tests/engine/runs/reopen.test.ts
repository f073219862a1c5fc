import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunView } from '../../../shared/api/views.ts';
import { engineWithSamplePack, eventVerbs, learner, missionIdOf, type TestEngine } from '../../support/engine-fixture.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

const completed = (view: RunView, stageId: string): boolean | undefined => view.path.find((entry) => entry.stageId === stageId)?.completed;

describe('removing the evidence of a finished stage', () => {
  it('reopens a stage that requires evidence; it is completed again where it stands and the path stays put', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).id;
    const withRun = { profileId, runId };
    const attached = await t.engine.uploadEvidence({ ...withRun, stageId: 'triage', fileName: 'queue.csv' }, Readable.from([Buffer.from('id,host\n1,NWH-BIL-WS023\n')]));
    const fileId = attached.stages[0]?.kind === 'task' ? attached.stages[0].evidence.files[0]?.id : undefined;
    await t.call('checks.answer', { ...withRun, stageId: 'triage', answer: 'NWH-BIL-WS023' });
    const moved = await t.call('stages.complete', { ...withRun, stageId: 'triage' });
    expect(moved.currentStageId).toBe('verdict');

    const reopened = await t.call('evidence.remove', { ...withRun, evidenceId: fileId ?? '' });
    expect(completed(reopened, 'triage')).toBe(false);
    expect(reopened.currentStageId).toBe('verdict');
    expect(eventVerbs(t, runId).at(-1)).toBe('stage.reopened');
    const checklist = await t.call('runs.checklist', withRun);
    expect(checklist.items.find((item) => item.key === 'reopened:triage')).toMatchObject({ done: false, label: 'Complete "Work the overnight queue" again' });

    await expect(t.call('stages.complete', { ...withRun, stageId: 'triage' })).rejects.toMatchObject({ code: 'rule_violation', details: { blockers: ['Attach at least one evidence file.'] } });
    await t.engine.uploadEvidence({ ...withRun, stageId: 'triage', fileName: 'queue-v2.csv' }, Readable.from([Buffer.from('id,host\n1,NWH-BIL-WS023\n2,x\n')]));
    const again = await t.call('stages.complete', { ...withRun, stageId: 'triage' });
    expect(completed(again, 'triage')).toBe(true);
    expect(again.currentStageId).toBe('verdict');
    expect((await t.call('runs.checklist', withRun)).items.some((item) => item.key === 'reopened:triage')).toBe(false);
    await expect(t.call('stages.complete', { ...withRun, stageId: 'triage' })).rejects.toMatchObject({ code: 'invalid_state', message: 'Stage "Work the overnight queue" is completed already.' });
  });

  it('leaves a stage completed while other files remain, and refuses completing a stage not reached yet', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).id;
    const withRun = { profileId, runId };
    await t.engine.uploadEvidence({ ...withRun, stageId: 'triage', fileName: 'a.txt' }, Readable.from([Buffer.from('a')]));
    const two = await t.engine.uploadEvidence({ ...withRun, stageId: 'triage', fileName: 'b.txt' }, Readable.from([Buffer.from('b')]));
    await t.call('checks.answer', { ...withRun, stageId: 'triage', answer: 'NWH-BIL-WS023' });
    await t.call('stages.complete', { ...withRun, stageId: 'triage' });
    const first = two.stages[0]?.kind === 'task' ? two.stages[0].evidence.files[0]?.id : undefined;
    const after = await t.call('evidence.remove', { ...withRun, evidenceId: first ?? '' });
    expect(completed(after, 'triage')).toBe(true);
    expect(eventVerbs(t, runId)).not.toContain('stage.reopened');
    await expect(t.call('stages.complete', { ...withRun, stageId: 'shift-report' })).rejects.toMatchObject({ code: 'invalid_state', message: 'Stage "Hand over the shift" is not on your path yet.' });
  });
});
