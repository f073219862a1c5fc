// A CTFd export zip, built as CTFd's export writes it, converted, validated, imported and played; the
// export's users, teams, tokens, submissions and config never reach the pack.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { convertCommand } from '../../../../electron/cli/convert-command.ts';
import { convertCtfd } from '../../../../electron/engine/packs/convert/ctfd/convert-ctfd.ts';
import { writePackDraft } from '../../../../electron/engine/packs/convert/write-pack-draft.ts';
import { importPack } from '../../../../electron/engine/packs/import-pack.ts';
import { validatePack } from '../../../../electron/engine/packs/validate-pack.ts';
import { CAPTURE_TEXT, exportEntries, exportTables, HIDDEN_SOLUTION, SECRETS, writeExportZip } from '../../../fixtures/convert/ctfd/ctfd-export.ts';
import { engineWithSamplePack, learner, missionIdOf, type TestEngine } from '../../../support/engine-fixture.ts';
import { tempDir } from '../../../support/temp.ts';

let t: TestEngine | undefined;
afterEach(() => {
  t?.engine.close();
  t = undefined;
});

async function converted(options: { group?: string; packId?: string } = {}, zip = writeExportZip(join(tempDir(), 'ctf-export.zip'))) {
  const out = join(tempDir(), 'pack');
  const { draft, report } = await convertCtfd(zip, options);
  await writePackDraft(draft, out);
  return { out, draft, report };
}

function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort()
    .map((path) => readFileSync(path, 'latin1'))
    .join('\n');
}

async function start(out: string, code: string) {
  t = await engineWithSamplePack();
  expect((await importPack(out, { db: t.engine.ctx.db, dataDir: t.dataDir })).status).toBe('imported');
  const profileId = await learner(t);
  const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, code) })).id;
  return { engine: t, profileId, runId };
}

describe('converting a CTFd export zip', () => {
  it('writes one mission per category, in requirement order, that validates with no issue', async () => {
    const { out, draft, report } = await converted({ packId: 'spring-ctf' });
    expect((await validatePack(out)).issues).toEqual([]);
    expect(draft.manifest).toMatchObject({ id: 'spring-ctf', format: '1.1' });
    expect(draft.missions.map((m) => [m.mission.code, m.mission.track, m.mission.stages.map((s) => s.id), m.mission.prerequisites ?? []])).toEqual([
      ['CTF-WEB', 'offensive', ['warmup', 'login-bypass'], []],
      // Packet Hunt (id 3) requires Sanity Check (id 4), so comes after it; it also requires Warmup of Web.
      ['CTF-FORENSICS', 'defender', ['sanity-check', 'packet-hunt'], ['CTF-WEB']],
    ]);
    expect(report.notes).toContain('category "Forensics": its challenges require challenges of "Web", so mission CTF-FORENSICS requires mission CTF-WEB to be passed first');
  });

  it('maps flags, hints, files, tags, topics and attempts of the export tables', async () => {
    const { out, draft, report } = await converted();
    const [web, forensics] = draft.missions.map((m) => m.mission);
    expect(web?.stages[1]).toMatchObject({
      id: 'login-bypass',
      weight: 200,
      // Hint 2 names hint 1 as its prerequisite: they open in order.
      hint_order: 'in_order',
      hints: [
        { title: 'Quotes', text: "What does a `'` do to the query?", penalty_points: 50 },
        { text: 'Comment out the rest:\n\n```sql\n--\n```', penalty_points: 25 },
      ],
      tags: ['Web', 'sqli', 'SQL injection'],
      answer: { accept: [{ pattern: "^flag\\{(?<payload>' or 1=1|admin'--)\\}$", match: 'ignore-case' }], attempts: 3 },
    });
    expect(web?.stages[0]).toMatchObject({ id: 'warmup', solution: { body: 'stages/warmup-solution.md', penalized: false } });
    expect(web?.stages[1]).not.toHaveProperty('solution');
    expect(forensics?.stages[1]).toMatchObject({
      id: 'packet-hunt',
      // Its initial value, not the 180 it had decayed to when exported.
      weight: 300,
      answer: { accept: [{ value: 'flag{10.0.0.9}', match: 'exact' }, { value: 'flag{GET-/admin}', match: 'ignore-case' }], logic: 'all' },
    });
    expect(readFileSync(join(out, 'missions/CTF-FORENSICS/assets/packet-hunt/capture.pcap'), 'utf8')).toBe(CAPTURE_TEXT);
    // A link to the platform's own page cannot resolve in a pack: it becomes text, and is reported.
    expect(readFileSync(join(out, 'missions/CTF-WEB/stages/login-bypass.md'), 'utf8')).toContain('See the files (`/files/ab12/capture.pcap` on the original platform).');
    expect(report.unsupported).toContainEqual({ where: 'db/challenges.json id 3 (challenge "Packet Hunt")', what: 'dynamic scoring ({"initial":300,"minimum":100,"decay":20,"function":"logarithmic"}) is not imitated: the stage is worth the challenge\'s 300 points for every learner' });
    expect(report.unmapped.map((u) => u.where)).toEqual(expect.arrayContaining(['db/challenges.json id 1: attribution', 'db/challenges.json id 4: state', 'db/challenges.json id 3: requirements.anonymize']));
    expect(report.notes).toContain(`only the challenge tables of the export were read; left in the archive: ${['db/alembic_version.json', 'db/config.json', 'db/submissions.json', 'db/teams.json', 'db/tokens.json', 'db/users.json'].join(', ')}`);
  });

  it('plays a challenge to submission with CTFd\'s score: value less the hints bought', async () => {
    const { out } = await converted();
    const { engine, profileId, runId } = await start(out, 'CTF-WEB');
    // CTFd shows a visible solution without taking points: so does the converted stage.
    await engine.call('solution.show', { profileId, runId, stageId: 'warmup' });
    expect((await engine.call('checks.answer', { profileId, runId, stageId: 'warmup', answer: 'flag{view-source}' })).correct).toBe(true);
    await engine.call('stages.complete', { profileId, runId, stageId: 'warmup' });
    await engine.call('hints.reveal', { profileId, runId, stageId: 'login-bypass' });
    // The translated pattern matches the whole answer, ignoring case, as re.match with IGNORECASE did.
    expect((await engine.call('checks.answer', { profileId, runId, stageId: 'login-bypass', answer: "flag{admin'--} and more" })).correct).toBe(false);
    expect(await engine.call('checks.answer', { profileId, runId, stageId: 'login-bypass', answer: "FLAG{Admin'--}" })).toMatchObject({ correct: true, attemptsLeft: 2 });
    await engine.call('stages.complete', { profileId, runId, stageId: 'login-bypass' });
    const submitted = await engine.call('runs.submit', { profileId, runId });
    // CTFd: 100 + (200 − 50) = 250 of 300.
    expect(submitted.score.auto).toBeCloseTo((250 / 300) * 100, 2);
  });

  it('needs every flag of a challenge with logic "all"', async () => {
    const { out } = await converted({ group: 'forensics' });
    const { engine, profileId, runId } = await start(out, 'CTF-FORENSICS');
    expect((await engine.call('checks.answer', { profileId, runId, stageId: 'sanity-check', answer: 'flag{sane}' })).correct).toBe(true);
    await engine.call('stages.complete', { profileId, runId, stageId: 'sanity-check' });
    expect(await engine.call('checks.answer', { profileId, runId, stageId: 'packet-hunt', answer: 'flag{10.0.0.9}' })).toMatchObject({ correct: false, done: false });
    expect(await engine.call('checks.answer', { profileId, runId, stageId: 'packet-hunt', answer: 'FLAG{get-/ADMIN}' })).toMatchObject({ correct: true, done: true });
  });

  it('converts only the --group category, reporting requirements it leaves behind', async () => {
    const { draft, report } = await converted({ group: 'Forensics' });
    expect(draft.missions.map((m) => [m.mission.code, m.mission.prerequisites ?? []])).toEqual([['CTF-FORENSICS', []]]);
    expect(report.unsupported).toContainEqual({ where: 'category "Forensics"', what: 'its challenges require challenges of the category "Web", which is not converted (--group): the requirement is left out' });
  });

  it('copies none of the users, teams, tokens, submissions or config into the pack', async () => {
    const { out, report } = await converted();
    const text = allText(out);
    for (const secret of [...SECRETS, HIDDEN_SOLUTION]) expect(text).not.toContain(secret);
    expect(JSON.stringify(report)).not.toMatch(new RegExp(SECRETS.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')));
    // The test would prove nothing if the export did not hold them.
    const tables = JSON.stringify(exportTables());
    for (const secret of SECRETS) expect(tables).toContain(JSON.stringify(secret).slice(1, -1));
  });

  it('prints the report as JSON through `outpost pack convert --json`', async () => {
    const out = join(tempDir(), 'json-pack');
    const lines: string[] = [];
    const code = await convertCommand({ out: (line) => lines.push(line), err: (line) => lines.push(line) }, writeExportZip(join(tempDir(), 'cli.zip')), { from: 'ctfd', out, json: true, id: 'cli-ctf' });
    expect(code).toBe(0);
    const printed = JSON.parse(lines.join('\n')) as { ok: boolean; pack: unknown; report: { from: string; defaults: unknown[] }; warnings: unknown[] };
    expect(printed).toMatchObject({ ok: true, pack: { id: 'cli-ctf', version: '1.0.0', missions: 2 }, report: { from: 'ctfd' }, warnings: [] });
    expect(printed.report.defaults).toContainEqual({ field: 'missions/CTF-FORENSICS/mission.yaml: tier', value: 'beginner', why: 'CTFd has no difficulty level' });
  });

  it('reads an export zipped again inside one top folder', async () => {
    const zip = writeExportZip(join(tempDir(), 'nested.zip'), exportEntries().map((entry) => ({ ...entry, name: `ctf-export/${entry.name}` })));
    const { draft } = await converted({}, zip);
    expect(draft.missions.map((m) => m.mission.code)).toEqual(['CTF-WEB', 'CTF-FORENSICS']);
  });

  it('writes byte-identical folders when the same export is converted twice', async () => {
    const zip = writeExportZip(join(tempDir(), 'same.zip'));
    const first = await converted({}, zip);
    const second = await converted({}, zip);
    expect(allText(second.out)).toBe(allText(first.out));
    expect(readdirSync(second.out, { recursive: true })).toEqual(readdirSync(first.out, { recursive: true }));
  });
});
