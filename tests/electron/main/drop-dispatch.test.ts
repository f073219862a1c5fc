import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunView } from '../../../shared/api/views.ts';
import { nodeHost, type Host } from '../../../electron/engine/host.ts';
import { createDropDispatch } from '../../../electron/main/ipc-dispatch.ts';
import { engineWithSamplePack, learner, missionIdOf, type TestEngine } from '../../support/engine-fixture.ts';
import { tempDir } from '../../support/temp.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

async function socRun(host?: Host) {
  t = await engineWithSamplePack({ host });
  const profileId = await learner(t);
  const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).id;
  return { profileId, runId, stageId: 'triage' };
}

describe('evidence dropped on the desktop window', () => {
  it('attaches real files by the paths the preload took from the drop', async () => {
    const target = await socRun();
    const dir = tempDir();
    writeFileSync(join(dir, 'queue.csv'), 'id,host\n1,NWH-BIL-WS023\n');
    const result = await createDropDispatch(t.engine)(target, [join(dir, 'queue.csv')]);
    expect(result.ok).toBe(true);
    const view = (result as { value: RunView }).value;
    expect(view.stages[0]?.kind === 'task' && view.stages[0].evidence.files.map((f) => f.fileName)).toEqual(['queue.csv']);
  });

  it('refuses relative paths, folders, missing files, wrong types and malformed targets', async () => {
    const target = await socRun();
    const dir = tempDir();
    mkdirSync(join(dir, 'folder.csv'));
    writeFileSync(join(dir, 'tool.exe'), 'MZ');
    const drop = createDropDispatch(t.engine);
    expect(await drop(target, ['queue.csv'])).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Dropped files are named by absolute paths.' } });
    expect(await drop(target, [join(dir, 'folder.csv')])).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'folder.csv is not a file that can be attached.' } });
    expect(await drop(target, [join(dir, 'missing.csv')])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await drop(target, [join(dir, 'tool.exe')])).toMatchObject({ ok: false, error: { code: 'rule_violation' } });
    expect(await drop({ runId: target.runId }, [join(dir, 'tool.exe')])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await drop(target, [])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const { db } = t.engine.ctx;
    expect(db.all(db.q.selectFrom('evidence').select('id'))).toEqual([]);
  });
});

describe('evidence chosen with the host\'s file dialog', () => {
  it('attaches the files the dialog returned, and nothing when it was cancelled', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'edr.txt'), 'process tree');
    let answer = [{ path: join(dir, 'edr.txt'), name: 'edr.txt' }];
    const target = await socRun({ ...nodeHost, kind: 'electron', chooseFiles: async () => answer });
    const view = await t.call('evidence.pick', target);
    expect(view.stages[0]?.kind === 'task' && view.stages[0].evidence.files.map((f) => f.fileName)).toEqual(['edr.txt']);
    answer = [];
    const again = await t.call('evidence.pick', target);
    expect(again.stages[0]?.kind === 'task' && again.stages[0].evidence.files).toHaveLength(1);
  });
});
