import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineWithSamplePack, type TestEngine } from '../../support/engine-fixture.ts';
import { editFile, writePackFolder } from '../../support/pack-fixture.ts';
import { reviewPackFiles } from '../../support/review-fixture.ts';
import { tempDir } from '../../support/temp.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

describe('a task stage\'s own rubric in the pack format', () => {
  it('is checked at import like the mission\'s: an unknown one is an error naming the file, the field and the line', async () => {
    t = await engineWithSamplePack();
    const files = editFile(reviewPackFiles(), 'missions/REV-01/mission.yaml', (text) => text.replace('    rubric: writing\n', '    rubric: no-such-rubric\n'));
    const report = await t.engine.importPack(writePackFolder(join(tempDir(), 'bad'), files), { by: 'owner' });
    expect(report.status).toBe('failed');
    const issue = report.issues.find((i) => i.path === 'stages[3].rubric');
    expect(issue).toMatchObject({ severity: 'error', file: 'missions/REV-01/mission.yaml', message: 'rubric "no-such-rubric" is neither in this pack (rubrics/) nor installed' });
    expect(issue?.line).toBeGreaterThan(0);
    const { db } = t.engine.ctx;
    expect(db.first(db.q.selectFrom('missions').select('id').where('code', '=', 'REV-01'))).toBeUndefined();
  });

  it('lets a stage without a mission rubric be scored by its own, with no warning', async () => {
    t = await engineWithSamplePack();
    const files = editFile(reviewPackFiles(), 'missions/REV-01/mission.yaml', (text) => text.replace('rubric: analyst\n', '').replace('    recipes: [reading-logs]\n', '    recipes: [reading-logs]\n    rubric: analyst\n'));
    const report = await t.engine.importPack(writePackFolder(join(tempDir(), 'own'), files), { by: 'owner' });
    expect(report.status).toBe('imported');
    expect(report.issues.filter((i) => /no rubric/.test(i.message))).toEqual([]);
    // Remove the stage's own rubric as well, and the warning comes back for that stage.
    const bare = editFile(files, 'missions/REV-01/mission.yaml', (text) => text.replace('    rubric: analyst\n', ''));
    const warned = await t.engine.importPack(writePackFolder(join(tempDir(), 'bare'), editFile(bare, 'pack.yaml', (text) => text.replace('version: 1.0.0', 'version: 1.0.1'))), { by: 'owner' });
    expect(warned.issues.filter((i) => /no rubric/.test(i.message)).map((i) => i.path)).toEqual(['stages[0]']);
  });
});
