// Brings a run's elapsed time up to now before anything reads or changes it, and gives the deadline
// warnings and the deadline action that the time passed calls for.
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { recordEvent } from '../telemetry/record-event.ts';
import { updateRun, type RunRow } from '../runs/run-store.ts';
import type { TimerView } from '../../../shared/api/views.ts';

const PERCENT_WARNINGS = [50, 75, 90] as const;
const FIVE_MINUTES = 5 * 60_000;

/** Elapsed time is written at most about once a second per run; the ticker keeps it current. */
const SETTLE_MIN_MS = 1000;

export function settleRun(ctx: EngineContext, run: RunRow): RunRow {
  if (run.status !== 'in_progress') return run;
  const { db } = ctx;
  const delta = ctx.runClock.take(run.id, run.clock_checked_at, SETTLE_MIN_MS);
  if (!delta) return run;
  if (delta.active && delta.deltaMs > 0 && run.current_stage_id) {
    db.run(
      db.q
        .updateTable('run_stages')
        .set((eb) => ({ active_ms: eb('active_ms', '+', Math.round(delta.deltaMs)) }))
        .where('run_id', '=', run.id)
        .where('stage_id', '=', run.current_stage_id),
    );
  }
  if (delta.jumpMs !== 0) {
    recordEvent(ctx, { verb: 'clock.jumped', objectType: 'run', objectId: run.id, profileId: run.profile_id, runId: run.id, context: { jumpMs: Math.round(delta.jumpMs) } });
  }
  return updateRun(ctx, run, { elapsed_ms: run.elapsed_ms + Math.round(delta.deltaMs), clock_checked_at: ctx.clock.now() });
}

/** Deadline warnings due now, not given before: 50, 75 and 90 percent used, and five minutes left. */
export function dueWarnings(definition: MissionDefinition, run: RunRow): string[] {
  const limit = definition.timeLimitMs;
  if (limit === null) return [];
  const given = new Set(JSON.parse(run.warnings_json) as string[]);
  const due: string[] = PERCENT_WARNINGS.filter((p) => run.elapsed_ms >= (limit * p) / 100).map(String);
  if (limit > FIVE_MINUTES && limit - run.elapsed_ms <= FIVE_MINUTES) due.push('five-minutes');
  return due.filter((warning) => !given.has(warning));
}

export function timerView(definition: MissionDefinition, run: RunRow): TimerView | null {
  if (definition.timeLimitMs === null) return null;
  return {
    limitMs: definition.timeLimitMs,
    elapsedMs: run.elapsed_ms,
    remainingMs: definition.timeLimitMs - run.elapsed_ms,
    onDeadline: definition.mission.on_deadline,
    warnings: JSON.parse(run.warnings_json) as string[],
  };
}
