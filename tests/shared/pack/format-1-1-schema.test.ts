// Format 1.1's schema rules, and the answer matching every check and quiz text answer shares.
import { describe, expect, it } from 'vitest';
import { acceptedMatches, trimAnswer } from '../../../shared/pack/answer-match.ts';
import { missionSchema, packManifestSchema } from '../../../shared/pack/schema.ts';

function mission(stage: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { code: 'FMT-11', title: 'T', tier: 'beginner', track: 'offensive', story: 'story.md', objectives: ['x'], start: 's', stages: [{ id: 's', kind: 'task', title: 'S', body: 'stages/s.md', weight: 10, ...stage }], ...extra };
}

function problems(data: Record<string, unknown>): string[] {
  const parsed = missionSchema.safeParse(data);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('format 1.1 schema', () => {
  it('reads 1.0 and 1.1 packs and refuses a newer format by name', () => {
    expect(packManifestSchema.safeParse({ id: 'p', title: 'P', version: '1.0.0' }).success).toBe(true);
    expect(packManifestSchema.safeParse({ format: '1.1', id: 'p', title: 'P', version: '1.0.0' }).success).toBe(true);
    const newer = packManifestSchema.safeParse({ format: '1.2', id: 'p', title: 'P', version: '1.0.0' });
    expect(newer.success).toBe(false);
    expect(newer.error?.issues[0]?.message).toContain('needs a newer Outpost');
  });

  it('takes several accepted answers with their own match rules, and `logic: all` only over several', () => {
    expect(problems(mission({ answer: { accept: [{ value: 'a' }, { pattern: 'b[0-9]+', match: 'ignore-case' }], logic: 'any', attempts: 0 } }))).toEqual([]);
    expect(problems(mission({ answer: { accept: [{ value: 'a' }], logic: 'all' } }))).toContainEqual(expect.stringContaining('`logic: all` needs at least two'));
    expect(problems(mission({ answer: { value: 'a', accept: [{ value: 'b' }] } }))).toContainEqual(expect.stringContaining('give exactly one of `value`, `pattern` or `accept`'));
    expect(problems(mission({ answer: { accept: [{ value: 'a', pattern: 'a' }] } }))).toContainEqual(expect.stringContaining('give exactly one of `value` or `pattern`'));
    // The pattern screening applies to each accepted answer.
    expect(problems(mission({ answer: { accept: [{ value: 'a' }, { pattern: '(a+)+$' }] } }))).toContainEqual(expect.stringContaining('nested quantifier'));
  });

  it('refuses a hint that takes more points than its stage is worth, and both kinds of penalty at once', () => {
    expect(problems(mission({ hints: [{ text: 'h', penalty_points: 11 }] }))).toContainEqual('stages.0.hints.0.penalty_points: the hint takes 11 points but the stage is worth 10 (its weight)');
    expect(problems(mission({ hints: [{ text: 'h', penalty_points: 10 }, { text: 'i', penalty_points: 10 }] }))).toEqual([]);
    expect(problems(mission({ hints: [{ text: 'h', penalty: 5, penalty_points: 2 }] }))).toContainEqual(expect.stringContaining('not both'));
  });

  it('needs a solution for show_solution, and a prompt only for a required reflection', () => {
    expect(problems(mission({ answer: { value: 'a', attempts: 2, on_attempts_exhausted: 'show_solution' } }))).toContainEqual(expect.stringContaining('`show_solution` needs the stage to have a `solution`'));
    expect(problems(mission({ answer: { value: 'a', attempts: 2, on_attempts_exhausted: 'show_solution' }, solution: { body: 'solutions/s.md' } }))).toEqual([]);
    expect(problems(mission({}, { reflection: { required: false } }))).toEqual([]);
    expect(problems(mission({}, { reflection: { required: true } }))).toContainEqual('reflection.prompt: a required reflection needs a `prompt`');
  });

  it('takes stage tags, estimated minutes, the part and mission attribution', () => {
    const data = mission({ tags: ['T1110.001', 'web'], estimated_minutes: 20, part: 'assessment' }, { authors: ['A'], license: 'CC-BY-4.0', source: { name: 'KYPO training', url: 'https://example.org/x' } });
    expect(problems(data)).toEqual([]);
    expect(problems(mission({ part: 'exam' }))).not.toEqual([]);
    expect(problems(mission({}, { source: { name: 'x', url: 'not a url' } }))).toContainEqual(expect.stringContaining('source.url'));
  });
});

describe('answer matching', () => {
  it('trims the same edges from every answer: Unicode spaces, line ends, U+FEFF, and what Python strips too', () => {
    expect(trimAnswer('\u00a0\u2003\t\r\n flag \u0085\u001f\ufeff')).toBe('flag');
    expect(acceptedMatches({ value: 'flag{x}', match: 'exact' }, '\u3000flag{x}\r\n')).toBe(true);
    expect(acceptedMatches({ pattern: 'flag\\{[a-z]\\}', match: 'exact' }, ' flag{x} ')).toBe(true);
    // Only the edges: inside the answer a space still counts.
    expect(acceptedMatches({ value: 'flag{x}', match: 'exact' }, 'flag{ x}')).toBe(false);
  });

  it('folds case alike for values and patterns under ignore-case, as a u-flagged expression does', () => {
    expect(acceptedMatches({ value: 'SESSION', match: 'ignore-case' }, 'ſeſſion')).toBe(true);
    expect(acceptedMatches({ pattern: 'ses+ion', match: 'ignore-case' }, 'ſeſſion')).toBe(true);
    expect(acceptedMatches({ value: 'kelvin', match: 'ignore-case' }, '\u212aelvin')).toBe(true);
    expect(acceptedMatches({ value: 'SESSION', match: 'exact' }, 'session')).toBe(false);
    // A value's regex characters are literal.
    expect(acceptedMatches({ value: 'a.b(c)', match: 'ignore-case' }, 'A.B(C)')).toBe(true);
    expect(acceptedMatches({ value: 'a.b(c)', match: 'ignore-case' }, 'axb(c)')).toBe(false);
  });

  it("documents `.`: it stops at line ends, \\r among them (unlike Python's), and an empty answer matches nothing", () => {
    expect(acceptedMatches({ pattern: 'a.b', match: 'exact' }, 'a\rb')).toBe(false);
    expect(acceptedMatches({ pattern: 'a.b', match: 'exact' }, 'a-b')).toBe(true);
    expect(acceptedMatches({ pattern: '.*', match: 'exact' }, '   ')).toBe(false);
  });
});
