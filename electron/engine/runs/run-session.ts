// The frame of every act on a run: bring its clock up to date and apply the deadline (committed on
// its own, so a deadline that passed is never rolled back with a refused act), then do the act in
// one transaction with its events and outbox rows.
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { applyDeadline } from '../timers/deadline.ts';
import { settleRun } from '../timers/settle.ts';
import { loadRun, type RunRow } from './run-store.ts';

export function refreshRun(ctx: EngineContext, profileId: string, runId: string): { definition: MissionDefinition; run: RunRow } {
  return ctx.db.transaction(() => {
    const loaded = loadRun(ctx, profileId, runId);
    const definition = ctx.missions.get(loaded.mission_id);
    const run = applyDeadline(ctx, definition, settleRun(ctx, loaded));
    return { definition, run };
  });
}

export function actOnRun<T>(ctx: EngineContext, profileId: string, runId: string, act: (definition: MissionDefinition, run: RunRow) => T): T {
  refreshRun(ctx, profileId, runId);
  return ctx.db.transaction(() => {
    const run = loadRun(ctx, profileId, runId);
    return act(ctx.missions.get(run.mission_id), run);
  });
}
