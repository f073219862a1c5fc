// A run's telemetry events as plain records, for xAPI export and the derived progress figures.
import type { EventObjectType, EventVerb } from '../../../shared/telemetry/verbs.ts';
import type { TelemetryEvent } from '../../../shared/telemetry/xapi.ts';
import type { EngineContext } from '../context.ts';

/**
 * Events are not indexed by run (see migration 0002): they are read from the run's first event on,
 * along the table's own order, so the cost grows with the events recorded on this device since the
 * run started.
 */
export function runEvents(ctx: EngineContext, runId: string): TelemetryEvent[] {
  const { db } = ctx;
  const run = db.first(db.q.selectFrom('runs').select('first_event_seq').where('id', '=', runId));
  if (!run) return [];
  const from = run.first_event_seq ?? 0;
  return db.all(db.q.selectFrom('events').selectAll().where('seq', '>=', from).where('run_id', '=', runId).orderBy('seq')).map((row) => ({
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
