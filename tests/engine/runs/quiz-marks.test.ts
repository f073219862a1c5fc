import { afterEach, describe, expect, it } from 'vitest';
import type { QuizResult, TaskStageView } from '../../../shared/api/views.ts';
import type { Mission, Question } from '../../../shared/pack/schema.ts';
import { engineWithSamplePack, learner, missionIdOf, type TestEngine } from '../../support/engine-fixture.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

// PHISH-01's first stage: spf-meaning (single, right: 1), indicators (multiple, right: 0–3, penalty 1),
// block-domain (text).
async function phishQuiz(): Promise<{ profileId: string; runId: string; questions: Question[] }> {
  t = await engineWithSamplePack();
  const profileId = await learner(t);
  const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'PHISH-01') })).id;
  const { db } = t.engine.ctx;
  const mission = JSON.parse(db.first(db.q.selectFrom('missions').select('definition_json').where('code', '=', 'PHISH-01'))!.definition_json) as Mission;
  const stage = mission.stages.find((s) => s.id === 'header-analysis');
  if (stage?.kind !== 'task' || !stage.questions) throw new Error('PHISH-01 has no quiz at header-analysis');
  return { profileId, runId, questions: stage.questions };
}

function correctIndices(question: Question): number[] {
  return question.kind === 'single' || question.kind === 'multiple' ? question.choices.flatMap((c, i) => (c.correct ? [i] : [])) : [];
}

/** Every choice index the result mentions anywhere, per question. */
function indicesNamed(result: QuizResult): Map<string, Set<number>> {
  return new Map(result.questions.map((q) => [q.id, new Set([...q.picked, ...q.wrongPicks])]));
}

async function quizView(profileId: string, runId: string): Promise<QuizResult | null> {
  const view = await t.call('runs.get', { profileId, runId });
  const stage = view.stages.find((s): s is TaskStageView => s.kind === 'task' && s.id === 'header-analysis');
  return stage?.quiz?.result ?? null;
}

describe('a submitted quiz marks the learner\'s wrong picks', () => {
  it('marks each wrong choice picked and the wrong text answer, and names no choice left unpicked', async () => {
    const { profileId, runId, questions } = await phishQuiz();
    // spf-meaning: a wrong pick; indicators: two right, two wrong; block-domain: a wrong domain.
    const responses = { 'spf-meaning': [0], indicators: [5, 0, 4, 2], 'block-domain': 'mailbox.example' };
    const result = await t.call('checks.quiz', { profileId, runId, stageId: 'header-analysis', responses });
    expect(result.questions.map(({ id, outcome, picked, wrongPicks, answer }) => ({ id, outcome, picked, wrongPicks, answer }))).toEqual([
      { id: 'spf-meaning', outcome: 'wrong', picked: [0], wrongPicks: [0], answer: null },
      { id: 'indicators', outcome: 'partial', picked: [0, 2, 4, 5], wrongPicks: [4, 5], answer: null },
      { id: 'block-domain', outcome: 'wrong', picked: [], wrongPicks: [], answer: 'mailbox.example' },
    ]);
    // The right choices the learner did not pick (spf-meaning's 1, indicators' 1 and 3) appear nowhere.
    for (const view of [result, await quizView(profileId, runId)]) {
      expect(view).not.toBeNull();
      const named = indicesNamed(view as QuizResult);
      for (const question of questions) {
        const response = responses[question.id as keyof typeof responses];
        const picked = new Set(Array.isArray(response) ? response : []);
        for (const index of correctIndices(question)) if (!picked.has(index)) expect(named.get(question.id)?.has(index), `${question.id} names unpicked choice ${index}`).toBe(false);
      }
      expect(JSON.stringify(view)).not.toMatch(/"correct"|harrowrnere/);
    }
  });

  it('keeps the marks after a reload: the run view gives back what was picked', async () => {
    const { profileId, runId } = await phishQuiz();
    const result = await t.call('checks.quiz', { profileId, runId, stageId: 'header-analysis', responses: { 'spf-meaning': [1], indicators: [3, 5], 'block-domain': 'x.example' } });
    expect(await quizView(profileId, runId)).toEqual(result);
    expect(result.questions[1]).toMatchObject({ outcome: 'partial', picked: [3, 5], wrongPicks: [5] });
  });

  it('shows a result stored before picks were recorded with nothing marked', async () => {
    const { profileId, runId } = await phishQuiz();
    const stored = { fraction: 0.5, earned: 4, possible: 8, questions: [{ id: 'spf-meaning', outcome: 'right', earned: 2 }, { id: 'indicators', outcome: 'partial', earned: 2 }, { id: 'block-domain', outcome: 'wrong', earned: 0 }] };
    const { db } = t.engine.ctx;
    db.run(db.q.updateTable('run_stages').set({ check_json: JSON.stringify({ quiz: stored }) }).where('run_id', '=', runId).where('stage_id', '=', 'header-analysis'));
    const view = await quizView(profileId, runId);
    expect(view?.questions.map((q) => [q.id, q.picked, q.wrongPicks, q.answer])).toEqual([
      ['spf-meaning', [], [], null],
      ['indicators', [], [], null],
      ['block-domain', [], [], null],
    ]);
  });
});

describe('a quiz refuses responses its form could not send, without using up the one submission', () => {
  it('refuses several picks on a single-choice question (the marks would name the right one)', async () => {
    const { profileId, runId } = await phishQuiz();
    const all = { 'spf-meaning': [0, 1, 2, 3], indicators: [0], 'block-domain': 'x.example' };
    await expect(t.call('checks.quiz', { profileId, runId, stageId: 'header-analysis', responses: all })).rejects.toMatchObject({ code: 'invalid_input', message: 'Question "spf-meaning" takes exactly one choice.' });
    expect(await quizView(profileId, runId)).toBeNull();
  });

  it('refuses a choice that does not exist, choices for a text question and text for a choice question', async () => {
    const { profileId, runId } = await phishQuiz();
    const call = (responses: Record<string, number[] | string>) => t.call('checks.quiz', { profileId, runId, stageId: 'header-analysis', responses });
    await expect(call({ 'spf-meaning': [1], indicators: [0, 6], 'block-domain': 'x.example' })).rejects.toMatchObject({ code: 'invalid_input', message: 'Question "indicators" has 6 choices.' });
    await expect(call({ 'spf-meaning': [1], indicators: [0], 'block-domain': [0] })).rejects.toMatchObject({ code: 'invalid_input', message: 'Question "block-domain" takes a text answer.' });
    await expect(call({ 'spf-meaning': 'the sender', indicators: [0], 'block-domain': 'x.example' })).rejects.toMatchObject({ code: 'invalid_input', message: 'Question "spf-meaning" takes choices, not text.' });
    expect(await quizView(profileId, runId)).toBeNull();
    // Still open: a proper submission goes through.
    expect((await call({ 'spf-meaning': [1], indicators: [0, 0, 1], 'block-domain': 'x.example' })).questions[1]).toMatchObject({ picked: [0, 1], wrongPicks: [] });
  });
});
