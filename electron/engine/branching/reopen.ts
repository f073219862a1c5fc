// A finished stage that loses what it needed is open again: removing the last evidence file of a
// stage that requires evidence reopens it, and the learner completes it again where it stands on
// the path, without moving the current stage. Submission waits until it is complete.
import { ApiError } from '../../../shared/api/errors.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { stageRow } from '../runs/path.ts';
import { queueRunSnapshot, type RunRow } from '../runs/run-store.ts';
import { recordEvent } from '../telemetry/record-event.ts';
import { evidenceCount, stageBlockers } from './blockers.ts';

/** Reopens a completed task stage whose required evidence is gone; true when it did. */
export function reopenIfEvidenceGone(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stageId: string): boolean {
  const stage = definition.stages.get(stageId);
  if (stage?.kind !== 'task' || !stage.evidence?.required || evidenceCount(ctx, run.id, stageId) > 0) return false;
  const row = stageRow(ctx, run.id, stageId);
  if (!row || row.completed_at === null) return false;
  const { db } = ctx;
  db.run(db.q.updateTable('run_stages').set({ completed_at: null }).where('run_id', '=', run.id).where('stage_id', '=', stageId));
  recordEvent(ctx, { verb: 'stage.reopened', objectType: 'stage', objectId: `${definition.code}/${stageId}`, profileId: run.profile_id, runId: run.id, context: { reason: 'evidence-removed' } });
  queueRunSnapshot(ctx, run);
  return true;
}

/** Completes a stage behind the current one that was reopened; the path stays where it is. */
export function completeReopenedTask(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stageId: string): RunRow {
  const stage = ctx.missions.stage(definition, stageId);
  if (stage.kind !== 'task') throw new ApiError('invalid_input', `Stage "${stageId}" is a decision, not a task.`);
  const row = stageRow(ctx, run.id, stageId);
  if (!row) throw new ApiError('invalid_state', `Stage "${stage.title}" is not on your path yet.`);
  if (row.completed_at !== null) throw new ApiError('invalid_state', `Stage "${stage.title}" is completed already.`);
  const blockers = stageBlockers(ctx, run.id, stage, row);
  if (blockers.length > 0) throw new ApiError('rule_violation', `Stage "${stage.title}" is not finished: ${blockers.join(' ')}`, { blockers });
  const { db } = ctx;
  const now = ctx.clock.now();
  db.run(db.q.updateTable('run_stages').set({ completed_at: now }).where('run_id', '=', run.id).where('stage_id', '=', stageId));
  recordEvent(ctx, { verb: 'stage.completed', objectType: 'stage', objectId: `${definition.code}/${stageId}`, profileId: run.profile_id, runId: run.id, result: { reopened: true } }, now);
  queueRunSnapshot(ctx, run);
  return run;
}

/** Stages behind the current one that are not complete: only reopened ones can be. */
export function reopenedStages(definition: MissionDefinition, run: RunRow, rows: ReadonlyArray<{ stage_id: string; completed_at: number | null }>): string[] {
  return rows.filter((row) => row.completed_at === null && row.stage_id !== run.current_stage_id && definition.stages.get(row.stage_id)?.kind === 'task').map((row) => row.stage_id);
}
