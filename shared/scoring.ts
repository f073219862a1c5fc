// The scoring rule (DESIGN.md "Scoring"), written once and used by the engine at submission, by the
// review screen and by the analytics:
//   score = Σ weight × fraction ÷ Σ weight × 100 + decision changes − hint penalties, clamped to 0…100
// over the task stages on the learner's path; a stage's fraction is rubric points ÷ rubric maximum,
// or its auto-check's fraction. Pass when score ≥ pass score and every required stage was done.

export interface ScoredStage {
  stageId: string;
  weight: number;
  required: boolean;
  done: boolean;
  /** 0…1, or null when the stage still waits for a review. */
  fraction: number | null;
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
}

export function scoreRun(input: ScoreInput): ScoreResult {
  const weighted = input.stages.filter((stage) => stage.weight > 0);
  const pendingReview = weighted.filter((stage) => stage.fraction === null).map((stage) => stage.stageId);
  const missingRequired = input.stages.filter((stage) => stage.required && !stage.done).map((stage) => stage.stageId);
  if (pendingReview.length > 0) return { score: null, passed: null, missingRequired, pendingReview };
  const totalWeight = weighted.reduce((sum, stage) => sum + stage.weight, 0);
  // A path with no weighted stage has nothing to lose: it starts from full marks.
  const base = totalWeight === 0 ? 100 : (weighted.reduce((sum, stage) => sum + stage.weight * clampUnit(stage.fraction ?? 0), 0) / totalWeight) * 100;
  const raw = base + sum(input.decisionChanges) - sum(input.hintPenalties);
  const score = Math.round(Math.min(100, Math.max(0, raw)) * 100) / 100;
  return { score, passed: score >= input.passScore && missingRequired.length === 0, missingRequired, pendingReview };
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

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
