import { describe, expect, it } from 'vitest';
import { evidenceLines, levelIndexForKey } from '../../../../renderer/screens/review/review-format.ts';

describe('the digit keys of a rubric criterion', () => {
  it('pick the levels in the order listed, 1 for the first', () => {
    expect(levelIndexForKey('1', 4)).toBe(0);
    expect(levelIndexForKey('4', 4)).toBe(3);
  });

  it('pick nothing beyond the last level, and nothing for 0, letters, keys named by words or two digits', () => {
    expect(levelIndexForKey('5', 4)).toBeNull();
    expect(levelIndexForKey('0', 4)).toBeNull();
    expect(levelIndexForKey('a', 4)).toBeNull();
    expect(levelIndexForKey('Enter', 4)).toBeNull();
    expect(levelIndexForKey('12', 12)).toBeNull();
    expect(levelIndexForKey('1', 0)).toBeNull();
  });
});

describe('an evidence text shown with line numbers', () => {
  it('splits on LF and CRLF alike and shows no empty line for a final newline', () => {
    expect(evidenceLines('a\r\nb\nc\n')).toEqual(['a', 'b', 'c']);
  });

  it('keeps blank lines inside the text, and an empty file is one empty line', () => {
    expect(evidenceLines('a\n\nb')).toEqual(['a', '', 'b']);
    expect(evidenceLines('')).toEqual(['']);
  });

  it('keeps markup as the characters it is made of', () => {
    expect(evidenceLines('<script>alert(1)</script>\n<img src=x onerror=alert(1)>')).toEqual(['<script>alert(1)</script>', '<img src=x onerror=alert(1)>']);
  });
});
