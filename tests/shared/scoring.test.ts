import { describe, expect, it } from 'vitest';
import { explainScore, scoreRun, type ExplainedStage, type ExplainInput } from '../../shared/scoring.ts';

function stage(id: string, weight: number, fraction: number | null, extra: Partial<ExplainedStage> = {}): ExplainedStage {
  return { stageId: id, title: id.toUpperCase(), weight, required: true, done: true, fraction, from: fraction === null ? null : 'rubric', points: null, maxPoints: null, ...extra };
}

function input(stages: ExplainedStage[], extra: Partial<ExplainInput> = {}): ExplainInput {
  return { stages, decisions: [], hints: [], passScore: 70, ...extra };
}

/** The breakdown and the plain rule must agree on every case: one rule, not two. */
function both(value: ExplainInput) {
  const breakdown = explainScore(value);
  const plain = scoreRun({ stages: value.stages, decisionChanges: value.decisions.map((d) => d.change), hintPenalties: value.hints.map((h) => h.penalty), passScore: value.passScore });
  expect(plain).toEqual({ score: breakdown.score, passed: breakdown.passed, missingRequired: breakdown.missingRequired, pendingReview: breakdown.pendingReview, totals: breakdown.totals });
  return breakdown;
}

describe('the scoring rule, by hand', () => {
  it('counts only the stages on the path: a skipped weighted stage is simply not there', () => {
    // Path a (weight 30, 2/3) and c (weight 10, 1/2); b (weight 60) was on the other branch.
    const result = both(input([stage('a', 30, 2 / 3), stage('c', 10, 0.5)]));
    // (30 × 2/3 + 10 × 1/2) ÷ 40 × 100 = 25 ÷ 40 × 100 = 62.5
    expect(result.score).toBe(62.5);
    expect(result.lines.map((l) => l.contribution)).toEqual([50, 12.5]);
    expect(result.passed).toBe(false);
  });

  it('scores each stage against its own rubric maximum', () => {
    // a: 6 of the 6-point rubric; b: 5 of the 10-point rubric; equal weights.
    const result = both(input([stage('a', 50, 6 / 6, { points: 6, maxPoints: 6 }), stage('b', 50, 5 / 10, { points: 5, maxPoints: 10 })]));
    expect(result.score).toBe(75);
    expect(result.lines.map((l) => [l.points, l.maxPoints, l.fraction, l.source])).toEqual([
      [6, 6, 1, 'rubric'],
      [5, 10, 0.5, 'rubric'],
    ]);
  });

  it('adds decision score changes and subtracts many hint penalties', () => {
    const hints = [5, 5, 10, 2.5].map((penalty, i) => ({ stageId: 'a', title: 'A', hint: i + 1, penalty }));
    const result = both(input([stage('a', 1, 1)], { decisions: [{ stageId: 'd', title: 'D', optionLabel: 'Watch', change: -7 }, { stageId: 'e', title: 'E', optionLabel: 'Tell', change: 3 }], hints }));
    // 100 − 7 + 3 − 22.5 = 73.5
    expect([result.base, result.raw, result.score, result.passed]).toEqual([100, 73.5, 73.5, true]);
  });

  it('puts an auto-checked stage beside rubric stages', () => {
    const result = both(input([stage('quiz', 20, 0.75, { from: 'auto' }), stage('a', 40, 0.5), stage('b', 40, 1)]));
    // (20 × 0.75 + 40 × 0.5 + 40 × 1) ÷ 100 × 100 = 15 + 20 + 40 = 75
    expect(result.score).toBe(75);
    expect(result.lines.map((l) => l.source)).toEqual(['auto', 'rubric', 'rubric']);
  });

  it('clamps at 0 and at 100', () => {
    expect(both(input([stage('a', 1, 0.1)], { hints: [{ stageId: 'a', title: 'A', hint: 1, penalty: 50 }] })).score).toBe(0);
    const high = both(input([stage('a', 1, 1)], { decisions: [{ stageId: 'd', title: 'D', optionLabel: 'Bold', change: 25 }] }));
    expect([high.raw, high.score]).toEqual([125, 100]);
  });

  it('fails a run that misses a required stage, whatever its score', () => {
    const result = both(input([stage('a', 1, 1), stage('b', 0, null, { done: false })]));
    expect(result.score).toBe(100);
    expect(result.passed).toBe(false);
    expect(result.missingRequired).toEqual(['b']);
    expect(result.lines[1]?.source).toBe('unweighted');
  });

  it('waits while a weighted stage has no fraction, and still shows what the scored ones add', () => {
    const result = both(input([stage('a', 50, 1), stage('b', 50, null)]));
    expect([result.score, result.base, result.passed]).toEqual([null, null, null]);
    expect(result.pendingReview).toEqual(['b']);
    expect(result.lines.map((l) => [l.source, l.contribution])).toEqual([
      ['rubric', 50],
      ['pending', null],
    ]);
  });

  it('rescores a run returned and resubmitted from its new points only', () => {
    const first = both(input([stage('a', 50, 0.2), stage('b', 50, 0.4)]));
    const second = both(input([stage('a', 50, 0.8), stage('b', 50, 1)]));
    expect([first.score, first.passed, second.score, second.passed]).toEqual([30, false, 90, true]);
  });

  it('starts a path with no weighted stage from full marks, and keeps fractions inside 0…1', () => {
    expect(both(input([stage('a', 0, null)], { hints: [{ stageId: 'a', title: 'A', hint: 1, penalty: 10 }] })).score).toBe(90);
    expect(both(input([stage('a', 1, 1.5), stage('b', 1, -1)])).score).toBe(50);
  });
});
