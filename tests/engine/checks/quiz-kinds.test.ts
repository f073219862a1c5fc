import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuestionView, QuizResult } from '../../../shared/api/views.ts';
import { checkMission } from '../../../shared/pack/mission-rules.ts';
import { missionSchema, questionSchema, type Mission, type Question } from '../../../shared/pack/schema.ts';
import { gradeQuestion, matchingChoices } from '../../../electron/engine/checks/quiz.ts';
import { importPack } from '../../../electron/engine/packs/import-pack.ts';
import { engineWithSamplePack, learner, missionIdOf, taskOf, type TestEngine } from '../../support/engine-fixture.ts';

const QUIZ_PACK = join(import.meta.dirname, '../../fixtures/packs/quiz-kinds');

let t: TestEngine;
afterEach(() => t?.engine.close());

interface QuizRun {
  profileId: string;
  runId: string;
  view(): Promise<{ questions: QuestionView[]; result: QuizResult | null }>;
  submit(responses: Record<string, number[] | string>, stageId?: string): Promise<QuizResult>;
  /** The run's matching question as shown: the index of each right-hand item in its choices. */
  choiceOf(right: string): Promise<number>;
}

/** QUIZ-01 of the fixture pack, started by a new learner. */
async function quizRun(): Promise<QuizRun> {
  t = await engineWithSamplePack();
  const outcome = await importPack(QUIZ_PACK, { db: t.engine.ctx.db, dataDir: t.dataDir });
  if (outcome.status === 'failed') throw new Error(`quiz-kinds failed: ${JSON.stringify(outcome.issues)}`);
  const profileId = await learner(t);
  const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'QUIZ-01') })).id;
  const view = async (stageId = 'quiz') => {
    const quiz = taskOf(await t.call('runs.get', { profileId, runId }), stageId).quiz;
    if (!quiz) throw new Error(`no quiz at ${stageId}`);
    return quiz;
  };
  return {
    profileId,
    runId,
    view: () => view(),
    submit: (responses, stageId = 'quiz') => t.call('checks.quiz', { profileId, runId, stageId, responses }),
    choiceOf: async (right) => {
      const index = (await view()).questions.find((q) => q.id === 'match-ports')!.choices.indexOf(right);
      if (index < 0) throw new Error(`no choice ${right}`);
      return index;
    },
  };
}

/** A whole right answer to every required question of the quiz stage; the matching row in this run's order. */
async function rightAnswers(run: QuizRun): Promise<Record<string, number[] | string>> {
  return {
    'ssh-port': [1],
    encrypted: [0, 2],
    'dns-port': '53',
    'match-ports': [await run.choiceOf('25'), await run.choiceOf('80'), await run.choiceOf('389')],
    confidence: [4],
  };
}

function question(input: Record<string, unknown>): Question {
  return questionSchema.parse({ id: 'q', text: 'A question', ...input });
}

const PAIRS = [
  { left: 'SMTP', right: '25' },
  { left: 'HTTP', right: '80' },
  { left: 'LDAP', right: '389' },
];

function outcomeOf(result: QuizResult, id: string) {
  const found = result.questions.find((q) => q.id === id);
  if (!found) throw new Error(`no result for ${id}`);
  return found;
}

describe('the quiz-kinds fixture pack', () => {
  it('imports, with every question kind in its quiz stage', async () => {
    const run = await quizRun();
    const { questions } = await run.view();
    expect(new Set(questions.map((q) => q.kind))).toEqual(new Set(['single', 'multiple', 'text', 'matching', 'rating']));
    expect(questions.find((q) => q.id === 'rdp-port')).toMatchObject({ required: false, points: 1 });
    expect(questions.find((q) => q.id === 'comment')).toMatchObject({ required: false, points: 0, kind: 'text' });
    expect(questions.find((q) => q.id === 'confidence')).toMatchObject({ points: 0, rating: { min: 1, max: 5, low: 'Guessing', high: 'Certain' }, choices: [] });
  });
});

describe('matching questions', () => {
  it('shows the left items in order and the right items with distractors in one order per run, kept on reload', async () => {
    const run = await quizRun();
    const shown = (await run.view()).questions.find((q) => q.id === 'match-ports')!;
    expect(shown.lefts).toEqual(['SMTP', 'HTTP', 'LDAP']);
    expect([...shown.choices].sort()).toEqual(['25', '389', '80', '8443']);
    const definition = questionSchema.parse({ id: 'match-ports', text: 'x', kind: 'matching', pairs: PAIRS, distractors: ['8443'] });
    if (definition.kind !== 'matching') throw new Error('not matching');
    expect(shown.choices).toEqual(matchingChoices(run.runId, definition));
    expect((await run.view()).questions.find((q) => q.id === 'match-ports')!.choices).toEqual(shown.choices);
  });

  it('shuffles by run and question: the same seed gives the same order, and the pack order does not show', () => {
    const matching = question({ kind: 'matching', pairs: PAIRS, distractors: ['8443'] });
    if (matching.kind !== 'matching') throw new Error('not matching');
    const runs = Array.from({ length: 40 }, (_, i) => `run-${i}`);
    expect(runs.map((id) => matchingChoices(id, matching))).toEqual(runs.map((id) => matchingChoices(id, matching)));
    const orders = new Set(runs.map((id) => matchingChoices(id, matching).join(',')));
    expect(orders.size).toBeGreaterThan(10);
    // Where SMTP's partner sits says nothing: it lands in every position across runs.
    expect(new Set(runs.map((id) => matchingChoices(id, matching).indexOf('25')))).toEqual(new Set([0, 1, 2, 3]));
    const other = question({ id: 'other', kind: 'matching', pairs: PAIRS, distractors: ['8443'] });
    if (other.kind !== 'matching') throw new Error('not matching');
    expect(runs.filter((id) => matchingChoices(id, other).join(',') !== matchingChoices(id, matching).join(',')).length).toBeGreaterThan(20);
  });

  it('partial scoring gives points × right pairs ÷ pairs and marks only the wrong pairs, by left item', async () => {
    const run = await quizRun();
    const answers = await rightAnswers(run);
    // SMTP and HTTP swapped: LDAP alone is right.
    const swapped = [await run.choiceOf('80'), await run.choiceOf('25'), await run.choiceOf('389')];
    const result = await run.submit({ ...answers, 'match-ports': swapped });
    expect(outcomeOf(result, 'match-ports')).toEqual({ id: 'match-ports', outcome: 'partial', earned: 1, picked: swapped, wrongPicks: [0, 1], answer: null });
    expect(result).toMatchObject({ earned: 7, possible: 10 });
    expect(result.fraction).toBeCloseTo(0.7);
    expect((await run.view()).result).toEqual(result);
  });

  it('partial scoring gives all the points when every pair is right, and a distractor counts as wrong', async () => {
    const run = await quizRun();
    const answers = await rightAnswers(run);
    expect(outcomeOf(await run.submit(answers), 'match-ports')).toMatchObject({ outcome: 'right', earned: 3, wrongPicks: [] });
    const grade = (given: number[], choices: string[]) => gradeQuestion(question({ kind: 'matching', points: 3, pairs: PAIRS, distractors: ['8443'] }), given, choices);
    expect(grade([0, 1, 3], ['25', '80', '389', '8443'])).toMatchObject({ earned: 2, outcome: 'partial', wrongPicks: [2] });
    expect(grade([3, 1, 2], ['25', '80', '389', '8443'])).toMatchObject({ earned: 2, outcome: 'partial', wrongPicks: [0] });
  });

  it('all_or_nothing gives the points only when every pair is right', () => {
    const matching = question({ kind: 'matching', points: 3, scoring: 'all_or_nothing', pairs: PAIRS });
    const choices = ['389', '25', '80'];
    expect(gradeQuestion(matching, [1, 2, 0], choices)).toMatchObject({ earned: 3, outcome: 'right', wrongPicks: [] });
    expect(gradeQuestion(matching, [1, 0, 2], choices)).toMatchObject({ earned: 0, outcome: 'wrong', wrongPicks: [1, 2] });
  });

  it('records an unscored matching question without judging it', () => {
    const matching = question({ kind: 'matching', points: 0, pairs: PAIRS });
    expect(gradeQuestion(matching, [1, 0, 2], ['25', '80', '389'])).toMatchObject({ earned: 0, outcome: 'recorded', picked: [1, 0, 2], wrongPicks: [] });
  });
});

describe('multiple-choice scoring', () => {
  const choices = [{ text: 'a', correct: true }, { text: 'b', correct: true }, { text: 'c' }, { text: 'd' }];

  it('all_or_nothing gives the points only for exactly the correct set, and still marks wrong picks', () => {
    const multiple = question({ kind: 'multiple', points: 2, scoring: 'all_or_nothing', penalty: 1, choices });
    expect(gradeQuestion(multiple, [0, 1])).toMatchObject({ earned: 2, penalty: 0, outcome: 'right' });
    expect(gradeQuestion(multiple, [0])).toMatchObject({ earned: 0, penalty: 0, outcome: 'wrong', wrongPicks: [] });
    expect(gradeQuestion(multiple, [0, 1, 2])).toMatchObject({ earned: 0, penalty: 0, outcome: 'wrong', wrongPicks: [2] });
  });

  it('partial (the default) gives points in proportion to right picks, minus the penalty per wrong pick', () => {
    const multiple = question({ kind: 'multiple', points: 2, penalty: 0.5, choices });
    expect(gradeQuestion(multiple, [0])).toMatchObject({ earned: 1, penalty: 0, outcome: 'partial' });
    expect(gradeQuestion(multiple, [0, 1, 3])).toMatchObject({ earned: 2, penalty: 0.5, outcome: 'partial', wrongPicks: [3] });
  });

  it('in the fixture, one right pick of two earns nothing on the all_or_nothing question', async () => {
    const run = await quizRun();
    const result = await run.submit({ ...(await rightAnswers(run)), encrypted: [0] });
    expect(outcomeOf(result, 'encrypted')).toMatchObject({ outcome: 'wrong', earned: 0, picked: [0], wrongPicks: [] });
  });
});

describe('rating and unscored questions', () => {
  it('records a rating, never scores it, and the answer event carries it', async () => {
    const run = await quizRun();
    const result = await run.submit({ ...(await rightAnswers(run)), confidence: [2], comment: 'Matching was the hard part.' });
    expect(outcomeOf(result, 'confidence')).toEqual({ id: 'confidence', outcome: 'recorded', earned: 0, picked: [2], wrongPicks: [], answer: null });
    expect(outcomeOf(result, 'comment')).toEqual({ id: 'comment', outcome: 'recorded', earned: 0, picked: [], wrongPicks: [], answer: 'Matching was the hard part.' });
    expect(result).toMatchObject({ earned: 9, possible: 10 });
    const { db } = t.engine.ctx;
    const event = db.first(db.q.selectFrom('events').select('result_json').where('run_id', '=', run.runId).where('verb', '=', 'check.answered'));
    const sent = JSON.parse(JSON.parse(event!.result_json!).response as string) as Record<string, unknown>;
    expect(sent).toMatchObject({ confidence: [2], comment: 'Matching was the hard part.' });
  });

  it('records any answer to an unscored choice question, marking nothing', () => {
    const single = question({ kind: 'single', points: 0, choices: [{ text: 'a', correct: true }, { text: 'b' }] });
    expect(gradeQuestion(single, [1])).toMatchObject({ outcome: 'recorded', earned: 0, picked: [1], wrongPicks: [] });
    const survey = question({ kind: 'multiple', points: 0, choices: [{ text: 'a' }, { text: 'b' }] });
    expect(gradeQuestion(survey, [0, 1])).toMatchObject({ outcome: 'recorded', picked: [0, 1], wrongPicks: [] });
  });

  it('gives a questionnaire (no question scored) a null fraction, not 0', async () => {
    const run = await quizRun();
    await run.submit(await rightAnswers(run));
    await t.call('stages.complete', { profileId: run.profileId, runId: run.runId, stageId: 'quiz' });
    const result = await run.submit({ pace: [2], usefulness: [0], wish: 'Kerberos' }, 'feedback');
    expect(result).toMatchObject({ fraction: null, earned: 0, possible: 0 });
    expect(result.questions.map((q) => q.outcome)).toEqual(['recorded', 'recorded', 'recorded']);
    const { db } = t.engine.ctx;
    const attempt = db.first(db.q.selectFrom('check_attempts').select(['fraction', 'correct']).where('run_id', '=', run.runId).where('stage_id', '=', 'feedback'));
    expect(attempt).toEqual({ fraction: 1, correct: 1 });
  });
});

describe('optional questions', () => {
  it('may be left out: an unanswered optional question earns 0 and is still in the points possible', async () => {
    const run = await quizRun();
    const result = await run.submit(await rightAnswers(run));
    expect(outcomeOf(result, 'rdp-port')).toEqual({ id: 'rdp-port', outcome: 'skipped', earned: 0, picked: [], wrongPicks: [], answer: null });
    expect(outcomeOf(result, 'comment').outcome).toBe('skipped');
    expect(result).toMatchObject({ earned: 9, possible: 10, fraction: 0.9 });
  });

  it('counts when answered', async () => {
    const run = await quizRun();
    const result = await run.submit({ ...(await rightAnswers(run)), 'rdp-port': [0] });
    expect(result).toMatchObject({ earned: 10, possible: 10, fraction: 1 });
  });

  it('a required question cannot be left out, nor answered with blanks', async () => {
    const run = await quizRun();
    const answers = Object.fromEntries(Object.entries(await rightAnswers(run)).filter(([id]) => id !== 'confidence'));
    await expect(run.submit({ ...answers, 'dns-port': '   ' })).rejects.toMatchObject({ code: 'rule_violation', details: { unanswered: ['dns-port', 'confidence'] } });
    expect((await run.view()).result).toBeNull();
  });
});

describe('a quiz refuses hostile responses with a specific error, without using up the one submission', () => {
  async function refused(run: QuizRun, change: Record<string, number[] | string>, message: string | RegExp): Promise<void> {
    await expect(run.submit({ ...(await rightAnswers(run)), ...change })).rejects.toMatchObject({ code: 'invalid_input', message });
  }

  it('refuses matching responses that name a missing left or right, reuse a right, or are a choice index or text', async () => {
    const run = await quizRun();
    await refused(run, { 'match-ports': [0, 1, 2, 3] }, 'Question "match-ports" pairs 3 items: give one choice for each (got 4).');
    await refused(run, { 'match-ports': [0, 1, 4] }, 'Question "match-ports" has 4 items to pair with, not item 4.');
    await refused(run, { 'match-ports': [0, 0, 1] }, 'Question "match-ports" takes each item at most once.');
    await refused(run, { 'match-ports': [1] }, 'Question "match-ports" pairs 3 items: give one choice for each (got 1).');
    await refused(run, { 'match-ports': 'SMTP=25' }, 'Question "match-ports" pairs items: give a choice for each of its 3 items, not text.');
    expect((await run.view()).result).toBeNull();
    expect((await run.submit(await rightAnswers(run))).earned).toBe(9);
  });

  it('refuses a rating outside the scale, not a whole number, several ratings or text', async () => {
    const run = await quizRun();
    await refused(run, { confidence: [6] }, 'Question "confidence" takes a whole number from 1 to 5, not 6.');
    await refused(run, { confidence: [0] }, 'Question "confidence" takes a whole number from 1 to 5, not 0.');
    await refused(run, { confidence: [2.5] }, /confidence|integer/);
    await refused(run, { confidence: [2, 3] }, 'Question "confidence" takes one rating from 1 to 5.');
    await refused(run, { confidence: 'high' }, 'Question "confidence" takes one rating from 1 to 5.');
    expect((await run.view()).result).toBeNull();
    expect(outcomeOf(await run.submit({ ...(await rightAnswers(run)), confidence: [5] }), 'confidence').picked).toEqual([5]);
  });
});

describe('mission rules for questions', () => {
  const quizMission = (questions: unknown[]): Mission =>
    missionSchema.parse({
      code: 'RULES-01',
      title: 'Rules',
      tier: 'beginner',
      track: 'defender',
      story: 'story.md',
      objectives: ['x'],
      start: 'quiz',
      stages: [{ id: 'quiz', kind: 'task', title: 'Quiz', body: 'quiz.md', weight: 10, questions }],
    });
  const errors = (q: Record<string, unknown>): string[] => checkMission(quizMission([{ id: 'q', text: 'Q?', ...q }])).filter((i) => i.severity === 'error').map((i) => i.message);
  const none = [{ text: 'a' }, { text: 'b' }];

  it('lets an unscored single or multiple question have no correct choice, but not a scored one', () => {
    expect(errors({ kind: 'single', points: 0, choices: none })).toEqual([]);
    expect(errors({ kind: 'multiple', points: 0, choices: none })).toEqual([]);
    expect(errors({ kind: 'single', choices: none })).toEqual([expect.stringMatching(/exactly one correct choice \(has 0\)/)]);
    expect(errors({ kind: 'multiple', choices: none })).toEqual([expect.stringMatching(/at least one correct choice/)]);
  });

  it('requires `accept` on a scored text question only', () => {
    expect(errors({ kind: 'text', points: 0 })).toEqual([]);
    expect(errors({ kind: 'text', points: 2 })).toEqual([expect.stringMatching(/has no `accept`/)]);
  });

  it('refuses a matching question with a left item twice, or a right item or distractor twice', () => {
    expect(errors({ kind: 'matching', pairs: PAIRS, distractors: ['8443'] })).toEqual([]);
    expect(errors({ kind: 'matching', pairs: [...PAIRS, { left: 'SMTP', right: '587' }] })).toEqual([expect.stringMatching(/left item "SMTP" is listed twice/)]);
    expect(errors({ kind: 'matching', pairs: [...PAIRS, { left: 'HTTP-alt', right: '80' }] })).toEqual([expect.stringMatching(/right item or distractor "80" is listed twice/)]);
    expect(errors({ kind: 'matching', pairs: PAIRS, distractors: ['389'] })).toEqual([expect.stringMatching(/right item or distractor "389" is listed twice/)]);
  });

  it('refuses a rating scale that does not go up', () => {
    expect(errors({ kind: 'rating', scale: { min: 5, max: 5 } })).toEqual([expect.stringMatching(/`min` is below its `max`/)]);
  });
});
