import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveProgress } from '../../shared/telemetry/progress.ts';
import { EVENT_VERBS } from '../../shared/telemetry/verbs.ts';
import { toXapiStatement } from '../../shared/telemetry/xapi.ts';
import { runEvents } from '../../electron/engine/telemetry/run-events.ts';
import { engineWithSamplePack, learner, missionIdOf, type TestEngine } from '../support/engine-fixture.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());
const MINUTE = 60_000;

async function playedSoc() {
  t = await engineWithSamplePack();
  const profileId = await learner(t);
  const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).id;
  await t.call('runs.open', { profileId, runId });
  t.clock.advance(4 * MINUTE);
  await t.call('hints.reveal', { profileId, runId, stageId: 'triage' });
  await t.call('stages.tools', { profileId, runId, stageId: 'triage', tools: ['splunk', 'cyberchef'] });
  await t.engine.uploadEvidence({ profileId, runId, stageId: 'triage', fileName: 'q.txt' }, Readable.from([Buffer.from('x')]));
  await t.call('checks.answer', { profileId, runId, stageId: 'triage', answer: 'nwh-bil-ws023' });
  t.clock.advance(2 * MINUTE);
  await t.call('stages.complete', { profileId, runId, stageId: 'triage' });
  t.clock.advance(1 * MINUTE);
  await t.call('decisions.take', { profileId, runId, stageId: 'verdict', optionId: 'escalate' });
  t.clock.advance(3 * MINUTE);
  await t.call('responses.save', { profileId, runId, stageId: 'escalate-incident', text: 'Summary: NWH-BIL-WS023 beacons to the C2 every 60 seconds.' });
  await t.call('runs.abandon', { profileId, runId });
  return { profileId, runId };
}

describe('telemetry', () => {
  it('derives the progress figures of a run from its events alone', async () => {
    const { runId } = await playedSoc();
    const progress = deriveProgress(runEvents(t.engine.ctx, runId));
    expect(progress).toEqual({
      activeMsByStage: { triage: 6 * MINUTE, verdict: 1 * MINUTE },
      hintsUsed: 1,
      hintPenalties: 5,
      toolsByStage: { triage: ['splunk', 'cyberchef'] },
      decisions: [{ stageId: 'verdict', optionId: 'escalate' }],
      stagesEntered: ['triage', 'verdict', 'escalate-incident'],
      dropOffStage: 'escalate-incident',
      submitted: false,
    });
  });

  it('numbers events per device in strictly increasing order', async () => {
    const { runId } = await playedSoc();
    const seqs = runEvents(t.engine.ctx, runId).map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it("reads a run's events alone when other runs' events are interleaved with them", async () => {
    t = await engineWithSamplePack();
    const other = await learner(t, 'Another learner');
    const profileId = await learner(t);
    // Two learners take turns at one PC, each choosing their profile before acting.
    const as = async (who: string) => t.call('profiles.select', { profileId: who });
    const first = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).id;
    await as(other);
    const second = (await t.call('runs.start', { profileId: other, missionId: await missionIdOf(t, other, 'SOC-01') })).id;
    await as(profileId);
    await t.call('hints.reveal', { profileId, runId: first, stageId: 'triage' });
    await as(other);
    await t.call('hints.reveal', { profileId: other, runId: second, stageId: 'triage' });
    await t.call('runs.abandon', { profileId: other, runId: second });
    const mine = runEvents(t.engine.ctx, first);
    expect(mine.map((e) => e.verb)).toEqual(['mission.started', 'stage.entered', 'hint.revealed']);
    expect(runEvents(t.engine.ctx, second).map((e) => e.verb)).toEqual(['mission.started', 'stage.entered', 'hint.revealed', 'mission.abandoned']);
    expect(new Set(mine.map((e) => e.runId))).toEqual(new Set([first]));
  });

  it('maps every event one-to-one onto an xAPI statement', async () => {
    const { runId, profileId } = await playedSoc();
    const events = runEvents(t.engine.ctx, runId);
    const statements = events.map(toXapiStatement);
    expect(new Set(statements.map((s) => s.id)).size).toBe(events.length);
    for (const [i, statement] of statements.entries()) {
      const event = events[i]!;
      expect(statement.actor.account.name).toBe(profileId);
      expect(statement.verb.id).toBe(EVENT_VERBS[event.verb].iri);
      expect(statement.verb.id).toMatch(/^(https?:\/\/|urn:)/);
      expect(statement.object.id).toBe(`urn:outpost:${event.objectType}:${event.objectId}`);
      expect(statement.context.registration).toBe(runId);
      expect(statement.timestamp).toBe(new Date(event.occurredAt).toISOString());
    }
    const answered = statements.find((s) => s.verb.display['en-US'] === 'answered');
    expect(answered?.result).toEqual({ success: true, response: 'nwh-bil-ws023' });
    const authored = statements.find((s) => s.verb.id === EVENT_VERBS['response.saved'].iri);
    expect(authored?.object.id).toBe('urn:outpost:stage:SOC-01/escalate-incident');
    expect(authored?.context.extensions['urn:outpost:xapi:extension:context']).toEqual({ words: 9 });
  });

  it('gives every verb an IRI and a display name', () => {
    for (const [verb, { iri, display }] of Object.entries(EVENT_VERBS)) {
      expect(iri, verb).toMatch(/^(https?:\/\/[a-z0-9.-]+\/|urn:outpost:xapi:verb:)[\w/.-]+$/);
      expect(display.length, verb).toBeGreaterThan(2);
    }
  });
});
