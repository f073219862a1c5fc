// Browser mode carries bundles by download and upload (GET /api/download/sync-bundle, POST
// /api/upload/sync-bundle), with the launch token and the signed-in roles checked before anything is
// read or stored; the save and open dialogs of the desktop app are not there.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserMode } from '../../electron/web/browser-mode.ts';
import { importBundle } from '../../server/bundles/import-bundle.ts';
import { writeReplyBundle } from '../../server/bundles/reply-bundle.ts';
import { loadServerKey } from '../../server/bundles/server-key.ts';
import { startServer, type RunningServer } from '../../server/http.ts';
import { createTeam, enrolPerson, systemClock } from '../../server/teams.ts';
import { SAMPLE_PACK } from '../support/engine-fixture.ts';
import { tempDir } from '../support/temp.ts';
import { zipEntries } from '../server/bundle-fixture.ts';

let mode: BrowserMode;
let server: RunningServer;
let serverDir: string;
let base: string;
let ada: string;

beforeAll(async () => {
  serverDir = tempDir('outpost-sync-server-');
  server = await startServer({ dataDir: serverDir, port: 0, log: () => undefined, xapi: { enabled: false } });
  await createTeam(server.db, 'blue');
  const staticDir = tempDir();
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Outpost</title>');
  mode = await startBrowserMode({ dataDir: tempDir(), port: 0, staticDir, samplePack: SAMPLE_PACK, log: () => undefined });
  base = `http://127.0.0.1:${mode.port}`;
  ada = ((await mode.engine.call('profiles.create', { displayName: 'Ada Lovelace' })) as { id: string }).id;
  await mode.engine.call('profiles.select', { profileId: ada });
  await mode.engine.call('sync.enrol', { profileId: ada, serverUrl: server.url, code: (await enrolPerson(server.db, 'blue', 'Ada', 'learner')).code });
  await mode.engine.call('sync.now', {});
});
afterAll(async () => {
  await mode.close();
  await server.close();
});

const download = (token = mode.token) => fetch(`${base}/api/download/sync-bundle`, { headers: { Authorization: `Bearer ${token}` } });
const upload = (body: Buffer, token = mode.token) => fetch(`${base}/api/upload/sync-bundle`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: new Uint8Array(body) });

describe('sync bundles in browser mode', () => {
  it('downloads the bundle a sync would send, and uploads the server\'s reply', async () => {
    const res = await download();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="outpost-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.outpost-sync"$/);
    const bundle = join(tempDir('outpost-bundles-'), 'lab.outpost-sync');
    writeFileSync(bundle, Buffer.from(await res.arrayBuffer()));
    expect((await zipEntries(bundle)).map(([name]) => name).slice(0, 2)).toEqual(['manifest.json', 'signature']);
    // Nothing of the download is left in the staging folder.
    const staging = join(mode.engine.ctx.dataDir, 'staging');
    expect(existsSync(staging) ? readdirSync(staging).filter((name) => name.includes('sync-bundle')) : []).toEqual([]);

    const imported = await importBundle(server.db, serverDir, bundle, systemClock);
    const reply = join(tempDir('outpost-bundles-'), 'reply.outpost-sync');
    await writeReplyBundle(server.db, loadServerKey(serverDir), reply, { deviceId: imported.deviceId, cursors: imported.cursors, acceptedRecords: imported.acceptedRecords, now: Date.now() });
    const answer = await upload(readFileSync(reply));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ direction: 'to-device', refused: 0, problems: [] });
    expect(readdirSync(join(mode.engine.ctx.dataDir, 'uploads'))).toEqual([]);

    // A damaged upload is refused with why.
    const damaged = await upload(readFileSync(reply).subarray(0, 100));
    expect(damaged.status).toBe(400);
    expect(await damaged.json()).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('is not a whole sync bundle') });
  });

  it('answers 401 without the token and 403 with nobody signed in, before anything is read', async () => {
    expect((await download('wrong')).status).toBe(401);
    expect((await upload(Buffer.from('PK'), 'wrong')).status).toBe(401);
    await mode.engine.call('profiles.signOut', {});
    try {
      expect((await download()).status).toBe(403);
      const refused = await upload(Buffer.alloc(1024));
      expect(refused.status).toBe(403);
      const uploads = join(mode.engine.ctx.dataDir, 'uploads');
      expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
    } finally {
      await mode.engine.call('profiles.select', { profileId: ada });
    }
  });

  it('sends the dialogs\' methods to the download and the upload instead', async () => {
    await expect(mode.engine.call('sync.exportBundle', {})).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('download') });
    await expect(mode.engine.call('sync.importBundle', {})).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('upload') });
  });
});
