// Translates a regex flag written for Python's `re` (CTFd compares with re.match and wants the whole
// submission matched) into the JavaScript syntax the engine runs with the `u` flag. What has a plain
// JavaScript spelling is rewritten; what has none is refused so that the author rewrites the flag,
// since a flag that silently means something else would mark right answers wrong.

export type PatternTranslation =
  | { ok: true; pattern: string; ignoreCase: boolean; differences: string[] }
  | { ok: false; reason: string };

/** Characters JavaScript lets be escaped in a `u` pattern: every other escaped punctuation is an error there. */
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);
const QUANTIFIER = /^\{(\d*)(?:(,)(\d*))?\}/;
const PYTHON_ONLY_GROUP: ReadonlyArray<[RegExp, string]> = [
  [/^\(\?P=/, 'a named back-reference `(?P=name)`'],
  [/^\(\?#/, 'a comment group `(?#…)`'],
  [/^\(\?>/, 'an atomic group `(?>…)`'],
  [/^\(\?\(/, 'a conditional group `(?(…)…)`'],
  [/^\(\?[aiLmsux-]+[:)]/, 'an inline flag group such as `(?s)` or `(?x:…)`'],
];

export function translatePythonPattern(source: string): PatternTranslation {
  let ignoreCase = false;
  let rest = source;
  // A leading `(?i)` is the usual way to write a case-insensitive flag in one string: it maps to the
  // check's case rule rather than to syntax.
  if (rest.startsWith('(?i)')) {
    ignoreCase = true;
    rest = rest.slice(4);
  }
  const differences = new Set<string>();
  let out = '';
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i] as string;
    const tail = rest.slice(i);
    if (ch === '\\') {
      const escaped = translateEscape(rest, i, inClass);
      if (!escaped.ok) return escaped;
      if (escaped.difference) differences.add(escaped.difference);
      out += escaped.text;
      i += escaped.length - 1;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch === '[' ? '\\[' : ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += '[';
      if (rest[i + 1] === '^') {
        out += '^';
        i++;
      }
      // Python reads `]` first in a class as a literal; JavaScript would close an empty class.
      if (rest[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (ch === '(') {
      if (tail.startsWith('(?P<')) {
        out += '(?<';
        i += 3;
        continue;
      }
      const pythonOnly = PYTHON_ONLY_GROUP.find(([shape]) => shape.test(tail));
      if (pythonOnly) return { ok: false, reason: `it uses ${pythonOnly[1]}, which JavaScript has no equivalent for` };
      out += ch;
      continue;
    }
    if (ch === '{') {
      const quantifier = QUANTIFIER.exec(tail);
      // Python reads a brace that does not make a quantifier, or a lone `]`, as a literal; JavaScript refuses it.
      if (!quantifier || (quantifier[1] === '' && quantifier[3] === '')) {
        out += '\\{';
        continue;
      }
      out += `{${quantifier[1] === '' ? '0' : quantifier[1]}${quantifier[2] ?? ''}${quantifier[3] ?? ''}}`;
      i += quantifier[0].length - 1;
      if (rest[i + 1] === '+') return { ok: false, reason: 'it uses a possessive quantifier (`{n,m}+`), which JavaScript has no equivalent for' };
      continue;
    }
    if (ch === '}' || ch === ']') {
      out += `\\${ch}`;
      continue;
    }
    if ((ch === '*' || ch === '+' || ch === '?') && rest[i + 1] === '+') {
      return { ok: false, reason: `it uses a possessive quantifier (\`${ch}+\`), which JavaScript has no equivalent for` };
    }
    if (ch === '.') differences.add('dot');
    out += ch;
  }
  if (inClass) return { ok: false, reason: 'a character class `[` is never closed' };
  return { ok: true, pattern: out, ignoreCase, differences: [...differences] };
}

interface Escape {
  ok: true;
  text: string;
  length: number;
  difference?: string;
}

function translateEscape(pattern: string, at: number, inClass: boolean): Escape | { ok: false; reason: string } {
  const next = pattern[at + 1];
  if (next === undefined) return { ok: false, reason: 'it ends with a lone backslash' };
  const same = (difference?: string): Escape => ({ ok: true, text: `\\${next}`, length: 2, difference });
  if (next === 'A' || next === 'Z') {
    if (inClass) return { ok: false, reason: `it uses \`\\${next}\` inside a character class` };
    return { ok: true, text: next === 'A' ? '^' : '$', length: 2 };
  }
  if ('dwsDWS'.includes(next)) return same('classes');
  if (next === 'b' || next === 'B') return same(inClass ? undefined : 'classes');
  if ('ntrfv'.includes(next)) return same();
  if (next === 'a') return { ok: true, text: '\\x07', length: 2 };
  if (next === 'x') {
    const hex = /^[0-9a-fA-F]{2}/.exec(pattern.slice(at + 2));
    if (!hex) return { ok: false, reason: 'it has a `\\x` escape without two hex digits' };
    return { ok: true, text: `\\x${hex[0]}`, length: 4 };
  }
  if (next === 'u' || next === 'U') {
    const digits = next === 'u' ? 4 : 8;
    const hex = new RegExp(`^[0-9a-fA-F]{${digits}}`).exec(pattern.slice(at + 2));
    if (!hex) return { ok: false, reason: `it has a \`\\${next}\` escape without ${digits} hex digits` };
    return { ok: true, text: `\\u{${hex[0].replace(/^0+(?=.)/, '')}}`, length: 2 + digits };
  }
  if (next === '0') {
    const octal = /^[0-7]{0,2}/.exec(pattern.slice(at + 2))?.[0] ?? '';
    return { ok: true, text: `\\u{${parseInt(`0${octal}`, 8).toString(16)}}`, length: 2 + octal.length };
  }
  if (/[1-9]/.test(next)) return { ok: false, reason: 'it uses a numbered back-reference, which answer patterns do not allow' };
  if (next === 'N') return { ok: false, reason: 'it uses a named character `\\N{…}`, which JavaScript has no equivalent for' };
  if (/[A-Za-z]/.test(next)) return { ok: false, reason: `it uses \`\\${next}\`, which Python itself does not define` };
  if (SYNTAX.has(next) || (inClass && next === '-')) return same();
  // Python lets any other punctuation be escaped; JavaScript's `u` mode only the syntax characters.
  const code = next.codePointAt(0) ?? 0;
  return { ok: true, text: `\\u{${code.toString(16)}}`, length: 1 + String.fromCodePoint(code).length };
}
