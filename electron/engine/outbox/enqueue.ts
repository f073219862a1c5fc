// Queues a record for the sync server, in the same transaction as the change. One pending snapshot is
// kept per record: a newer change replaces the payload and takes a new idempotency key, so the server
// can tell a retried push of the old snapshot from the new one.
import { randomUUID } from 'node:crypto';
import { perDb, preparedInsert } from '../../../db/prepared.ts';
import type { OutboxTable } from '../../../db/schema.ts';
import type { EngineContext } from '../context.ts';

const upsert = perDb((db) =>
  preparedInsert(db, 'outbox', ['topic', 'record_id', 'idempotency_key', 'payload_json', 'created_at', 'attempts', 'next_attempt_at', 'last_error'], (insert) =>
    insert.onConflict((oc) =>
      oc.columns(['topic', 'record_id']).doUpdateSet((eb) => ({
        payload_json: eb.ref('excluded.payload_json'),
        idempotency_key: eb.ref('excluded.idempotency_key'),
        created_at: eb.ref('excluded.created_at'),
        attempts: eb.ref('excluded.attempts'),
        next_attempt_at: eb.ref('excluded.next_attempt_at'),
        last_error: eb.ref('excluded.last_error'),
      })),
    ),
  ),
);

export function enqueueOutbox(ctx: EngineContext, topic: OutboxTable['topic'], recordId: string, payload: unknown): void {
  const now = ctx.clock.now();
  upsert(ctx.db)({
    topic,
    record_id: recordId,
    idempotency_key: `${ctx.deviceId}:${topic}:${recordId}:${randomUUID()}`,
    payload_json: JSON.stringify(payload),
    created_at: now,
    attempts: 0,
    next_attempt_at: now,
    last_error: null,
  });
}
