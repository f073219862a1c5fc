import { describe, expect, it } from 'vitest';
import { EVENT_VERBS } from '../../shared/telemetry/verbs.ts';
import { eventRecordSchema, outboxRecordSchema } from '../../shared/sync/protocol.ts';

describe('the sync protocol', () => {
  it('takes every verb the app records', () => {
    const base = { id: 'e1', seq: 1, deviceId: 'device-0001', profileId: null, objectType: 'run', objectId: 'r', runId: null, occurredAt: 1, context: {}, result: null };
    for (const verb of Object.keys(EVENT_VERBS)) expect(eventRecordSchema.safeParse({ ...base, verb }).success, verb).toBe(true);
    for (const verb of ['Mission.started', 'mission', 'mission..x', 'a.b c', '.x']) expect(eventRecordSchema.safeParse({ ...base, verb }).success, verb).toBe(false);
  });

  it('refuses control characters in ids and keys (a NUL would fail PostgreSQL mid-batch)', () => {
    const base = { id: 'e1', seq: 1, deviceId: 'device-0001', profileId: null, verb: 'stage.entered', objectType: 'run', objectId: 'r', runId: null, occurredAt: 1, context: {}, result: null };
    expect(eventRecordSchema.safeParse(base).success).toBe(true);
    expect(eventRecordSchema.safeParse({ ...base, objectId: 'r\u0000x' }).success).toBe(false);
    expect(eventRecordSchema.safeParse({ ...base, id: 'line\nbreak' }).success).toBe(false);
    const record = { topic: 'run', recordId: 'run-1', idempotencyKey: 'k1', payload: {} };
    expect(outboxRecordSchema.safeParse(record).success).toBe(true);
    expect(outboxRecordSchema.safeParse({ ...record, idempotencyKey: 'k\u00001' }).success).toBe(false);
  });
});
