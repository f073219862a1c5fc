// The review queue: submitted runs waiting for a mentor, oldest submission first, with who holds a
// claim and whether a draft exists. One query over the runs of the statuses asked for, never one
// per run: a lab's queue may hold thousands (./dev bench review).
import type { ReviewQueueItem, ReviewQueueStatus } from '../../../shared/api/views.ts';
import type { RunStatus } from '../../../db/schema.ts';
import type { EngineContext } from '../context.ts';

export interface QueueFilter {
  missionId?: number;
  packId?: string;
  learnerId?: string;
  status?: ReviewQueueStatus;
}

export function reviewQueue(ctx: EngineContext, viewerId: string, filter: QueueFilter): ReviewQueueItem[] {
  const items = queueRows(ctx, viewerId, filter, null);
  return filter.status === undefined || filter.status === 'returned' || filter.status === 'reviewed' ? items : items.filter((item) => item.status === filter.status);
}

/** One run's queue entry, whatever its status (after a claim, say); null for the viewer's own run. */
export function queueItem(ctx: EngineContext, viewerId: string, runId: string): ReviewQueueItem | null {
  return queueRows(ctx, viewerId, {}, runId)[0] ?? null;
}

function statusesFor(status: ReviewQueueStatus | undefined): RunStatus[] {
  if (status === 'reviewed') return ['reviewed'];
  if (status === 'returned') return ['returned'];
  if (status === undefined) return ['submitted', 'returned'];
  return ['submitted'];
}

function queueRows(ctx: EngineContext, viewerId: string, filter: QueueFilter, runId: string | null): ReviewQueueItem[] {
  const { db } = ctx;
  let query = db.q
    .selectFrom('runs')
    .innerJoin('missions', 'missions.id', 'runs.mission_id')
    .innerJoin('pack_versions', 'pack_versions.id', 'missions.pack_version_id')
    .innerJoin('profiles as learner', 'learner.id', 'runs.profile_id')
    .leftJoin('review_claims', 'review_claims.run_id', 'runs.id')
    .leftJoin('profiles as claimer', 'claimer.id', 'review_claims.profile_id')
    .select((eb) => [
      'runs.id', 'runs.mission_id', 'runs.profile_id', 'runs.status', 'runs.submitted_at', 'runs.elapsed_ms', 'runs.auto_score', 'runs.submission', 'runs.ended_by',
      'missions.code', 'missions.title', 'pack_versions.pack_id', 'pack_versions.title as pack_title', 'learner.display_name as learner_name',
      'review_claims.profile_id as claim_profile_id', 'review_claims.claimed_at', 'claimer.display_name as claimer_name',
      eb
        .exists(eb.selectFrom('reviews').select('reviews.id').whereRef('reviews.run_id', '=', 'runs.id').whereRef('reviews.submission', '=', 'runs.submission').where('reviews.status', '=', 'draft'))
        .as('has_draft'),
    ])
    .where('runs.profile_id', '!=', viewerId);
  if (runId !== null) {
    query = query.where('runs.id', '=', runId);
  } else {
    query = query.where('runs.status', 'in', statusesFor(filter.status));
    // A run scored in full by its checks at submission waits for nobody.
    if (filter.status !== 'reviewed') query = query.where((eb) => eb.or([eb('runs.status', '!=', 'submitted'), eb('runs.passed', 'is', null)]));
  }
  if (filter.missionId !== undefined) query = query.where('runs.mission_id', '=', filter.missionId);
  if (filter.packId !== undefined) query = query.where('pack_versions.pack_id', '=', filter.packId);
  if (filter.learnerId !== undefined) query = query.where('runs.profile_id', '=', filter.learnerId);
  const rows = db.all(query.orderBy('runs.submitted_at').orderBy('runs.id'));
  return rows.map((row) => ({
    runId: row.id,
    missionId: row.mission_id,
    missionCode: row.code,
    missionTitle: row.title,
    packId: row.pack_id,
    packTitle: row.pack_title,
    learnerId: row.profile_id,
    learnerName: row.learner_name,
    submittedAt: row.submitted_at ?? 0,
    elapsedMs: row.elapsed_ms,
    autoScore: row.auto_score,
    submission: row.submission,
    status: queueStatus(row.status, row.claim_profile_id !== null, Number(row.has_draft) === 1),
    claimedBy: row.claim_profile_id !== null && row.claimed_at !== null ? { profileId: row.claim_profile_id, name: row.claimer_name ?? '', claimedAt: row.claimed_at } : null,
    endedBy: row.ended_by,
  }));
}

function queueStatus(status: RunStatus, claimed: boolean, draft: boolean): ReviewQueueStatus {
  if (status === 'reviewed') return 'reviewed';
  if (status === 'returned') return 'returned';
  if (draft) return 'draft';
  return claimed ? 'claimed' : 'waiting';
}
