import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunView } from '../../shared/api/views.ts';
import { startBrowserMode, type BrowserMode } from '../../electron/web/browser-mode.ts';
import { grantPassed, SAMPLE_PACK, TestClock, words } from '../support/engine-fixture.ts';
import { tempDir } from '../support/temp.ts';
import { httpCaller, ipcCaller, type Caller } from '../support/transports.ts';

// One engine in browser mode; the same scenarios run over its HTTP bridge and over the IPC handler table.
let mode: BrowserMode;
const clock = new TestClock();
beforeAll(async () => {
  mode = await startBrowserMode({ dataDir: tempDir(), port: 0, staticDir: tempDir(), samplePack: SAMPLE_PACK, clock, log: () => undefined });
});
afterAll(() => mode.close());

type Upload = (target: { profileId: string; runId: string; stageId: string }, name: string, body: string) => Promise<void>;

const transports: Array<[string, () => { call: Caller; upload: Upload }]> = [
  ['IPC handler table', () => ({ call: ipcCaller(mode.engine), upload: async (target, name, body) => void (await mode.engine.uploadEvidence({ ...target, fileName: name }, Readable.from([Buffer.from(body)]))) })],
  [
    'HTTP bridge',
    () => ({
      call: httpCaller(`http://127.0.0.1:${mode.port}`, mode.token),
      upload: async (target, name, body) => {
        const query = new URLSearchParams({ ...target, name });
        const res = await fetch(`http://127.0.0.1:${mode.port}/api/upload/evidence?${query}`, { method: 'POST', headers: { Authorization: `Bearer ${mode.token}` }, body });
        if (!res.ok) throw new Error(JSON.stringify(await res.json()));
      },
    }),
  ],
];

let profiles = 0;

describe.each(transports)('whole missions over the %s', (_name, make) => {
  async function newLearner(call: Caller): Promise<string> {
    const id = (await call('profiles.create', { displayName: `Learner ${++profiles}` })).id;
    await call('profiles.select', { profileId: id });
    return id;
  }
  async function missionId(call: Caller, profileId: string, code: string): Promise<number> {
    return (await call('catalog.list', { profileId })).find((m) => m.code === code)!.missionId;
  }

  it.each([['block', 'confirm-block'], ['watch', 'watch-actor']])('plays SIEM-03 through the %s branch to submission', async (option, middle) => {
    const { call, upload } = make();
    const profileId = await newLearner(call);
    grantPassed({ engine: mode.engine, clock }, profileId, 'SOC-01');
    const runId = (await call('runs.start', { profileId, missionId: await missionId(call, profileId, 'SIEM-03') })).id;
    await upload({ profileId, runId, stageId: 'triage' }, 'query.txt', 'index=vpn action=ssl-login-fail');
    expect(await call('checks.answer', { profileId, runId, stageId: 'triage', answer: '198.51.100.9' })).toMatchObject({ correct: false, attemptsLeft: 4, done: false });
    expect(await call('checks.answer', { profileId, runId, stageId: 'triage', answer: '203.0.113.77' })).toMatchObject({ correct: true, attemptsLeft: 4, done: true });
    await call('hints.reveal', { profileId, runId, stageId: 'triage' });
    await call('stages.complete', { profileId, runId, stageId: 'triage' });
    await call('decisions.take', { profileId, runId, stageId: 'contain', optionId: option });
    expect(await call('responses.save', { profileId, runId, stageId: middle, text: words(90) })).toMatchObject({ stageId: middle, words: 90 });
    const atVerify = await call('stages.complete', { profileId, runId, stageId: middle });
    const offered = atVerify.stages.find((s) => s.id === 'verify-block');
    expect(offered?.kind === 'decision' && offered.options.map((o) => o.id)).toEqual(option === 'block' ? ['tell'] : ['tell', 'quiet']);
    await call('decisions.take', { profileId, runId, stageId: 'verify-block', optionId: 'tell' });
    await call('responses.save', { profileId, runId, stageId: 'report', text: words(160) });
    await call('stages.complete', { profileId, runId, stageId: 'report' });
    await call('reflection.save', { profileId, runId, text: words(41) });
    const submitted: RunView = await call('runs.submit', { profileId, runId });
    expect(submitted.status).toBe('submitted');
    expect(submitted.path.map((p) => p.stageId)).toEqual(['triage', 'contain', middle, 'verify-block', 'report']);
  });

  it('auto-submits a timed mission at its deadline', async () => {
    const { call } = make();
    const profileId = await newLearner(call);
    const runId = (await call('runs.start', { profileId, missionId: await missionId(call, profileId, 'PHISH-01') })).id;
    await call('runs.open', { profileId, runId });
    clock.advance(46 * 60_000);
    mode.engine.tick();
    // Away that long, the learner was signed out as well: back at the PC, they sign in to look.
    await call('profiles.select', { profileId });
    expect((await call('runs.get', { profileId, runId })).status).toBe('submitted');
  });

  it('refuses another profile\'s run with forbidden', async () => {
    const { call } = make();
    const owner = await newLearner(call);
    const runId = (await call('runs.start', { profileId: owner, missionId: await missionId(call, owner, 'GRC-01') })).id;
    const intruder = await newLearner(call);
    await expect(call('runs.get', { profileId: intruder, runId })).rejects.toMatchObject({ code: 'forbidden' });
    // Naming the owner while signed in as someone else is refused before the run is even looked up.
    await expect(call('runs.get', { profileId: owner, runId })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('signed in as another profile') });
  });
});
