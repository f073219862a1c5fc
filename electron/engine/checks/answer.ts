// Answer checks: the learner's value against the author's value or pattern, under the stage's match
// rule and attempts limit. The reply says right or wrong and the attempts left, never the answer.
import { ApiError } from '../../../shared/api/errors.ts';
import type { AnswerResult } from '../../../shared/api/views.ts';
import { answerRegExp, MAX_ANSWER_LENGTH } from '../../../shared/pack/pattern-safety.ts';
import type { AnswerCheck, TaskStage } from '../../../shared/pack/schema.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { readCheck, stageRow, writeCheck } from '../runs/path.ts';
import type { RunRow } from '../runs/run-store.ts';
import { recordAttempt } from './record-attempt.ts';

/**
 * `exact` takes the input as typed; the others trim it. A pattern must match the whole input, a value
 * must equal it; only `contains` searches, and it ignores case as `ignore-case` does, because a
 * search is meant for an answer written as a phrase, where capitals are incidental.
 */
export function answerMatches(check: AnswerCheck, input: string): boolean {
  if (input.length > MAX_ANSWER_LENGTH) return false;
  const given = check.match === 'exact' ? input : input.trim();
  const ignoreCase = check.match === 'ignore-case' || check.match === 'contains';
  if (check.pattern !== undefined) {
    return answerRegExp(check.pattern, { search: check.match === 'contains', ignoreCase }).test(given);
  }
  const expected = String(check.value ?? '');
  if (check.match === 'contains') {
    const needle = expected.trim().toLocaleLowerCase();
    // The schema refuses a blank value; this keeps one that slipped through from accepting anything.
    return needle !== '' && given.toLocaleLowerCase().includes(needle);
  }
  if (ignoreCase) return given.toLocaleLowerCase() === expected.trim().toLocaleLowerCase();
  return given === (check.match === 'trimmed' ? expected.trim() : expected);
}

export function submitAnswer(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stage: TaskStage, input: string): AnswerResult {
  const check = stage.answer;
  if (!check) throw new ApiError('invalid_input', `Stage "${stage.title}" has no answer to check.`);
  const state = readCheck(stageRow(ctx, run.id, stage.id));
  const answer = state.answer ?? { attempts: 0, correct: false, done: false };
  if (answer.done) throw new ApiError('invalid_state', answer.correct ? 'This check is answered correctly already.' : 'There are no attempts left for this check.');
  if (input.trim() === '') throw new ApiError('invalid_input', 'Type an answer first.');
  const correct = answerMatches(check, input);
  const attempts = answer.attempts + 1;
  const outOfAttempts = !correct && check.attempts !== undefined && attempts >= check.attempts;
  const next = { attempts, correct, done: correct || outOfAttempts };
  writeCheck(ctx, run.id, stage.id, { ...state, answer: next });
  recordAttempt(ctx, definition, run, stage, { kind: 'answer', response: input, fraction: correct ? 1 : 0, context: { attempt: attempts }, result: { success: correct, response: input } });
  return { correct, attemptsLeft: check.attempts === undefined ? null : Math.max(0, check.attempts - attempts), done: next.done };
}
