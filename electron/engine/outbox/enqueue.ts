// Queues a record for the sync server, in the same transaction as the change. One pending snapshot is
// kept per record: a newer change replaces the payload and takes a new idempotency key, so the server
// can tell a retried push of the old snapshot from the new one.
import { randomUUID } from 'node:crypto';
import type { OutboxTable } from '../../../db/schema.ts';
import type { EngineContext } from '../context.ts';

export function enqueueOutbox(ctx: EngineContext, topic: OutboxTable['topic'], recordId: string, payload: unknown): void {
  const { db } = ctx;
  const key = `${ctx.deviceId}:${topic}:${recordId}:${randomUUID()}`;
  const json = JSON.stringify(payload);
  const now = ctx.clock.now();
  db.run(
    db.q
      .insertInto('outbox')
      .values({ topic, record_id: recordId, idempotency_key: key, payload_json: json, created_at: now, attempts: 0, next_attempt_at: now, last_error: null })
      .onConflict((oc) => oc.columns(['topic', 'record_id']).doUpdateSet({ payload_json: json, idempotency_key: key, created_at: now, attempts: 0, next_attempt_at: now, last_error: null })),
  );
}
