// The learner's side of a run returned for rework: what may change again before it is submitted anew.
// Evidence, responses and the reflection open up again; a check takes answers only while attempts
// remain (its own rules refuse the rest); the path and its decisions stay as they were.
import { ApiError } from '../../../shared/api/errors.ts';
import type { TaskStage } from '../../../shared/pack/schema.ts';
import type { EngineContext } from '../context.ts';
import { currentTask } from '../branching/stage-acts.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { stageRow } from '../runs/path.ts';
import type { RunRow } from '../runs/run-store.ts';

/** The task stage an answer or quiz is for: the current one, or in a returned run any task on its path. */
export function taskForCheck(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stageId: string): TaskStage {
  if (run.status !== 'returned') return currentTask(ctx, definition, run, stageId);
  const stage = ctx.missions.stage(definition, stageId);
  if (stage.kind !== 'task') throw new ApiError('invalid_input', `Stage "${stageId}" is a decision, not a task.`);
  if (!stageRow(ctx, run.id, stageId)) throw new ApiError('invalid_state', `Stage "${stage.title}" is not on your path.`);
  return stage;
}
