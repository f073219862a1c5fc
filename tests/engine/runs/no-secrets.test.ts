import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuizResult } from '../../../shared/api/views.ts';
import type { Mission } from '../../../shared/pack/schema.ts';
import { METHOD_NAMES, type MethodName } from '../../../shared/api/contract.ts';
import { matchingChoices } from '../../../electron/engine/checks/quiz.ts';
import { importPack } from '../../../electron/engine/packs/import-pack.ts';
import { engineWithSamplePack, grantPassed, learner, missionIdOf, taskOf, type TestEngine } from '../../support/engine-fixture.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

/** What must stay in the main process: expected answers, accepted quiz texts, correct choices, hint texts. */
function secretsOf(mission: Mission): { strings: string[]; correctChoices: string[] } {
  const strings: string[] = [];
  const correctChoices: string[] = [];
  for (const stage of mission.stages) {
    if (stage.kind !== 'task') continue;
    if (stage.answer?.value !== undefined) strings.push(String(stage.answer.value));
    if (stage.answer?.pattern !== undefined) strings.push(stage.answer.pattern);
    for (const hint of stage.hints) strings.push(hint.text);
    for (const q of stage.questions ?? []) {
      if (q.kind === 'text') strings.push(...(q.accept ?? []).map(String));
      else if (q.kind === 'single' || q.kind === 'multiple') correctChoices.push(...q.choices.filter((c) => c.correct).map((c) => c.text));
    }
  }
  return { strings, correctChoices };
}

describe('no API output carries a check\'s expected answer, correct choices or an unrevealed hint', () => {
  it('holds for every sample mission, on every method that returns run or mission data', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    const { db } = t.engine.ctx;
    const missions = db.all(db.q.selectFrom('missions').select(['id', 'code', 'definition_json'])).map((row) => ({ id: row.id, code: row.code, mission: JSON.parse(row.definition_json) as Mission }));
    for (const { code } of missions) grantPassed(t, profileId, code);
    const covered = new Set<MethodName>();
    const outputs: Array<{ code: string; method: MethodName; json: string }> = [];
    const record = async <M extends MethodName>(code: string, method: M, input: Parameters<typeof t.call<M>>[1]) => {
      covered.add(method);
      outputs.push({ code, method, json: JSON.stringify(await t.call(method, input)) });
    };
    for (const { id, code, mission } of missions) {
      const run = await t.call('runs.start', { profileId, missionId: id });
      const stage = mission.stages.find((s) => s.id === run.currentStageId);
      outputs.push({ code, method: 'runs.start', json: JSON.stringify(run) });
      covered.add('runs.start');
      await record(code, 'runs.get', { profileId, runId: run.id });
      await record(code, 'runs.open', { profileId, runId: run.id });
      await record(code, 'runs.checklist', { profileId, runId: run.id });
      await record(code, 'catalog.briefing', { profileId, missionId: id });
      await record(code, 'recipes.list', { profileId, runId: run.id, stageId: run.currentStageId ?? '' });
      if (stage?.kind === 'task' && stage.answer) await record(code, 'checks.answer', { profileId, runId: run.id, stageId: stage.id, answer: 'definitely-wrong' });
      if (stage?.kind === 'task' && stage.questions) {
        const responses = Object.fromEntries(stage.questions.map((q) => [q.id, q.kind === 'text' ? 'wrong' : [0]]));
        await record(code, 'checks.quiz', { profileId, runId: run.id, stageId: stage.id, responses });
        // The result marks the learner's own picks (choice 0 here) and names no other choice.
        const marked = JSON.parse(outputs[outputs.length - 1]!.json) as QuizResult;
        for (const question of marked.questions) expect([...question.picked, ...question.wrongPicks].every((i) => i === 0), `${code} ${question.id}`).toBe(true);
        await record(code, 'runs.get', { profileId, runId: run.id });
      }
    }
    await record('*', 'catalog.list', { profileId });
    await record('*', 'runs.list', { profileId });
    expect([...covered].sort()).toEqual(expect.arrayContaining(['checks.answer', 'checks.quiz', 'runs.get', 'runs.open', 'catalog.briefing']));
    for (const { code, mission } of missions) {
      const { strings, correctChoices } = secretsOf(mission);
      for (const output of outputs.filter((o) => o.code === code || o.code === '*')) {
        for (const secret of strings) expect(output.json, `${output.method} on ${code} leaks "${secret}"`).not.toContain(JSON.stringify(secret).slice(1, -1));
        expect(output.json).not.toMatch(/"correct":true,"text"|"choices":\[\{/);
        for (const choice of correctChoices) expect(output.json.includes(`"correct":true`) && output.json.includes(choice) && output.method !== 'checks.answer').toBe(false);
      }
    }
    expect(METHOD_NAMES.length).toBeGreaterThan(20);
  });
});

describe('no API output tells which right-hand item of a matching question goes with which left-hand one', () => {
  it('holds for the run view before and after submission and for the quiz result', async () => {
    t = await engineWithSamplePack();
    const imported = await importPack(join(import.meta.dirname, '../../fixtures/packs/quiz-kinds'), { db: t.engine.ctx.db, dataDir: t.dataDir });
    expect(imported.status).not.toBe('failed');
    const profileId = await learner(t);
    const run = await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'QUIZ-01') });
    const { db } = t.engine.ctx;
    const mission = JSON.parse(db.first(db.q.selectFrom('missions').select('definition_json').where('code', '=', 'QUIZ-01'))!.definition_json) as Mission;
    const stage = mission.stages.find((s) => s.id === 'quiz');
    const matching = stage?.kind === 'task' ? stage.questions?.find((q) => q.kind === 'matching') : undefined;
    if (matching?.kind !== 'matching') throw new Error('QUIZ-01 has no matching question');

    const before = await t.call('runs.get', { profileId, runId: run.id });
    const shown = taskOf(before, 'quiz').quiz!.questions.find((q) => q.id === matching.id)!;
    // The order is the run's shuffle, not the pack's (where each right sits at its left's index).
    expect(shown.choices).toEqual(matchingChoices(run.id, matching));
    expect(shown.lefts).toEqual(matching.pairs.map((pair) => pair.left));
    // The first left given the first item shown, the second the second, and so on: some right, some not.
    const given = matching.pairs.map((_, i) => i);
    const responses = { 'ssh-port': [0], encrypted: [1], 'dns-port': 'x', [matching.id]: given, confidence: [3] };
    const result = await t.call('checks.quiz', { profileId, runId: run.id, stageId: 'quiz', responses });
    const marked = result.questions.find((q) => q.id === matching.id)!;
    // Only the learner's own matches and which lefts were wrong: nothing names the right partner of a wrong left.
    expect(marked.picked).toEqual(given);
    expect(marked.wrongPicks.every((left) => left < matching.pairs.length)).toBe(true);
    const after = await t.call('runs.get', { profileId, runId: run.id });
    for (const output of [JSON.stringify(before), JSON.stringify(result), JSON.stringify(after), JSON.stringify(await t.call('runs.open', { profileId, runId: run.id }))]) {
      expect(output).not.toMatch(/"pairs"|"left":|"right":|"distractors"|"correct"/);
      for (const pair of matching.pairs) expect(output).not.toContain(`${JSON.stringify(pair.left)},${JSON.stringify(pair.right)}`);
    }
  });
});
