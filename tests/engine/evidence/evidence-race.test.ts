// Uploads that race for a stage's last evidence slot: the refused ones must leave no file in the
// store, and must never take away a file that something recorded refers to (the store is
// content-addressed, so an accepted upload or a pack asset can share the refused file's bytes).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors.ts';
import { engineWithSamplePack, learner, missionIdOf, SAMPLE_PACK, type TestEngine } from '../../support/engine-fixture.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

type Where = { profileId: string; runId: string; stageId: string };

/** SOC-01's triage stage takes 3 files; two are attached, so one slot is left. */
async function oneSlotLeft(): Promise<Where> {
  t = await engineWithSamplePack();
  const profileId = await learner(t);
  const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).id;
  const where = { profileId, runId, stageId: 'triage' };
  for (const name of ['first.txt', 'second.txt']) {
    const body = new PassThrough();
    body.end(`${name}\n`);
    await t.engine.uploadEvidence({ ...where, fileName: name }, body);
  }
  return where;
}

/**
 * Starts an upload: the stage's rules pass before a byte is read, and the body waits until
 * `send` so that the test decides which upload reaches the store's transaction first.
 */
function startUpload(where: Where, fileName: string, content: Buffer) {
  const body = new PassThrough();
  const outcome = t.engine.uploadEvidence({ ...where, fileName }, body).then(
    () => 'accepted' as const,
    (error: unknown) => error,
  );
  return {
    send: () => {
      body.end(content);
      return outcome;
    },
  };
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const stored = (data: Buffer): boolean => existsSync(t.engine.ctx.blobs.pathOf(sha256(data)));

function expectSlotRefusal(outcome: unknown): void {
  expect(outcome).toBeInstanceOf(ApiError);
  expect(outcome).toMatchObject({ code: 'rule_violation', message: 'This stage takes at most 3 evidence files; remove one first.' });
}

describe('uploads racing for the last evidence slot', () => {
  it('refused uploads leave nothing in the store, and the staging folder is empty', async () => {
    const where = await oneSlotLeft();
    const winner = Buffer.from('the winning capture\n');
    const losers = [Buffer.from('a losing capture\n'), Buffer.from('another losing capture\n')];
    const uploads = [startUpload(where, 'winner.txt', winner), ...losers.map((data, i) => startUpload(where, `loser-${i}.txt`, data))];
    expect(await uploads[0]!.send()).toBe('accepted');
    for (const upload of uploads.slice(1)) expectSlotRefusal(await upload.send());
    expect(stored(winner)).toBe(true);
    expect(losers.map(stored)).toEqual([false, false]);
    expect(existsSync(join(t.dataDir, 'staging'))).toBe(false);
  });

  it('a refused upload of the same bytes as the accepted one keeps the accepted file', async () => {
    const where = await oneSlotLeft();
    const same = Buffer.from('the same capture, uploaded twice\n');
    const first = startUpload(where, 'capture.txt', same);
    const second = startUpload(where, 'capture-again.txt', same);
    expect(await first.send()).toBe('accepted');
    expectSlotRefusal(await second.send());
    expect(stored(same)).toBe(true);
    const view = await t.call('runs.get', { profileId: where.profileId, runId: where.runId });
    const triage = view.stages.find((s) => s.id === 'triage');
    expect(triage?.kind === 'task' && triage.evidence.files.map((f) => f.sha256)).toContain(sha256(same));
  });

  it("a refused upload of a pack asset's bytes keeps the pack's file", async () => {
    const where = await oneSlotLeft();
    const asset = readFileSync(join(SAMPLE_PACK, 'missions/SOC-01/assets/alert-queue.csv'));
    expect(stored(asset)).toBe(true);
    const copy = startUpload(where, 'alert-queue.csv', asset);
    const other = startUpload(where, 'notes.txt', Buffer.from('my own notes\n'));
    expect(await other.send()).toBe('accepted');
    expectSlotRefusal(await copy.send());
    expect(stored(asset)).toBe(true);
  });
});
