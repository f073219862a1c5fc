import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importPack } from '../../electron/engine/packs/import-pack.ts';
import { engineWithSamplePack, learner, missionIdOf, type TestEngine } from '../support/engine-fixture.ts';
import { editFile, validPackFiles, writePackFolder, type PackFiles } from '../support/pack-fixture.ts';
import { tempDir } from '../support/temp.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

/** A pack of its own whose one mission is coded SOC-01, like the sample's first mission. */
function lookalike(version = '0.1.0'): PackFiles {
  const renamed: PackFiles = {};
  for (const [path, content] of Object.entries(validPackFiles('lookalike-pack', version))) {
    renamed[path.replace('DEMO-01', 'SOC-01')] = path.endsWith('mission.yaml') ? String(content).replace('code: DEMO-01', 'code: SOC-01') : content;
  }
  return renamed;
}

async function install(files: PackFiles): Promise<void> {
  const outcome = await importPack(writePackFolder(join(tempDir(), 'pack'), files), { db: t.engine.ctx.db, dataDir: t.dataDir });
  expect(outcome.status, JSON.stringify(outcome)).toBe('imported');
}

async function missionOfPack(profileId: string, code: string, packTitle: string): Promise<number> {
  const card = (await t.call('catalog.list', { profileId })).find((c) => c.code === code && c.packTitle === packTitle);
  if (!card) throw new Error(`no ${code} in ${packTitle}`);
  return card.missionId;
}

describe('the briefing lists this profile\'s earlier runs of the mission', () => {
  it('never lists another pack\'s mission with the same code, and keeps runs of older versions of its own', async () => {
    t = await engineWithSamplePack();
    await install(lookalike('0.1.0'));
    const profileId = await learner(t);
    const sampleSoc = await missionOfPack(profileId, 'SOC-01', 'Outpost sample missions');
    const theirSoc = await missionOfPack(profileId, 'SOC-01', 'Test pack');
    const ours = (await t.call('runs.start', { profileId, missionId: sampleSoc })).id;
    await t.call('runs.abandon', { profileId, runId: ours });
    const theirs = (await t.call('runs.start', { profileId, missionId: theirSoc })).id;
    await t.call('runs.abandon', { profileId, runId: theirs });

    expect((await t.call('catalog.briefing', { profileId, missionId: sampleSoc })).earlierRuns.map((r) => r.id)).toEqual([ours]);
    expect((await t.call('catalog.briefing', { profileId, missionId: theirSoc })).earlierRuns.map((r) => r.id)).toEqual([theirs]);

    // A new version of the look-alike pack: its SOC-01 is the same mission, so the earlier run stays listed.
    await install(lookalike('0.2.0'));
    const newer = await missionOfPack(profileId, 'SOC-01', 'Test pack');
    expect(newer).not.toBe(theirSoc);
    const briefing = await t.call('catalog.briefing', { profileId, missionId: newer });
    expect(briefing.earlierRuns).toEqual([expect.objectContaining({ id: theirs, packId: 'lookalike-pack', packVersion: '0.1.0', status: 'abandoned', missionId: theirSoc })]);
  });

  it('lists no runs for a mission never started, and only the signed-in profile\'s', async () => {
    t = await engineWithSamplePack();
    const ada = await learner(t, 'Ada Lovelace');
    const soc = await missionIdOf(t, ada, 'SOC-01');
    await t.call('runs.start', { profileId: ada, missionId: soc });
    const grace = await learner(t, 'Grace Hopper');
    expect((await t.call('catalog.briefing', { profileId: grace, missionId: soc })).earlierRuns).toEqual([]);
  });
});

describe('the briefing names the mission\'s files', () => {
  it('lists the files under the mission\'s assets folder, and nothing of another mission', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    const briefing = await t.call('catalog.briefing', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') });
    expect(briefing.assets.map((a) => a.name)).toEqual(['alert-queue.csv', 'edr-process-tree.txt', 'proxy-billing-vlan.log']);
    expect(briefing.assets[0]).toEqual({ path: 'missions/SOC-01/assets/alert-queue.csv', name: 'alert-queue.csv', size: expect.any(Number), mediaType: expect.stringMatching(/csv/) });
    // Each one can be read as a pack file of the briefing's version.
    const file = await t.call('files.get', { packVersionId: briefing.packVersionId, path: briefing.assets[0]!.path });
    expect(file.size).toBe(briefing.assets[0]!.size);
  });
});

describe('the briefing of a run in progress is the version the run is pinned to', () => {
  async function startOnVersion1(): Promise<{ profileId: string; oldMission: number; runId: string }> {
    t = await engineWithSamplePack();
    await install(validPackFiles('test-pack', '0.1.0'));
    const profileId = await learner(t);
    const oldMission = await missionIdOf(t, profileId, 'DEMO-01');
    const runId = (await t.call('runs.start', { profileId, missionId: oldMission })).id;
    let v2 = editFile(validPackFiles('test-pack', '0.2.0'), 'missions/DEMO-01/story.md', () => '# Find the noisy host\n\nThe second edition of the story.\n');
    v2 = editFile(v2, 'missions/DEMO-01/mission.yaml', (y) => y.replace('objectives: [Find the host, Decide what to do, Report]', 'objectives: [A new first objective]'));
    await install(v2);
    return { profileId, oldMission, runId };
  }

  it('shows the story and objectives the run started with after a new version is imported', async () => {
    const { profileId, oldMission, runId } = await startOnVersion1();
    const run = await t.call('runs.get', { profileId, runId });
    expect(run.missionId).toBe(oldMission);
    const pinned = await t.call('catalog.briefing', { profileId, missionId: run.missionId, runId });
    expect(pinned).toMatchObject({ missionId: oldMission, packVersion: '0.1.0', packVersionId: run.packVersionId, objectives: ['Find the host', 'Decide what to do', 'Report'] });
    expect(pinned.story).toContain('calls the same address every sixty seconds');
    expect(pinned.story).not.toContain('second edition');
    expect(pinned.assets.map((a) => a.name)).toEqual(['proxy.log']);
    expect(pinned.earlierRuns.map((r) => r.id)).toEqual([runId]);

    // The library moved on: the current briefing is the new version's, and the old id is no current mission.
    const current = await t.call('catalog.briefing', { profileId, missionId: await missionIdOf(t, profileId, 'DEMO-01') });
    expect(current).toMatchObject({ packVersion: '0.2.0', objectives: ['A new first objective'] });
    expect(current.story).toContain('second edition');
    await expect(t.call('catalog.briefing', { profileId, missionId: oldMission })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a run of another mission, another profile\'s run and a run that does not exist', async () => {
    const { profileId, oldMission, runId } = await startOnVersion1();
    const soc = await missionIdOf(t, profileId, 'SOC-01');
    await expect(t.call('catalog.briefing', { profileId, missionId: soc, runId })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.call('catalog.briefing', { profileId, missionId: oldMission, runId: 'no-such-run' })).rejects.toMatchObject({ code: 'not_found' });
    const grace = await learner(t, 'Grace Hopper');
    await expect(t.call('catalog.briefing', { profileId: grace, missionId: oldMission, runId })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(t.call('catalog.briefing', { profileId, missionId: oldMission, runId })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
