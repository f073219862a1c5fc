// Screening of answer patterns written by pack authors. A learner's input is matched against them in
// the main process, so a pattern that backtracks exponentially would freeze the app: we refuse the
// shapes that cause it (a quantified group that itself contains a quantifier, or a quantified
// alternation) and cap both the pattern and the input length. `answerRegExp` builds the expression
// the engine runs, so the screening and the matching agree on what a pattern means.

export const MAX_PATTERN_LENGTH = 500;
/** Learner input longer than this is refused before any pattern sees it. */
export const MAX_ANSWER_LENGTH = 500;

export type PatternVerdict = { ok: true } | { ok: false; reason: string };

export interface AnswerRegExpOptions {
  /** `match: contains`: the pattern may be found anywhere in the input. */
  search: boolean;
  ignoreCase: boolean;
}

/**
 * The expression a learner's input is tested with. Unless the author asked for a search, the pattern
 * must cover the whole input: otherwise one try could hold several guesses, or junk around a right
 * one. The group keeps a top-level `a|b` whole (`^(?:a|b)$`, not `^a|b$`); a pattern that already
 * starts with `^` or ends with `$` keeps its meaning. The group is never repeated, so it adds no
 * backtracking the screening below would have to know about.
 */
export function answerRegExp(pattern: string, options: AnswerRegExpOptions): RegExp {
  const source = options.search ? pattern : `^(?:${pattern})$`;
  return new RegExp(source, options.ignoreCase ? 'iu' : 'u');
}

const QUANTIFIER_AFTER = /^(?:[*+]|\{\d+,\d*\})/;

export function checkAnswerPattern(pattern: string): PatternVerdict {
  if (pattern.length === 0) return { ok: false, reason: 'the pattern is empty' };
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { ok: false, reason: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  }
  try {
    // On its own first: a pattern that closes a group it never opened (`a)|(b`) must not pair up
    // with the anchoring group.
    new RegExp(pattern, 'u');
    answerRegExp(pattern, { search: false, ignoreCase: false });
  } catch (error) {
    return { ok: false, reason: `the pattern does not compile: ${(error as Error).message}` };
  }
  const risky = findRiskyGroup(pattern);
  return risky === null ? { ok: true } : { ok: false, reason: risky };
}

interface GroupFrame {
  start: number;
  hasQuantifier: boolean;
  hasAlternation: boolean;
}

/** Walks the pattern once, tracking groups; returns why it is risky, or null. */
function findRiskyGroup(pattern: string): string | null {
  const stack: GroupFrame[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      if (/[1-9k]/.test(pattern[i + 1] ?? '')) return 'back-references are not allowed in answer patterns';
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
    } else if (ch === '(') {
      stack.push({ start: i, hasQuantifier: false, hasAlternation: false });
    } else if (ch === '|') {
      const top = stack[stack.length - 1];
      if (top) top.hasAlternation = true;
    } else if (ch === ')') {
      const frame = stack.pop();
      if (!frame) continue;
      const quantified = QUANTIFIER_AFTER.test(pattern.slice(i + 1));
      if (quantified && frame.hasQuantifier) {
        return `nested quantifier at position ${frame.start}: a repeated group that repeats inside can backtrack catastrophically`;
      }
      if (quantified && frame.hasAlternation) {
        return `repeated alternation at position ${frame.start}: write the alternatives without repeating the group`;
      }
      const parent = stack[stack.length - 1];
      if (parent && (frame.hasQuantifier || quantified)) parent.hasQuantifier = true;
    } else if (ch === '*' || ch === '+' || (ch === '{' && /^\{\d+,\d*\}/.test(pattern.slice(i)))) {
      const top = stack[stack.length - 1];
      if (top) top.hasQuantifier = true;
    }
  }
  return null;
}
