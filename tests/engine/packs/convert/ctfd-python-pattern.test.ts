// Python regex flags in JavaScript: what is rewritten, what is refused, and that a rewritten pattern
// accepts what Python's re.match-the-whole-submission accepted.
import { describe, expect, it } from 'vitest';
import { trackOfCategory } from '../../../../electron/engine/packs/convert/ctfd/category-track.ts';
import { translatePythonPattern } from '../../../../electron/engine/packs/convert/ctfd/python-pattern.ts';
import { answerRegExp } from '../../../../shared/pack/pattern-safety.ts';

function translated(source: string): string {
  const result = translatePythonPattern(source);
  if (!result.ok) throw new Error(result.reason);
  return result.pattern;
}

function refusal(source: string): string {
  const result = translatePythonPattern(source);
  return result.ok ? `accepted as ${result.pattern}` : result.reason;
}

const wholeMatch = (pattern: string, input: string, ignoreCase = false): boolean => answerRegExp(translated(pattern), { search: false, ignoreCase }).test(input);

describe('translating Python regex flags', () => {
  it('rewrites named groups and the \\A and \\Z anchors', () => {
    expect(translated('\\Aflag\\{(?P<word>[a-z]+)_(?P<n>\\d+)\\}\\Z')).toBe('^flag\\{(?<word>[a-z]+)_(?<n>\\d+)\\}$');
    expect(wholeMatch('\\Aflag\\{(?P<word>[a-z]+)_(?P<n>\\d+)\\}\\Z', 'flag{abc_42}')).toBe(true);
    expect(wholeMatch('\\Aflag\\{(?P<word>[a-z]+)_(?P<n>\\d+)\\}\\Z', 'flag{abc_42}x')).toBe(false);
  });

  it('escapes braces Python reads as literals, which JavaScript would refuse', () => {
    expect(translated('flag{.*}')).toBe('flag\\{.*\\}');
    expect(translated('CTF{[0-9a-f]{32}}')).toBe('CTF\\{[0-9a-f]{32}\\}');
    expect(translated('a{,3}b{2,}c{x}')).toBe('a{0,3}b{2,}c\\{x\\}');
    expect(translated('x]y')).toBe('x\\]y');
    expect(wholeMatch('CTF{[0-9a-f]{32}}', `CTF{${'ab'.repeat(16)}}`)).toBe(true);
    expect(wholeMatch('a{,3}', 'aaaa')).toBe(false);
  });

  it('turns escaped punctuation JavaScript does not allow escaped into the character itself', () => {
    expect(translated('flag\\-\\_\\ \\#\\@')).toBe('flag\\u{2d}\\u{5f}\\u{20}\\u{23}\\u{40}');
    expect(wholeMatch('flag\\-\\_\\ \\#', 'flag-_ #')).toBe(true);
    expect(translated('[\\w\\-]+')).toBe('[\\w\\-]+');
    expect(translated('\\U0001F600\\x41\\u00e9\\a\\0')).toBe('\\u{1F600}\\x41\\u{e9}\\x07\\u{0}');
  });

  it('reads a ] first in a class as Python does, and takes a leading (?i) as the case rule', () => {
    expect(translated('[]a]+')).toBe('[\\]a]+');
    expect(translated('[^]a]')).toBe('[^\\]a]');
    expect(wholeMatch('[]a]+', ']a]')).toBe(true);
    const caseless = translatePythonPattern('(?i)flag\\{yes\\}');
    expect(caseless).toEqual({ ok: true, pattern: 'flag\\{yes\\}', ignoreCase: true, differences: [] });
  });

  it('names where Python and JavaScript differ: the dot and the Unicode classes', () => {
    expect(translatePythonPattern('a.b')).toMatchObject({ ok: true, differences: ['dot'] });
    expect(translatePythonPattern('\\d+\\w')).toMatchObject({ ok: true, differences: ['classes'] });
    expect(translatePythonPattern('[.]\\.')).toMatchObject({ ok: true, differences: [] });
    // The difference itself: Python's `.` takes a carriage return; JavaScript's does not.
    expect(wholeMatch('a.b', 'a\rb')).toBe(false);
    // Both fold ſ to s and the Kelvin sign to k when ignoring case.
    expect(wholeMatch('secret', 'ſecret', true)).toBe(true);
    expect(wholeMatch('k', '\u212a', true)).toBe(true);
  });

  it('refuses what has no JavaScript spelling, saying what it is', () => {
    expect(refusal('(?P<a>x)(?P=a)')).toBe('it uses a named back-reference `(?P=name)`, which JavaScript has no equivalent for');
    expect(refusal('(?s)a.b')).toBe('it uses an inline flag group such as `(?s)` or `(?x:…)`, which JavaScript has no equivalent for');
    expect(refusal('a(?#note)b')).toBe('it uses a comment group `(?#…)`, which JavaScript has no equivalent for');
    expect(refusal('(?>ab)c')).toBe('it uses an atomic group `(?>…)`, which JavaScript has no equivalent for');
    expect(refusal('(a)?(?(1)b|c)')).toBe('it uses a conditional group `(?(…)…)`, which JavaScript has no equivalent for');
    expect(refusal('a*+b')).toBe('it uses a possessive quantifier (`*+`), which JavaScript has no equivalent for');
    expect(refusal('a{2}+')).toBe('it uses a possessive quantifier (`{n,m}+`), which JavaScript has no equivalent for');
    expect(refusal('(a)\\1')).toBe('it uses a numbered back-reference, which answer patterns do not allow');
    expect(refusal('\\N{DASH}')).toBe('it uses a named character `\\N{…}`, which JavaScript has no equivalent for');
    expect(refusal('\\q')).toBe('it uses `\\q`, which Python itself does not define');
    expect(refusal('[abc')).toBe('a character class `[` is never closed');
    expect(refusal('abc\\')).toBe('it ends with a lone backslash');
    expect(refusal('[\\A]')).toBe('it uses `\\A` inside a character class');
  });
});

describe('category tracks', () => {
  it('maps the usual categories and leaves the rest to the default', () => {
    expect(['Web', 'PWN', 'Reverse Engineering', 'crypto', 'Forensics', 'incident_response', 'GRC', 'AI', 'Leadership', 'Test'].map(trackOfCategory)).toEqual([
      'offensive', 'offensive', 'offensive', 'offensive', 'defender', 'defender', 'grc', 'innovation', 'leadership', null,
    ]);
  });
});
