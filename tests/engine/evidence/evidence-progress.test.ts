import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { PushEvents } from '../../../shared/api/contract.ts';
import { engineWithSamplePack, learner, missionIdOf, type TestEngine } from '../../support/engine-fixture.ts';
import { tempDir } from '../../support/temp.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

type Progress = PushEvents['evidence.progress'];
const CHUNK = 64 * 1024;

async function socRun() {
  t = await engineWithSamplePack();
  const profileId = await learner(t);
  const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).id;
  return { profileId, runId, stageId: 'triage' };
}

const progressOf = (): Progress[] => t.pushed.filter((p) => p.event === 'evidence.progress').map((p) => p.payload as Progress);

function expectSteadyProgress(events: Progress[], where: { runId: string; stageId: string }, fileName: string, size: number, total: number | null): void {
  expect(events.length).toBeGreaterThanOrEqual(2);
  expect(events[0]).toEqual({ ...where, fileName, done: 0, total });
  expect(events.at(-1)).toEqual({ ...where, fileName, done: size, total });
  const done = events.map((e) => e.done);
  expect(done).toEqual([...done].sort((a, b) => a - b));
}

describe('evidence progress', () => {
  it('reports a file copied on the worker thread from 0 to its size, throttled', async () => {
    const { profileId, runId, stageId } = await socRun();
    const size = 6 * 1024 * 1024;
    const path = join(tempDir(), 'alert-queue.txt');
    writeFileSync(path, Buffer.alloc(size, 'alert line\n'));
    const view = await t.engine.attachEvidenceFile({ profileId, runId, stageId }, path);
    expect(view.stages.find((s) => s.id === stageId && s.kind === 'task')).toBeDefined();
    const events = progressOf();
    expectSteadyProgress(events, { runId, stageId }, 'alert-queue.txt', size, size);
    // 96 chunks of 64 KB; reports are at most one per 100 ms, plus the first and the last.
    expect(events.length).toBeLessThan(size / CHUNK / 4);
  });

  it('reports an upload against its declared length, or without a total when none was declared', async () => {
    const { profileId, runId, stageId } = await socRun();
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(CHUNK, String(i % 10)));
    const size = chunks.length * CHUNK;
    await t.engine.uploadEvidence({ profileId, runId, stageId, fileName: 'declared.txt', size }, Readable.from(chunks));
    expectSteadyProgress(progressOf(), { runId, stageId }, 'declared.txt', size, size);
    t.pushed.length = 0;
    await t.engine.uploadEvidence({ profileId, runId, stageId, fileName: 'undeclared.txt' }, Readable.from(chunks.map((c) => Buffer.from(c).reverse())));
    expectSteadyProgress(progressOf(), { runId, stageId }, 'undeclared.txt', size, null);
  });

  it('reports nothing for a file refused by the stage rules before a byte is read', async () => {
    const { profileId, runId, stageId } = await socRun();
    await expect(t.engine.uploadEvidence({ profileId, runId, stageId, fileName: 'payload.exe', size: 10 }, Readable.from([Buffer.from('MZ')]))).rejects.toMatchObject({ code: 'rule_violation' });
    expect(progressOf()).toEqual([]);
  });
});
