// Gathers what the scoring rule in shared/ needs from a run's records: the task stages on its path
// with their fractions, the decision score changes and the hint penalties.
import { rubricFraction, scoreRun, type ScoredStage, type ScoreResult } from '../../../shared/scoring.ts';
import type { EngineContext } from '../context.ts';
import { stageRubrics } from '../review/stage-rubrics.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { pathRows, readCheck, type CheckState } from './path.ts';
import type { RunRow } from './run-store.ts';

/** An auto-checked stage's fraction; null when it has no check. */
export function checkFraction(check: CheckState, hasAnswer: boolean, hasQuiz: boolean): number | null {
  const parts: number[] = [];
  if (hasAnswer) parts.push(check.answer?.correct ? 1 : 0);
  if (hasQuiz) parts.push(check.quiz?.fraction ?? 0);
  return parts.length === 0 ? null : parts.reduce((a, b) => a + b, 0) / parts.length;
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
  const stages: ScoredStage[] = [];
  for (const row of pathRows(ctx, run.id)) {
    const stage = definition.stages.get(row.stage_id);
    if (!stage || stage.kind !== 'task') continue;
    const auto = checkFraction(readCheck(row), stage.answer !== undefined, stage.questions !== undefined);
    stages.push({ stageId: stage.id, weight: stage.weight, required: stage.required, done: row.completed_at !== null, fraction: reviewed.get(stage.id) ?? auto });
  }
  const decisionChanges = db.all(db.q.selectFrom('decisions').select('score_delta').where('run_id', '=', run.id)).map((row) => row.score_delta);
  const hintPenalties = db.all(db.q.selectFrom('hint_reveals').select('penalty').where('run_id', '=', run.id)).map((row) => row.penalty);
  return scoreRun({ stages, decisionChanges, hintPenalties, passScore: definition.mission.success.pass_score });
}
