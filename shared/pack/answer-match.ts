// How a learner's answer is compared with an accepted one (docs/pack-format.md "Answers"), in one
// place for answer checks and quiz text answers. Every rule first trims the answer and the accepted
// value of the same set of characters; `ignore-case` folds case as a `u`-flagged regular expression
// does (Unicode simple case folding: ſ matches s, K (Kelvin) matches k), for values and patterns alike.
import { answerRegExp, MAX_ANSWER_LENGTH } from './pattern-safety.ts';
import type { AnswerMatch } from './vocabulary.ts';

/**
 * The characters trimmed from both ends: JavaScript's `\s` (Unicode spaces, tab, line ends, U+FEFF)
 * and what Python's str.strip() also removes (U+001C–U+001F, U+0085), so a flag converted from a
 * platform that strips with Python is accepted exactly as it was there.
 */
// eslint-disable-next-line no-control-regex -- U+001C–U+001F are separators Python's strip() removes: meant.
const EDGES = /^[\s\u001c-\u001f\u0085]+|[\s\u001c-\u001f\u0085]+$/gu;

export function trimAnswer(text: string): string {
  return text.replace(EDGES, '');
}

export interface AcceptRule {
  value?: string | number;
  pattern?: string;
  match: AnswerMatch;
}

/** The check's accepted answers: format 1.1's `accept` list, or 1.0's single `value` or `pattern`. */
export function acceptedAnswers(check: AcceptRule & { accept?: readonly AcceptRule[] }): AcceptRule[] {
  return check.accept ? [...check.accept] : [{ value: check.value, pattern: check.pattern, match: check.match }];
}

/**
 * Whether the answer meets one accepted answer. A pattern covers the whole trimmed answer and a value
 * equals it (`exact` and `trimmed` case-sensitive, `ignore-case` not); only `contains` searches, and
 * ignores case, as an answer written as a phrase has incidental capitals.
 */
export function acceptedMatches(rule: AcceptRule, input: string): boolean {
  if (input.length > MAX_ANSWER_LENGTH) return false;
  const given = trimAnswer(input);
  if (given === '') return false;
  const search = rule.match === 'contains';
  const ignoreCase = rule.match === 'ignore-case' || search;
  if (rule.pattern !== undefined) return answerRegExp(rule.pattern, { search, ignoreCase }).test(given);
  const expected = trimAnswer(String(rule.value ?? ''));
  // The schema refuses a blank value; this keeps one that slipped through from accepting anything.
  if (expected === '') return false;
  if (!ignoreCase) return given === expected;
  return answerRegExp(escapeRegExp(expected), { search, ignoreCase: true }).test(given);
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
