// Real ctfcli challenge.yml files, converted, validated, imported and played through the API with
// CTFd's score: a challenge's value less the cost of the hints opened.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { convertCtfd } from '../../../../electron/engine/packs/convert/ctfd/convert-ctfd.ts';
import { writePackDraft } from '../../../../electron/engine/packs/convert/write-pack-draft.ts';
import { importPack } from '../../../../electron/engine/packs/import-pack.ts';
import { validatePack } from '../../../../electron/engine/packs/validate-pack.ts';
import { engineWithSamplePack, learner, missionIdOf, type TestEngine } from '../../../support/engine-fixture.ts';
import { tempDir } from '../../../support/temp.ts';

const CHALLENGES = join(import.meta.dirname, '../../../fixtures/convert/ctfd/challenges');

let t: TestEngine | undefined;
afterEach(() => {
  t?.engine.close();
  t = undefined;
});

async function convertTo(source: string, options: { group?: string; packId?: string } = {}) {
  const out = join(tempDir(), 'pack');
  const { draft, report } = await convertCtfd(source, options);
  await writePackDraft(draft, out);
  return { out, draft, report };
}

function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path).toString('base64');
    }
  };
  walk(dir);
  return files;
}

async function play(out: string, code: string) {
  t = await engineWithSamplePack();
  const outcome = await importPack(out, { db: t.engine.ctx.db, dataDir: t.dataDir });
  expect(outcome.status).toBe('imported');
  const profileId = await learner(t);
  const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, code) })).id;
  return { engine: t, profileId, runId };
}

describe('converting ctfcli challenge.yml files', () => {
  it('turns a folder of real challenges into one mission per category that validates with no issue', async () => {
    const { out, draft, report } = await convertTo(CHALLENGES);
    expect((await validatePack(out)).issues).toEqual([]);
    expect(draft.missions.map((m) => [m.mission.code, m.mission.track, m.mission.stages.map((s) => s.id)])).toEqual([
      ['CTF-WEB', 'offensive', ['xss']],
      ['CTF-TEST', 'offensive', ['test-challenge']],
      ['CTF-PWN', 'offensive', ['unsound-memories']],
    ]);
    // A dynamic challenge is worth its `extra.initial`, as CTFd creates it.
    expect(draft.missions[0]?.mission.stages[0]).toMatchObject({ weight: 500, answer: { accept: [{ value: 'TCP1P{example_flag}', match: 'exact' }] } });
    // A category the table does not know falls back to offensive, flagged; Web and PWN are in the table.
    expect(report.defaults.filter((d) => d.field.endsWith('track'))).toEqual([{ field: 'missions/CTF-TEST/mission.yaml: track', value: 'offensive', why: 'the category "Test" is not in the category table' }]);
    expect(report.defaults.map((d) => d.field)).toContain('missions/CTF-PWN/mission.yaml: tier');
    expect(report.defaults.map((d) => d.field)).toContain('missions/CTF-PWN/mission.yaml: success.pass_score');
  });

  it('maps every flag kind, attempts, hints with costs, files, tags and topics of the ctfcli test challenge', async () => {
    const { out, draft, report } = await convertTo(CHALLENGES, { group: 'test' });
    expect(draft.missions).toHaveLength(1);
    const stage = draft.missions[0]?.mission.stages[0];
    expect(stage).toMatchObject({
      id: 'test-challenge',
      weight: 150,
      hint_order: 'any',
      hints: [{ text: 'free hint' }, { text: 'paid hint', penalty_points: 100 }],
      tags: ['Test', 'tag-1', 'tag-2', 'topic-1', 'topic-2'],
      answer: {
        accept: [
          { value: 'flag{test-flag}', match: 'exact' },
          { value: 'flag{test-static}', match: 'ignore-case' },
          { pattern: 'flag\\{test-regex-.*\\}', match: 'ignore-case' },
        ],
        attempts: 5,
      },
    });
    const body = readFileSync(join(out, 'missions/CTF-TEST/stages/test-challenge.md'), 'utf8');
    expect(body).toBe('Test Description\n\n**Connection:** `https://example.com`\n\n**Files**\n\n- [test.png](../assets/test-challenge/test.png)\n- [test.pdf](../assets/test-challenge/test.pdf)\n');
    expect(readFileSync(join(out, 'missions/CTF-TEST/assets/test-challenge/test.pdf'))).toEqual(readFileSync(join(CHALLENGES, 'ctfcli-test-challenge-full/files/test.pdf')));
    // Fields with no place in a pack are kept, listed, and never dropped.
    expect(report.unmapped.map((u) => u.where)).toEqual(['attribution', 'state', 'extra'].map((f) => `ctfcli-test-challenge-full/challenge.yml: ${f}`));
    expect(readFileSync(join(out, 'missions/CTF-TEST/converted-from.md'), 'utf8')).toContain('extra_property: extra_property_value');
    // Requirements by id and by a name the source does not hold are reported, not guessed.
    expect(report.unsupported.filter((u) => u.where.startsWith('ctfcli'))).toEqual([
      { where: 'ctfcli-test-challenge-full/challenge.yml', what: 'it requires the challenge with id 1, which the source does not hold: the requirement is left out' },
      { where: 'ctfcli-test-challenge-full/challenge.yml', what: 'it requires "Other Test Challenge", which the source does not hold: the requirement is left out' },
    ]);
    expect(report.notes.some((n) => n.includes('flag 3') && n.includes('ſ matches s'))).toBe(true);
    expect(report.notes.some((n) => n.includes('flag 3') && n.includes('`\\r`'))).toBe(true);
  });

  it('plays the ctfcli test challenge to submission: 150 points less the 100-point hint', async () => {
    const { out } = await convertTo(CHALLENGES, { group: 'Test' });
    const { engine, profileId, runId } = await play(out, 'CTF-TEST');
    // Hints open in any order, as in CTFd: only the paid one is bought.
    await engine.call('hints.reveal', { profileId, runId, stageId: 'test-challenge', index: 1 });
    const answer = (text: string) => engine.call('checks.answer', { profileId, runId, stageId: 'test-challenge', answer: text });
    expect((await answer('FLAG{TEST-FLAG}')).correct).toBe(false);
    // One wrong try of five: four left.
    expect(await answer('FLAG{Test-Regex-anything at all}')).toMatchObject({ correct: true, attemptsLeft: 4, done: true });
    await engine.call('stages.complete', { profileId, runId, stageId: 'test-challenge' });
    const submitted = await engine.call('runs.submit', { profileId, runId });
    // CTFd awards 150 − 100 = 50 of 150.
    expect(submitted.score.auto).toBeCloseTo((50 / 150) * 100, 2);
  });

  it('accepts the case-insensitive static flag in any case and the exact one only as written', async () => {
    const { out } = await convertTo(CHALLENGES, { group: 'Test' });
    const { engine, profileId, runId } = await play(out, 'CTF-TEST');
    expect((await engine.call('checks.answer', { profileId, runId, stageId: 'test-challenge', answer: 'Flag{Test-Flag}' })).correct).toBe(false);
    expect((await engine.call('checks.answer', { profileId, runId, stageId: 'test-challenge', answer: 'FLAG{TEST-STATIC}' })).correct).toBe(true);
    await engine.call('stages.complete', { profileId, runId, stageId: 'test-challenge' });
    expect((await engine.call('runs.submit', { profileId, runId })).score.auto).toBe(100);
  });

  it('converts a dynamic challenge at its initial value, keeps its hidden solution out, and reports both', async () => {
    const source = join(CHALLENGES, 'nanolog-unsound-memories/challenge.yml');
    const { out, draft, report } = await convertTo(source);
    expect(draft.manifest.id).toBe('nanolog-unsound-memories');
    const mission = draft.missions[0]?.mission;
    expect(mission).toMatchObject({ code: 'CTF-PWN', authors: ['Vianpyro'], track: 'offensive' });
    const stage = mission?.stages[0];
    expect(stage).toMatchObject({ weight: 500, answer: { accept: [{ value: 'DCI{N4n0L0g_S0undne55_H0le_a2e93df94ff2}', match: 'exact' }] } });
    expect(stage && 'solution' in stage ? stage.solution : undefined).toBeUndefined();
    expect(report.unsupported).toContainEqual({ where: 'challenge.yml (challenge "Unsound Memories")', what: 'dynamic scoring ({"initial":500,"decay":100,"minimum":20}) is not imitated: the stage is worth the challenge\'s 500 points for every learner' });
    expect(report.unmapped.map((u) => u.where)).toContain('challenge.yml: solution');
    // The folder named in `files` comes with everything in it.
    expect(readFileSync(join(out, 'missions/CTF-PWN/assets/unsound-memories/README.txt'), 'utf8')).toContain('Stand-in');
    const { engine, profileId, runId } = await play(out, 'CTF-PWN');
    await engine.call('hints.reveal', { profileId, runId, stageId: 'unsound-memories', index: 2 });
    expect((await engine.call('checks.answer', { profileId, runId, stageId: 'unsound-memories', answer: 'DCI{N4n0L0g_S0undne55_H0le_a2e93df94ff2}' })).correct).toBe(true);
    await engine.call('stages.complete', { profileId, runId, stageId: 'unsound-memories' });
    // Free hints cost nothing, in CTFd as here.
    expect((await engine.call('runs.submit', { profileId, runId })).score).toMatchObject({ auto: 100, passed: true });
  });

  it('writes byte-identical folders when the same source is converted twice', async () => {
    const first = await convertTo(CHALLENGES);
    const second = await convertTo(CHALLENGES);
    expect(tree(second.out)).toEqual(tree(first.out));
    expect(second.report).toEqual(first.report);
  });

  it('orders stages by requirements given by name, in either ctfcli form, and reports logic "team" and attempts past 100', async () => {
    const root = tempDir();
    const challenge = (folder: string, yml: string): void => {
      mkdirSync(join(root, folder));
      writeFileSync(join(root, folder, 'challenge.yml'), yml);
    };
    // Folders sort a, b, c; b needs c and a needs b, so the stages run c, b, a.
    challenge('a', 'name: Final\ncategory: Web\nvalue: 300\nflags:\n  - flag{final}\nrequirements:\n  prerequisites: [Middle]\n  anonymize: true\n');
    challenge('b', 'name: Middle\ncategory: Web\nvalue: 200\nlogic: team\nflags:\n  - flag{m1}\n  - flag{m2}\nrequirements: [First]\n');
    challenge('c', 'name: First\ncategory: Web\nvalue: 100\nattempts: 500\nflags:\n  - flag{first}\n');
    const { draft, report } = await convertTo(root);
    const stages = draft.missions[0]?.mission.stages ?? [];
    expect(stages.map((stage) => [stage.id, stage.kind === 'task' ? stage.next : undefined])).toEqual([['first', 'middle'], ['middle', 'final'], ['final', undefined]]);
    expect(draft.missions[0]?.mission.start).toBe('first');
    expect(stages[0]).toMatchObject({ answer: { attempts: 100 } });
    expect(report.notes).toContain('c/challenge.yml: 500 attempts allowed in CTFd, at most 100 in a pack: set to 100');
    expect(report.unsupported).toContainEqual({ where: 'b/challenge.yml', what: 'logic "team" (each team member submits a flag) has no equivalent: any one flag completes the stage' });
    expect(report.unmapped).toEqual([{ where: 'a/challenge.yml: requirements.anonymize', keptIn: 'missions/CTF-WEB/converted-from.md' }]);
  });
});
