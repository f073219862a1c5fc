// Moving along the mission graph: completing a task stage, taking a decision, and (where a mission
// allows it) undoing the last decision. Each act records its events in the same transaction.
import { ApiError } from '../../../shared/api/errors.ts';
import type { DecisionStage, Stage, TaskStage } from '../../../shared/pack/schema.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { completeCurrentStage, enterStage, pathRows, stageRow } from '../runs/path.ts';
import { queueRunSnapshot, updateRun, type RunRow } from '../runs/run-store.ts';
import { recordEvent } from '../telemetry/record-event.ts';
import { stageBlockers } from './blockers.ts';
import { optionOffered, type Flags } from './flags.ts';

export function currentStage(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stageId: string): Stage {
  const stage = ctx.missions.stage(definition, stageId);
  if (run.current_stage_id !== stageId) {
    const where = run.current_stage_id === null ? 'the path is complete' : `the current stage is "${run.current_stage_id}"`;
    throw new ApiError('invalid_state', `Stage "${stageId}" is not the current stage: ${where}.`);
  }
  return stage;
}

export function currentTask(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stageId: string): TaskStage {
  const stage = currentStage(ctx, definition, run, stageId);
  if (stage.kind !== 'task') throw new ApiError('invalid_input', `Stage "${stageId}" is a decision, not a task.`);
  return stage;
}

export function completeTask(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stageId: string): RunRow {
  const stage = currentTask(ctx, definition, run, stageId);
  const blockers = stageBlockers(ctx, run.id, stage, stageRow(ctx, run.id, stageId));
  if (blockers.length > 0) throw new ApiError('rule_violation', `Stage "${stage.title}" is not finished: ${blockers.join(' ')}`, { blockers });
  completeCurrentStage(ctx, definition, run, stageId);
  const next = enterStage(ctx, definition, run, stage.next ?? null);
  queueRunSnapshot(ctx, next);
  return next;
}

export function takeDecision(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stageId: string, optionId: string): RunRow {
  const stage = currentStage(ctx, definition, run, stageId);
  if (stage.kind !== 'decision') throw new ApiError('invalid_input', `Stage "${stageId}" is a task, not a decision.`);
  const option = stage.options.find((candidate) => candidate.id === optionId);
  if (!option) throw new ApiError('not_found', `Decision "${stageId}" has no option "${optionId}".`);
  const flags = JSON.parse(run.flags_json) as Flags;
  if (!optionOffered(option, flags)) throw new ApiError('rule_violation', `Option "${option.label}" is not offered on this path.`);
  const { db } = ctx;
  const now = ctx.clock.now();
  db.run(db.q.insertInto('decisions').values({ run_id: run.id, stage_id: stageId, option_id: optionId, score_delta: option.score ?? 0, taken_at: now }));
  completeCurrentStage(ctx, definition, run, stageId, { response: optionId });
  recordEvent(ctx, {
    verb: 'decision.taken',
    objectType: 'stage',
    objectId: `${definition.code}/${stageId}`,
    profileId: run.profile_id,
    runId: run.id,
    context: { optionId, scoreChange: option.score ?? 0, set: option.set ?? {} },
    result: { response: optionId },
  });
  const moved = updateRun(ctx, run, { flags_json: JSON.stringify({ ...flags, ...(option.set ?? {}) }) });
  const next = enterStage(ctx, definition, moved, option.next ?? null);
  queueRunSnapshot(ctx, next);
  return next;
}

/** Undoes the last decision and returns to it; only for missions with `allow_back: true`. */
export function undoLastDecision(ctx: EngineContext, definition: MissionDefinition, run: RunRow): RunRow {
  if (!definition.mission.allow_back) throw new ApiError('rule_violation', 'Decisions in this mission are final.');
  const rows = pathRows(ctx, run.id);
  const lastDecision = [...rows].reverse().find((row) => definition.stages.get(row.stage_id)?.kind === 'decision' && row.completed_at !== null);
  if (!lastDecision) throw new ApiError('invalid_state', 'There is no decision to go back to.');
  const { db } = ctx;
  const now = ctx.clock.now();
  const dropped = rows.filter((row) => row.seq > lastDecision.seq).map((row) => row.stage_id);
  if (dropped.length > 0) {
    db.run(db.q.deleteFrom('run_stages').where('run_id', '=', run.id).where('stage_id', 'in', dropped));
    db.run(db.q.updateTable('evidence').set({ removed_at: now }).where('run_id', '=', run.id).where('stage_id', 'in', dropped).where('removed_at', 'is', null));
  }
  db.run(db.q.deleteFrom('decisions').where('run_id', '=', run.id).where('stage_id', '=', lastDecision.stage_id));
  db.run(db.q.updateTable('run_stages').set({ completed_at: null, left_at: null }).where('run_id', '=', run.id).where('stage_id', '=', lastDecision.stage_id));
  recordEvent(ctx, { verb: 'decision.undone', objectType: 'stage', objectId: `${definition.code}/${lastDecision.stage_id}`, profileId: run.profile_id, runId: run.id });
  const next = updateRun(ctx, run, { current_stage_id: lastDecision.stage_id, flags_json: JSON.stringify(replayFlags(ctx, definition, run.id)) });
  queueRunSnapshot(ctx, next);
  return next;
}

/** Flags are the `set` of every decision still standing, in path order. */
function replayFlags(ctx: EngineContext, definition: MissionDefinition, runId: string): Flags {
  const { db } = ctx;
  const taken = db.all(db.q.selectFrom('decisions').innerJoin('run_stages', (join) => join.onRef('run_stages.run_id', '=', 'decisions.run_id').onRef('run_stages.stage_id', '=', 'decisions.stage_id')).select(['decisions.stage_id', 'decisions.option_id']).where('decisions.run_id', '=', runId).orderBy('run_stages.seq'));
  const flags: Flags = {};
  for (const { stage_id, option_id } of taken) {
    const stage = definition.stages.get(stage_id) as DecisionStage | undefined;
    Object.assign(flags, stage?.options.find((option) => option.id === option_id)?.set ?? {});
  }
  return flags;
}
