// Claims: a mentor takes a submitted run so two mentors do not score it twice. A claim is a record
// that sync carries (the outbox, topic 'review', record `claim:<run>`); releasing it deletes the row
// and queues the release. An admin may take over or release anyone's claim.
import { ApiError } from '../../../shared/api/errors.ts';
import type { ReviewQueueItem } from '../../../shared/api/views.ts';
import type { SignedIn } from '../access/session.ts';
import type { EngineContext } from '../context.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { recordEvent } from '../telemetry/record-event.ts';
import type { RunRow } from '../runs/run-store.ts';

export type Claim = NonNullable<ReviewQueueItem['claimedBy']>;

export function claimOf(ctx: EngineContext, runId: string): Claim | null {
  const { db } = ctx;
  const row = db.first(
    db.q
      .selectFrom('review_claims')
      .innerJoin('profiles', 'profiles.id', 'review_claims.profile_id')
      .select(['review_claims.profile_id', 'review_claims.claimed_at', 'profiles.display_name'])
      .where('review_claims.run_id', '=', runId),
  );
  return row ? { profileId: row.profile_id, name: row.display_name, claimedAt: row.claimed_at } : null;
}

/**
 * Makes `who` the holder of the run's claim, inside the caller's transaction. Held already: nothing
 * changes. Held by another: a conflict, unless an admin takes it over.
 */
export function takeClaim(ctx: EngineContext, who: SignedIn, run: RunRow, takeOver: boolean): Claim {
  const held = claimOf(ctx, run.id);
  if (held?.profileId === who.profileId) return held;
  if (takeOver && who.role !== 'admin') throw new ApiError('forbidden', 'Only an admin may take over another mentor\'s claim.');
  if (held && !takeOver) throw new ApiError('conflict', `${held.name} is reviewing this run.`, { claimedBy: held });
  const { db } = ctx;
  const now = ctx.clock.now();
  db.run(
    db.q
      .insertInto('review_claims')
      .values({ run_id: run.id, profile_id: who.profileId, claimed_at: now })
      .onConflict((oc) => oc.column('run_id').doUpdateSet({ profile_id: who.profileId, claimed_at: now })),
  );
  recordEvent(ctx, { verb: 'review.claimed', objectType: 'run', objectId: run.id, profileId: who.profileId, runId: run.id, context: held ? { takenOverFrom: held.profileId } : {} }, now);
  queueClaim(ctx, run.id, { profileId: who.profileId, claimedAt: now, released: false });
  const claim = claimOf(ctx, run.id);
  if (!claim) throw new Error('a claim just written is missing');
  return claim;
}

/** Makes sure `who` may work on the run's review now: their claim, or none yet (then it becomes theirs). */
export function requireClaim(ctx: EngineContext, who: SignedIn, run: RunRow): Claim {
  const held = claimOf(ctx, run.id);
  if (held && held.profileId !== who.profileId) throw new ApiError('conflict', `${held.name} is reviewing this run.`, { claimedBy: held });
  return held ?? takeClaim(ctx, who, run, false);
}

/** Ends a claim; `who` must hold it or be an admin. `why` names the act for the event. */
export function dropClaim(ctx: EngineContext, who: SignedIn, run: RunRow, why: 'released' | 'finished' | 'returned'): void {
  const held = claimOf(ctx, run.id);
  if (!held) return;
  if (held.profileId !== who.profileId && who.role !== 'admin') throw new ApiError('forbidden', `${held.name} holds this claim: only they or an admin may release it.`);
  const { db } = ctx;
  db.run(db.q.deleteFrom('review_claims').where('run_id', '=', run.id));
  if (why === 'released') recordEvent(ctx, { verb: 'review.released', objectType: 'run', objectId: run.id, profileId: who.profileId, runId: run.id, context: { claimedBy: held.profileId } });
  queueClaim(ctx, run.id, { profileId: held.profileId, claimedAt: held.claimedAt, released: true });
}

function queueClaim(ctx: EngineContext, runId: string, claim: { profileId: string; claimedAt: number; released: boolean }): void {
  enqueueOutbox(ctx, 'review', `claim:${runId}`, { kind: 'claim', runId, ...claim, at: ctx.clock.now() });
}
