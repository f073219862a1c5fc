// Every submission of a run and what became of it: returned for rework, passed, failed, or waiting.
import type { ReviewHistoryEntry } from '../../../shared/api/views.ts';
import type { TelemetryEvent } from '../../../shared/telemetry/xapi.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { runEvents } from '../telemetry/run-events.ts';

export function reviewHistory(ctx: EngineContext, runId: string, definition: MissionDefinition): ReviewHistoryEntry[] {
  const { db } = ctx;
  const submissions = db.all(db.q.selectFrom('run_submissions').selectAll().where('run_id', '=', runId).orderBy('submission'));
  const reviews = db.all(
    db.q
      .selectFrom('reviews')
      .innerJoin('profiles', 'profiles.id', 'reviews.reviewer_id')
      .select(['reviews.submission', 'reviews.outcome', 'reviews.score', 'reviews.feedback', 'reviews.updated_at', 'profiles.display_name'])
      .where('reviews.run_id', '=', runId)
      .where('reviews.status', '=', 'final'),
  );
  // A run's events are read once, and only when it was resubmitted: most runs have one submission.
  const events = submissions.length > 1 ? runEvents(ctx, runId) : [];
  // The n-th submitting event ends submission n: what lies between two of them is the rework.
  const ends = events.filter((event) => SUBMITTING.has(event.verb)).map((event) => event.seq);
  return submissions.map((row, i) => {
    const review = reviews.filter((r) => r.submission === row.submission).sort((a, b) => b.updated_at - a.updated_at)[0];
    return {
      submission: row.submission,
      submittedAt: row.submitted_at,
      endedBy: row.ended_by,
      outcome: review?.outcome ?? 'pending',
      score: review?.outcome === 'returned' ? null : (review?.score ?? null),
      reviewerName: review?.display_name ?? null,
      comment: review?.feedback ?? '',
      at: review?.updated_at ?? null,
      changes: i > 0 ? changesBetween(events, definition, ends[i - 1] ?? Infinity, ends[i] ?? Infinity) : [],
    };
  });
}

const SUBMITTING = new Set<string>(['mission.submitted', 'mission.auto-submitted', 'run.resubmitted']);

/** What the learner did between two submissions (by event sequence), once per thing, in the words of the review. */
function changesBetween(events: readonly TelemetryEvent[], definition: MissionDefinition, after: number, until: number): string[] {
  const titleOf = (objectId: string): string => {
    const stage = definition.stages.get(objectId.slice(objectId.indexOf('/') + 1));
    return stage?.kind === 'task' ? stage.title : objectId;
  };
  const seen = new Set<string>();
  for (const event of events) {
    if (event.seq <= after || event.seq >= until) continue;
    const fileName = typeof event.context.fileName === 'string' ? event.context.fileName : 'a file';
    if (event.verb === 'evidence.added') seen.add(`Added evidence: ${fileName}`);
    else if (event.verb === 'evidence.removed') seen.add(`Removed evidence: ${fileName}`);
    else if (event.verb === 'response.saved') seen.add(`Revised the written response of "${titleOf(event.objectId)}"`);
    else if (event.verb === 'reflection.saved') seen.add('Revised the reflection');
    else if (event.verb === 'check.answered') seen.add(`Answered the check of "${titleOf(event.objectId)}" again`);
    else if (event.verb === 'stage.completed') seen.add(`Completed "${titleOf(event.objectId)}" again`);
  }
  return [...seen];
}

/** The comment of the latest return for rework, while the run is back with the learner. */
export function reworkComment(ctx: EngineContext, runId: string): string | null {
  const { db } = ctx;
  const row = db.first(
    db.q.selectFrom('reviews').select('feedback').where('run_id', '=', runId).where('outcome', '=', 'returned').orderBy('updated_at', 'desc').limit(1),
  );
  return row?.feedback ?? null;
}
