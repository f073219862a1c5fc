import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openDatabase } from '../../../../db/connection.ts';
import { importPack } from '../../../../electron/engine/packs/import-pack.ts';
import { validatePack } from '../../../../electron/engine/packs/validate-pack.ts';
import { CONVERTED_FROM_FILE } from '../../../../electron/engine/packs/convert/write-pack-draft.ts';
import { convertCommand } from '../../../../electron/cli/convert-command.ts';
import type { CommandContext } from '../../../../electron/cli/command.ts';
import { tempDir } from '../../../support/temp.ts';
import { ATTACK_SC_MONGODB, convertInto, fileText, HAND_MADE, JUNIOR_HACKER, kypoFile, levelNamed, missionYaml, SECRET_LABORATORY, stageOf, treeBytes } from './kypo-support.ts';

describe('converting real KYPO training definitions', () => {
  it.each([
    ['junior-hacker.json', JUNIOR_HACKER, 'junior-hacker-training', 6],
    ['secret-laboratory.json', SECRET_LABORATORY, 'secret-laboratory', 5],
    ['attack-sc-mongodb.json', ATTACK_SC_MONGODB, 'mongodb-mysql-attack-training', 5],
  ])('%s: writes a pack that validates without warnings and imports', async (_name, source, packId, trainingLevels) => {
    const { out, draft } = await convertInto(source);
    expect(draft.manifest).toMatchObject({ format: '1.1', id: packId, version: '1.0.0' });
    const report = await validatePack(out);
    expect(report.issues).toEqual([]);
    const mission = missionYaml(out);
    expect(mission.code).toBe('KYPO-01');
    expect(mission.stages.filter((s) => s.solution !== undefined)).toHaveLength(trainingLevels);
    const dataDir = tempDir();
    const db = openDatabase(join(dataDir, 'outpost.db'));
    const outcome = await importPack(out, { db, dataDir });
    expect(outcome).toMatchObject({ status: 'imported', packId });
    const row = db.first(db.q.selectFrom('missions').select(['code', 'story_md']));
    expect(row?.code).toBe('KYPO-01');
    db.close();
  });

  it('junior hacker: the intro is the story, the access level a briefing worth 0, levels scored as the platform', async () => {
    const { out } = await convertInto(JUNIOR_HACKER);
    const mission = missionYaml(out);
    expect(fileText(out, 'story.md')).toMatch(/^# Introduction\n\n# General information/);
    expect(mission.stages.map((s) => s.id)).toEqual([
      'get-access',
      'getting-to-know-the-environment',
      'looking-for-server-s-ip-address',
      'connect-to-the-server',
      'find-interesting-files',
      'crack-the-password-to-the-zip',
      'disable-access-to-the-server-for-an-authorized',
    ]);
    expect(mission.start).toBe('get-access');
    expect(stageOf(mission, 'get-access')).toMatchObject({ weight: 0, answer: { accept: [{ value: 'start', match: 'exact' }] }, next: 'getting-to-know-the-environment' });
    const connect = stageOf(mission, 'connect-to-the-server');
    // The source lists these hints with orders 1, 0, 2.
    expect(connect.hints?.map((h) => [h.title, h.penalty_points])).toEqual([
      ['What connection method to use?', 5],
      ['What is the syntax for entering the SSH command?', 7],
      ['What password to use?', 4],
    ]);
    expect(connect).toMatchObject({
      weight: 20,
      estimated_minutes: 5,
      hint_order: 'any',
      solution: { body: 'solutions/connect-to-the-server.md', penalized: true },
      answer: { accept: [{ value: 'ssh admin@10.1.26.9', match: 'exact' }], attempts: 10, on_attempts_exhausted: 'show_solution' },
    });
    expect(stageOf(mission, 'getting-to-know-the-environment').solution?.penalized).toBe(false);
    expect(fileText(out, 'solutions/connect-to-the-server.md')).toContain('ssh admin@10.1.26.9');
    expect(mission.stages.at(-1)?.next).toBeUndefined();
  });

  it('secret laboratory: per-sandbox answers are reported naming the level, and the epilogue closes the mission', async () => {
    const { out, report } = await convertInto(SECRET_LABORATORY);
    expect(report.unsupported.map((u) => u.where)).toEqual([
      'levels[3] "Level 2: Exploiting the vulnerable service"',
      'levels[4] "Level 3: Find the address of the second server"',
      'levels[6] "Level 5: Steal data and send them to scientists"',
    ]);
    expect(report.unsupported[0]?.what).toMatch(/answer_variable_name "level_2_flag"/);
    const mission = missionYaml(out);
    const variant = stageOf(mission, 'level-2-exploiting-the-vulnerable-service');
    expect(variant.answer).toBeUndefined();
    expect(variant.weight).toBe(0);
    expect(stageOf(mission, 'level-1-looking-for-the-vulnerable-service').answer?.accept).toEqual([{ value: 'Webmin', match: 'exact' }]);
    // A static answer fills the solution's ${ANSWER}, as the platform does; a per-sandbox one cannot.
    expect(fileText(out, 'solutions/level-1-looking-for-the-vulnerable-service.md')).toContain('The flag is: Webmin');
    expect(fileText(out, 'solutions/level-2-exploiting-the-vulnerable-service.md')).toContain('${ANSWER}');
    expect(mission.stages.at(-1)).toMatchObject({ id: 'epilogue', weight: 0 });
    expect(mission.stages.at(-1)?.answer).toBeUndefined();
    const kept = parse(fileText(out, CONVERTED_FROM_FILE).replace(/^[\s\S]*?```yaml\n/, '').replace(/```\s*$/, '')) as Record<string, unknown>;
    expect(kept['levels[3].answer_variable_name']).toBe('level_2_flag');
    expect(kept.prerequisites).toEqual([expect.stringContaining('Basic knowledge of Unix environment')]);
    expect(report.unmapped).toContainEqual({ where: 'levels[3].answer_variable_name', keptIn: `missions/KYPO-01/${CONVERTED_FROM_FILE}` });
  });

  it('attack-sc-mongodb: its final test becomes an assessment quiz; per-sandbox levels lose their hint penalties too', async () => {
    const { out, report } = await convertInto(ATTACK_SC_MONGODB);
    const mission = missionYaml(out);
    const recon = stageOf(mission, 'network-reconnaissance');
    expect(recon).toMatchObject({ weight: 50, tags: ['TA0007.T1046', 'TA0043.T1595'], answer: { accept: [{ value: '3306,27017', match: 'exact' }], attempts: 10 } });
    expect(recon.hints?.map((h) => h.penalty_points)).toEqual([20, 30]);
    const mysql = stageOf(mission, 'mysql-password-brute-force');
    expect(mysql).toMatchObject({ weight: 0, tags: ['TA0006.T1110'] });
    expect(mysql.hints?.map((h) => h.penalty_points)).toEqual([undefined, undefined]);
    expect(report.unsupported.map((u) => u.where)).toHaveLength(4);
    expect(report.unmapped.map((u) => u.where)).toContain('levels[3].hints[1].hint_penalty');
    const test = stageOf(mission, 'final-assessment');
    expect(test).toMatchObject({ part: 'assessment', weight: 100, estimated_minutes: 10 });
    expect(test.questions?.map((q) => [q.id, q.kind, q.points])).toEqual([['q1', 'single', 25], ['q2', 'single', 25], ['q3', 'matching', 25], ['q4', 'text', 25]]);
    expect(test.questions?.[3]).toMatchObject({ accept: ['sudo less /home/alice/flag.txt'], match: 'exact' });
    expect(mission).toMatchObject({ estimated_minutes: 90, objectives: expect.arrayContaining(['Scanning ports with nmap']) });
  });

  it('converting the same source twice gives byte-identical folders', async () => {
    for (const source of [JUNIOR_HACKER, SECRET_LABORATORY, ATTACK_SC_MONGODB, HAND_MADE]) {
      const first = await convertInto(source);
      const second = await convertInto(source);
      expect(treeBytes(second.out)).toEqual(treeBytes(first.out));
    }
  });

  it('a second conversion imports as the same pack version, unchanged', async () => {
    const dataDir = tempDir();
    const db = openDatabase(join(dataDir, 'outpost.db'));
    const first = await importPack((await convertInto(JUNIOR_HACKER)).out, { db, dataDir });
    expect(first.status).toBe('imported');
    expect(await importPack((await convertInto(JUNIOR_HACKER)).out, { db, dataDir })).toMatchObject({ status: 'unchanged' });
    db.close();
  });
});

describe('the KYPO mapping, on a hand-made definition with every level type', () => {
  it('plays levels by `order`, not by their place in the file', async () => {
    const { out } = await convertInto(HAND_MADE);
    const mission = missionYaml(out);
    expect(mission.stages.map((s) => s.id)).toEqual(['get-access', 'find-the-port', 'crack-the-password', 'exfiltrate', 'knowledge-check', 'feedback', 'debrief']);
    expect(mission.stages.slice(0, -1).map((s) => s.next)).toEqual(mission.stages.slice(1).map((s) => s.id));
    expect(fileText(out, 'story.md')).toBe('# Briefing\n\nA host on 10.1.26.9 is leaking data. Find out how.\n');
    expect(stageOf(mission, 'debrief')).toMatchObject({ weight: 0, body: 'stages/debrief.md' });
    expect(fileText(out, 'stages/debrief.md')).toContain('The host is **closed** now.');
  });

  it('plays levels that share an order in the file\'s order, and says so', async () => {
    const source = kypoFile((d) => {
      levelNamed(d, 'Exfiltrate').order = 3;
    });
    const { out, report } = await convertInto(source);
    expect(missionYaml(out).stages.map((s) => s.id).slice(1, 4)).toEqual(['find-the-port', 'crack-the-password', 'exfiltrate']);
    expect(report.notes).toContain('levels[4] and levels[5] share order 3: they are played in the file\'s order');
  });

  it('reads an older game level: `flag`, `incorrect_flag_limit`, hints in their order, MITRE techniques as tags', async () => {
    const { out } = await convertInto(HAND_MADE);
    const port = stageOf(missionYaml(out), 'find-the-port');
    expect(port).toMatchObject({
      weight: 20,
      tags: ['T1046'],
      estimated_minutes: 10,
      hints: [
        { title: 'Which tool?', text: 'Use `nmap`.', penalty_points: 3 },
        { title: 'Which scan?', text: 'Scan every port with `-p-`.', penalty_points: 5 },
      ],
      answer: { accept: [{ value: '2049', match: 'exact' }], attempts: 3, on_attempts_exhausted: 'show_solution' },
    });
    expect(fileText(out, 'solutions/find-the-port.md')).toBe('Run `nmap 10.1.26.9`; the port is 2049.\n');
  });

  it('takes an unlimited answer limit (0) and technique keys written as plain strings', async () => {
    const crack = stageOf(missionYaml((await convertInto(HAND_MADE)).out), 'crack-the-password');
    expect(crack.answer).toMatchObject({ attempts: 0 });
    expect(crack.tags).toEqual(['T1110.002']);
    expect(crack.solution).toEqual({ body: 'solutions/crack-the-password.md', penalized: false });
  });

  it('maps a test: MCQ to single or multiple (all or nothing), FFQ to exact text, EMI to matching; in the assessment part', async () => {
    const { out, report } = await convertInto(HAND_MADE);
    const test = stageOf(missionYaml(out), 'knowledge-check');
    expect(test).toMatchObject({ part: 'assessment', weight: 20, estimated_minutes: 5 });
    expect(fileText(out, test.body)).toBe('Answer what you learned.\n');
    expect(test.questions).toEqual([
      { id: 'q1', text: 'Which port does NFS use?', points: 4, required: true, kind: 'single', choices: [{ text: '22', correct: false }, { text: '2049', correct: true }] },
      {
        id: 'q2', text: 'Which tools scan ports?', points: 6, required: true, kind: 'multiple', scoring: 'all_or_nothing',
        choices: [{ text: 'nmap', correct: true }, { text: 'masscan', correct: true }, { text: 'john', correct: false }],
      },
      { id: 'q3', text: 'Name the tool that cracked the ZIP.', points: 5, required: true, kind: 'text', accept: ['fcrackzip', 'FCrackZip'], match: 'exact' },
      {
        id: 'q4', text: 'Match each tool with what it does.', points: 5, required: true, kind: 'matching', scoring: 'all_or_nothing',
        pairs: [{ left: 'nmap', right: 'scans ports' }, { left: 'john', right: 'cracks passwords' }, { left: 'scp', right: 'copies files' }],
        distractors: ['edits text'],
      },
    ]);
    expect(report.unsupported).toEqual([{ where: 'levels[6].questions[1] of "Knowledge check"', what: expect.stringMatching(/costs 2 points on the platform \(penalty\)/) }]);
  });

  it('maps a questionnaire to unscored questions worth 0', async () => {
    const feedback = stageOf(missionYaml((await convertInto(HAND_MADE)).out), 'feedback');
    expect(feedback).toMatchObject({ part: 'assessment', weight: 0 });
    expect(feedback.questions?.map((q) => [q.kind, q.points, q.required])).toEqual([['text', 0, false], ['multiple', 0, true]]);
    expect(feedback.questions?.[0]).not.toHaveProperty('accept');
  });

  it('asks an EMI whose statements share an option as one single-choice question per statement, and says so', async () => {
    const source = kypoFile((d) => {
      const emi = (levelNamed(d, 'Knowledge check').questions as Array<Record<string, unknown>>)[3] as { extended_matching_statements: unknown[] };
      emi.extended_matching_statements.push({ text: 'fcrackzip', order: 3, correct_option_order: 1 });
    });
    const { out, report } = await convertInto(source);
    const questions = stageOf(missionYaml(out), 'knowledge-check').questions ?? [];
    expect(questions.slice(3).map((q) => [q.id, q.kind, q.points, q.text])).toEqual([
      ['q4-1', 'single', 1.25, 'Match each tool with what it does.: nmap'],
      ['q4-2', 'single', 1.25, 'Match each tool with what it does.: john'],
      ['q4-3', 'single', 1.25, 'Match each tool with what it does.: scp'],
      ['q4-4', 'single', 1.25, 'Match each tool with what it does.: fcrackzip'],
    ]);
    expect((questions[6]?.choices as Array<{ correct: boolean; text: string }>).filter((c) => c.correct)).toEqual([{ text: 'cracks passwords', correct: true }]);
    expect(report.unsupported.map((u) => u.where)).toContain('levels[6].questions[3] of "Knowledge check"');
  });

  it('asks a questionnaire EMI without correct options as unscored single-choice questions, one per statement', async () => {
    const source = kypoFile((d) => {
      const feedback = levelNamed(d, 'Feedback').questions as Array<Record<string, unknown>>;
      feedback.push({
        question_type: 'EMI', text: 'How useful was each tool?', points: 0, penalty: 0, order: 2, answer_required: true,
        extended_matching_options: [{ text: 'Useful', order: 0 }, { text: 'Not useful', order: 1 }],
        extended_matching_statements: [{ text: 'nmap', order: 0 }, { text: 'john', order: 1 }],
      });
    });
    const { out, report } = await convertInto(source);
    const questions = stageOf(missionYaml(out), 'feedback').questions ?? [];
    expect(questions.slice(2)).toEqual([
      { id: 'q3-1', text: 'How useful was each tool?: nmap', points: 0, required: true, kind: 'single', choices: [{ text: 'Useful', correct: false }, { text: 'Not useful', correct: false }] },
      { id: 'q3-2', text: 'How useful was each tool?: john', points: 0, required: true, kind: 'single', choices: [{ text: 'Useful', correct: false }, { text: 'Not useful', correct: false }] },
    ]);
    expect(report.unsupported.map((u) => u.where)).not.toContain('levels[7].questions[2] of "Feedback"');
  });

  it('fills the title, summary, outcomes and source; flags tier, track, pass score and version as defaults', async () => {
    const { out, report } = await convertInto(HAND_MADE);
    const mission = missionYaml(out);
    expect(mission).toMatchObject({
      title: 'Hand-made scoring check',
      summary: expect.stringContaining('every level type'),
      objectives: ['Scan a host', 'Crack a password'],
      tier: 'intermediate',
      track: 'offensive',
      success: { pass_score: 70 },
      estimated_minutes: 42,
      source: { name: 'KYPO training definition "Hand-made scoring check"', note: 'Converted from hand-made-scoring.json' },
    });
    expect(report.defaults.map((d) => d.field)).toEqual([
      'missions/KYPO-01/mission.yaml: tier',
      'missions/KYPO-01/mission.yaml: track',
      'missions/KYPO-01/mission.yaml: success.pass_score',
      'pack.yaml: version',
    ]);
  });

  it('fills objectives from the title when the definition lists no outcomes, and says so', async () => {
    const { out, report } = await convertInto(kypoFile((d) => { d.outcomes = []; }));
    expect(missionYaml(out).objectives).toEqual(['Complete the training "Hand-made scoring check"']);
    expect(report.defaults[0]).toMatchObject({ field: 'missions/KYPO-01/mission.yaml: objectives' });
  });

  it('keeps every field with no place in the pack verbatim, keyed by where it was, and lists it in the report', async () => {
    const { out, report } = await convertInto(HAND_MADE);
    const text = fileText(out, CONVERTED_FROM_FILE);
    const kept = parse(text.replace(/^[\s\S]*?```yaml\n/, '').replace(/```\s*$/, '')) as Record<string, unknown>;
    expect(kept).toEqual({
      prerequisites: ['Basic networking'],
      state: 'RELEASED',
      variant_sandboxes: false,
      'levels[1].local_content': 'Not tested on a local sandbox.',
      'levels[3].id': 41,
      'levels[4].expected_commands': ['fcrackzip'],
      'levels[4].commands_required': false,
      'levels[5].commands_required': false,
      'levels[6].questions[1].penalty': 2,
    });
    expect(report.unmapped.map((u) => u.where).sort()).toEqual(Object.keys(kept).sort());
  });

  it('keeps the fields of choices, matching items and techniques it has no place for too', async () => {
    const source = kypoFile((d) => {
      const questions = levelNamed(d, 'Knowledge check').questions as Array<{ choices?: Array<Record<string, unknown>>; extended_matching_statements?: Array<Record<string, unknown>> }>;
      (questions[0]?.choices?.[1] as Record<string, unknown>).id = 7;
      (questions[3]?.extended_matching_statements?.[2] as Record<string, unknown>).hint = 'think of copying';
      levelNamed(d, 'Find the port').mitre_techniques = [{ technique_key: 'T1046', technique_name: 'Network Service Discovery' }];
    });
    const { report, draft } = await convertInto(source);
    const unmapped = draft.missions[0]?.unmapped ?? {};
    expect(unmapped['levels[6].questions[0].choices[1].id']).toBe(7);
    expect(unmapped['levels[6].questions[3].extended_matching_statements[2].hint']).toBe('think of copying');
    expect(unmapped['levels[3].mitre_techniques[0].technique_name']).toBe('Network Service Discovery');
    expect(report.unmapped.map((u) => u.where)).toContain('levels[6].questions[0].choices[1].id');
  });

  it('names the pack with --id, or a slug of the title', async () => {
    expect((await convertInto(HAND_MADE, { packId: 'kypo-drill' })).draft.manifest.id).toBe('kypo-drill');
    const accented = kypoFile((d) => { d.title = 'Tréninková  hra: Útok!'; });
    expect((await convertInto(accented)).draft.manifest.id).toBe('treninkova-hra-utok');
  });

  it('gives levels with the same title distinct stage ids, and a title without letters a numbered one', async () => {
    const source = kypoFile((d) => {
      levelNamed(d, 'Exfiltrate').title = 'Crack the password';
      levelNamed(d, 'Feedback').title = '???';
    });
    const { out } = await convertInto(source);
    expect(missionYaml(out).stages.map((s) => s.id)).toEqual(['get-access', 'find-the-port', 'crack-the-password', 'crack-the-password-2', 'knowledge-check', 'level-6', 'debrief']);
  });

  it('reads questions that an older export wrote as one JSON string', async () => {
    const source = kypoFile((d) => {
      const level = levelNamed(d, 'Knowledge check');
      level.questions = JSON.stringify(level.questions);
    });
    const { out, report } = await convertInto(source);
    const plain = await convertInto(HAND_MADE);
    expect(stageOf(missionYaml(out), 'knowledge-check').questions).toEqual(stageOf(missionYaml(plain.out), 'knowledge-check').questions);
    expect(report.unmapped).toEqual(plain.report.unmapped);
  });

  it('prints the report as JSON through `pack convert --json`', async () => {
    const lines: string[] = [];
    const ctx: CommandContext = { out: (line) => lines.push(line), err: (line) => lines.push(line) };
    const out = join(tempDir(), 'pack');
    expect(await convertCommand(ctx, SECRET_LABORATORY, { from: 'kypo', out, json: true })).toBe(0);
    const printed = JSON.parse(lines.join('\n')) as { ok: boolean; pack: unknown; report: { from: string; unsupported: unknown[]; defaults: unknown[] }; warnings: unknown[] };
    expect(printed).toMatchObject({ ok: true, out, pack: { id: 'secret-laboratory', version: '1.0.0', missions: 1 }, warnings: [] });
    expect(printed.report.from).toBe('kypo');
    expect(printed.report.unsupported).toHaveLength(3);
    expect(printed.report.defaults).toHaveLength(4);
  });

  it('reads a folder holding training.json, as a training repository keeps it', async () => {
    const file = kypoFile(() => undefined);
    const { draft } = await convertInto(join(file, '..'));
    expect(draft.manifest.title).toBe('Hand-made scoring check');
    expect(JSON.parse(readFileSync(file, 'utf8')).title).toBe('Hand-made scoring check');
  });
});
