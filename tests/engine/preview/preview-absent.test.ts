// The author-only methods exist only on an engine opened for preview: a normal engine, the desktop
// app's IPC dispatch and the bridge of normal browser mode all answer that there is no such method,
// whoever is signed in, so no learner's run can reach the expected answers.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, PREVIEW_API, type PreviewMethodName } from '../../../shared/api/contract.ts';
import { startBrowserMode, type BrowserMode } from '../../../electron/web/browser-mode.ts';
import { createIpcDispatch } from '../../../electron/main/ipc-dispatch.ts';
import { engineWithSamplePack, learner, SAMPLE_PACK, staff, type TestEngine } from '../../support/engine-fixture.ts';
import { tempDir } from '../../support/temp.ts';

const PREVIEW_METHODS = Object.keys(PREVIEW_API) as PreviewMethodName[];
const INPUTS: Record<PreviewMethodName, unknown> = { 'preview.status': {}, 'preview.jumpTo': { stageId: 'triage' }, 'preview.answers': {} };

describe('a normal engine', () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await engineWithSamplePack();
  });
  afterAll(() => t.engine.close());

  it('has no preview method in its table', () => {
    expect(PREVIEW_METHODS).toEqual(['preview.status', 'preview.jumpTo', 'preview.answers']);
    for (const name of PREVIEW_METHODS) expect(METHOD_NAMES).not.toContain(name);
  });

  it('answers not_found for each of them, signed out, as a learner and as an admin', async () => {
    const callAll = async (): Promise<void> => {
      for (const name of PREVIEW_METHODS) await expect(t.engine.call(name, INPUTS[name])).rejects.toMatchObject({ code: 'not_found' });
    };
    await callAll();
    await learner(t);
    await callAll();
    await staff(t, 'admin');
    await callAll();
  });

  it('answers not_found through the desktop app\'s IPC dispatch', async () => {
    const dispatch = createIpcDispatch(t.engine);
    for (const name of PREVIEW_METHODS) {
      expect(await dispatch(name, INPUTS[name])).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
  });
});

const staticDir = tempDir();
const bridgeDataDir = tempDir();

describe('the bridge of normal browser mode', () => {
  let mode: BrowserMode;
  beforeAll(async () => {
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Outpost</title>');
    mode = await startBrowserMode({ dataDir: bridgeDataDir, port: 0, staticDir, samplePack: SAMPLE_PACK, log: () => undefined });
  });
  afterAll(() => mode.close());

  const post = (name: string, body: unknown): Promise<Response> =>
    fetch(`http://127.0.0.1:${mode.port}/api/${name}`, { method: 'POST', headers: { Authorization: `Bearer ${mode.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('answers 404 not_found for every preview method, even with a learner signed in', async () => {
    const profile = (await (await post('profiles.create', { displayName: 'Lee Learner' })).json()) as { id: string };
    expect((await post('profiles.select', { profileId: profile.id })).status).toBe(200);
    for (const name of PREVIEW_METHODS) {
      const res = await post(name, INPUTS[name]);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'not_found' });
    }
  });

  it('does not list them', async () => {
    const res = await fetch(`http://127.0.0.1:${mode.port}/api`, { headers: { Authorization: `Bearer ${mode.token}` } });
    const names = ((await res.json()) as { methods: Array<{ name: string }> }).methods.map((m) => m.name);
    expect(names.some((name) => name.startsWith('preview.'))).toBe(false);
  });
});
