// Answer states kept before format 1.1 counted every try in `attempts`; read today, they count wrong
// tries there and every try in `tries`, so a run in progress across the upgrade keeps its tries left.
import { describe, expect, it } from 'vitest';
import { answerStateOf } from '../../../electron/engine/checks/answer.ts';

describe('an answer state kept before format 1.1', () => {
  it('is read with its right try taken out of the wrong ones', () => {
    expect(answerStateOf({ attempts: 2, correct: true, done: true })).toEqual({ attempts: 1, tries: 2, correct: true, done: true });
    expect(answerStateOf({ attempts: 3, correct: false, done: false })).toEqual({ attempts: 3, tries: 3, correct: false, done: false });
    expect(answerStateOf(undefined)).toEqual({ attempts: 0, tries: 0, correct: false, done: false });
  });

  it('is taken as it is once it has `tries`', () => {
    expect(answerStateOf({ attempts: 1, tries: 3, correct: true, done: true, found: [0, 1] })).toEqual({ attempts: 1, tries: 3, correct: true, done: true, found: [0, 1] });
  });
});
