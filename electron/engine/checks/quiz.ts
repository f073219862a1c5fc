// Quizzes: graded once when submitted. Single choice: the points for the right choice. Multiple
// choice: points in proportion to the right choices picked, minus the penalty for each wrong one.
// Text: the points when the answer matches an accepted one. The quiz's fraction is points earned
// minus penalties over points possible, never below 0 (DESIGN.md).
import { ApiError } from '../../../shared/api/errors.ts';
import type { QuizResult } from '../../../shared/api/views.ts';
import type { Question, TaskStage } from '../../../shared/pack/schema.ts';
import { quizFraction } from '../../../shared/scoring.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { readCheck, stageRow, writeCheck } from '../runs/path.ts';
import type { RunRow } from '../runs/run-store.ts';
import { answerMatches } from './answer.ts';
import { recordAttempt } from './record-attempt.ts';

export type QuizResponses = Record<string, number[] | string>;

interface Graded { earned: number; penalty: number; outcome: 'right' | 'partial' | 'wrong' }

export function gradeQuestion(question: Question, response: number[] | string | undefined): Graded {
  if (question.kind === 'text') {
    const text = typeof response === 'string' ? response : '';
    const right = question.accept.some((accepted) => answerMatches({ value: String(accepted), match: question.match }, text));
    return { earned: right ? question.points : 0, penalty: 0, outcome: right ? 'right' : 'wrong' };
  }
  const picked = new Set(Array.isArray(response) ? response.filter((i) => i >= 0 && i < question.choices.length) : []);
  const correct = question.choices.flatMap((choice, i) => (choice.correct ? [i] : []));
  if (question.kind === 'single') {
    const right = picked.size === 1 && picked.has(correct[0] as number);
    return { earned: right ? question.points : 0, penalty: 0, outcome: right ? 'right' : 'wrong' };
  }
  const hits = correct.filter((i) => picked.has(i)).length;
  const misses = [...picked].filter((i) => !question.choices[i]?.correct).length;
  const earned = (question.points * hits) / correct.length;
  const outcome = hits === correct.length && misses === 0 ? 'right' : hits > 0 ? 'partial' : 'wrong';
  return { earned, penalty: misses * question.penalty, outcome };
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
  const graded = questions.map((question) => ({ question, ...gradeQuestion(question, responses[question.id]) }));
  const earned = graded.reduce((sum, g) => sum + g.earned, 0);
  const penalties = graded.reduce((sum, g) => sum + g.penalty, 0);
  const possible = questions.reduce((sum, q) => sum + q.points, 0);
  const result: QuizResult = {
    fraction: quizFraction(earned, penalties, possible),
    earned: round(Math.max(0, earned - penalties)),
    possible,
    questions: graded.map((g) => ({ id: g.question.id, outcome: g.outcome, earned: round(Math.max(0, g.earned - g.penalty)) })),
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

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
