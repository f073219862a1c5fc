import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { SubmissionView } from '../../../shared/api/views.ts';
import { openEngine } from '../../../electron/engine/engine.ts';
import { importPack } from '../../../electron/engine/packs/import-pack.ts';
import { engineWithSamplePack, eventVerbs, learner, missionIdOf, TestClock, words, type TestEngine } from '../../support/engine-fixture.ts';
import { editFile, validPackFiles, writePackFolder } from '../../support/pack-fixture.ts';
import { tempDir } from '../../support/temp.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());
const MINUTE = 60_000;

/**
 * The scaffolded DEMO-01 (60 minutes; on_deadline as given) with evidence required on its first stage
 * and a 40-word reflection, started and on screen: a pack of the test's own, so the missing items are
 * exactly these whatever the sample pack becomes.
 */
async function startDemo(onDeadline: 'submit' | 'lock' = 'submit'): Promise<{ profileId: string; runId: string }> {
  t = await engineWithSamplePack();
  const files = editFile(validPackFiles(`deadline-${onDeadline}`), 'missions/DEMO-01/mission.yaml', (yaml) =>
    yaml
      .replace('on_deadline: submit', `on_deadline: ${onDeadline}`)
      .replace('min_words: 20', 'min_words: 40')
      .replace('evidence: { required: false', 'evidence: { required: true'),
  );
  const outcome = await importPack(writePackFolder(tempDir(), files), { db: t.engine.ctx.db, dataDir: t.dataDir });
  expect(outcome.status).not.toBe('failed');
  const profileId = await learner(t);
  const run = await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'DEMO-01') });
  await t.call('runs.open', { profileId, runId: run.id });
  return { profileId, runId: run.id };
}

const MISSING_AT_FIRST_STAGE = [
  { key: 'path', label: 'Reach the end of the mission', detail: 'You are at "Find the host".' },
  { key: 'evidence:find-host', label: 'Evidence for "Find the host"', detail: 'No file attached yet.' },
  { key: 'reflection', label: 'Write the reflection', detail: '15 of at least 40 words' },
];

/** Lets the deadline pass on a tick, then the learner signs in again (a PC left alone may sign them out meanwhile). */
async function tickAfter(ms: number, profileId: string): Promise<void> {
  t.clock.advance(ms);
  t.engine.tick();
  await t.call('profiles.select', { profileId });
}

function runSnapshot(runId: string): { status: string; submission: SubmissionView | null } {
  const { db } = t.engine.ctx;
  const row = db.first(db.q.selectFrom('outbox').select('payload_json').where('topic', '=', 'run').where('record_id', '=', runId));
  if (!row) throw new Error(`no outbox row for run ${runId}`);
  return JSON.parse(row.payload_json) as { status: string; submission: SubmissionView | null };
}

function lastEventContext(runId: string, verb: string): Record<string, unknown> {
  const { db } = t.engine.ctx;
  const row = db.first(db.q.selectFrom('events').select('context_json').where('run_id', '=', runId).where('verb', '=', verb).orderBy('seq', 'desc').limit(1));
  if (!row) throw new Error(`no ${verb} event`);
  return JSON.parse(row.context_json) as Record<string, unknown>;
}

describe('how a run ended', () => {
  it('records an automatic submission at the deadline with the evidence and the reflection it lacked', async () => {
    const { profileId, runId } = await startDemo();
    await t.call('reflection.save', { profileId, runId, text: words(15) });
    // What the learner's checklist says just before is what the record keeps.
    const before = await t.call('runs.checklist', { profileId, runId });
    expect(before.items.filter((item) => !item.done)).toEqual(MISSING_AT_FIRST_STAGE.map((item) => ({ ...item, done: false })));
    const start = t.clock.now();
    await tickAfter(60 * MINUTE + 1000, profileId);

    const run = await t.call('runs.get', { profileId, runId });
    expect(run.status).toBe('submitted');
    // Dated when the time ran out, a second before the tick that noticed it.
    expect(run.submission).toEqual({ by: 'deadline', at: start + 60 * MINUTE, missing: MISSING_AT_FIRST_STAGE });
    expect(runSnapshot(runId)).toMatchObject({ status: 'submitted', submission: run.submission });
    expect(lastEventContext(runId, 'mission.auto-submitted')).toMatchObject({ missing: ['path', 'evidence:find-host', 'reflection'] });
  });

  it('dates a deadline that passed while Outpost was closed by when it passed, not by the next start', async () => {
    const { profileId, runId } = await startDemo();
    const start = t.clock.now();
    await tickAfter(10 * MINUTE, profileId);
    const dataDir = t.dataDir;
    t.engine.close();

    const clock = new TestClock();
    clock.wall = t.clock.wall + 3 * 60 * MINUTE;
    const reopened = openEngine({ dataDir, clock, log: () => undefined });
    try {
      reopened.tick();
      await reopened.call('profiles.select', { profileId });
      const run = (await reopened.call('runs.get', { profileId, runId })) as { status: string; submittedAt: number; submission: SubmissionView };
      expect(run.status).toBe('submitted');
      expect(run.submission.by).toBe('deadline');
      expect(run.submission.at).toBe(start + 60 * MINUTE);
      expect(run.submittedAt).toBe(clock.now());
    } finally {
      reopened.close();
    }
  });

  it('records a learner\'s own submission as theirs, with nothing missing', async () => {
    const { profileId, runId } = await startDemo();
    await t.engine.uploadEvidence({ profileId, runId, stageId: 'find-host', fileName: 'beacons.txt' }, Readable.from([Buffer.from('10.0.4.21 every 60 s')]));
    await t.call('checks.answer', { profileId, runId, stageId: 'find-host', answer: '10.0.4.21' });
    await t.call('stages.complete', { profileId, runId, stageId: 'find-host' });
    await t.call('decisions.take', { profileId, runId, stageId: 'respond', optionId: 'isolate' });
    await t.call('checks.quiz', { profileId, runId, stageId: 'report', responses: { q1: [0] } });
    await t.call('stages.complete', { profileId, runId, stageId: 'report' });
    await t.call('reflection.save', { profileId, runId, text: words(20) });
    // Refused while something is missing: nothing is recorded as the end of the run.
    await expect(t.call('runs.submit', { profileId, runId })).rejects.toMatchObject({ code: 'rule_violation' });
    expect((await t.call('runs.get', { profileId, runId })).submission).toBeNull();

    await t.call('reflection.save', { profileId, runId, text: words(45) });
    t.clock.advance(MINUTE);
    const submitted = await t.call('runs.submit', { profileId, runId });
    expect(submitted.submission).toEqual({ by: 'learner', at: t.clock.now(), missing: [] });
    expect(runSnapshot(runId).submission).toEqual(submitted.submission);
    expect(lastEventContext(runId, 'mission.submitted')).toMatchObject({ missing: [] });
  });

  it('records a run locked at its deadline likewise, and nothing for a run in progress or abandoned', async () => {
    const { profileId, runId } = await startDemo('lock');
    await t.call('reflection.save', { profileId, runId, text: words(15) });
    expect((await t.call('runs.get', { profileId, runId })).submission).toBeNull();
    const start = t.clock.now();
    await tickAfter(60 * MINUTE + 500, profileId);
    const run = await t.call('runs.get', { profileId, runId });
    expect(run.status).toBe('expired');
    expect(run.submission).toEqual({ by: 'deadline', at: start + 60 * MINUTE, missing: MISSING_AT_FIRST_STAGE });
    expect(runSnapshot(runId)).toMatchObject({ status: 'expired', submission: run.submission });
    expect(lastEventContext(runId, 'mission.locked')).toMatchObject({ missing: ['path', 'evidence:find-host', 'reflection'] });

    const given = await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') });
    const abandoned = await t.call('runs.abandon', { profileId, runId: given.id });
    expect(abandoned.status).toBe('abandoned');
    expect(abandoned.submission).toBeNull();
    expect(runSnapshot(given.id).submission).toBeNull();
  });

  it('keeps the record of an automatic submission across a restart', async () => {
    const { profileId, runId } = await startDemo();
    await t.call('reflection.save', { profileId, runId, text: words(15) });
    await tickAfter(61 * MINUTE, profileId);
    const before = (await t.call('runs.get', { profileId, runId })).submission;
    expect(before?.by).toBe('deadline');
    const dataDir = t.dataDir;
    t.engine.close();

    const clock = new TestClock();
    clock.wall = t.clock.wall + 2 * MINUTE;
    const reopened = openEngine({ dataDir, clock, log: () => undefined });
    try {
      await reopened.call('profiles.select', { profileId });
      const after = (await reopened.call('runs.get', { profileId, runId })) as { submission: SubmissionView };
      expect(after.submission).toEqual(before);
      expect(eventVerbs({ ...t, engine: reopened }, runId).filter((verb) => verb === 'mission.auto-submitted')).toHaveLength(1);
    } finally {
      reopened.close();
    }
  });
});
