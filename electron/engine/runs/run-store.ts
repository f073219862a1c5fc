// Loading a run for an act, with its owner checked, and the legal moves of its state machine:
//   in_progress → submitted (submit, deadline) → reviewed (mentor)
//   submitted → returned (mentor, for rework) → submitted (the learner again)
//   in_progress → expired (deadline with on_deadline: lock) | abandoned (learner gives up)
import type { Selectable } from 'kysely';
import { ApiError } from '../../../shared/api/errors.ts';
import { perDb, preparedLookup, preparedUpdate } from '../../../db/prepared.ts';
import type { RunStatus, RunsTable } from '../../../db/schema.ts';
import type { EngineContext } from '../context.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { submissionView } from './run-ending.ts';

export type RunRow = Selectable<RunsTable>;

const MOVES: Record<RunStatus, readonly RunStatus[]> = {
  in_progress: ['submitted', 'expired', 'abandoned'],
  submitted: ['reviewed', 'returned'],
  returned: ['submitted'],
  reviewed: [],
  expired: [],
  abandoned: [],
};

const STATUS_WORDS: Record<RunStatus, string> = {
  in_progress: 'in progress',
  submitted: 'submitted',
  returned: 'returned for rework',
  reviewed: 'reviewed',
  expired: 'locked at its deadline',
  abandoned: 'abandoned',
};

const runById = perDb((db) => preparedLookup(db, (id) => db.q.selectFrom('runs').selectAll().where('id', '=', id as never)));

/** A run by id alone, for code that acts for no one in particular (sync). */
export function findRun(ctx: EngineContext, runId: string): RunRow | undefined {
  return runById(ctx.db)(runId);
}

export function loadRun(ctx: EngineContext, profileId: string, runId: string): RunRow {
  const run = runById(ctx.db)(runId);
  if (!run) throw new ApiError('not_found', `There is no run ${runId}.`);
  if (run.profile_id !== profileId) throw new ApiError('forbidden', 'This run belongs to another profile.');
  return run;
}

/**
 * Refuses a change to the learner's work unless the run is in progress or returned for rework (evidence,
 * answers where attempts remain, responses, the reflection), saying why.
 */
export function requireEditable(run: RunRow, act: string): void {
  if (run.status !== 'returned') requireInProgress(run, act);
}

/** Refuses an act on a run that is not in progress, saying why. */
export function requireInProgress(run: RunRow, act: string): void {
  if (run.status !== 'in_progress') {
    throw new ApiError('invalid_state', `Cannot ${act}: the run is ${STATUS_WORDS[run.status]}.`, { status: run.status });
  }
}

export function moveRun(ctx: EngineContext, run: RunRow, to: RunStatus, changes: RunChanges = {}): RunRow {
  if (!MOVES[run.status].includes(to)) {
    throw new ApiError('invalid_state', `A run that is ${STATUS_WORDS[run.status]} cannot become ${STATUS_WORDS[to]}.`, { status: run.status });
  }
  return updateRun(ctx, run, { ...changes, status: to });
}

const RUN_COLUMNS = [
  'status', 'deadline_at', 'elapsed_ms', 'clock_checked_at', 'current_stage_id', 'flags_json',
  'warnings_json', 'submitted_at', 'reviewed_at', 'auto_score', 'final_score', 'passed', 'updated_at',
  'ended_by', 'ended_at', 'missing_json', 'submission',
] as const satisfies ReadonlyArray<keyof RunRow>;
/** What an act may change on a run: never its owner, its mission or its start. */
export type RunChanges = Partial<Pick<RunRow, (typeof RUN_COLUMNS)[number]>>;
type RunWriter = ReturnType<typeof preparedUpdate<'runs', (typeof RUN_COLUMNS)[number]>>;
/** One compiled statement per set of changed columns; the engine uses a dozen or so. */
const runWriters = perDb(() => new Map<string, RunWriter>());

/**
 * Writes the columns that changed, and the time. SQLite rewrites an index entry whenever its column
 * is in SET, even with the same value, so writing the whole row would touch both run indexes on
 * every clock update.
 */
export function updateRun(ctx: EngineContext, run: RunRow, changes: RunChanges): RunRow {
  const next: RunRow = { ...run, ...changes, updated_at: ctx.clock.now() };
  const columns = RUN_COLUMNS.filter((column) => column === 'updated_at' || next[column] !== run[column]);
  const writers = runWriters(ctx.db);
  const shape = columns.join(',');
  let write = writers.get(shape);
  if (!write) {
    write = preparedUpdate(ctx.db, 'runs', columns, 'id');
    writers.set(shape, write);
  }
  write(next, run.id);
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
    submission: submissionView(run),
  });
}
