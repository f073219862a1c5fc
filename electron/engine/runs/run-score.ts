// Gathers what the scoring rule in shared/ needs from a run's records: the task stages on its path
// with their fractions, the decision score changes and the hint penalties.
import type { TaskStage } from '../../../shared/pack/schema.ts';
import { adjustedFraction, rubricFraction, scoreRun, type ScoredStage, type ScoreResult, type StageDeductions } from '../../../shared/scoring.ts';
import type { EngineContext } from '../context.ts';
import { stageRubrics } from '../review/stage-rubrics.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { pathRows, readCheck, type CheckState } from './path.ts';
import type { RunRow } from './run-store.ts';

/**
 * An auto-checked stage's fraction; null when it has no check. A quiz whose questions are all
 * unscored (a questionnaire) is no check: its answers are recorded, never marked.
 */
export function checkFraction(check: CheckState, stage: TaskStage): number | null {
  const parts: number[] = [];
  if (stage.answer) parts.push(check.answer?.correct ? 1 : 0);
  if (stage.questions?.some((question) => question.points > 0)) parts.push(check.quiz?.fraction ?? 0);
  return parts.length === 0 ? null : parts.reduce((a, b) => a + b, 0) / parts.length;
}

/** The stage points of the hints revealed per stage (format 1.1 `penalty_points`), from the pinned mission. */
export function hintPointsByStage(ctx: EngineContext, definition: MissionDefinition, runId: string): Map<string, number> {
  const { db } = ctx;
  const points = new Map<string, number>();
  for (const row of db.all(db.q.selectFrom('hint_reveals').select(['stage_id', 'hint_index']).where('run_id', '=', runId))) {
    const stage = definition.stages.get(row.stage_id);
    const taken = stage?.kind === 'task' ? (stage.hints[row.hint_index]?.penalty_points ?? 0) : 0;
    if (taken > 0) points.set(row.stage_id, (points.get(row.stage_id) ?? 0) + taken);
  }
  return points;
}

export function stageDeductions(stage: TaskStage, check: CheckState, hintPoints: ReadonlyMap<string, number>): StageDeductions {
  return { hintPoints: hintPoints.get(stage.id) ?? 0, solutionShown: check.solutionShown === true && stage.solution?.penalized === true };
}

/** Fractions a mentor's final review gave, per stage, each against the stage's own rubric; a return for rework scores nothing. */
export function reviewFractions(ctx: EngineContext, runId: string, definition: MissionDefinition): Map<string, number> {
  const { db } = ctx;
  const review = db.first(
    db.q
      .selectFrom('reviews')
      .select('id')
      .where('run_id', '=', runId)
      .where('status', '=', 'final')
      .where((eb) => eb.or([eb('outcome', 'is', null), eb('outcome', '!=', 'returned')]))
      .orderBy('updated_at', 'desc')
      .limit(1),
  );
  const fractions = new Map<string, number>();
  if (!review) return fractions;
  const points = db.all(db.q.selectFrom('review_criteria').select(['stage_id', (eb) => eb.fn.sum<number>('points').as('points')]).where('review_id', '=', review.id).groupBy('stage_id'));
  const rubrics = stageRubrics(ctx, definition, points.map((row) => row.stage_id));
  for (const row of points) {
    const rubric = rubrics.get(row.stage_id);
    if (rubric) fractions.set(row.stage_id, rubricFraction(row.points, rubric.maxPoints));
  }
  return fractions;
}

export function computeScore(ctx: EngineContext, definition: MissionDefinition, run: RunRow): ScoreResult {
  const { db } = ctx;
  const reviewed = reviewFractions(ctx, run.id, definition);
  const hintPoints = hintPointsByStage(ctx, definition, run.id);
  const stages: ScoredStage[] = [];
  for (const row of pathRows(ctx, run.id)) {
    const stage = definition.stages.get(row.stage_id);
    if (!stage || stage.kind !== 'task') continue;
    const check = readCheck(row);
    const auto = checkFraction(check, stage);
    const fraction = adjustedFraction(reviewed.get(stage.id) ?? auto, stage.weight, stageDeductions(stage, check, hintPoints));
    stages.push({ stageId: stage.id, weight: stage.weight, required: stage.required, done: row.completed_at !== null, fraction, part: stage.part });
  }
  const decisionChanges = db.all(db.q.selectFrom('decisions').select('score_delta').where('run_id', '=', run.id)).map((row) => row.score_delta);
  const hintPenalties = db.all(db.q.selectFrom('hint_reveals').select('penalty').where('run_id', '=', run.id)).map((row) => row.penalty);
  return scoreRun({ stages, decisionChanges, hintPenalties, passScore: definition.mission.success.pass_score });
}
