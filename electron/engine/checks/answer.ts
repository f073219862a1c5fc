// Answer checks: the learner's answer against the accepted ones (shared/pack/answer-match.ts), under
// the check's logic (one of them, or each of them) and attempts policy. When the wrong tries run out
// the check either closes at 0 or, with `on_attempts_exhausted: show_solution`, shows the stage's
// solution and still takes the right answer. The reply says right or wrong and what is left, never
// the answer.
import { ApiError } from '../../../shared/api/errors.ts';
import type { AnswerResult } from '../../../shared/api/views.ts';
import { acceptedAnswers, acceptedMatches, trimAnswer, type AcceptRule } from '../../../shared/pack/answer-match.ts';
import type { AnswerCheck, TaskStage } from '../../../shared/pack/schema.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { readCheck, stageRow, writeCheck, type AnswerState } from '../runs/path.ts';
import type { RunRow } from '../runs/run-store.ts';
import { recordAttempt } from './record-attempt.ts';
import { recordSolutionShown } from './solution.ts';

/** Whether the answer meets any accepted answer of the check (1.0's single one included). */
export function answerMatches(check: AcceptRule & { accept?: readonly AcceptRule[] }, input: string): boolean {
  return acceptedAnswers(check).some((rule) => acceptedMatches(rule, input));
}

/**
 * A stored answer state in today's terms. Before format 1.1 `attempts` counted every try, the right
 * one included, and there was no `tries`: such a state answered right had one wrong try fewer.
 */
export function answerStateOf(stored: AnswerState | undefined): Required<Omit<AnswerState, 'found'>> & Pick<AnswerState, 'found'> {
  if (!stored) return { attempts: 0, tries: 0, correct: false, done: false };
  if (stored.tries !== undefined) return { ...stored, tries: stored.tries };
  return { ...stored, tries: stored.attempts, attempts: stored.correct ? Math.max(0, stored.attempts - 1) : stored.attempts };
}

/** Wrong tries allowed; null when unlimited (absent or 0). */
export function attemptsAllowed(check: AnswerCheck): number | null {
  return check.attempts === undefined || check.attempts === 0 ? null : check.attempts;
}

/** The accepted answers a `logic: all` check still waits for (all of them for `any`, which needs one). */
export function answersNeeded(check: AnswerCheck): number {
  return check.logic === 'all' ? acceptedAnswers(check).length : 1;
}

export function submitAnswer(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stage: TaskStage, input: string): AnswerResult {
  const check = stage.answer;
  if (!check) throw new ApiError('invalid_input', `Stage "${stage.title}" has no answer to check.`);
  const state = readCheck(stageRow(ctx, run.id, stage.id));
  const answer = answerStateOf(state.answer);
  if (answer.done) throw new ApiError('invalid_state', answer.correct ? 'This check is answered correctly already.' : 'There are no attempts left for this check.');
  if (trimAnswer(input) === '') throw new ApiError('invalid_input', 'Type an answer first.');
  const rules = acceptedAnswers(check);
  const found = new Set(answer.found ?? []);
  const hit = rules.findIndex((rule, index) => (check.logic === 'all' ? !found.has(index) : true) && acceptedMatches(rule, input));
  if (hit < 0 && check.logic === 'all' && rules.some((rule, index) => found.has(index) && acceptedMatches(rule, input))) {
    // Giving again an answer already found is neither a new find nor a wrong try.
    throw new ApiError('rule_violation', 'You found that answer already: look for the others.');
  }
  if (hit >= 0) found.add(hit);
  const correct = hit >= 0 && found.size >= answersNeeded(check);
  const wrong = hit < 0;
  const attempts = answer.attempts + (wrong ? 1 : 0);
  const allowed = attemptsAllowed(check);
  const exhausted = wrong && allowed !== null && attempts >= allowed;
  const showsSolution = check.on_attempts_exhausted === 'show_solution';
  const tries = answer.tries + 1;
  const next: AnswerState = { attempts, tries, correct, done: correct || (exhausted && !showsSolution), found: [...found].sort((a, b) => a - b) };
  const opensSolution = exhausted && showsSolution && !state.solutionShown;
  writeCheck(ctx, run.id, stage.id, { ...state, answer: next, ...(opensSolution ? { solutionShown: true } : {}) });
  if (opensSolution) recordSolutionShown(ctx, definition, run, stage, 'attempts');
  recordAttempt(ctx, definition, run, stage, {
    kind: 'answer',
    response: input,
    // The try was right when it gave an accepted answer, even one of several still to find.
    fraction: hit >= 0 ? 1 : 0,
    context: { attempt: tries, wrongTries: attempts, ...(check.logic === 'all' ? { found: found.size, needed: rules.length } : {}) },
    result: { success: hit >= 0, response: input },
  });
  return {
    correct,
    accepted: hit >= 0,
    found: found.size,
    needed: answersNeeded(check),
    attemptsLeft: allowed === null ? null : Math.max(0, allowed - attempts),
    done: next.done,
    solutionShown: (exhausted && showsSolution) || state.solutionShown === true,
  };
}
