// A task stage's worked solution (format 1.1). The learner may open it at any time on the stage; when
// the check's tries run out under `on_attempts_exhausted: show_solution` it opens by itself. Once
// shown it stays shown, and a penalised one sets the stage's score to 0 (shared/scoring.ts).
import { ApiError } from '../../../shared/api/errors.ts';
import type { TaskStage } from '../../../shared/pack/schema.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { readCheck, stageRow, writeCheck } from '../runs/path.ts';
import type { RunRow } from '../runs/run-store.ts';
import { recordEvent } from '../telemetry/record-event.ts';

export function showSolution(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stage: TaskStage): void {
  if (!stage.solution || !definition.solutions.has(stage.id)) throw new ApiError('invalid_input', `Stage "${stage.title}" has no solution.`);
  const state = readCheck(stageRow(ctx, run.id, stage.id));
  if (state.solutionShown) throw new ApiError('invalid_state', 'The solution of this stage is shown already.');
  writeCheck(ctx, run.id, stage.id, { ...state, solutionShown: true });
  recordSolutionShown(ctx, definition, run, stage, 'asked');
}

/** The event of a solution shown; the caller has set `solutionShown` in the stage's check state. */
export function recordSolutionShown(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stage: TaskStage, why: 'asked' | 'attempts'): void {
  recordEvent(ctx, {
    verb: 'solution.shown',
    objectType: 'stage',
    objectId: `${definition.code}/${stage.id}`,
    profileId: run.profile_id,
    runId: run.id,
    context: { stageId: stage.id, penalized: stage.solution?.penalized ?? false, why },
  });
}
