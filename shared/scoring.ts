// The scoring rule (DESIGN.md "Scoring"), written once and used by the engine at submission, by the
// review screen and by the analytics:
//   score = Σ weight × fraction ÷ Σ weight × 100 + decision changes − hint penalties, clamped to 0…100
// over the task stages on the learner's path; a stage's fraction is rubric points ÷ rubric maximum,
// or its auto-check's fraction, less its hints' stage points ÷ weight, and 0 once a penalised
// solution was shown (format 1.1). Pass when score ≥ pass score and every required stage was done.
// Beside the score, the stage points (weight × fraction) add up per part: training and assessment.
import type { PartTotal, ScoreTotals } from './api/review-views.ts';
import type { ScoreBreakdown, ScoreLine } from './api/views.ts';

export interface ScoredStage {
  stageId: string;
  weight: number;
  required: boolean;
  done: boolean;
  /** 0…1, or null when the stage still waits for a review; deductions already taken (adjustedFraction). */
  fraction: number | null;
  /** The total it counts in besides the score; training when absent. */
  part?: 'training' | 'assessment';
}

/** What a stage's fraction loses before it counts (format 1.1). */
export interface StageDeductions {
  /** The stage points of the hints revealed on it. */
  hintPoints: number;
  /** A penalised solution was shown: the stage scores 0. */
  solutionShown: boolean;
}

/** The stage's fraction once its deductions are taken, as a level score is max − hint penalties, 0 after a penalised solution. */
export function adjustedFraction(fraction: number | null, weight: number, deductions: StageDeductions): number | null {
  if (fraction === null) return null;
  if (deductions.solutionShown) return 0;
  if (deductions.hintPoints <= 0 || weight <= 0) return clampUnit(fraction);
  return clampUnit(clampUnit(fraction) - deductions.hintPoints / weight);
}

/** Stage points per part: points = Σ weight × fraction (a stage waiting for review counts 0), max = Σ weight. */
export function scoreTotals(stages: readonly ScoredStage[]): ScoreTotals {
  const empty = (): PartTotal => ({ points: 0, max: 0 });
  const totals: ScoreTotals = { training: empty(), assessment: empty() };
  for (const stage of stages) {
    if (stage.weight <= 0) continue;
    const part = totals[stage.part ?? 'training'];
    part.points += stage.weight * clampUnit(stage.fraction ?? 0);
    part.max += stage.weight;
  }
  for (const part of [totals.training, totals.assessment]) part.points = round2(part.points);
  return totals;
}

export interface ScoreInput {
  stages: readonly ScoredStage[];
  decisionChanges: readonly number[];
  hintPenalties: readonly number[];
  passScore: number;
}

export interface ScoreResult {
  /** Null while any weighted stage has no fraction yet (it needs a mentor's review). */
  score: number | null;
  passed: boolean | null;
  missingRequired: string[];
  pendingReview: string[];
  totals: ScoreTotals;
}

/** The rule itself, with what each part adds: both the score and its explanation come from here. */
interface Worked extends ScoreResult {
  base: number | null;
  raw: number | null;
  /** Per stage, in input order: weight × fraction ÷ total weight × 100, or null without a fraction or weight. */
  contributions: Array<number | null>;
}

function work(input: ScoreInput): Worked {
  const weighted = input.stages.filter((stage) => stage.weight > 0);
  const pendingReview = weighted.filter((stage) => stage.fraction === null).map((stage) => stage.stageId);
  const missingRequired = input.stages.filter((stage) => stage.required && !stage.done).map((stage) => stage.stageId);
  const totalWeight = weighted.reduce((total, stage) => total + stage.weight, 0);
  const contributions = input.stages.map((stage) =>
    stage.weight > 0 && stage.fraction !== null ? (stage.weight * clampUnit(stage.fraction)) / totalWeight * 100 : null,
  );
  const totals = scoreTotals(input.stages);
  if (pendingReview.length > 0) return { score: null, passed: null, missingRequired, pendingReview, totals, base: null, raw: null, contributions };
  // A path with no weighted stage has nothing to lose: it starts from full marks.
  const base = totalWeight === 0 ? 100 : (weighted.reduce((total, stage) => total + stage.weight * clampUnit(stage.fraction ?? 0), 0) / totalWeight) * 100;
  const raw = base + sum(input.decisionChanges) - sum(input.hintPenalties);
  const score = round2(Math.min(100, Math.max(0, raw)));
  return { score, passed: score >= input.passScore && missingRequired.length === 0, missingRequired, pendingReview, totals, base: round2(base), raw: round2(raw), contributions };
}

export function scoreRun(input: ScoreInput): ScoreResult {
  const { score, passed, missingRequired, pendingReview, totals } = work(input);
  return { score, passed, missingRequired, pendingReview, totals };
}

/** A task stage on the path as the breakdown names it: where its fraction came from, and its points. */
export interface ExplainedStage extends ScoredStage {
  title: string;
  /** 'rubric': a mentor's points; 'auto': its check; otherwise the rule decides ('pending' or 'unweighted'). */
  from: 'rubric' | 'auto' | null;
  points: number | null;
  maxPoints: number | null;
  deductions?: StageDeductions;
}

export interface ExplainInput {
  stages: readonly ExplainedStage[];
  decisions: ScoreBreakdown['decisionChanges'];
  hints: ScoreBreakdown['hintPenalties'];
  passScore: number;
}

/** The score line by line, so a mentor and the learner can see why: the same rule as scoreRun. */
export function explainScore(input: ExplainInput): ScoreBreakdown {
  const worked = work({
    stages: input.stages,
    decisionChanges: input.decisions.map((d) => d.change),
    hintPenalties: input.hints.map((h) => h.penalty),
    passScore: input.passScore,
  });
  const lines: ScoreLine[] = input.stages.map((stage, index) => {
    const source: ScoreLine['source'] = stage.weight <= 0 ? 'unweighted' : stage.fraction === null ? 'pending' : (stage.from ?? 'auto');
    const contribution = worked.contributions[index] ?? null;
    return {
      stageId: stage.stageId,
      title: stage.title,
      weight: stage.weight,
      required: stage.required,
      done: stage.done,
      source,
      points: stage.points,
      maxPoints: stage.maxPoints,
      fraction: stage.fraction === null ? null : round2(clampUnit(stage.fraction)),
      contribution: contribution === null ? null : round2(contribution),
      ...(stage.deductions && (stage.deductions.hintPoints > 0 || stage.deductions.solutionShown) ? { deductions: stage.deductions } : {}),
      ...(stage.part === 'assessment' ? { part: stage.part } : {}),
    };
  });
  return {
    lines,
    decisionChanges: [...input.decisions],
    hintPenalties: [...input.hints],
    base: worked.base,
    raw: worked.raw,
    score: worked.score,
    passScore: input.passScore,
    passed: worked.passed,
    missingRequired: worked.missingRequired,
    pendingReview: worked.pendingReview,
    totals: worked.totals,
  };
}

/** A quiz's fraction: points earned minus penalties, over points possible, never below 0. */
export function quizFraction(earned: number, penalties: number, possible: number): number {
  if (possible <= 0) return 0;
  return clampUnit((earned - penalties) / possible);
}

/** A rubric review's fraction for one stage. */
export function rubricFraction(points: number, maxPoints: number): number {
  return maxPoints <= 0 ? 0 : clampUnit(points / maxPoints);
}

function clampUnit(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
