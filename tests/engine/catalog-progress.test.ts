import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importPack } from '../../electron/engine/packs/import-pack.ts';
import { validatePack } from '../../electron/engine/packs/validate-pack.ts';
import { engineWithSamplePack, grantPassed, learner, missionIdOf, type TestEngine } from '../support/engine-fixture.ts';
import { editFile, validPackFiles, writePackFolder, type PackFiles } from '../support/pack-fixture.ts';
import { tempDir } from '../support/temp.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

/** A pack of its own whose one mission is coded SOC-01, like the sample's first mission. */
function lookalike(prerequisites = '[]'): PackFiles {
  const files = validPackFiles('lookalike-pack');
  const renamed: PackFiles = {};
  for (const [path, content] of Object.entries(files)) {
    renamed[path.replace('DEMO-01', 'SOC-01')] = path.endsWith('mission.yaml') ? String(content).replace('code: DEMO-01', 'code: SOC-01').replace('prerequisites: []', `prerequisites: ${prerequisites}`) : content;
  }
  return renamed;
}

async function install(files: PackFiles): Promise<void> {
  const outcome = await importPack(writePackFolder(join(tempDir(), 'pack'), files), { db: t.engine.ctx.db, dataDir: t.dataDir });
  expect(outcome.status, JSON.stringify(outcome)).toBe('imported');
}

describe('progress belongs to a mission of a pack, not to a bare code', () => {
  it('does not pass the sample\'s SOC-01 or unlock SIEM-03 when another pack\'s SOC-01 is passed', async () => {
    t = await engineWithSamplePack();
    await install(lookalike());
    const profileId = await learner(t);
    const { db } = t.engine.ctx;
    const theirs = db.first(
      db.q.selectFrom('missions').innerJoin('pack_versions', 'pack_versions.id', 'missions.pack_version_id').select('missions.id').where('pack_versions.pack_id', '=', 'lookalike-pack').where('missions.code', '=', 'SOC-01'),
    );
    grantPassedMission(t, profileId, theirs!.id);
    const cards = await t.call('catalog.list', { profileId });
    const socCards = cards.filter((c) => c.code === 'SOC-01');
    expect(socCards.map((c) => [c.packTitle, c.status]).sort()).toEqual([['Outpost sample missions', 'available'], ['Test pack', 'passed']]);
    expect(cards.find((c) => c.code === 'SIEM-03')).toMatchObject({ status: 'locked', lockedBy: ['SOC-01'] });
    await expect(t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SIEM-03') })).rejects.toMatchObject({ code: 'rule_violation' });
  });

  it('still unlocks by the same pack\'s mission, across its versions', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    grantPassed(t, profileId, 'SOC-01');
    expect((await t.call('catalog.list', { profileId })).find((c) => c.code === 'SIEM-03')?.status).toBe('available');
  });

  it('names a mission of another pack as pack-id:CODE, and refuses one that is not installed', async () => {
    t = await engineWithSamplePack();
    await install(lookalike('[outpost-sample:SOC-01]'));
    const profileId = await learner(t);
    const card = (await t.call('catalog.list', { profileId })).find((c) => c.code === 'SOC-01' && c.packTitle === 'Test pack');
    expect(card).toMatchObject({ status: 'locked', lockedBy: ['outpost-sample:SOC-01'], lockedReason: 'Pass outpost-sample:SOC-01 (First shift: triage the alert queue) first.' });
    const missing = await validatePack(writePackFolder(join(tempDir(), 'p'), editFile(validPackFiles('other'), 'missions/DEMO-01/mission.yaml', (y) => y.replace('prerequisites: []', 'prerequisites: [nowhere-pack:SOC-01]'))), { db: t.engine.ctx.db });
    expect(missing.issues).toEqual([expect.objectContaining({ path: 'prerequisites[0]', message: 'mission "SOC-01" of pack "nowhere-pack" is not installed' })]);
  });
});

function grantPassedMission(t: TestEngine, profileId: string, missionId: number): void {
  const { db } = t.engine.ctx;
  const now = t.clock.now();
  db.run(
    db.q.insertInto('runs').values({
      id: `passed-${missionId}`, profile_id: profileId, mission_id: missionId, status: 'reviewed', started_at: now - 1000, deadline_at: null, elapsed_ms: 1000,
      clock_checked_at: now, current_stage_id: null, flags_json: '{}', submitted_at: now, reviewed_at: now, auto_score: null, final_score: 100, passed: 1, updated_at: now,
    }),
  );
}
