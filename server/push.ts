// Stores one push batch in one transaction: the events above the device's acknowledged sequence and
// the outbox snapshots by idempotency key. A retried batch changes nothing; a gap, a conflict or a
// record the caller may not push refuses the whole batch.
import type { Transaction } from 'kysely';
import type { PushAnswer, PushBatch } from '../shared/sync/protocol.ts';
import type { Caller } from './auth.ts';
import type { ServerDb } from './db/open.ts';
import type { Database } from './db/schema.ts';
import { SyncError } from './errors.ts';
import { bindProfile, ownerOf } from './record-owner.ts';

// SQLite allows 32,766 bound values in a statement; 12 columns × 500 rows stays well below.
const EVENT_ROWS_PER_INSERT = 500;

export async function applyPush(db: ServerDb, caller: Caller, batch: PushBatch, now: number): Promise<PushAnswer> {
  if (batch.deviceId !== caller.deviceId) throw new SyncError('forbidden', 'This token was issued to another device.');
  return db.transaction().execute(async (trx) => {
    await trx.insertInto('devices').values({ device_id: batch.deviceId, ack_seq: 0 }).onConflict((oc) => oc.column('device_id').doNothing()).execute();
    const { ack_seq: ack } = await trx.selectFrom('devices').select('ack_seq').where('device_id', '=', batch.deviceId).executeTakeFirstOrThrow();
    const { fromSeq, toSeq, items } = batch.events;
    if (items.length > 0 && fromSeq > ack + 1) {
      throw new SyncError('gap', `Events must continue from sequence ${ack + 1}: the server holds this device's events up to ${ack}. Resend from ${ack + 1}.`, { ackSeq: ack, resendFrom: ack + 1 });
    }
    const profileId = await bindProfile(trx, caller, batch);
    for (const event of items) {
      if (event.profileId !== null && event.profileId !== profileId) throw new SyncError('forbidden', `Event ${event.seq} belongs to another profile than this token's.`);
    }
    await checkHeldEvents(trx, batch, ack);
    const fresh = items.filter((event) => event.seq > ack);
    for (let start = 0; start < fresh.length; start += EVENT_ROWS_PER_INSERT) {
      const rows = fresh.slice(start, start + EVENT_ROWS_PER_INSERT).map((event) => ({
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
      }));
      await trx.insertInto('events').values(rows).onConflict((oc) => oc.columns(['device_id', 'seq']).doNothing()).execute();
    }
    const acceptedRecords: string[] = [];
    for (const record of batch.records) {
      await storeRecord(trx, caller, profileId, batch.deviceId, record, now);
      acceptedRecords.push(record.idempotencyKey);
    }
    const ackSeq = Math.max(ack, items.length > 0 ? toSeq : ack);
    if (ackSeq !== ack) await trx.updateTable('devices').set({ ack_seq: ackSeq }).where('device_id', '=', batch.deviceId).execute();
    return { ackSeq, acceptedRecords };
  });
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
    if (heldIds.get(event.seq) !== event.id) throw new SyncError('conflict', `Event ${event.seq} differs from the one the server holds for this device.`, { ackSeq: ack });
  }
}

async function storeRecord(trx: Transaction<Database>, caller: Caller, profileId: string | null, deviceId: string, record: PushBatch['records'][number], now: number): Promise<void> {
  const owner = await ownerOf(trx, caller, profileId, record);
  const payloadJson = JSON.stringify(record.payload);
  const inserted = await trx
    .insertInto('records')
    .values({ idempotency_key: record.idempotencyKey, topic: record.topic, record_id: record.recordId, payload_json: payloadJson, owner_profile_id: owner.profileId, team_id: owner.teamId, device_id: deviceId, received_at: now })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) return;
  const held = await trx.selectFrom('records').select(['topic', 'record_id', 'payload_json']).where('idempotency_key', '=', record.idempotencyKey).executeTakeFirstOrThrow();
  if (held.topic !== record.topic || held.record_id !== record.recordId || held.payload_json !== payloadJson) {
    throw new SyncError('conflict', `Idempotency key ${record.idempotencyKey} was used already for another snapshot: a new snapshot takes a new key.`);
  }
}
