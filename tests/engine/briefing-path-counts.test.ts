import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importPack } from '../../electron/engine/packs/import-pack.ts';
import { BRANCHING_MISSION, branchingPackFiles } from '../support/branching-pack.ts';
import { engineWithSamplePack, learner, missionIdOf, type TestEngine } from '../support/engine-fixture.ts';
import { editFile, writePackFolder, type PackFiles } from '../support/pack-fixture.ts';
import { tempDir } from '../support/temp.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

async function briefingOf(files: PackFiles | null, code: string) {
  t = await engineWithSamplePack();
  if (files) {
    const outcome = await importPack(writePackFolder(join(tempDir(), 'pack'), files), { db: t.engine.ctx.db, dataDir: t.dataDir });
    expect(outcome.status, JSON.stringify(outcome)).toBe('imported');
  }
  const profileId = await learner(t);
  return t.call('catalog.briefing', { profileId, missionId: await missionIdOf(t, profileId, code) });
}

describe('the briefing counts the stages on a path, not in the whole graph', () => {
  it('gives the fewest and most tasks when the branches differ in length', async () => {
    const briefing = await briefingOf(branchingPackFiles(), BRANCHING_MISSION);
    expect(briefing.tasksOnPath).toEqual({ fewest: 2, most: 3 });
    expect(briefing.decisionsOnPath).toEqual({ fewest: 1, most: 1 });
  });

  it('counts a path that ends at a decision option without next', async () => {
    const files = editFile(branchingPackFiles(), 'missions/DEMO-01/mission.yaml', (yaml) => yaml.replace('{ id: watch, label: Keep watching for an hour, next: report, score: -5 }', '{ id: watch, label: Keep watching for an hour, score: -5 }'));
    expect(files['missions/DEMO-01/mission.yaml']).not.toContain('next: report, score: -5');
    expect((await briefingOf(files, BRANCHING_MISSION)).tasksOnPath).toEqual({ fewest: 1, most: 3 });
  });

  it('says one number where every path is as long: SOC-01 has 4 tasks in its graph and 3 on any path', async () => {
    const briefing = await briefingOf(null, 'SOC-01');
    const { db } = t.engine.ctx;
    const stages = (JSON.parse(db.first(db.q.selectFrom('missions').select('definition_json').where('code', '=', 'SOC-01'))!.definition_json) as { stages: Array<{ kind: string }> }).stages;
    expect(stages.filter((s) => s.kind === 'task')).toHaveLength(4);
    expect(briefing.tasksOnPath).toEqual({ fewest: 3, most: 3 });
    expect(briefing.decisionsOnPath).toEqual({ fewest: 1, most: 1 });
  });
});
