// Quizzes: graded once when submitted. Single choice: the points for the right choice. Multiple
// choice: points in proportion to the right choices picked, minus the penalty for each wrong one.
// Text: the points when the answer matches an accepted one. The quiz's fraction is points earned
// minus penalties over points possible, never below 0 (DESIGN.md). The result gives the learner's own
// response back with its wrong parts marked, and nothing about the choices left unpicked.
import { ApiError } from '../../../shared/api/errors.ts';
import type { QuestionResult, QuizResult } from '../../../shared/api/views.ts';
import type { Question, TaskStage } from '../../../shared/pack/schema.ts';
import { quizFraction } from '../../../shared/scoring.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { readCheck, stageRow, writeCheck } from '../runs/path.ts';
import type { RunRow } from '../runs/run-store.ts';
import { answerMatches } from './answer.ts';
import { recordAttempt } from './record-attempt.ts';

export type QuizResponses = Record<string, number[] | string>;

interface Graded {
  earned: number;
  penalty: number;
  outcome: 'right' | 'partial' | 'wrong';
  /** The learner's own picks (valid indices, in order) and, of those, the wrong ones. */
  picked: number[];
  wrongPicks: number[];
  answer: string | null;
}

export function gradeQuestion(question: Question, response: number[] | string | undefined): Graded {
  if (question.kind === 'text') {
    const text = typeof response === 'string' ? response : '';
    const right = question.accept.some((accepted) => answerMatches({ value: String(accepted), match: question.match }, text));
    return { earned: right ? question.points : 0, penalty: 0, outcome: right ? 'right' : 'wrong', picked: [], wrongPicks: [], answer: text };
  }
  const picked = [...new Set(Array.isArray(response) ? response.filter((i) => i >= 0 && i < question.choices.length) : [])].sort((a, b) => a - b);
  // Only picks are judged back to the learner: an unpicked choice is never named, right or wrong.
  const wrongPicks = picked.filter((i) => !question.choices[i]?.correct);
  const correct = question.choices.flatMap((choice, i) => (choice.correct ? [i] : []));
  if (question.kind === 'single') {
    const right = picked.length === 1 && picked[0] === correct[0];
    return { earned: right ? question.points : 0, penalty: 0, outcome: right ? 'right' : 'wrong', picked, wrongPicks, answer: null };
  }
  const hits = picked.length - wrongPicks.length;
  const earned = (question.points * hits) / correct.length;
  const outcome = hits === correct.length && wrongPicks.length === 0 ? 'right' : hits > 0 ? 'partial' : 'wrong';
  return { earned, penalty: wrongPicks.length * question.penalty, outcome, picked, wrongPicks, answer: null };
}

export function submitQuiz(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stage: TaskStage, responses: QuizResponses): QuizResult {
  const questions = stage.questions;
  if (!questions) throw new ApiError('invalid_input', `Stage "${stage.title}" has no quiz.`);
  const state = readCheck(stageRow(ctx, run.id, stage.id));
  if (state.quiz) throw new ApiError('invalid_state', 'This quiz was submitted already.');
  const unknown = Object.keys(responses).filter((key) => !questions.some((q) => q.id === key));
  if (unknown.length > 0) throw new ApiError('invalid_input', `The quiz has no question ${unknown.map((key) => `"${key}"`).join(', ')}.`);
  const unanswered = questions.filter((q) => responses[q.id] === undefined || (Array.isArray(responses[q.id]) && (responses[q.id] as number[]).length === 0) || responses[q.id] === '');
  if (unanswered.length > 0) throw new ApiError('rule_violation', `Answer every question first (${unanswered.length} left).`, { unanswered: unanswered.map((q) => q.id) });
  for (const question of questions) {
    const problem = responseProblem(question, responses[question.id] as number[] | string);
    if (problem) throw new ApiError('invalid_input', problem);
  }
  const graded = questions.map((question) => ({ question, ...gradeQuestion(question, responses[question.id]) }));
  const earned = graded.reduce((sum, g) => sum + g.earned, 0);
  const penalties = graded.reduce((sum, g) => sum + g.penalty, 0);
  const possible = questions.reduce((sum, q) => sum + q.points, 0);
  const result: QuizResult = {
    fraction: quizFraction(earned, penalties, possible),
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
    fraction: result.fraction,
    context: {},
    result: { success: result.fraction === 1, score: { scaled: result.fraction, raw: result.earned, max: possible, min: 0 }, response: JSON.stringify(responses) },
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
function responseProblem(question: Question, response: number[] | string): string | null {
  if (question.kind === 'text') return typeof response === 'string' ? null : `Question "${question.id}" takes a text answer.`;
  if (!Array.isArray(response)) return `Question "${question.id}" takes choices, not text.`;
  if (response.some((i) => i >= question.choices.length)) return `Question "${question.id}" has ${question.choices.length} choices.`;
  if (question.kind === 'single' && new Set(response).size !== 1) return `Question "${question.id}" takes exactly one choice.`;
  return null;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
