// Records a device pulls above its cursor: a learner gets the reviews of their runs; a mentor gets
// their team's learners, runs and what the learners wrote for them, and the team's reviews and claims.
import { PULL_LIMIT, type PullAnswer, type PullRequest } from '../shared/sync/protocol.ts';
import type { Caller } from './auth.ts';
import type { ServerDb } from './db/open.ts';

export async function applyPull(db: ServerDb, caller: Caller, request: PullRequest): Promise<PullAnswer> {
  let query = db
    .selectFrom('records')
    .select(['cursor', 'topic', 'record_id', 'idempotency_key', 'payload_json', 'received_at'])
    .where('team_id', '=', caller.teamId)
    .where('cursor', '>', request.cursor)
    .orderBy('cursor')
    .limit(PULL_LIMIT + 1);
  if (caller.role === 'learner') {
    // A learner without a bound profile has pushed nothing yet, so nothing can be theirs.
    query = query
      .where('topic', '=', 'review')
      .where('record_id', 'not like', 'claim:%')
      .where('owner_profile_id', '=', caller.profileId ?? '');
  } else {
    // Reviews and claims too: a mentor sees what the team's other mentors have taken or finished.
    query = query.where('topic', 'in', ['profile', 'run', 'reflection', 'response', 'evidence', 'review']);
  }
  const rows = await query.execute();
  const page = rows.slice(0, PULL_LIMIT);
  return {
    items: page.map((row) => ({ topic: row.topic, recordId: row.record_id, idempotencyKey: row.idempotency_key, payload: JSON.parse(row.payload_json) as Record<string, unknown>, receivedAt: row.received_at })),
    cursor: page.at(-1)?.cursor ?? request.cursor,
    more: rows.length > PULL_LIMIT,
  };
}
