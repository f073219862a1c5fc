// The learner's path through a mission: which stages were entered, in what order, and their state.
import type { Selectable } from 'kysely';
import { perDb, preparedInsert, preparedList, preparedLookup, preparedLookup2 } from '../../../db/prepared.ts';
import type { RunStagesTable } from '../../../db/schema.ts';
import type { QuizResult } from '../../../shared/api/views.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { recordEvent } from '../telemetry/record-event.ts';
import { updateRun, type RunRow } from './run-store.ts';

export type RunStageRow = Selectable<RunStagesTable>;

/** The auto-check state of a stage, kept in run_stages.check_json. */
export interface AnswerState {
  /** Wrong tries so far. */
  attempts: number;
  /** Every try so far, right ones included (absent in states kept before format 1.1: then the wrong ones). */
  tries?: number;
  correct: boolean;
  /** Answered right, or closed at 0 when the tries ran out. */
  done: boolean;
  /** `logic: all`: the indices of the accepted answers found so far. */
  found?: number[];
}

export interface CheckState {
  answer?: AnswerState;
  quiz?: QuizResult;
  /** The learner saw the stage's solution (asked for it, or the tries ran out under show_solution). */
  solutionShown?: boolean;
}

const pathOf = perDb((db) => preparedList(db, (runId) => db.q.selectFrom('run_stages').selectAll().where('run_id', '=', runId as never).orderBy('seq')));

export function pathRows(ctx: EngineContext, runId: string): RunStageRow[] {
  return pathOf(ctx.db)(runId);
}

const stageOfRun = perDb((db) =>
  preparedLookup2(db, (runId, stageId) => db.q.selectFrom('run_stages').selectAll().where('run_id', '=', runId as never).where('stage_id', '=', stageId as never)),
);

export function stageRow(ctx: EngineContext, runId: string, stageId: string): RunStageRow | undefined {
  return stageOfRun(ctx.db)(runId, stageId);
}

const lastSeqOf = perDb((db) => preparedLookup(db, (runId) => db.q.selectFrom('run_stages').select((eb) => eb.fn.max('seq').as('seq')).where('run_id', '=', runId as never)));
const insertStage = perDb((db) =>
  preparedInsert(db, 'run_stages', ['run_id', 'stage_id', 'seq', 'entered_at', 'entered_elapsed_ms', 'left_at', 'completed_at', 'active_ms', 'tools_json', 'check_json']),
);

export function readCheck(row: RunStageRow | undefined): CheckState {
  return row?.check_json ? (JSON.parse(row.check_json) as CheckState) : {};
}

export function writeCheck(ctx: EngineContext, runId: string, stageId: string, state: CheckState): void {
  const { db } = ctx;
  db.run(db.q.updateTable('run_stages').set({ check_json: JSON.stringify(state) }).where('run_id', '=', runId).where('stage_id', '=', stageId));
}

/** Moves the run onto a stage (or to the end of its path when `stageId` is null). */
export function enterStage(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stageId: string | null): RunRow {
  const now = ctx.clock.now();
  if (stageId !== null) {
    insertStage(ctx.db)({
      run_id: run.id,
      stage_id: stageId,
      seq: (lastSeqOf(ctx.db)(run.id)?.seq ?? 0) + 1,
      entered_at: now,
      entered_elapsed_ms: run.elapsed_ms,
      left_at: null,
      completed_at: null,
      active_ms: 0,
      tools_json: '[]',
      check_json: null,
    });
    recordEvent(ctx, { verb: 'stage.entered', objectType: 'stage', objectId: `${definition.code}/${stageId}`, profileId: run.profile_id, runId: run.id }, now);
  }
  return updateRun(ctx, run, { current_stage_id: stageId });
}

/** Closes the current stage: completed (a task done, a decision taken). */
export function completeCurrentStage(ctx: EngineContext, definition: MissionDefinition, run: RunRow, stageId: string, result?: Record<string, unknown>): void {
  const { db } = ctx;
  const now = ctx.clock.now();
  db.run(db.q.updateTable('run_stages').set({ completed_at: now, left_at: now }).where('run_id', '=', run.id).where('stage_id', '=', stageId));
  const row = stageRow(ctx, run.id, stageId);
  const objectId = `${definition.code}/${stageId}`;
  recordEvent(ctx, { verb: 'stage.completed', objectType: 'stage', objectId, profileId: run.profile_id, runId: run.id, result }, now);
  recordEvent(ctx, { verb: 'stage.left', objectType: 'stage', objectId, profileId: run.profile_id, runId: run.id, context: { activeMs: row?.active_ms ?? 0 } }, now);
}
