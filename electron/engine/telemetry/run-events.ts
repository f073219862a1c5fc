// A run's telemetry events as plain records, for xAPI export and the derived progress figures.
import type { EventObjectType, EventVerb } from '../../../shared/telemetry/verbs.ts';
import type { TelemetryEvent } from '../../../shared/telemetry/xapi.ts';
import type { EngineContext } from '../context.ts';

export function runEvents(ctx: EngineContext, runId: string): TelemetryEvent[] {
  const { db } = ctx;
  return db.all(db.q.selectFrom('events').selectAll().where('run_id', '=', runId).orderBy('seq')).map((row) => ({
    id: row.id,
    seq: row.seq,
    deviceId: row.device_id,
    profileId: row.profile_id,
    verb: row.verb as EventVerb,
    objectType: row.object_type as EventObjectType,
    objectId: row.object_id,
    runId: row.run_id,
    occurredAt: row.occurred_at,
    context: JSON.parse(row.context_json) as Record<string, unknown>,
    result: row.result_json ? (JSON.parse(row.result_json) as Record<string, unknown>) : null,
  }));
}
