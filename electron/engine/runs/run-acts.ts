// Starting and abandoning runs. A run is pinned to the mission row (and so the pack version) it
// started on.
import { randomUUID } from 'node:crypto';
import { perDb, preparedInsert } from '../../../db/prepared.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { missionCard } from '../catalog/catalog.ts';
import type { EngineContext } from '../context.ts';
import { requireProfile } from '../profiles/profiles.ts';
import { recordEvent } from '../telemetry/record-event.ts';
import { enterStage } from './path.ts';
import { loadRun, moveRun, queueRunSnapshot, type RunRow } from './run-store.ts';

const insertRun = perDb((db) =>
  preparedInsert(db, 'runs', [
    'id', 'profile_id', 'mission_id', 'status', 'started_at', 'deadline_at', 'elapsed_ms', 'clock_checked_at', 'current_stage_id', 'flags_json',
    'warnings_json', 'submitted_at', 'reviewed_at', 'auto_score', 'final_score', 'passed', 'updated_at', 'first_event_seq',
  ]),
);

export function startRun(ctx: EngineContext, profileId: string, missionId: number): RunRow {
  requireProfile(ctx, profileId);
  const card = missionCard(ctx, profileId, missionId);
  if (card.status === 'locked') throw new ApiError('rule_violation', `${card.code} is locked. ${card.lockedReason ?? ''}`.trim(), { lockedBy: card.lockedBy });
  if (card.activeRunId) {
    const returned = loadRun(ctx, profileId, card.activeRunId).status === 'returned';
    const why = returned ? `Your run of ${card.code} was returned for rework: revise it and submit it again.` : `You already have a run of ${card.code} in progress; resume it or abandon it first.`;
    throw new ApiError('conflict', why, { runId: card.activeRunId });
  }
  const definition = ctx.missions.get(missionId);
  const now = ctx.clock.now();
  const runId = randomUUID();
  // The run's first event, recorded first so the run can say where its events begin.
  const startedSeq = recordEvent(ctx, { verb: 'mission.started', objectType: 'mission', objectId: definition.code, profileId, runId, context: { missionId, packVersionId: definition.packVersionId } }, now);
  const run: RunRow = {
    id: runId,
    profile_id: profileId,
    mission_id: missionId,
    status: 'in_progress',
    started_at: now,
    deadline_at: definition.timeLimitMs === null ? null : now + definition.timeLimitMs,
    elapsed_ms: 0,
    clock_checked_at: now,
    current_stage_id: null,
    flags_json: '{}',
    warnings_json: '[]',
    submitted_at: null,
    reviewed_at: null,
    auto_score: null,
    final_score: null,
    passed: null,
    updated_at: now,
    first_event_seq: startedSeq,
    ended_by: null,
    ended_at: null,
    missing_json: null,
    submission: 0,
  };
  insertRun(ctx.db)(run);
  const entered = enterStage(ctx, definition, run, definition.mission.start);
  queueRunSnapshot(ctx, entered);
  return entered;
}

export function abandonRun(ctx: EngineContext, run: RunRow): RunRow {
  const definition = ctx.missions.get(run.mission_id);
  const next = moveRun(ctx, run, 'abandoned');
  recordEvent(ctx, { verb: 'mission.abandoned', objectType: 'mission', objectId: definition.code, profileId: run.profile_id, runId: run.id, context: { stageId: run.current_stage_id } });
  queueRunSnapshot(ctx, next);
  ctx.runClock.close(run.id);
  return next;
}
