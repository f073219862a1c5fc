// Browser mode's portfolio download (GET /api/download/portfolio): the token, the signed-in profile
// and the roles of `portfolio.export` apply before anything is read, and the zip holds every report.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserMode } from '../../../electron/web/browser-mode.ts';
import { generatePortfolioReport } from '../../../electron/engine/portfolio/report.ts';
import { SAMPLE_PACK } from '../../support/engine-fixture.ts';
import { makePassedRun } from '../../support/passed-run.ts';
import { tempDir } from '../../support/temp.ts';

let mode: BrowserMode;
let base: string;
let ada: string;
let bob: string;
let fileName: string;

beforeAll(async () => {
  const staticDir = tempDir();
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Outpost</title>');
  mode = await startBrowserMode({ dataDir: tempDir(), port: 0, staticDir, samplePack: SAMPLE_PACK, log: () => undefined });
  base = `http://127.0.0.1:${mode.port}`;
  bob = ((await mode.engine.call('profiles.create', { displayName: 'Bob Intruder' })) as { id: string }).id;
  ada = ((await mode.engine.call('profiles.create', { displayName: 'Ada Lovelace' })) as { id: string }).id;
  await mode.engine.call('profiles.select', { profileId: ada });
  fileName = (await generatePortfolioReport(mode.engine.ctx, await makePassedRun(mode.engine, ada))).fileName;
});
afterAll(() => mode.close());

const get = (query: string, token = mode.token) => fetch(`${base}/api/download/portfolio?${query}`, { headers: { Authorization: `Bearer ${token}` } });

describe('GET /api/download/portfolio', () => {
  it('sends the signed-in learner\'s reports as one zip, named for saving', async () => {
    const res = await get(`profileId=${ada}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="portfolio-ada-lovelace.zip"');
    const zip = Buffer.from(await res.arrayBuffer());
    expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(zip.includes(Buffer.from(fileName))).toBe(true);
  });

  it('answers 401 without the token, and 403 for another profile\'s portfolio or a learner naming one', async () => {
    expect((await get(`profileId=${ada}`, 'wrong')).status).toBe(401);
    expect((await get(`profileId=${bob}`)).status).toBe(403);
    await mode.engine.call('profiles.select', { profileId: bob });
    const refused = await get(`profileId=${bob}&learnerId=${ada}`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'forbidden' });
    await mode.engine.call('profiles.select', { profileId: ada });
  });

  it('refuses a query it does not know', async () => {
    const res = await get(`profileId=${ada}&path=../../etc/passwd`);
    expect(res.status).toBe(400);
  });
});
