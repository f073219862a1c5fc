// Appends one telemetry event. Called inside the transaction of the act it records, so the act and
// its event commit together or not at all. Events are their own outbox: the sync client pushes every
// event above the server's acknowledged sequence number, so no outbox row is written per event.
import { randomUUID } from 'node:crypto';
import { perDb, preparedInsert } from '../../../db/prepared.ts';
import type { EventObjectType, EventVerb } from '../../../shared/telemetry/verbs.ts';
import type { EngineContext } from '../context.ts';

export interface NewEvent {
  verb: EventVerb;
  objectType: EventObjectType;
  objectId: string;
  profileId: string | null;
  runId: string | null;
  context?: Record<string, unknown>;
  result?: Record<string, unknown>;
}

const insertEvent = perDb((db) =>
  preparedInsert(db, 'events', ['id', 'device_id', 'profile_id', 'verb', 'object_type', 'object_id', 'run_id', 'occurred_at', 'context_json', 'result_json']),
);

export function recordEvent(ctx: EngineContext, event: NewEvent, at = ctx.clock.now()): number {
  return insertEvent(ctx.db)({
    id: randomUUID(),
    device_id: ctx.deviceId,
    profile_id: event.profileId,
    verb: event.verb,
    object_type: event.objectType,
    object_id: event.objectId,
    run_id: event.runId,
    occurred_at: at,
    context_json: event.context ? JSON.stringify(event.context) : '{}',
    result_json: event.result ? JSON.stringify(event.result) : null,
  }).lastInsertRowid;
}
