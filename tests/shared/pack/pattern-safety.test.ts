import { describe, expect, it } from 'vitest';
import { answerRegExp, checkAnswerPattern, MAX_PATTERN_LENGTH } from '../../../shared/pack/pattern-safety.ts';

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

describe('the expression an answer is matched with', () => {
  const whole = (pattern: string): RegExp => answerRegExp(pattern, { search: false, ignoreCase: false });

  it('anchors a top-level alternation as a whole: ^(?:a|b)$, not ^a|b$', () => {
    expect(whole('a|b').source).toBe('^(?:a|b)$');
    expect(whole('HOST-1[0-9]|WS-0[0-9]').test('HOST-17 junk')).toBe(false);
    expect(whole('HOST-1[0-9]|WS-0[0-9]').test('junk WS-03')).toBe(false);
    expect(whole('HOST-1[0-9]|WS-0[0-9]').test('WS-03')).toBe(true);
  });

  it('keeps the meaning of a pattern that already starts with ^ or ends with $', () => {
    for (const pattern of ['^10\\.20\\.0\\.14$', '^10\\.20\\.0\\.14', '10\\.20\\.0\\.14$']) {
      expect(whole(pattern).test('10.20.0.14')).toBe(true);
      expect(whole(pattern).test('10.20.0.14 10.20.0.15')).toBe(false);
      expect(whole(pattern).test('10.20.0.140')).toBe(false);
    }
  });

  it('searches only when asked, and ignores case only when asked', () => {
    expect(answerRegExp('HOST-1[0-9]', { search: true, ignoreCase: false }).test('it was HOST-17')).toBe(true);
    expect(answerRegExp('HOST-1[0-9]', { search: true, ignoreCase: false }).test('it was host-17')).toBe(false);
    expect(answerRegExp('HOST-1[0-9]', { search: false, ignoreCase: true }).test('host-17')).toBe(true);
  });

  it.each(['^10\\.20\\.0\\.14$', 'a|b', '^(staging|stage)-api\\.example\\.com$', '^(a+)+$', '(a|aa)+$', '(a)\\1', '(x*)*y', '^(?:ab)+$'])(
    'gives %s the same screening verdict anchored as written',
    (pattern) => {
      expect(checkAnswerPattern(whole(pattern).source).ok).toBe(checkAnswerPattern(pattern).ok);
    },
  );

  it('refuses a pattern that would only compile inside the anchoring group', () => {
    // `^(?:a)|(b)$` compiles, and would anchor nothing; the pattern as written must compile.
    expect(checkAnswerPattern('a)|(b')).toMatchObject({ ok: false, reason: expect.stringMatching(/does not compile/) });
  });
});
