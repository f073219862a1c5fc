// Quizzes: graded once when submitted. Single choice: the points for the right choice. Multiple
// choice: partial scoring gives points in proportion to the right choices picked, minus the penalty for
// each wrong one; all_or_nothing gives the points only for exactly the correct set. Text: the points
// when the answer matches an accepted one. Matching: each left-hand item is given one right-hand item
// (each right-hand item at most once); partial gives points × right pairs ÷ pairs, all_or_nothing the
// points only when every pair is right. Rating and any question worth 0 points are recorded, never
// judged. The quiz's fraction is points earned minus penalties over points possible, never below 0
// (DESIGN.md); with no points possible (a questionnaire) it is null, so the stage scores as one
// without a check. The result gives the learner's own response back with its wrong parts marked,
// and nothing about the choices left unpicked or what a wrongly paired item goes with.
import { createHash } from 'node:crypto';
import { ApiError } from '../../../shared/api/errors.ts';
import type { QuestionResult, QuizResult } from '../../../shared/api/views.ts';
import type { Question, TaskStage } from '../../../shared/pack/schema.ts';
import { quizFraction } from '../../../shared/scoring.ts';
import { mulberry32 } from '../../../shared/seeded-random.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { readCheck, stageRow, writeCheck } from '../runs/path.ts';
import type { RunRow } from '../runs/run-store.ts';
import { answerMatches } from './answer.ts';
import { recordAttempt } from './record-attempt.ts';

/**
 * Per question: choice indices (single, multiple); for matching, the index (in the view's choices) of
 * the right-hand item given to each left-hand item, in order; for rating, the one value; or text.
 */
export type QuizResponses = Record<string, number[] | string>;

type Response = number[] | string;
type MatchingQuestion = Extract<Question, { kind: 'matching' }>;

interface Graded {
  earned: number;
  penalty: number;
  outcome: QuestionResult['outcome'];
  /** The learner's own picks (valid indices, in order) and, of those, the wrong ones; for matching, the wrong left items. */
  picked: number[];
  wrongPicks: number[];
  answer: string | null;
}

/**
 * A matching question's right-hand items and distractors in the order this run shows them: shuffled
 * with a seed from the run and the question, so a reload keeps the order and the pack's order (which
 * pairs each right with its left) never shows.
 */
export function matchingChoices(runId: string, question: MatchingQuestion): string[] {
  const items = [...question.pairs.map((pair) => pair.right), ...question.distractors];
  const random = mulberry32(createHash('sha256').update(`${runId}\0${question.id}`).digest().readUInt32LE(0));
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Whether a question was left unanswered: only an optional one may be. */
export function unanswered(response: Response | undefined): boolean {
  return response === undefined || (Array.isArray(response) ? response.length === 0 : response.trim() === '');
}

/** Grades one question; `choices` is the order the run showed a matching question's right-hand items in. */
export function gradeQuestion(question: Question, response: Response | undefined, choices: readonly string[] = []): Graded {
  if (unanswered(response)) return { earned: 0, penalty: 0, outcome: 'skipped', picked: [], wrongPicks: [], answer: null };
  if (question.kind === 'text') {
    const text = typeof response === 'string' ? response : '';
    if (question.points === 0 || question.accept === undefined) return recorded([], text);
    const right = question.accept.some((accepted) => answerMatches({ value: String(accepted), match: question.match }, text));
    return { earned: right ? question.points : 0, penalty: 0, outcome: right ? 'right' : 'wrong', picked: [], wrongPicks: [], answer: text };
  }
  const given = Array.isArray(response) ? response : [];
  if (question.kind === 'rating') return recorded(given.slice(0, 1), null);
  if (question.kind === 'matching') return gradeMatching(question, given, choices);
  const picked = [...new Set(given.filter((i) => i >= 0 && i < question.choices.length))].sort((a, b) => a - b);
  if (question.points === 0) return recorded(picked, null);
  // Only picks are judged back to the learner: an unpicked choice is never named, right or wrong.
  const wrongPicks = picked.filter((i) => !question.choices[i]?.correct);
  const correct = question.choices.flatMap((choice, i) => (choice.correct ? [i] : []));
  if (question.kind === 'single') {
    const right = picked.length === 1 && picked[0] === correct[0];
    return { earned: right ? question.points : 0, penalty: 0, outcome: right ? 'right' : 'wrong', picked, wrongPicks, answer: null };
  }
  const hits = picked.length - wrongPicks.length;
  const exact = hits === correct.length && wrongPicks.length === 0;
  if (question.scoring === 'all_or_nothing') return { earned: exact ? question.points : 0, penalty: 0, outcome: exact ? 'right' : 'wrong', picked, wrongPicks, answer: null };
  const earned = (question.points * hits) / correct.length;
  const outcome = exact ? 'right' : hits > 0 ? 'partial' : 'wrong';
  return { earned, penalty: wrongPicks.length * question.penalty, outcome, picked, wrongPicks, answer: null };
}

/** Marks the left-hand items paired wrongly, by index; a right pair and the right item of a wrong one stay unnamed. */
function gradeMatching(question: MatchingQuestion, given: number[], choices: readonly string[]): Graded {
  const picked = given.slice(0, question.pairs.length);
  if (question.points === 0) return recorded(picked, null);
  const wrongPicks = question.pairs.flatMap((pair, left) => (choices[picked[left] ?? -1] === pair.right ? [] : [left]));
  const right = question.pairs.length - wrongPicks.length;
  const earned = question.scoring === 'all_or_nothing' ? (right === question.pairs.length ? question.points : 0) : (question.points * right) / question.pairs.length;
  const outcome = right === question.pairs.length ? 'right' : earned > 0 ? 'partial' : 'wrong';
  return { earned, penalty: 0, outcome, picked, wrongPicks, answer: null };
}

function recorded(picked: number[], answer: string | null): Graded {
  return { earned: 0, penalty: 0, outcome: 'recorded', picked, wrongPicks: [], answer };
}

export function submitQuiz(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stage: TaskStage, responses: QuizResponses): QuizResult {
  const questions = stage.questions;
  if (!questions) throw new ApiError('invalid_input', `Stage "${stage.title}" has no quiz.`);
  const state = readCheck(stageRow(ctx, run.id, stage.id));
  if (state.quiz) throw new ApiError('invalid_state', 'This quiz was submitted already.');
  const unknown = Object.keys(responses).filter((key) => !questions.some((q) => q.id === key));
  if (unknown.length > 0) throw new ApiError('invalid_input', `The quiz has no question ${unknown.map((key) => `"${key}"`).join(', ')}.`);
  const missing = questions.filter((q) => q.required && unanswered(responses[q.id]));
  if (missing.length > 0) throw new ApiError('rule_violation', `Answer every required question first (${missing.length} left).`, { unanswered: missing.map((q) => q.id) });
  const choicesOf = (question: Question): string[] => (question.kind === 'matching' ? matchingChoices(run.id, question) : []);
  for (const question of questions) {
    const response = responses[question.id];
    const problem = response === undefined || unanswered(response) ? null : responseProblem(question, response, choicesOf(question));
    if (problem) throw new ApiError('invalid_input', problem);
  }
  const graded = questions.map((question) => ({ question, ...gradeQuestion(question, responses[question.id], choicesOf(question)) }));
  const earned = graded.reduce((sum, g) => sum + g.earned, 0);
  const penalties = graded.reduce((sum, g) => sum + g.penalty, 0);
  // Optional questions count here whether answered or not: skipping one costs its points.
  const possible = questions.reduce((sum, q) => sum + q.points, 0);
  const fraction = possible > 0 ? quizFraction(earned, penalties, possible) : null;
  const result: QuizResult = {
    fraction,
    earned: round(Math.max(0, earned - penalties)),
    possible,
    questions: graded.map((g) => ({
      id: g.question.id,
      outcome: g.outcome,
      earned: round(Math.max(0, g.earned - g.penalty)),
      picked: g.picked,
      wrongPicks: g.wrongPicks,
      answer: g.answer,
    })),
  };
  writeCheck(ctx, run.id, stage.id, { ...state, quiz: result });
  recordAttempt(ctx, definition, run, stage, {
    kind: 'quiz',
    response: responses,
    // A questionnaire has nothing wrong in it: its one attempt counts as complete.
    fraction: fraction ?? 1,
    context: {},
    result:
      fraction === null
        ? { completion: true, response: JSON.stringify(responses) }
        : { success: fraction === 1, score: { scaled: fraction, raw: result.earned, max: possible, min: 0 }, response: JSON.stringify(responses) },
  });
  return result;
}

/** A result as run_stages.check_json holds it: those kept before picks were recorded lack them. */
type StoredQuizResult = Omit<QuizResult, 'questions'> & { questions: Array<Pick<QuestionResult, 'id' | 'outcome' | 'earned'> & Partial<QuestionResult>> };

/** A stored result as the view shows it; an older one has no picks to mark. */
export function storedQuizResult(stored: StoredQuizResult): QuizResult {
  return { ...stored, questions: stored.questions.map((q) => ({ ...q, picked: q.picked ?? [], wrongPicks: q.wrongPicks ?? [], answer: q.answer ?? null })) };
}

/**
 * A response the form could not have sent. Refused before grading, so the one submission is not used
 * up; and several picks on a single-choice question would have the wrong ones marked, naming the right one.
 */
function responseProblem(question: Question, response: Response, choices: readonly string[]): string | null {
  const name = `Question "${question.id}"`;
  if (question.kind === 'text') return typeof response === 'string' ? null : `${name} takes a text answer.`;
  if (question.kind === 'rating') {
    const { min, max } = question.scale;
    if (!Array.isArray(response) || response.length !== 1) return `${name} takes one rating from ${min} to ${max}.`;
    const value = response[0];
    return Number.isInteger(value) && value !== undefined && value >= min && value <= max ? null : `${name} takes a whole number from ${min} to ${max}, not ${value}.`;
  }
  if (question.kind === 'matching') {
    const lefts = question.pairs.length;
    if (!Array.isArray(response)) return `${name} pairs items: give a choice for each of its ${lefts} items, not text.`;
    if (response.length !== lefts) return `${name} pairs ${lefts} items: give one choice for each (got ${response.length}).`;
    const unknown = response.find((i) => !Number.isInteger(i) || i < 0 || i >= choices.length);
    if (unknown !== undefined) return `${name} has ${choices.length} items to pair with, not item ${unknown}.`;
    // Each right-hand item goes with one left-hand item: else one item given to every left would always score.
    if (new Set(response).size !== response.length) return `${name} takes each item at most once.`;
    return null;
  }
  if (!Array.isArray(response)) return `${name} takes choices, not text.`;
  if (response.some((i) => i >= question.choices.length)) return `${name} has ${question.choices.length} choices.`;
  if (question.kind === 'single' && new Set(response).size !== 1) return `${name} takes exactly one choice.`;
  return null;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
