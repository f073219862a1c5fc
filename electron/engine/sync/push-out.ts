// Sends what the server lacks: the device's events above the acknowledged sequence (with any of the
// device's tokens), then each enrolled profile's outbox rows (with that profile's token). The local
// acknowledgement moves, and rows leave the outbox, only on the server's answer, in one transaction
// each: a client killed between sending and recording resends, and the server makes that a no-op.
import { MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH, MAX_PAYLOAD_BYTES, MAX_RECORDS_PER_BATCH, type BatchEvent, type EventRecord, type OutboxRecord } from '../../../shared/sync/protocol.ts';
import type { EngineContext } from '../context.ts';
import { findRun } from '../runs/run-store.ts';
import { ownerOfRow, TOPIC_ORDER, type OutboxRow } from './outbox-owner.ts';
import { buildTranscript } from './run-transcript.ts';
import { callServer, SyncFailure } from './sync-http.ts';
import type { UsableToken } from './sync-tokens.ts';

const ACK_SEQ = 'sync.ack_seq';
/** Room under the server's cap for the batch's own JSON around the items. */
const BATCH_BUDGET = MAX_BATCH_BYTES - 64 * 1024;

export function ackedSeq(ctx: EngineContext): number {
  const { db } = ctx;
  return Number(db.first(db.q.selectFrom('settings').select('value').where('key', '=', ACK_SEQ))?.value ?? 0);
}

function setAckedSeq(ctx: EngineContext, seq: number): void {
  const { db } = ctx;
  const value = String(seq);
  db.run(db.q.insertInto('settings').values({ key: ACK_SEQ, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })));
}

export function pendingEvents(ctx: EngineContext): number {
  const { db } = ctx;
  const row = db.first(db.q.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('seq', '>', ackedSeq(ctx)));
  return Number(row?.n ?? 0);
}

function eventBatch(ctx: EngineContext, fromSeq: number, enrolled: ReadonlySet<string>): BatchEvent[] {
  const { db } = ctx;
  const rows = db.all(db.q.selectFrom('events').selectAll().where('seq', '>=', fromSeq).orderBy('seq').limit(MAX_EVENTS_PER_BATCH));
  const items: BatchEvent[] = [];
  let bytes = 0;
  for (const row of rows) {
    // A gap in the local sequence cannot happen (append-only rowids); stop rather than send one.
    if (row.seq !== fromSeq + items.length) break;
    const event: BatchEvent =
      row.profile_id !== null && !enrolled.has(row.profile_id)
        ? { id: row.id, seq: row.seq, deviceId: row.device_id, withheld: true }
        : ({
            id: row.id,
            seq: row.seq,
            deviceId: row.device_id,
            profileId: row.profile_id,
            verb: row.verb,
            objectType: row.object_type,
            objectId: row.object_id,
            runId: row.run_id,
            occurredAt: row.occurred_at,
            context: JSON.parse(row.context_json) as Record<string, unknown>,
            result: row.result_json === null ? null : (JSON.parse(row.result_json) as Record<string, unknown>),
          } as EventRecord);
    bytes += JSON.stringify(event).length;
    if (bytes > BATCH_BUDGET && items.length > 0) break;
    items.push(event);
  }
  return items;
}

/** Pushes every event above the acknowledgement; returns how many the server newly acknowledged. */
export async function pushEvents(ctx: EngineContext, serverUrl: string, token: UsableToken, enrolled: ReadonlySet<string>, signal?: AbortSignal): Promise<number> {
  const start = ackedSeq(ctx);
  for (let round = 0; ; round++) {
    const fromSeq = ackedSeq(ctx) + 1;
    const items = eventBatch(ctx, fromSeq, enrolled);
    if (items.length === 0) return ackedSeq(ctx) - start;
    try {
      const answer = await callServer(serverUrl, '/v1/push', { deviceId: ctx.deviceId, events: { fromSeq, toSeq: fromSeq + items.length - 1, items }, records: [] }, { token: token.token, signal });
      setAckedSeq(ctx, answer.ackSeq);
    } catch (error) {
      // The server holds less than this device thought (a restored server): resend from its point.
      const resendFrom = error instanceof SyncFailure && error.kind === 'gap' ? error.body?.resendFrom : undefined;
      if (resendFrom === undefined || round > 3) throw error;
      setAckedSeq(ctx, resendFrom - 1);
    }
  }
}

function parsePayload(row: OutboxRow): Record<string, unknown> {
  return JSON.parse(row.payload_json) as Record<string, unknown>;
}

/**
 * A run row carries a snapshot of the run's fields; what travels is its whole transcript, built
 * now and written back under the same key, so a retry sends the very same bytes.
 */
function expandRun(ctx: EngineContext, row: OutboxRow, payload: Record<string, unknown>): Record<string, unknown> {
  if (row.topic !== 'run' || 'mission' in payload) return payload;
  const run = findRun(ctx, row.record_id);
  if (!run) return payload;
  const transcript = buildTranscript(ctx, run) as unknown as Record<string, unknown>;
  ctx.db.run(ctx.db.q.updateTable('outbox').set({ payload_json: JSON.stringify(transcript) }).where('id', '=', row.id).where('idempotency_key', '=', row.idempotency_key));
  return transcript;
}

export interface RecordsBatch {
  records: OutboxRecord[];
  /** Rows that cannot travel (too large), with why: kept, shown to the user. */
  refused: { id: number; reason: string }[];
}

/** The next batch of the profile's outbox rows, in the order the server needs them. */
export function recordsBatch(ctx: EngineContext, profileId: string, remote: ReadonlySet<string>): RecordsBatch {
  const { db } = ctx;
  const rows = db.all(db.q.selectFrom('outbox').selectAll().where('last_error', 'is', null).orderBy('id')).sort((a, b) => TOPIC_ORDER[a.topic] - TOPIC_ORDER[b.topic] || a.id - b.id);
  const records: OutboxRecord[] = [];
  const refused: RecordsBatch['refused'] = [];
  let bytes = 0;
  for (const row of rows) {
    if (records.length >= MAX_RECORDS_PER_BATCH || row.topic === 'event') continue;
    const payload = parsePayload(row);
    const owner = ownerOfRow(ctx, row, payload);
    // A run pulled from the server and reviewed here: the review carries the change, the learner's
    // own device sends the run.
    if (owner !== null && remote.has(owner)) {
      db.run(db.q.deleteFrom('outbox').where('id', '=', row.id));
      continue;
    }
    if (owner !== profileId) continue;
    const full = expandRun(ctx, row, payload);
    const size = JSON.stringify(full).length;
    if (size > MAX_PAYLOAD_BYTES) {
      refused.push({ id: row.id, reason: `The ${row.topic} record ${row.record_id} is ${Math.round(size / 1024)} KB, over the ${MAX_PAYLOAD_BYTES / 1024} KB a record may be.` });
      continue;
    }
    if (bytes + size > BATCH_BUDGET && records.length > 0) break;
    bytes += size;
    records.push({ topic: row.topic, recordId: row.record_id, idempotencyKey: row.idempotency_key, payload: full });
  }
  return { records, refused };
}

/** Marks rows that can never travel as they are, so they stop blocking the rest. */
export function setAsideRefused(ctx: EngineContext, refused: RecordsBatch['refused']): void {
  const { db } = ctx;
  for (const { id, reason } of refused) db.run(db.q.updateTable('outbox').set({ last_error: reason }).where('id', '=', id));
}

/** Rows the server now holds leave the outbox, unless a newer snapshot replaced them meanwhile. */
export function acknowledge(ctx: EngineContext, keys: readonly string[]): void {
  const { db } = ctx;
  db.transaction(() => {
    for (let start = 0; start < keys.length; start += 500) {
      db.run(db.q.deleteFrom('outbox').where('idempotency_key', 'in', keys.slice(start, start + 500)));
    }
  });
}
