import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { answerMatches } from '../../../electron/engine/checks/answer.ts';
import { importPack } from '../../../electron/engine/packs/import-pack.ts';
import { answerSchema, type AnswerCheck } from '../../../shared/pack/schema.ts';
import { editFile, validPackFiles, writePackFolder } from '../../support/pack-fixture.ts';
import { tempDir } from '../../support/temp.ts';
import { engineWithSamplePack, eventVerbs, grantPassed, learner, missionIdOf, type TestEngine } from '../../support/engine-fixture.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

describe('answer checks', () => {
  it('counts wrong answers down to none left, then closes the check as failed', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    for (const code of ['RECON-02', 'INNOV-02']) grantPassed(t, profileId, code);
    const run = await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'RED-05') });
    const runId = run.id;
    await t.call('checks.quiz', { profileId, runId, stageId: 'enumerate-spns', responses: { q1: [0, 1, 2, 3], q2: [0], q3: [0] } });
    await t.call('stages.complete', { profileId, runId, stageId: 'enumerate-spns' });
    const answer = (text: string) => t.call('checks.answer', { profileId, runId, stageId: 'crack-offline', answer: text });
    expect(await answer('northwind@2018')).toMatchObject({ correct: false, attemptsLeft: 2, done: false });
    expect(await answer('Reports2019!')).toMatchObject({ correct: false, attemptsLeft: 1, done: false });
    expect(await answer('Northwind@2019')).toMatchObject({ correct: false, attemptsLeft: 0, done: true });
    await expect(answer('Northwind@2018')).rejects.toMatchObject({ code: 'invalid_state', message: 'There are no attempts left for this check.' });
    const view = await t.call('stages.complete', { profileId, runId, stageId: 'crack-offline' });
    expect(view.currentStageId).toBe('detect-4769');
    expect(eventVerbs(t, runId).filter((v) => v === 'check.answered')).toHaveLength(4);
  });

  it('matches a pattern answer case-insensitively, and never returns the expected answer', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    grantPassed(t, profileId, 'SOC-01');
    const run = await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'RECON-02') });
    await t.call('checks.quiz', { profileId, runId: run.id, stageId: 'rules-of-engagement', responses: { q1: [0], q2: [0, 1, 2] } });
    await t.call('stages.complete', { profileId, runId: run.id, stageId: 'rules-of-engagement' });
    const wrong = await t.call('checks.answer', { profileId, runId: run.id, stageId: 'passive-recon', answer: 'portal.northwind-health.example' });
    expect(wrong).toMatchObject({ correct: false, attemptsLeft: 3, done: false });
    expect(JSON.stringify(wrong)).not.toMatch(/stg-ehr/);
    expect(await t.call('checks.answer', { profileId, runId: run.id, stageId: 'passive-recon', answer: 'STG-EHR-API.northwind-health.example' })).toMatchObject({ correct: true, attemptsLeft: 3, done: true });
  });
});

describe('answer patterns match the whole answer', () => {
  const check = (answer: Record<string, unknown>): AnswerCheck => answerSchema.parse(answer);

  it('a pattern answer with several guesses in one try is wrong (pattern matches the whole answer)', async () => {
    t = await engineWithSamplePack();
    const files = editFile(validPackFiles('guess-pack'), 'missions/DEMO-01/mission.yaml', (yaml) =>
      yaml.replace('answer: { value: 10.0.4.21, match: trimmed, attempts: 5 }', "answer: { pattern: '10\\.0\\.4\\.21(:\\d{1,5})?', match: trimmed, attempts: 2 }"),
    );
    expect(files['missions/DEMO-01/mission.yaml']).toContain('pattern:');
    expect((await importPack(writePackFolder(tempDir(), files), { db: t.engine.ctx.db, dataDir: t.dataDir })).status).toBe('imported');
    const profileId = await learner(t);
    const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'DEMO-01') })).id;
    const answer = (text: string) => t.call('checks.answer', { profileId, runId, stageId: 'find-host', answer: text });
    expect(await answer('10.0.4.30 10.0.4.21 10.0.4.22')).toMatchObject({ correct: false, attemptsLeft: 1, done: false });
    expect(await answer('10.0.4.21:443')).toMatchObject({ correct: true, attemptsLeft: 1, done: true });
  });

  it('a right answer wrapped in junk is wrong, whatever match says about case or spaces', () => {
    for (const match of ['exact', 'trimmed', 'ignore-case']) {
      const host = check({ pattern: 'HOST-1[0-9]', match });
      expect(answerMatches(host, 'HOST-17')).toBe(true);
      expect(answerMatches(host, 'HOST-17 HOST-18 HOST-19')).toBe(false);
      expect(answerMatches(host, 'xxHOST-17xx')).toBe(false);
      expect(answerMatches(host, 'the host is HOST-17')).toBe(false);
      expect(answerMatches(host, 'HOST-17\nHOST-18')).toBe(false);
      expect(answerMatches(host, 'HOST-170')).toBe(false);
    }
    expect(answerMatches(check({ pattern: 'HOST-1[0-9]', match: 'ignore-case' }), ' host-17 ')).toBe(true);
    expect(answerMatches(check({ pattern: 'HOST-1[0-9]', match: 'trimmed' }), ' HOST-17 ')).toBe(true);
    // Every rule trims the same edges (format 1.1); `exact` still minds case.
    expect(answerMatches(check({ pattern: 'HOST-1[0-9]', match: 'exact' }), ' HOST-17\u00a0\r\n')).toBe(true);
    expect(answerMatches(check({ pattern: 'HOST-1[0-9]', match: 'exact' }), 'host-17')).toBe(false);
  });

  it('anchors a top-level alternation as a whole (^(?:a|b)$, not ^a|b$)', () => {
    const either = check({ pattern: 'stg-ehr-api|stg-ehr-es', match: 'trimmed' });
    expect(answerMatches(either, 'stg-ehr-api')).toBe(true);
    expect(answerMatches(either, 'stg-ehr-es')).toBe(true);
    expect(answerMatches(either, 'stg-ehr-api junk')).toBe(false);
    expect(answerMatches(either, 'junk stg-ehr-es')).toBe(false);
    expect(answerMatches(either, 'stg-ehr-es stg-ehr-api')).toBe(false);
  });

  it('keeps a pattern that anchors itself, in full or in part, working', () => {
    for (const pattern of ['^T1110\\.003$', '^T1110\\.003', 'T1110\\.003$', '^T1110\\.003$|^T1110$']) {
      const technique = check({ pattern, match: 'ignore-case' });
      expect(answerMatches(technique, 't1110.003')).toBe(true);
      expect(answerMatches(technique, 'T1110.003 T1110.001')).toBe(false);
      expect(answerMatches(technique, 'T1110.001 T1110.003')).toBe(false);
    }
  });
});

describe('match: contains', () => {
  const check = (answer: Record<string, unknown>): AnswerCheck => answerSchema.parse(answer);

  it('searches the answer for a pattern, ignoring case', () => {
    const cve = check({ pattern: 'CVE-2021-4422[89]', match: 'contains' });
    expect(answerMatches(cve, 'The host was exploited through cve-2021-44228 in the logging library.')).toBe(true);
    expect(answerMatches(cve, 'CVE-2021-44229')).toBe(true);
    expect(answerMatches(cve, 'The host was exploited through CVE-2021-45046.')).toBe(false);
  });

  it('searches the answer for a value, ignoring case', () => {
    const tool = check({ value: 'Mimikatz', match: 'contains' });
    expect(answerMatches(tool, 'they dumped LSASS with mimikatz, then moved laterally')).toBe(true);
    expect(answerMatches(tool, 'MIMIKATZ')).toBe(true);
    expect(answerMatches(tool, 'they dumped LSASS with procdump')).toBe(false);
    expect(answerMatches(check({ value: 4444, match: 'contains' }), 'the reverse shell called back on port 4444/tcp')).toBe(true);
  });

  it('refuses a search that would be found in any answer', () => {
    expect(answerSchema.safeParse({ value: '  ', match: 'contains' }).success).toBe(false);
    expect(answerSchema.safeParse({ pattern: '(?:admin)?', match: 'contains' }).success).toBe(false);
    expect(answerSchema.safeParse({ pattern: '(?:admin)?', match: 'trimmed' }).success).toBe(true);
  });
});

describe('quizzes', () => {
  it('gives partial credit on a multiple-choice question, minus the penalty for a wrong pick', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    const run = await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'PHISH-01') });
    // spf-meaning: single (right: 1); indicators: multiple (right: 0..3, penalty 1); block-domain: text.
    const result = await t.call('checks.quiz', {
      profileId,
      runId: run.id,
      stageId: 'header-analysis',
      responses: { 'spf-meaning': [1], indicators: [0, 1, 4], 'block-domain': ' Harrowrnere-Medical.example ' },
    });
    const { db } = t.engine.ctx;
    const mission = JSON.parse(db.first(db.q.selectFrom('missions').select('definition_json').where('code', '=', 'PHISH-01'))!.definition_json);
    const questions = mission.stages[0].questions as Array<{ id: string; points: number; penalty?: number }>;
    const points = Object.fromEntries(questions.map((q) => [q.id, q.points]));
    const penalty = questions.find((q) => q.id === 'indicators')!.penalty ?? 0;
    const indicatorsEarned = Math.max(0, points.indicators! * (2 / 4) - penalty);
    const possible = points['spf-meaning']! + points.indicators! + points['block-domain']!;
    expect(result.questions).toEqual([
      { id: 'spf-meaning', outcome: 'right', earned: points['spf-meaning'], picked: [1], wrongPicks: [], answer: null },
      { id: 'indicators', outcome: 'partial', earned: indicatorsEarned, picked: [0, 1, 4], wrongPicks: [4], answer: null },
      { id: 'block-domain', outcome: 'right', earned: points['block-domain'], picked: [], wrongPicks: [], answer: ' Harrowrnere-Medical.example ' },
    ]);
    expect(result.possible).toBe(possible);
    expect(result.fraction).toBeCloseTo((points['spf-meaning']! + points.indicators! * 0.5 - penalty + points['block-domain']!) / possible, 6);
    await expect(t.call('checks.quiz', { profileId, runId: run.id, stageId: 'header-analysis', responses: { 'spf-meaning': [1] } })).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('refuses a quiz with unanswered or unknown questions without using it up', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    const run = await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'PHISH-01') });
    await expect(t.call('checks.quiz', { profileId, runId: run.id, stageId: 'header-analysis', responses: { 'spf-meaning': [1] } })).rejects.toMatchObject({ code: 'rule_violation', details: { unanswered: ['indicators', 'block-domain'] } });
    await expect(t.call('checks.quiz', { profileId, runId: run.id, stageId: 'header-analysis', responses: { bogus: [0] } })).rejects.toMatchObject({ code: 'invalid_input' });
    const view = await t.call('runs.get', { profileId, runId: run.id });
    expect(view.stages[0]?.kind === 'task' && view.stages[0].quiz?.result).toBeNull();
  });
});

describe('a mission whose scored stages are all auto-checked', () => {
  it('is scored at submission with the shared rule: checks, decision changes and hint penalties', async () => {
    t = await engineWithSamplePack();
    const dir = writePackFolder(tempDir(), validPackFiles('auto-pack'));
    expect((await importPack(dir, { db: t.engine.ctx.db, dataDir: t.dataDir })).status).toBe('imported');
    const profileId = await learner(t);
    const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'DEMO-01') })).id;
    await t.call('hints.reveal', { profileId, runId, stageId: 'find-host' });
    expect((await t.call('checks.answer', { profileId, runId, stageId: 'find-host', answer: '10.0.4.30' })).correct).toBe(false);
    expect((await t.call('checks.answer', { profileId, runId, stageId: 'find-host', answer: '10.0.4.21' })).correct).toBe(true);
    await t.call('stages.complete', { profileId, runId, stageId: 'find-host' });
    await t.call('decisions.take', { profileId, runId, stageId: 'respond', optionId: 'watch' });
    await t.call('checks.quiz', { profileId, runId, stageId: 'report', responses: { q1: [1] } });
    await t.call('stages.complete', { profileId, runId, stageId: 'report' });
    await t.call('reflection.save', { profileId, runId, text: 'Next time I would sort the proxy log by source first and check the interval between requests before anything else.' });
    const submitted = await t.call('runs.submit', { profileId, runId });
    // find-host: weight 50 × 1; report: weight 50 × 0 → 50; decision −5; hint −5 → 40; pass score 70.
    expect(submitted.score).toEqual({ auto: 40, final: 40, passed: false, totals: { training: { points: 50, max: 100 }, assessment: { points: 0, max: 0 } } });
    expect(eventVerbs(t, runId).slice(-2)).toEqual(['mission.submitted', 'mission.scored']);
    expect((await t.call('catalog.list', { profileId })).find((m) => m.code === 'DEMO-01')).toMatchObject({ status: 'failed', bestScore: 40 });
  });

  it('takes an upload with the stage rules checked before and during the read', async () => {
    t = await engineWithSamplePack();
    const dir = writePackFolder(tempDir(), validPackFiles('auto-pack'));
    await importPack(dir, { db: t.engine.ctx.db, dataDir: t.dataDir });
    const profileId = await learner(t);
    const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'DEMO-01') })).id;
    const upload = (fileName: string, body: Buffer) => t.engine.uploadEvidence({ profileId, runId, stageId: 'find-host', fileName }, Readable.from([body]));
    const view = await upload('beacon.log', Buffer.from('10.0.4.21 beacon'));
    const stage = view.stages[0];
    expect(stage?.kind === 'task' && stage.evidence.files.map((f) => [f.fileName, f.size, f.mediaType])).toEqual([['beacon.log', 16, 'text/plain']]);
    await expect(upload('tool.exe', Buffer.from('MZ'))).rejects.toMatchObject({ code: 'rule_violation', message: 'This stage accepts .png, .txt, .log files; "tool.exe" is not one of them.' });
    await upload('b.txt', Buffer.from('two'));
    await upload('c.txt', Buffer.from('three'));
    await expect(upload('d.txt', Buffer.from('four'))).rejects.toMatchObject({ code: 'rule_violation', message: 'This stage takes at most 3 evidence files; remove one first.' });
  });
});
