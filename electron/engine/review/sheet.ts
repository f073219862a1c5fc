// Everything a mentor needs to score a run, read in one transaction: the learner's run as the
// learner sees it, each stage's rubric, the decisions with the options not taken, the draft, the
// score it would give now, recipe suggestions and the run's history of submissions.
import type { ReviewSheet, RubricView, ScoreBreakdown } from '../../../shared/api/views.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { requireProfile } from '../profiles/profiles.ts';
import { pathRows } from '../runs/path.ts';
import type { RunRow } from '../runs/run-store.ts';
import { buildRunView } from '../runs/run-view.ts';
import { runBreakdown } from './breakdown.ts';
import { claimOf } from './claims.ts';
import { draftOf, givenPoints } from './drafts.ts';
import { reviewHistory } from './history.ts';
import { stageRubrics } from './stage-rubrics.ts';
import { recipeSuggestions } from './suggestions.ts';

/** The task stages on the run's path and the rubric of each that has one. */
export function pathRubrics(ctx: EngineContext, definition: MissionDefinition, run: RunRow): { onPath: Set<string>; rubrics: Map<string, RubricView> } {
  const onPath = new Set(pathRows(ctx, run.id).filter((row) => definition.stages.get(row.stage_id)?.kind === 'task').map((row) => row.stage_id));
  return { onPath, rubrics: stageRubrics(ctx, definition, onPath) };
}

export function reviewSheet(ctx: EngineContext, definition: MissionDefinition, run: RunRow): ReviewSheet {
  const { db } = ctx;
  const { rubrics } = pathRubrics(ctx, definition, run);
  const draft = draftOf(ctx, run);
  const breakdown: ScoreBreakdown = runBreakdown(ctx, definition, run, givenPoints(draft.stages), rubrics);
  const taken = new Map(db.all(db.q.selectFrom('decisions').select(['stage_id', 'option_id']).where('run_id', '=', run.id)).map((d) => [d.stage_id, d.option_id]));
  const decisions: ReviewSheet['decisions'] = [];
  for (const row of pathRows(ctx, run.id)) {
    const stage = definition.stages.get(row.stage_id);
    const chosen = taken.get(row.stage_id);
    if (stage?.kind !== 'decision' || chosen === undefined) continue;
    decisions.push({
      stageId: stage.id,
      title: stage.title ?? 'Decision',
      prompt: stage.prompt,
      chosen: stage.options.find((o) => o.id === chosen)?.label ?? chosen,
      notChosen: stage.options.filter((o) => o.id !== chosen).map((o) => o.label),
    });
  }
  return {
    run: buildRunView(ctx, definition, run),
    learner: requireProfile(ctx, run.profile_id),
    submission: run.submission,
    claim: claimOf(ctx, run.id),
    rubrics: Object.fromEntries(rubrics),
    decisions,
    draft,
    breakdown,
    suggestions: recipeSuggestions(ctx, definition, breakdown),
    history: reviewHistory(ctx, run.id, definition),
  };
}
