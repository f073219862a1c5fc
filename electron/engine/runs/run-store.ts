// Loading a run for an act, with its owner checked, and the legal moves of its state machine:
//   in_progress → submitted (submit, deadline) → reviewed (mentor)
//   in_progress → expired (deadline with on_deadline: lock) | abandoned (learner gives up)
import type { Selectable } from 'kysely';
import { ApiError } from '../../../shared/api/errors.ts';
import { perDb, preparedLookup, preparedUpdate } from '../../../db/prepared.ts';
import type { RunStatus, RunsTable } from '../../../db/schema.ts';
import type { EngineContext } from '../context.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';

export type RunRow = Selectable<RunsTable>;

const MOVES: Record<RunStatus, readonly RunStatus[]> = {
  in_progress: ['submitted', 'expired', 'abandoned'],
  submitted: ['reviewed'],
  reviewed: [],
  expired: [],
  abandoned: [],
};

const STATUS_WORDS: Record<RunStatus, string> = {
  in_progress: 'in progress',
  submitted: 'submitted',
  reviewed: 'reviewed',
  expired: 'locked at its deadline',
  abandoned: 'abandoned',
};

const runById = perDb((db) => preparedLookup(db, (id) => db.q.selectFrom('runs').selectAll().where('id', '=', id as never)));

export function loadRun(ctx: EngineContext, profileId: string, runId: string): RunRow {
  const run = runById(ctx.db)(runId);
  if (!run) throw new ApiError('not_found', `There is no run ${runId}.`);
  if (run.profile_id !== profileId) throw new ApiError('forbidden', 'This run belongs to another profile.');
  return run;
}

/** Refuses an act on a run that is not in progress, saying why. */
export function requireInProgress(run: RunRow, act: string): void {
  if (run.status !== 'in_progress') {
    throw new ApiError('invalid_state', `Cannot ${act}: the run is ${STATUS_WORDS[run.status]}.`, { status: run.status });
  }
}

export function moveRun(ctx: EngineContext, run: RunRow, to: RunStatus, changes: Partial<RunRow> = {}): RunRow {
  if (!MOVES[run.status].includes(to)) {
    throw new ApiError('invalid_state', `A run that is ${STATUS_WORDS[run.status]} cannot become ${STATUS_WORDS[to]}.`, { status: run.status });
  }
  return updateRun(ctx, run, { ...changes, status: to });
}

const RUN_COLUMNS = [
  'profile_id', 'mission_id', 'status', 'started_at', 'deadline_at', 'elapsed_ms', 'clock_checked_at', 'current_stage_id', 'flags_json',
  'warnings_json', 'submitted_at', 'reviewed_at', 'auto_score', 'final_score', 'passed', 'updated_at',
] as const;
const writeRun = perDb((db) => preparedUpdate(db, 'runs', RUN_COLUMNS, 'id'));

/** Writes the whole row: one statement shape, compiled once, for every change to a run. */
export function updateRun(ctx: EngineContext, run: RunRow, changes: Partial<RunRow>): RunRow {
  const next: RunRow = { ...run, ...changes, updated_at: ctx.clock.now() };
  writeRun(ctx.db)(next, run.id);
  return next;
}

/** The run's state for the sync server (mentors see progress and submissions). */
export function queueRunSnapshot(ctx: EngineContext, run: RunRow): void {
  enqueueOutbox(ctx, 'run', run.id, {
    id: run.id,
    profileId: run.profile_id,
    missionId: run.mission_id,
    status: run.status,
    startedAt: run.started_at,
    submittedAt: run.submitted_at,
    elapsedMs: run.elapsed_ms,
    currentStageId: run.current_stage_id,
    finalScore: run.final_score,
    passed: run.passed,
  });
}
