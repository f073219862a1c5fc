import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, METHOD_NAMES } from '../../../shared/api/contract.ts';
import { startBrowserMode, type BrowserMode } from '../../../electron/web/browser-mode.ts';
import { SAMPLE_PACK, staff } from '../../support/engine-fixture.ts';
import { validPackFiles, writePackZip } from '../../support/pack-fixture.ts';
import { tempDir } from '../../support/temp.ts';
import { buildZip } from '../../support/zip-builder.ts';
import { httpCaller } from '../../support/transports.ts';

let mode: BrowserMode;
let base: string;
const staticDir = tempDir();

beforeAll(async () => {
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Outpost</title>');
  mode = await startBrowserMode({ dataDir: tempDir(), port: 0, staticDir, samplePack: SAMPLE_PACK, log: () => undefined });
  base = `http://127.0.0.1:${mode.port}`;
});
afterAll(() => mode.close());

const auth = () => ({ Authorization: `Bearer ${mode.token}` });

describe('the HTTP bridge', () => {
  it('prints a URL on 127.0.0.1 with the token in its fragment', () => {
    expect(mode.url).toBe(`http://127.0.0.1:${mode.port}/#token=${mode.token}`);
    expect(mode.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mode.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('answers 401 and nothing else without the token or with a wrong one', async () => {
    const attempts: Array<Record<string, string>> = [{}, { Authorization: 'Bearer wrong' }, { Authorization: `Bearer ${mode.token}x` }, { Authorization: mode.token }];
    for (const headers of attempts) {
      const res = await fetch(`${base}/api/profiles.list`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ code: 'unauthorized', message: 'A valid token is required.' });
    }
    expect((await fetch(`${base}/api`)).status).toBe(401);
    expect((await fetch(`${base}/api/events`)).status).toBe(401);
  });

  it('lists every method of the table with its input as JSON Schema', async () => {
    const res = await fetch(`${base}/api`, { headers: auth() });
    const body = (await res.json()) as { methods: Array<{ name: string; roles: unknown; input: { type: string; properties?: Record<string, unknown> } }> };
    expect(body.methods.map((m) => m.name)).toEqual(METHOD_NAMES);
    // The listing says who may call each method, from the same table the engine enforces.
    expect(body.methods.map((m) => [m.name, m.roles])).toEqual(METHOD_NAMES.map((name) => [name, API[name].roles]));
    expect(body.methods.find((m) => m.name === 'packs.pick')?.roles).toEqual(['mentor', 'admin']);
    expect(body.methods.find((m) => m.name === 'profiles.select')?.roles).toBe('anyone');
    expect(body.methods.find((m) => m.name === 'checks.answer')?.input.properties).toHaveProperty('answer');
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: mode.port, path: '/api', headers: { ...auth(), Host: 'evil.example:80' } }, (res) => resolve(res.statusCode ?? 0)).end();
    });
    expect(status).toBe(403);
    const res = await fetch(`${base}/api/profiles.list`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json', Origin: 'http://evil.example' }, body: '{}' });
    expect(res.status).toBe(403);
  });

  it('maps errors to fitting statuses with a JSON body', async () => {
    const post = (method: string, body: string, type = 'application/json') => fetch(`${base}/api/${method}`, { method: 'POST', headers: { ...auth(), 'Content-Type': type }, body });
    const cases: Array<[Response, number, string]> = [
      [await post('profiles.create', '{"displayName": '), 400, 'invalid_input'],
      [await post('profiles.create', '{"displayName": 42}'), 400, 'invalid_input'],
      [await post('profiles.create', 'displayName=x', 'application/x-www-form-urlencoded'), 400, 'invalid_input'],
      [await post('runs.get', '{"profileId":"p","runId":"r"}'), 403, 'forbidden'],
      [await post('no.such.method', '{}'), 404, 'not_found'],
      [await post('profiles.create', JSON.stringify({ displayName: 'x'.repeat(2 * 1024 * 1024) })), 413, 'too_large'],
    ];
    for (const [res, status, code] of cases) {
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ code, message: expect.any(String) });
    }
  });

  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const res = await fetch(`${base}/missions/some/route`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Outpost</title>');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("object-src 'none'");
    const escape = await fetch(`${base}/..%2f..%2f..%2fetc%2fpasswd`);
    expect(await escape.text()).toContain('<title>Outpost</title>');
  });

  it('pushes events over one SSE stream', async () => {
    const call = httpCaller(base, mode.token);
    const profileId = (await call('profiles.create', { displayName: 'Stream Watcher' })).id;
    await call('profiles.select', { profileId });
    const missionId = (await call('catalog.list', { profileId })).find((m) => m.code === 'PHISH-01')!.missionId;
    const runId = (await call('runs.start', { profileId, missionId })).id;
    await call('runs.open', { profileId, runId });
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events`, { headers: auth(), signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    mode.engine.tick();
    let text = '';
    while (!text.includes('event: timer.tick')) text += new TextDecoder().decode((await reader.read()).value);
    const data = /event: timer\.tick\ndata: (.*)\n/.exec(text)?.[1];
    expect(JSON.parse(data ?? '{}')).toMatchObject({ runId, timer: { limitMs: 45 * 60_000 } });
    controller.abort();
  });

  it('takes an evidence upload as a stream and refuses one over the limit while reading', async () => {
    const call = httpCaller(base, mode.token);
    const profileId = (await call('profiles.create', { displayName: 'Uploader' })).id;
    await call('profiles.select', { profileId });
    const missionId = (await call('catalog.list', { profileId })).find((m) => m.code === 'SOC-01')!.missionId;
    const runId = (await call('runs.start', { profileId, missionId })).id;
    const url = (name: string) => `${base}/api/upload/evidence?profileId=${profileId}&runId=${runId}&stageId=triage&name=${encodeURIComponent(name)}`;
    const progress: unknown[] = [];
    const stop = mode.engine.onPush((event, payload) => {
      if (event === 'evidence.progress') progress.push(payload);
    });
    const body = 'id,host\n1,NWH-BIL-WS023\n';
    const ok = await fetch(url('queue.csv'), { method: 'POST', headers: auth(), body });
    stop();
    expect(ok.status).toBe(200);
    // The declared Content-Length is the total the progress counts towards.
    expect(progress.at(-1)).toEqual({ runId, stageId: 'triage', fileName: 'queue.csv', done: body.length, total: body.length });
    const view = (await ok.json()) as { stages: Array<{ evidence: { files: Array<{ fileName: string }> } }> };
    expect(view.stages[0]?.evidence.files.map((f) => f.fileName)).toEqual(['queue.csv']);
    const big = Readable.from((function* () {
      for (let i = 0; i < 60; i++) yield Buffer.alloc(1024 * 1024, 1);
    })());
    const tooBig = await fetch(url('huge.txt'), { method: 'POST', headers: auth(), body: Readable.toWeb(big) as ReadableStream, duplex: 'half' } as RequestInit);
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ code: 'too_large' });
    const wrongType = await fetch(url('payload.exe'), { method: 'POST', headers: auth(), body: 'MZ' });
    expect(wrongType.status).toBe(422);
  });

  it('imports an uploaded pack zip on a worker thread, and reports a broken one with its errors', async () => {
    await staff({ engine: mode.engine, call: httpCaller(base, mode.token) }, 'admin');
    const zip = writePackZip(join(tempDir(), 'lab.zip'), validPackFiles('uploaded-pack'));
    const res = await fetch(`${base}/api/upload/pack?name=lab.zip`, { method: 'POST', headers: auth(), body: new Uint8Array(readFileSync(zip)) });
    expect(await res.json()).toMatchObject({ status: 'imported', packId: 'uploaded-pack', version: '0.1.0', counts: { missions: 1 } });
    const broken = buildZip([{ name: 'pack.yaml', data: 'id: Broken Pack\n' }]);
    const bad = await fetch(`${base}/api/upload/pack?name=broken.zip`, { method: 'POST', headers: auth(), body: new Uint8Array(broken) });
    const report = (await bad.json()) as { status: string; issues: Array<{ file: string; path: string }> };
    expect(report.status).toBe('failed');
    expect(report.issues).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'pack.yaml', path: 'id' }), expect.objectContaining({ file: 'pack.yaml', path: 'title' })]));
  });
});
