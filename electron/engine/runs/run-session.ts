// The frame of every act on a run: one transaction that brings its clock up to date, applies the
// deadline, and does the act with its events and outbox rows in a savepoint, so a deadline that
// passed is never rolled back with a refused act.
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { applyDeadline } from '../timers/deadline.ts';
import { settleRun } from '../timers/settle.ts';
import { loadRun, type RunRow } from './run-store.ts';
import { buildRunView } from './run-view.ts';
import type { RunView } from '../../../shared/api/views.ts';

export interface RefreshedRun {
  definition: MissionDefinition;
  run: RunRow;
  /** Whether bringing the run up to date wrote anything (its clock, a warning, a deadline action). */
  changed: boolean;
}

export function refreshRun(ctx: EngineContext, profileId: string, runId: string): RefreshedRun {
  const refresh = (): RefreshedRun => {
    const loaded = loadRun(ctx, profileId, runId);
    const definition = ctx.missions.get(loaded.mission_id);
    // settleRun and applyDeadline hand back the same row when they had nothing to write.
    const run = applyDeadline(ctx, definition, settleRun(ctx, loaded));
    return { definition, run, changed: run !== loaded };
  };
  // Inside an act's transaction already: a savepoint of its own would only cost time.
  return ctx.db.sqlite.inTransaction ? refresh() : ctx.db.transaction(refresh);
}

export function actOnRun<T>(ctx: EngineContext, profileId: string, runId: string, act: (definition: MissionDefinition, run: RunRow) => T): T {
  let refused: { error: unknown } | null = null;
  const result = ctx.db.transaction(() => {
    const { definition, run, changed } = refreshRun(ctx, profileId, runId);
    // Nothing to keep if the act is refused: no savepoint needed, the whole transaction rolls back.
    if (!changed) return act(definition, run);
    try {
      // A savepoint: a refused act rolls back alone, the clock and any deadline action still commit.
      return ctx.db.transaction(() => act(definition, run));
    } catch (error) {
      refused = { error };
      return undefined;
    }
  });
  if (refused) throw (refused as { error: unknown }).error;
  return result as T;
}

/** The run as the screens see it now: refreshed and read in one transaction, one consistent snapshot. */
export function currentRunView(ctx: EngineContext, profileId: string, runId: string): RunView {
  return ctx.db.transaction(() => {
    const { definition, run } = refreshRun(ctx, profileId, runId);
    return buildRunView(ctx, definition, run);
  });
}
