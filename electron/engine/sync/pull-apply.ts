// Applies records pulled from the team's server. A learner's device takes the reviews of its runs
// (the run becomes reviewed or returned, as if the mentor had reviewed here); a mentor's device
// takes the team's learners, runs and what they wrote, to review offline. A record that needs
// something this device lacks (a pack version, its run) waits in the inbox, named; one that does
// not fit its schema is refused with the reason. Each record applies in one transaction.
import { benchmarkJson } from '../review/benchmark-json.ts';
import type { z } from 'zod';
import type { PulledRecord } from '../../../shared/sync/protocol.ts';
import type { EngineContext } from '../context.ts';
import { isLocalProfile } from '../profiles/profiles.ts';
import { findRun, queueRunSnapshot, updateRun } from '../runs/run-store.ts';
import { pulledClaimSchema, pulledEvidenceSchema, pulledProfileSchema, pulledReflectionSchema, pulledResponseSchema, pulledReviewSchema, type PulledReview } from './pulled-schemas.ts';
import { applyTranscript, missionIdOf, runTranscriptSchema, type RunTranscript } from './run-transcript.ts';
import type { Enrolment } from './sync-tokens.ts';

export type Applied = { kind: 'applied'; passedRunId?: string } | { kind: 'waiting'; reason: string } | { kind: 'refused'; reason: string } | { kind: 'ignored' };

function parse<S extends z.ZodType>(schema: S, item: PulledRecord): z.infer<S> | string {
  const result = schema.safeParse(item.payload);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  return `a ${item.topic} record (${item.recordId}) does not fit: ${first ? `${first.path.join('.') || 'payload'}: ${first.message}` : 'unknown'}`;
}

/** A person this device knows only through the server; never a profile that signs in here. */
function ensureRemoteProfile(ctx: EngineContext, id: string, name: string | null, role: 'learner' | 'mentor' | 'admin', team: string): boolean {
  const { db } = ctx;
  const held = db.first(db.q.selectFrom('profiles').select(['remote_team', 'display_name']).where('id', '=', id));
  if (held && held.remote_team === null) return false;
  const displayName = name ?? held?.display_name ?? `Team member ${id.slice(0, 8)}`;
  if (held) db.run(db.q.updateTable('profiles').set({ display_name: displayName }).where('id', '=', id));
  else db.run(db.q.insertInto('profiles').values({ id, display_name: displayName, role, team_id: null, created_at: ctx.clock.now(), archived_at: null, remote_team: team }));
  return true;
}

function applyReview(ctx: EngineContext, enrolment: Enrolment, review: PulledReview): Applied {
  const { db } = ctx;
  const run = findRun(ctx, review.runId);
  if (!run) return { kind: 'waiting', reason: `its run ${review.runId}, not pulled yet` };
  if (review.reviewerId === enrolment.profileId && isLocalProfile(ctx, review.reviewerId)) return { kind: 'ignored' };
  ensureRemoteProfile(ctx, review.reviewerId, review.reviewerName ?? null, 'mentor', enrolment.team);
  const row = {
    id: review.id,
    run_id: review.runId,
    reviewer_id: review.reviewerId,
    status: review.status,
    feedback: review.feedback,
    score: review.score,
    passed: review.passed,
    created_at: review.createdAt,
    updated_at: review.updatedAt,
    submission: review.submission,
    outcome: review.outcome,
    breakdown_json: review.breakdown === null || review.breakdown === undefined ? null : JSON.stringify(review.breakdown),
    benchmark_json: benchmarkJson(review.benchmark),
  };
  const held = db.first(db.q.selectFrom('reviews').select(['run_id', 'updated_at']).where('id', '=', review.id));
  if (held && held.run_id !== review.runId) return { kind: 'refused', reason: `review ${review.id} names another run than the one held here` };
  if (held && held.updated_at > review.updatedAt) return { kind: 'ignored' };
  if (held) db.run(db.q.updateTable('reviews').set(row).where('id', '=', review.id));
  else db.run(db.q.insertInto('reviews').values(row));
  db.run(db.q.deleteFrom('review_criteria').where('review_id', '=', review.id));
  db.run(db.q.deleteFrom('review_stages').where('review_id', '=', review.id));
  for (const stage of review.stages) {
    db.run(db.q.insertInto('review_stages').values({ review_id: review.id, stage_id: stage.stageId, feedback: stage.comment, recipe_ids_json: JSON.stringify(stage.recipeIds) }));
    for (const [criterionId, points] of Object.entries(stage.criteria)) db.run(db.q.insertInto('review_criteria').values({ review_id: review.id, stage_id: stage.stageId, criterion_id: criterionId, points }));
  }
  // Only the final review of the submission the run is at moves it; an older one is history.
  if (review.status !== 'final' || review.outcome === null || run.submission !== review.submission || run.status !== 'submitted') return { kind: 'applied' };
  const moved =
    review.outcome === 'returned'
      ? updateRun(ctx, run, { status: 'returned', final_score: null, passed: null })
      : updateRun(ctx, run, { status: 'reviewed', reviewed_at: review.updatedAt, final_score: review.score, passed: review.passed });
  db.run(db.q.deleteFrom('review_claims').where('run_id', '=', run.id));
  if (isLocalProfile(ctx, run.profile_id)) queueRunSnapshot(ctx, moved);
  return { kind: 'applied', passedRunId: review.outcome === 'passed' && isLocalProfile(ctx, run.profile_id) ? run.id : undefined };
}

/**
 * The learner's recipe openings during the run, so this device's analytics see them. They replace
 * the run's reads of its owner; a read id another profile holds here already is left alone.
 */
function applyRecipeReads(ctx: EngineContext, transcript: RunTranscript): void {
  const { db } = ctx;
  if (transcript.recipeReads === undefined) return;
  db.run(db.q.deleteFrom('recipe_reads').where('run_id', '=', transcript.id).where('profile_id', '=', transcript.profileId));
  for (const read of transcript.recipeReads) {
    const row = { id: read.id, profile_id: transcript.profileId, recipe_id: read.recipeId, run_id: transcript.id, stage_id: read.stageId, opened_at: read.openedAt, closed_at: null, active_ms: read.activeMs };
    db.run(db.q.insertInto('recipe_reads').values(row).onConflict((oc) => oc.column('id').doNothing()));
  }
}

function applyOne(ctx: EngineContext, enrolment: Enrolment, item: PulledRecord): Applied {
  const { db } = ctx;
  const refuse = (reason: string): Applied => ({ kind: 'refused', reason });
  switch (item.topic) {
    case 'profile': {
      const profile = parse(pulledProfileSchema, item);
      if (typeof profile === 'string') return refuse(profile);
      ensureRemoteProfile(ctx, profile.id, profile.displayName, profile.role, enrolment.team);
      return { kind: 'applied' };
    }
    case 'run': {
      const transcript = parse(runTranscriptSchema, item);
      if (typeof transcript === 'string') return refuse(transcript);
      if (transcript.id !== item.recordId) return refuse(`run record ${item.recordId} carries run ${transcript.id}`);
      if (isLocalProfile(ctx, transcript.profileId)) return { kind: 'ignored' };
      const missionId = missionIdOf(ctx, transcript.mission);
      if (missionId === null) return { kind: 'waiting', reason: `pack "${transcript.mission.packId}" version ${transcript.mission.version} (mission ${transcript.mission.code}), which this app has not imported` };
      ensureRemoteProfile(ctx, transcript.profileId, null, 'learner', enrolment.team);
      if (applyTranscript(ctx, transcript, missionId) === 'applied') applyRecipeReads(ctx, transcript);
      return { kind: 'applied' };
    }
    case 'reflection': {
      const reflection = parse(pulledReflectionSchema, item);
      if (typeof reflection === 'string') return refuse(reflection);
      if (!findRun(ctx, reflection.runId)) return { kind: 'waiting', reason: `its run ${reflection.runId}, not pulled yet` };
      const row = { run_id: reflection.runId, text: reflection.text, word_count: reflection.wordCount, updated_at: reflection.updatedAt };
      db.run(db.q.insertInto('reflections').values(row).onConflict((oc) => oc.column('run_id').doUpdateSet(row)));
      return { kind: 'applied' };
    }
    case 'response': {
      const response = parse(pulledResponseSchema, item);
      if (typeof response === 'string') return refuse(response);
      if (!findRun(ctx, response.runId)) return { kind: 'waiting', reason: `its run ${response.runId}, not pulled yet` };
      const row = { run_id: response.runId, stage_id: response.stageId, text: response.text, word_count: response.words, updated_at: response.updatedAt };
      db.run(db.q.insertInto('stage_responses').values(row).onConflict((oc) => oc.columns(['run_id', 'stage_id']).doUpdateSet(row)));
      return { kind: 'applied' };
    }
    case 'evidence': {
      const evidence = parse(pulledEvidenceSchema, item);
      if (typeof evidence === 'string') return refuse(evidence);
      const run = findRun(ctx, evidence.runId);
      if (!run) return { kind: 'waiting', reason: `its run ${evidence.runId}, not pulled yet` };
      if (isLocalProfile(ctx, run.profile_id)) return { kind: 'ignored' };
      // The file itself is fetched when needed (evidence-fetch.ts); the row says which it is.
      db.run(db.q.insertInto('blobs').values({ sha256: evidence.sha256, size: evidence.size, created_at: ctx.clock.now() }).onConflict((oc) => oc.column('sha256').doNothing()));
      const row = { id: evidence.id, run_id: evidence.runId, stage_id: evidence.stageId, sha256: evidence.sha256, file_name: evidence.fileName, size: evidence.size, media_type: evidence.mediaType, added_at: evidence.addedAt, removed_at: evidence.removedAt };
      const held = db.first(db.q.selectFrom('evidence').select('run_id').where('id', '=', evidence.id));
      if (held && held.run_id !== evidence.runId) return refuse(`evidence ${evidence.id} names another run than the one held here`);
      db.run(db.q.insertInto('evidence').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)));
      return { kind: 'applied' };
    }
    case 'review': {
      if (item.payload.kind === 'claim') {
        const claim = parse(pulledClaimSchema, item);
        if (typeof claim === 'string') return refuse(claim);
        if (!findRun(ctx, claim.runId)) return { kind: 'ignored' };
        if (isLocalProfile(ctx, claim.profileId)) return { kind: 'ignored' };
        if (claim.released) {
          db.run(db.q.deleteFrom('review_claims').where('run_id', '=', claim.runId).where('profile_id', '=', claim.profileId));
        } else {
          ensureRemoteProfile(ctx, claim.profileId, null, 'mentor', enrolment.team);
          const row = { run_id: claim.runId, profile_id: claim.profileId, claimed_at: claim.claimedAt };
          db.run(db.q.insertInto('review_claims').values(row).onConflict((oc) => oc.column('run_id').doUpdateSet(row)));
        }
        return { kind: 'applied' };
      }
      const review = parse(pulledReviewSchema, item);
      if (typeof review === 'string') return refuse(review);
      return applyReview(ctx, enrolment, review);
    }
  }
}

/** Applies one pulled record in a transaction of its own; what waits goes to the inbox. */
export function applyPulled(ctx: EngineContext, enrolment: Enrolment, item: PulledRecord): Applied {
  const { db } = ctx;
  return db.transaction(() => {
    const applied = applyOne(ctx, enrolment, item);
    if (applied.kind === 'waiting') {
      const row = { idempotency_key: item.idempotencyKey, profile_id: enrolment.profileId, topic: item.topic, record_id: item.recordId, payload_json: JSON.stringify(item.payload), waiting_for: applied.reason, received_at: item.receivedAt };
      db.run(db.q.insertInto('sync_inbox').values(row).onConflict((oc) => oc.column('idempotency_key').doUpdateSet({ waiting_for: applied.reason })));
    } else {
      db.run(db.q.deleteFrom('sync_inbox').where('idempotency_key', '=', item.idempotencyKey));
    }
    return applied;
  });
}

/** Tries the waiting records again (after a pack import, or each sync), oldest first. */
export function retryInbox(ctx: EngineContext, enrolment: Enrolment): Applied[] {
  const { db } = ctx;
  const rows = db.all(db.q.selectFrom('sync_inbox').selectAll().where('profile_id', '=', enrolment.profileId).orderBy('received_at'));
  return rows.map((row) =>
    applyPulled(ctx, enrolment, { topic: row.topic as PulledRecord['topic'], recordId: row.record_id, idempotencyKey: row.idempotency_key, payload: JSON.parse(row.payload_json) as Record<string, unknown>, receivedAt: row.received_at }),
  );
}
