import { describe, expect, it } from 'vitest';
import { EVENT_VERBS } from '../../shared/telemetry/verbs.ts';
import { eventRecordSchema } from '../../shared/sync/protocol.ts';

describe('the sync protocol', () => {
  it('takes every verb the app records', () => {
    const base = { id: 'e1', seq: 1, deviceId: 'device-0001', profileId: null, objectType: 'run', objectId: 'r', runId: null, occurredAt: 1, context: {}, result: null };
    for (const verb of Object.keys(EVENT_VERBS)) expect(eventRecordSchema.safeParse({ ...base, verb }).success, verb).toBe(true);
    for (const verb of ['Mission.started', 'mission', 'mission..x', 'a.b c', '.x']) expect(eventRecordSchema.safeParse({ ...base, verb }).success, verb).toBe(false);
  });
});
