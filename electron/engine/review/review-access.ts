// Loading a run for a mentor: it exists, it is not the mentor's own, and it is in a state the act needs.
import { ApiError } from '../../../shared/api/errors.ts';
import { perDb, preparedLookup } from '../../../db/prepared.ts';
import type { RunStatus } from '../../../db/schema.ts';
import type { SignedIn } from '../access/session.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import type { RunRow } from '../runs/run-store.ts';

const runById = perDb((db) => preparedLookup(db, (id) => db.q.selectFrom('runs').selectAll().where('id', '=', id as never)));

export interface ReviewTarget {
  who: SignedIn;
  run: RunRow;
  definition: MissionDefinition;
}

/** The signed-in mentor or admin; the roles table has let nobody else this far. */
export function reviewer(ctx: EngineContext): SignedIn {
  const who = ctx.session.current();
  if (!who || who.role === 'learner') throw new ApiError('forbidden', 'Only a mentor or an admin may review runs.');
  return who;
}

export function reviewTarget(ctx: EngineContext, runId: string, statuses: readonly RunStatus[]): ReviewTarget {
  const who = reviewer(ctx);
  const run = runById(ctx.db)(runId);
  if (!run) throw new ApiError('not_found', `There is no run ${runId}.`);
  if (run.profile_id === who.profileId) throw new ApiError('forbidden', 'Nobody reviews their own run: another mentor reviews this one.');
  if (!statuses.includes(run.status)) {
    const why = run.status === 'returned' ? 'it is back with the learner for rework' : run.status === 'reviewed' ? 'it is reviewed already' : 'it has not been submitted';
    throw new ApiError('invalid_state', `This run cannot be reviewed now: ${why}.`, { status: run.status });
  }
  return { who, run, definition: ctx.missions.get(run.mission_id) };
}
