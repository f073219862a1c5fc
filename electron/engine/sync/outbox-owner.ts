// Whose token sends an outbox row: the profile the record belongs to on the server's side. A
// mentor's reviews and claims are the mentor's; a run and what hangs off it are its learner's.
import type { Selectable } from 'kysely';
import type { OutboxTable } from '../../../db/schema.ts';
import type { EngineContext } from '../context.ts';

export type OutboxRow = Selectable<OutboxTable>;

function field(payload: Record<string, unknown>, name: string): string | null {
  const value = payload[name];
  return typeof value === 'string' ? value : null;
}

export function ownerOfRow(ctx: EngineContext, row: OutboxRow, payload: Record<string, unknown>): string | null {
  const { db } = ctx;
  switch (row.topic) {
    case 'profile':
      return field(payload, 'id');
    case 'run':
      return field(payload, 'profileId');
    case 'evidence':
    case 'reflection':
    case 'response': {
      const runId = field(payload, 'runId');
      return runId === null ? null : (db.first(db.q.selectFrom('runs').select('profile_id').where('id', '=', runId))?.profile_id ?? null);
    }
    case 'review':
      return payload.kind === 'claim' ? field(payload, 'profileId') : field(payload, 'reviewerId');
    case 'event':
      return null;
  }
}

/** Records the server needs first: a run before what hangs off it, reviews last. */
export const TOPIC_ORDER: Record<OutboxRow['topic'], number> = { profile: 0, run: 1, evidence: 2, reflection: 2, response: 2, review: 3, event: 4 };
