// Stores one push batch in one transaction: the events above the device's acknowledged sequence and
// the outbox snapshots by idempotency key. A retried batch changes nothing; a gap, a conflict or a
// record the caller may not push refuses the whole batch. Withheld events (profiles not enrolled on
// the device) move the sequence on and store nothing.
import { CompiledQuery, type Transaction } from 'kysely';
import { isWithheld, type BatchEvent, type EventRecord, type PushAnswer, type PushBatch } from '../shared/sync/protocol.ts';
import { noteAnalytics, type AnalyticsLog } from './analytics-store.ts';
import type { Caller } from './auth.ts';
import type { ServerDb } from './db/open.ts';
import type { Database, EventsTable } from './db/schema.ts';
import { dialectOf } from './db/dialect.ts';
import { lockForPush } from './db/write-locks.ts';
import { SyncError } from './errors.ts';
import { noteEvidenceRef } from './evidence-refs.ts';
import { ownerOf } from './record-owner.ts';

// SQLite allows 32,766 bound values in a statement; 12 columns × 500 rows stays well below.
const EVENT_ROWS_PER_INSERT = 500;

/** An event row in the column order of the values insertEventsSql takes. */
const EVENT_ROW: EventsTable = { device_id: '', seq: 0, id: '', profile_id: null, verb: '', object_type: '', object_id: '', run_id: null, occurred_at: 0, context_json: '', result_json: null, received_at: 0 };
const EVENT_COLUMNS = Object.keys(EVENT_ROW) as (keyof EventsTable)[];
const insertSql = new Map<string, string>();

/** Where a record left out of analytics is told (server/analytics-store.ts); nowhere unless given. */
export interface PushOptions {
  log?: AnalyticsLog;
}

export async function applyPush(db: ServerDb, caller: Caller, batch: PushBatch, now: number, options: PushOptions = {}): Promise<PushAnswer> {
  const log = options.log ?? (() => undefined);
  if (batch.deviceId !== caller.deviceId) throw new SyncError('forbidden', 'This token was issued to another device.');
  return db.transaction().execute(async (trx) => {
    await lockForPush(trx, caller.teamId, batch.deviceId);
    await trx.insertInto('devices').values({ device_id: batch.deviceId, ack_seq: 0 }).onConflict((oc) => oc.column('device_id').doNothing()).execute();
    const { ack_seq: ack } = await trx.selectFrom('devices').select('ack_seq').where('device_id', '=', batch.deviceId).executeTakeFirstOrThrow();
    const { fromSeq, toSeq, items } = batch.events;
    if (items.length > 0 && fromSeq > ack + 1) {
      throw new SyncError('gap', `Events must continue from sequence ${ack + 1}: the server holds this device's events up to ${ack}. Resend from ${ack + 1}.`, { ackSeq: ack, resendFrom: ack + 1 });
    }
    await checkEventProfiles(trx, batch.deviceId, items);
    await checkHeldEvents(trx, batch, ack);
    const fresh = items.filter((event): event is EventRecord => event.seq > ack && !isWithheld(event));
    for (let start = 0; start < fresh.length; ) {
      const chunk = fresh.slice(start, start + insertSize(fresh.length - start));
      start += chunk.length;
      const values: unknown[] = [];
      for (const event of chunk) {
        const row: EventsTable = {
          device_id: batch.deviceId,
          seq: event.seq,
          id: event.id,
          profile_id: event.profileId,
          verb: event.verb,
          object_type: event.objectType,
          object_id: event.objectId,
          run_id: event.runId,
          occurred_at: event.occurredAt,
          context_json: JSON.stringify(event.context),
          result_json: event.result === null ? null : JSON.stringify(event.result),
          received_at: now,
        };
        for (const column of EVENT_COLUMNS) values.push(row[column]);
      }
      await trx.executeQuery(CompiledQuery.raw(insertEventsSql(trx, chunk.length), values));
    }
    const acceptedRecords: string[] = [];
    for (const record of batch.records) {
      await storeRecord(trx, caller, batch.deviceId, record, now, log);
      acceptedRecords.push(record.idempotencyKey);
    }
    const ackSeq = Math.max(ack, items.length > 0 ? toSeq : ack);
    if (ackSeq !== ack) await trx.updateTable('devices').set({ ack_seq: ackSeq }).where('device_id', '=', batch.deviceId).execute();
    return { ackSeq, acceptedRecords };
  });
}

/** Rows in the next INSERT: 500, or else a power of two, so that ten statements serve every batch size. */
function insertSize(remaining: number): number {
  return remaining >= EVENT_ROWS_PER_INSERT ? EVENT_ROWS_PER_INSERT : 1 << (31 - Math.clz32(remaining));
}

/**
 * Kysely's SQL for inserting `rows` events, compiled once per row count and database: building the
 * query of 6,000 values node by node for every batch cost the server more than storing the rows.
 */
function insertEventsSql(trx: Transaction<Database>, rows: number): string {
  const key = `${dialectOf(trx)}:${rows}`;
  const known = insertSql.get(key);
  if (known !== undefined) return known;
  const compiled = trx
    .insertInto('events')
    .values(Array.from({ length: rows }, () => EVENT_ROW))
    .onConflict((oc) => oc.columns(['device_id', 'seq']).doNothing())
    .compile();
  if (compiled.parameters.length !== rows * EVENT_COLUMNS.length || !compiled.sql.includes(EVENT_COLUMNS.map((column) => `"${column}"`).join(', '))) {
    throw new Error(`an insert of ${rows} events compiled unlike its rows: ${compiled.sql.slice(0, 300)}`);
  }
  insertSql.set(key, compiled.sql);
  return compiled.sql;
}

/**
 * A device's events hold every profile that used it in one sequence, so any of its tokens pushes
 * them; each event must belong to a profile enrolled on this device with a token still valid.
 * Others' events come withheld.
 */
async function checkEventProfiles(trx: Transaction<Database>, deviceId: string, items: readonly BatchEvent[]): Promise<void> {
  const named = new Set<string>();
  for (const event of items) if (!isWithheld(event) && event.profileId !== null) named.add(event.profileId);
  if (named.size === 0) return;
  const enrolled = await trx
    .selectFrom('device_tokens')
    .innerJoin('people', 'people.id', 'device_tokens.person_id')
    .select('device_tokens.profile_id')
    .where('device_tokens.device_id', '=', deviceId)
    .where('device_tokens.revoked_at', 'is', null)
    .where('people.revoked_at', 'is', null)
    .where('device_tokens.profile_id', 'in', [...named])
    .execute();
  const allowed = new Set(enrolled.map((row) => row.profile_id));
  const stranger = items.find((event) => !isWithheld(event) && event.profileId !== null && !allowed.has(event.profileId));
  if (stranger) throw new SyncError('forbidden', `Event ${stranger.seq} belongs to a profile not enrolled on this device: send it withheld.`);
}

/** A resent event the server holds already must be the same event, or the device's history forked. */
async function checkHeldEvents(trx: Transaction<Database>, batch: PushBatch, ack: number): Promise<void> {
  const { fromSeq, items } = batch.events;
  const lastHeld = Math.min(ack, batch.events.toSeq);
  if (items.length === 0 || fromSeq > lastHeld) return;
  const held = await trx.selectFrom('events').select(['seq', 'id']).where('device_id', '=', batch.deviceId).where('seq', '>=', fromSeq).where('seq', '<=', lastHeld).execute();
  const heldIds = new Map(held.map((row) => [Number(row.seq), row.id]));
  for (const event of items) {
    if (event.seq > lastHeld) break;
    // A withheld event left no row: there is nothing to compare it with.
    const heldId = heldIds.get(event.seq);
    if (heldId !== undefined && heldId !== event.id) throw new SyncError('conflict', `Event ${event.seq} differs from the one the server holds for this device.`, { ackSeq: ack });
  }
}

async function storeRecord(trx: Transaction<Database>, caller: Caller, deviceId: string, record: PushBatch['records'][number], now: number, log: AnalyticsLog): Promise<void> {
  const owner = await ownerOf(trx, caller, record);
  const payloadJson = JSON.stringify(record.payload);
  const inserted = await trx
    .insertInto('records')
    .values({ idempotency_key: record.idempotencyKey, topic: record.topic, record_id: record.recordId, payload_json: payloadJson, owner_profile_id: owner.profileId, team_id: owner.teamId, device_id: deviceId, received_at: now })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .executeTakeFirst();
  await noteEvidenceRef(trx, owner, record);
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) {
    // Once per snapshot: a retried push changes nothing here either.
    await noteAnalytics(trx, record, owner, log);
    return;
  }
  const held = await trx.selectFrom('records').select(['topic', 'record_id', 'payload_json']).where('idempotency_key', '=', record.idempotencyKey).executeTakeFirstOrThrow();
  if (held.topic !== record.topic || held.record_id !== record.recordId || held.payload_json !== payloadJson) {
    throw new SyncError('conflict', `Idempotency key ${record.idempotencyKey} was used already for another snapshot: a new snapshot takes a new key.`);
  }
}
