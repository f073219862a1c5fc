import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importPack } from '../../../electron/engine/packs/import-pack.ts';
import { engineWithSamplePack, learner, missionIdOf, type TestEngine } from '../../support/engine-fixture.ts';
import { editFile, validPackFiles, writePackFolder, type PackFiles } from '../../support/pack-fixture.ts';
import { tempDir } from '../../support/temp.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

/** DEMO-01 played to its decision; the view's names for it, on the stage and in the path. */
async function decisionNames(files: PackFiles): Promise<{ stage: string | undefined; path: string | undefined; prompt: string | undefined }> {
  t = await engineWithSamplePack();
  const outcome = await importPack(writePackFolder(join(tempDir(), 'pack'), files), { db: t.engine.ctx.db, dataDir: t.dataDir });
  expect(outcome.status).toBe('imported');
  const profileId = await learner(t);
  const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'DEMO-01') })).id;
  await t.call('checks.answer', { profileId, runId, stageId: 'find-host', answer: '10.0.4.21' });
  const view = await t.call('stages.complete', { profileId, runId, stageId: 'find-host' });
  const stage = view.stages.find((s) => s.id === 'respond');
  return { stage: stage?.title, path: view.path.find((p) => p.stageId === 'respond')?.title, prompt: stage?.kind === 'decision' ? stage.prompt : undefined };
}

describe('a decision in the run view', () => {
  it('is named by its own title on the stage and in the path', async () => {
    const files = editFile(validPackFiles('titled'), 'missions/DEMO-01/mission.yaml', (yaml) => yaml.replace('    kind: decision\n', '    kind: decision\n    title: Respond to the beacon\n'));
    expect(await decisionNames(files)).toEqual({ stage: 'Respond to the beacon', path: 'Respond to the beacon', prompt: 'The host is still beaconing. What now?' });
  });

  it('is called "Decision" without a title, never by its prompt', async () => {
    expect(await decisionNames(validPackFiles('untitled'))).toEqual({ stage: 'Decision', path: 'Decision', prompt: 'The host is still beaconing. What now?' });
  });
});
