// A challenge's flags, attempts and logic as a task stage's answer check. CTFd compares a static flag
// with the whole submission (or its lower case) and a regex flag with re.match, keeping it only when
// the match is the whole submission: the pack's `exact`/`ignore-case` values and whole-match patterns.
import type { z } from 'zod';
import { checkAnswerPattern } from '../../../../../shared/pack/pattern-safety.ts';
import type { answerSchema } from '../../../../../shared/pack/schema.ts';
import { ConvertError, type ConversionReport } from '../pack-draft.ts';
import type { CtfdChallenge, CtfdFlag } from './ctfd-challenge.ts';
import { translatePythonPattern } from './python-pattern.ts';

type Answer = z.input<typeof answerSchema>;
type Accepted = NonNullable<Answer['accept']>[number];

/** The most wrong tries a pack allows; CTFd has no upper bound. */
const MAX_ATTEMPTS = 100;

const DIFFERENCE_NOTES: Record<string, string> = {
  dot: '`.` matches any character but a line feed in Python; here it does not match `\\r`, U+2028 or U+2029 either (answers are trimmed, so this only matters inside an answer)',
  classes: '`\\d`, `\\w`, `\\s` and `\\b` cover all Unicode digits and letters in Python; here `\\d`, `\\w` and `\\b` are ASCII only',
};

export function flagsToAnswer(challenge: CtfdChallenge, report: ConversionReport): Answer | undefined {
  const accept: Accepted[] = [];
  challenge.flags.forEach((flag, index) => {
    const converted = flagToAccepted(challenge, flag, index, report);
    if (converted) accept.push(converted);
  });
  if (accept.length === 0) {
    report.unsupported.push({ where: challenge.where, what: 'the challenge has no static or regex flag: the stage has no answer check and is completed without one' });
    return undefined;
  }
  const answer: Answer = { accept };
  if (challenge.logic === 'all' && accept.length > 1) answer.logic = 'all';
  else if (challenge.logic === 'team') report.unsupported.push({ where: challenge.where, what: 'logic "team" (each team member submits a flag) has no equivalent: any one flag completes the stage' });
  if (challenge.attempts > MAX_ATTEMPTS) {
    answer.attempts = MAX_ATTEMPTS;
    report.notes.push(`${challenge.where}: ${challenge.attempts} attempts allowed in CTFd, at most ${MAX_ATTEMPTS} in a pack: set to ${MAX_ATTEMPTS}`);
  } else if (challenge.attempts > 0) {
    answer.attempts = challenge.attempts;
  }
  return answer;
}

function flagToAccepted(challenge: CtfdChallenge, flag: CtfdFlag, index: number, report: ConversionReport): Accepted | null {
  const named = `${challenge.where} (challenge "${challenge.name}"), flag ${index + 1} "${flag.content}"`;
  const ignoreCase = flag.data === 'case_insensitive';
  if (flag.content.trim() === '') throw new ConvertError(named, 'the flag is empty');
  if (flag.type === 'static') {
    if (ignoreCase) report.notes.push(`${named}: CTFd compares this flag with Python's lower(), which leaves ſ and the Kelvin sign as they are; here ignore-case folds them to s and k, so those spellings are accepted too`);
    return { value: flag.content, match: ignoreCase ? 'ignore-case' : 'exact' };
  }
  if (flag.type !== 'regex') {
    report.unsupported.push({ where: named, what: `flag type "${flag.type}" (a CTFd plugin) cannot be checked here: left out` });
    return null;
  }
  const translated = translatePythonPattern(flag.content);
  if (!translated.ok) throw new ConvertError(named, `the regex cannot be converted: ${translated.reason}`);
  const verdict = checkAnswerPattern(translated.pattern);
  if (!verdict.ok) throw new ConvertError(named, `the regex is refused: ${verdict.reason}`);
  for (const difference of translated.differences) report.notes.push(`${named}: ${DIFFERENCE_NOTES[difference] ?? difference}`);
  const caseless = ignoreCase || translated.ignoreCase;
  if (caseless) {
    report.notes.push(`${named}: matched ignoring case with Unicode case folding, as Python's re.IGNORECASE does (ſ matches s, the Kelvin sign matches k); a rare character may fold differently`);
  }
  if (translated.pattern !== flag.content) report.notes.push(`${named}: rewritten from Python's regex syntax as ${translated.pattern}`);
  return { pattern: translated.pattern, match: caseless ? 'ignore-case' : 'exact' };
}
