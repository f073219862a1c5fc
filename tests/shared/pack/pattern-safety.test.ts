import { describe, expect, it } from 'vitest';
import { checkAnswerPattern, MAX_PATTERN_LENGTH } from '../../../shared/pack/pattern-safety.ts';

describe('answer pattern screening', () => {
  it.each(['^10\\.20\\.0\\.14$', '^(staging|stage)-api\\.example\\.com$', '[A-Z]{3}-\\d{2,4}', '^(ab){3}$', 'a+b*c?'])('accepts %s', (pattern) => {
    expect(checkAnswerPattern(pattern)).toEqual({ ok: true });
  });

  it.each([
    ['^(a+)+$', /nested quantifier/],
    ['(x*)*y', /nested quantifier/],
    ['^((ab)*c)+$', /nested quantifier/],
    ['(a|aa)+$', /repeated alternation/],
    ['(\\w+\\s?){2,}', /nested quantifier/],
    ['(a)\\1', /back-references/],
  ])('refuses %s', (pattern, reason) => {
    const verdict = checkAnswerPattern(pattern);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });

  it('refuses an over-long pattern', () => {
    expect(checkAnswerPattern('a'.repeat(MAX_PATTERN_LENGTH + 1)).ok).toBe(false);
  });

  it('ignores quantifier characters inside a character class', () => {
    expect(checkAnswerPattern('^([+*]x)+$')).toEqual({ ok: true });
  });
});
