// Events as the app records them during missions, for the sync benchmarks and load tests: the verbs,
// objects and contexts of a learner's run (electron/engine: runs, checks, hints, evidence,
// responses), a run every hundred events, about 320 bytes each as JSON like the app's own. The same
// device and sequence always give the same event, so a batch can be made again for a resend.
import type { EventRecord } from '../../shared/sync/protocol.ts';

const EVENTS_PER_RUN = 100;
const MISSIONS = ['SOC-01', 'GRC-01', 'PHISH-01'];
const STAGES = ['triage', 'escalate-incident', 'shift-report'];

type Shape = Pick<EventRecord, 'verb' | 'objectType' | 'objectId' | 'context' | 'result'>;

/** The shape of the i-th event of a run, in the order a run goes. */
function shapeOf(i: number, mission: string, at: number): Shape {
  const stage = STAGES[Math.floor(i / 34) % STAGES.length] as string;
  const onStage = `${mission}/${stage}`;
  switch (i % 10) {
    case 0:
      return i === 0
        ? { verb: 'mission.started', objectType: 'mission', objectId: mission, context: { missionId: 3, packVersionId: 7 }, result: null }
        : { verb: 'stage.entered', objectType: 'stage', objectId: onStage, context: {}, result: null };
    case 1:
      return { verb: 'stage.tools', objectType: 'stage', objectId: onStage, context: { tools: ['wireshark', 'grep', 'timeline'] }, result: null };
    case 2:
      return { verb: 'check.answered', objectType: 'stage', objectId: onStage, context: { checkId: `${stage}-q${i % 3}`, attempt: 1 + (i % 3) }, result: { success: i % 4 === 0, response: 'the attacker pivoted through the jump host at 02:14' } };
    case 3:
      return { verb: 'hint.revealed', objectType: 'hint', objectId: `${onStage}/hint-${i % 3}`, context: { stageId: stage, cost: 5 }, result: null };
    case 4:
      return { verb: 'evidence.added', objectType: 'evidence', objectId: `ev-${at.toString(36)}`, context: { stageId: stage, fileName: `capture-${i}.pcap`, size: 48_213 + i }, result: null };
    case 5:
      return { verb: 'response.saved', objectType: 'stage', objectId: onStage, context: { words: 120 + i }, result: null };
    case 6:
      return { verb: 'decision.taken', objectType: 'stage', objectId: onStage, context: { decisionId: 'contain', optionId: i % 2 === 0 ? 'isolate-host' : 'monitor' }, result: null };
    case 7:
      return { verb: 'stage.completed', objectType: 'stage', objectId: onStage, context: {}, result: { completion: true, success: true } };
    case 8:
      return { verb: 'stage.left', objectType: 'stage', objectId: onStage, context: { activeMs: 95_000 + i * 17 }, result: null };
    default:
      return { verb: 'app.focus-lost', objectType: 'app', objectId: 'outpost', context: {}, result: null };
  }
}

/** A UUID-shaped id that the device and a number fix (the app's ids are random UUIDs). */
function fixedId(deviceId: string, kind: number, n: number): string {
  return `${deviceId.replace(/[^0-9a-f]/g, '').padEnd(8, '0').slice(0, 8)}-000${kind}-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** `count` events of one device and profile, sequence `firstSeq` on. */
export function missionEvents(deviceId: string, profileId: string, count: number, firstSeq = 1): EventRecord[] {
  const events: EventRecord[] = [];
  const start = Date.UTC(2025, 8, 1, 8);
  for (let seq = firstSeq; seq < firstSeq + count; seq++) {
    const n = seq - 1;
    const occurredAt = start + n * 1_013;
    const run = Math.floor(n / EVENTS_PER_RUN);
    const shape = shapeOf(n % EVENTS_PER_RUN, MISSIONS[run % MISSIONS.length] as string, occurredAt);
    events.push({ id: fixedId(deviceId, 1, seq), seq, deviceId, profileId, runId: fixedId(deviceId, 2, run), occurredAt, ...shape });
  }
  return events;
}
