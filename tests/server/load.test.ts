// A small load: eight enrolled devices push their events and upload their evidence all at once, some
// of them misbehaving as devices on a lab network do (every batch sent twice at once, a push cut off
// mid-way), and every event and file must be held exactly once. The full-size run is the
// `sync-load` benchmark (tests/bench/sync-load.bench.ts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.ts';
import { faultsOf, holdingsOf, newDeviceId, runLoadDevice, writeRandomFile, type LoadDevice, type LoadFile, type Trouble } from './load-devices.ts';
import { DATABASES } from './support/databases.ts';
import { testServer, type TestServer } from './sync-server.ts';

const DEVICES = 8;
const EVENTS = 1_000;
/** Small batches: each device sends ten, so the devices' pushes interleave. */
const BATCH = 100;
const KB = 1024;

async function devices(t: TestServer, count: number): Promise<LoadDevice[]> {
  const enrolled: LoadDevice[] = [];
  for (let i = 0; i < count; i++) enrolled.push(await t.device('lab', `Learner${i}`, 'learner', { deviceId: newDeviceId() }));
  return enrolled;
}

describe.each(DATABASES)('sync under load on %s', (database) => {
  it('holds every event and evidence file exactly once when eight devices sync at once, misbehaving', async () => {
    const t = await testServer(database);
    const dir = tempDir();
    const lab = await devices(t, DEVICES);
    // One file every learner attached (the mission's capture), and one of each learner's own: 1 MB each.
    const shared = writeRandomFile(join(dir, 'shared.pcap'), 512 * KB);
    const files = lab.map((_, i): LoadFile[] => [writeRandomFile(join(dir, `own-${i}.png`), 512 * KB), shared]);
    const troubles: Trouble[] = ['twice-at-once', 'twice-at-once', 'twice-at-once', 'cut-first-push', 'cut-first-push', 'cut-first-push', 'none', 'none'];

    const outcomes = await Promise.all(lab.map((device, i) => runLoadDevice(t.server.url, device, { events: EVENTS, batchSize: BATCH, files: files[i]!, resumeFile: join(dir, `resume-${i}.json`), trouble: troubles[i] })));

    const holdings = await holdingsOf(t.server.db, t.dataDir);
    expect(faultsOf(holdings, { devices: lab, events: EVENTS, outcomes, files: files.flat(), filesPerDevice: 2 })).toEqual([]);
    // The misbehaving devices did send more than they needed: what held it to once was the server.
    expect(outcomes.slice(0, 3).every((outcome) => outcome.pushes === 2 * (EVENTS / BATCH) + 1)).toBe(true);
    expect(outcomes.slice(3, 6).every((outcome) => outcome.pushes === EVENTS / BATCH + 2)).toBe(true);
    // Every own file went up whole once; the shared one at least once, and the copies sent beside it left nothing behind.
    const sent = outcomes.reduce((sum, outcome) => sum + outcome.evidenceBytesSent, 0);
    expect(sent).toBeGreaterThanOrEqual(DEVICES * 512 * KB + shared.size);
    expect(sent).toBeLessThanOrEqual(DEVICES * 1024 * KB);
  });

  it('changes nothing when every device syncs its whole history again', async () => {
    const t = await testServer(database);
    const dir = tempDir();
    const lab = await devices(t, 3);
    const files = lab.map((_, i) => [writeRandomFile(join(dir, `own-${i}.bin`), 64 * KB)]);
    const work = (i: number) => ({ events: 300, batchSize: 120, files: files[i]!, resumeFile: join(dir, `resume-${i}.json`) });
    await Promise.all(lab.map((device, i) => runLoadDevice(t.server.url, device, work(i))));
    const before = await holdingsOf(t.server.db, t.dataDir);

    // A device restored from a backup starts from sequence 1 again; the files are held, so none is sent.
    const again = await Promise.all(lab.map((device, i) => runLoadDevice(t.server.url, device, work(i))));

    expect(again.map((outcome) => [outcome.ackSeq, outcome.evidenceBytesSent])).toEqual(lab.map(() => [300, 0]));
    expect(await holdingsOf(t.server.db, t.dataDir)).toEqual(before);
    expect(faultsOf(before, { devices: lab, events: 300, outcomes: again, files: files.flat(), filesPerDevice: 1 })).toEqual([]);
  });

  it('refuses a device that pushes another device\'s events under its own token, storing none of them', async () => {
    const t = await testServer(database);
    const [ana, eve] = await devices(t, 2);
    const dir = tempDir();
    // Eve's token with Ana's device id: the server sees the token's device, not the one claimed.
    const forged = runLoadDevice(t.server.url, { ...ana!, token: eve!.token }, { events: 50, files: [], resumeFile: join(dir, 'resume.json') });
    await expect(forged).rejects.toThrow(/another device/);
    expect((await holdingsOf(t.server.db, t.dataDir)).events).toBe(0);
  });
});
