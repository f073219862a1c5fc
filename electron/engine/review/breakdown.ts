// The score of a run line by line, from its records and a mentor's points (a draft or a finished
// review), with the one scoring rule (shared/scoring.ts explainScore).
import type { RubricView, ScoreBreakdown } from '../../../shared/api/views.ts';
import { adjustedFraction, explainScore, rubricFraction, type ExplainedStage } from '../../../shared/scoring.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { pathRows, readCheck } from '../runs/path.ts';
import { checkFraction, hintPointsByStage, stageDeductions } from '../runs/run-score.ts';
import type { RunRow } from '../runs/run-store.ts';
import { stagePoints } from './stage-rubrics.ts';

/** Criterion points per stage id, as a mentor gave them. */
export type GivenPoints = ReadonlyMap<string, Readonly<Record<string, number>>>;

export function runBreakdown(ctx: EngineContext, definition: MissionDefinition, run: RunRow, given: GivenPoints, rubrics: ReadonlyMap<string, RubricView>): ScoreBreakdown {
  const { db } = ctx;
  const stages: ExplainedStage[] = [];
  const hintPoints = hintPointsByStage(ctx, definition, run.id);
  for (const row of pathRows(ctx, run.id)) {
    const stage = definition.stages.get(row.stage_id);
    if (stage?.kind !== 'task') continue;
    const rubric = rubrics.get(stage.id);
    const points = rubric ? stagePoints(rubric, given.get(stage.id)) : null;
    const check = readCheck(row);
    const auto = checkFraction(check, stage);
    // A mentor's review of a stage replaces its check (DESIGN.md "Auto-checked stages").
    const fromRubric = rubric !== undefined && points !== null;
    const deductions = stageDeductions(stage, check, hintPoints);
    stages.push({
      stageId: stage.id,
      title: stage.title,
      weight: stage.weight,
      required: stage.required,
      done: row.completed_at !== null,
      fraction: adjustedFraction(fromRubric ? rubricFraction(points, rubric.maxPoints) : auto, stage.weight, deductions),
      deductions,
      part: stage.part,
      from: fromRubric ? 'rubric' : auto !== null ? 'auto' : null,
      points: fromRubric ? points : null,
      maxPoints: rubric?.maxPoints ?? null,
    });
  }
  const decisions = db
    .all(db.q.selectFrom('decisions').select(['stage_id', 'option_id', 'score_delta']).where('run_id', '=', run.id).orderBy('taken_at'))
    .filter((d) => d.score_delta !== 0)
    .map((d) => {
      const stage = definition.stages.get(d.stage_id);
      const option = stage?.kind === 'decision' ? stage.options.find((o) => o.id === d.option_id) : undefined;
      return { stageId: d.stage_id, title: stage?.kind === 'decision' ? (stage.title ?? 'Decision') : d.stage_id, optionLabel: option?.label ?? d.option_id, change: d.score_delta };
    });
  const hints = db
    .all(db.q.selectFrom('hint_reveals').select(['stage_id', 'hint_index', 'penalty']).where('run_id', '=', run.id).orderBy('revealed_at').orderBy('hint_index'))
    .map((h) => {
      const stage = definition.stages.get(h.stage_id);
      const stagePoints = stage?.kind === 'task' ? stage.hints[h.hint_index]?.penalty_points : undefined;
      return { stageId: h.stage_id, title: stage?.kind === 'task' ? stage.title : h.stage_id, hint: h.hint_index + 1, penalty: h.penalty, ...(stagePoints ? { stagePoints } : {}) };
    });
  return explainScore({ stages, decisions, hints, passScore: definition.mission.success.pass_score });
}
