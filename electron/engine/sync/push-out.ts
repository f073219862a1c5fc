// Sends what the server lacks: the device's events above the acknowledged sequence (with any of the
// device's tokens), then each enrolled profile's outbox rows (with that profile's token). The local
// acknowledgement moves, and rows leave the outbox, only on the server's answer, in one transaction
// each: a client killed between sending and recording resends, and the server makes that a no-op.
import type { Selectable } from 'kysely';
import type { EventsTable } from '../../../db/schema.ts';
import { MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH, MAX_PAYLOAD_BYTES, MAX_RECORDS_PER_BATCH, type BatchEvent, type EventRecord, type OutboxRecord } from '../../../shared/sync/protocol.ts';
import type { EngineContext } from '../context.ts';
import { findRun } from '../runs/run-store.ts';
import { ownerOfRow, TOPIC_ORDER, type OutboxRow } from './outbox-owner.ts';
import { buildTranscript } from './run-transcript.ts';
import { callServer, JsonBody, SyncFailure } from './sync-http.ts';
import type { UsableToken } from './sync-tokens.ts';
import { readSetting, writeSetting } from '../settings.ts';

const ACK_SEQ = 'sync.ack_seq';
/** Room under the server's cap for the batch's own JSON around the items. */
const BATCH_BUDGET = MAX_BATCH_BYTES - 64 * 1024;

export function ackedSeq(ctx: EngineContext): number {
  return Number(readSetting(ctx, ACK_SEQ) ?? 0);
}

export function setAckedSeq(ctx: EngineContext, seq: number): void {
  writeSetting(ctx, ACK_SEQ, String(seq));
}

export function pendingEvents(ctx: EngineContext): number {
  const { db } = ctx;
  const row = db.first(db.q.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('seq', '>', ackedSeq(ctx)));
  return Number(row?.n ?? 0);
}

type EventRow = Selectable<EventsTable>;

/** The rows of the next batch: contiguous from fromSeq, at most a batch's worth. */
function batchRows(ctx: EngineContext, fromSeq: number): EventRow[] {
  const { db } = ctx;
  const rows = db.all(db.q.selectFrom('events').selectAll().where('seq', '>=', fromSeq).orderBy('seq').limit(MAX_EVENTS_PER_BATCH));
  // A gap in the local sequence cannot happen (append-only rowids); stop rather than send one.
  const contiguous = rows.findIndex((row, index) => row.seq !== fromSeq + index);
  return contiguous === -1 ? rows : rows.slice(0, contiguous);
}

function isWithheldRow(row: EventRow, enrolled: ReadonlySet<string>): boolean {
  return row.profile_id !== null && !enrolled.has(row.profile_id);
}

function eventOf(row: EventRow, enrolled: ReadonlySet<string>): BatchEvent {
  if (isWithheldRow(row, enrolled)) return { id: row.id, seq: row.seq, deviceId: row.device_id, withheld: true };
  return {
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
  } as EventRecord;
}

/**
 * The event as JSON text, the same as JSON.stringify(eventOf(row)) but with the context and result
 * as stored (the app wrote them with JSON.stringify): a push of thousands of events neither parses
 * them nor writes them again.
 */
export function eventJsonOf(row: EventRow, enrolled: ReadonlySet<string>): string {
  const s = JSON.stringify;
  if (isWithheldRow(row, enrolled)) return `{"id":${s(row.id)},"seq":${row.seq},"deviceId":${s(row.device_id)},"withheld":true}`;
  return `{"id":${s(row.id)},"seq":${row.seq},"deviceId":${s(row.device_id)},"profileId":${s(row.profile_id)},"verb":${s(row.verb)},"objectType":${s(row.object_type)},"objectId":${s(row.object_id)},"runId":${s(row.run_id)},"occurredAt":${row.occurred_at},"context":${row.context_json},"result":${row.result_json ?? 'null'}}`;
}

/**
 * Takes rows while the batch's JSON stays within the budget, in bytes as the server counts them. A
 * UTF-16 unit is at most 3 bytes in UTF-8: a batch whose text is short enough is not counted.
 */
function withinBudget<T>(rows: readonly EventRow[], enrolled: ReadonlySet<string>, take: (row: EventRow, json: string) => T): T[] {
  const texts = rows.map((row) => eventJsonOf(row, enrolled));
  let units = 0;
  for (const text of texts) units += text.length + 1;
  let count = texts.length;
  if (units * 3 > BATCH_BUDGET) {
    let bytes = 0;
    count = texts.findIndex((text) => (bytes += Buffer.byteLength(text) + 1) > BATCH_BUDGET);
    if (count === -1) count = texts.length;
    count = Math.max(1, count);
  }
  return rows.slice(0, count).map((row, index) => take(row, texts[index] as string));
}

export function eventBatch(ctx: EngineContext, fromSeq: number, enrolled: ReadonlySet<string>): BatchEvent[] {
  return withinBudget(batchRows(ctx, fromSeq), enrolled, (row) => eventOf(row, enrolled));
}

/** The next batch as the JSON text of its items array, and how many events it holds. */
function eventBatchJson(ctx: EngineContext, fromSeq: number, enrolled: ReadonlySet<string>): { count: number; json: string } {
  const texts = withinBudget(batchRows(ctx, fromSeq), enrolled, (_row, json) => json);
  return { count: texts.length, json: `[${texts.join(',')}]` };
}

/** Two turns of the event loop: fetch has written a batch's request to the socket by then. */
async function letRequestGo(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Pushes every event above the acknowledgement; returns how many the server newly acknowledged.
 * While the server stores one batch, the next is read from the database, so the two work at once;
 * it is sent only if the server acknowledged the whole of the one before.
 */
export async function pushEvents(ctx: EngineContext, serverUrl: string, token: UsableToken, enrolled: ReadonlySet<string>, signal?: AbortSignal): Promise<number> {
  const start = ackedSeq(ctx);
  let fromSeq = start + 1;
  let batch = eventBatchJson(ctx, fromSeq, enrolled);
  for (let round = 0; batch.count > 0; round++) {
    const toSeq = fromSeq + batch.count - 1;
    const body = new JsonBody(`{"deviceId":${JSON.stringify(ctx.deviceId)},"events":{"fromSeq":${fromSeq},"toSeq":${toSeq},"items":${batch.json}},"records":[]}`);
    const sent = callServer(serverUrl, '/v1/push', body, { token: token.token, signal });
    // Awaited below: a refusal that comes while the next batch is read is not left unhandled.
    sent.catch(() => undefined);
    await letRequestGo();
    const following = eventBatchJson(ctx, toSeq + 1, enrolled);
    try {
      setAckedSeq(ctx, (await sent).ackSeq);
    } catch (error) {
      // The server holds less than this device thought (a restored server): resend from its point.
      const resendFrom = error instanceof SyncFailure && error.kind === 'gap' ? error.body?.resendFrom : undefined;
      if (resendFrom === undefined || round > 3) throw error;
      setAckedSeq(ctx, resendFrom - 1);
    }
    const acked = ackedSeq(ctx);
    batch = acked === toSeq ? following : eventBatchJson(ctx, acked + 1, enrolled);
    fromSeq = acked + 1;
  }
  return ackedSeq(ctx) - start;
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

/**
 * The next batch of the profile's outbox rows, in the order the server needs them; `taken` holds
 * keys already put into earlier batches that stay in the outbox (a sync bundle acknowledges later).
 */
export function recordsBatch(ctx: EngineContext, profileId: string, remote: ReadonlySet<string>, taken: ReadonlySet<string> = new Set()): RecordsBatch {
  const { db } = ctx;
  const rows = db.all(db.q.selectFrom('outbox').selectAll().where('last_error', 'is', null).orderBy('id')).sort((a, b) => TOPIC_ORDER[a.topic] - TOPIC_ORDER[b.topic] || a.id - b.id);
  const records: OutboxRecord[] = [];
  const refused: RecordsBatch['refused'] = [];
  let bytes = 0;
  for (const row of rows) {
    if (records.length >= MAX_RECORDS_PER_BATCH || row.topic === 'event' || taken.has(row.idempotency_key)) continue;
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
