// The portfolio end to end in the engine: a passed run's report is written into the learner's folder
// and listed, read back whole, refused to another learner, open to a mentor, and exported as one zip.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { generatePortfolioReport } from '../../../electron/engine/portfolio/report.ts';
import { portfolioDownload } from '../../../electron/engine/portfolio/portfolio-acts.ts';
import { engineWithSamplePack, learner, staff, type TestEngine } from '../../support/engine-fixture.ts';
import { makePassedRun, MENTOR_NAME } from '../../support/passed-run.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

async function zipEntries(stream: NodeJS.ReadableStream): Promise<Map<string, Buffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(Buffer.concat(chunks), { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))));
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, async (error, read) => {
        if (error) return reject(error);
        const parts: Buffer[] = [];
        for await (const part of read) parts.push(part as Buffer);
        out.set(entry.fileName, Buffer.concat(parts));
        zip.readEntry();
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

describe('portfolio reports', () => {
  it('writes a passed run\'s report into the learner\'s portfolio folder when the mentor passes it, records its event, and lists it', async () => {
    t = await engineWithSamplePack();
    const ada = await learner(t);
    const runId = await makePassedRun(t.engine, ada);
    const listed = await t.call('portfolio.list', { profileId: ada });
    expect(listed).toHaveLength(1);
    const entry = listed[0]!;

    // 11 of 12 × 30 + 9 of 12 × 30 + 11 of 12 × 40, over 100 weight: 27.5 + 22.5 + 36.67.
    expect(entry).toMatchObject({ runId, profileId: ada, missionCode: 'SOC-01', score: 86.67, reviewerName: MENTOR_NAME });
    expect(entry.fileName).toMatch(/^SOC-01-\d{4}-\d{2}-\d{2}\.html$/);
    const file = join(t.dataDir, 'portfolio', ada, entry.fileName);
    const html = readFileSync(file);
    expect(createHash('sha256').update(html).digest('hex')).toBe(entry.sha256);
    expect(html.length).toBe(entry.size);
    const text = html.toString('utf8');
    expect(text).toContain('First shift: triage the alert queue');
    expect(text).toMatch(/<img src="data:image\/png;base64,/);
    expect(text).toContain('queue-screenshot.png');
    expect(text).not.toMatch(/https?:\/\//i);

    expect(await t.call('portfolio.list', { profileId: ada })).toEqual([entry]);
    expect((await t.call('portfolio.get', { profileId: ada, entryId: entry.id })).html).toBe(text);
    const events = t.engine.ctx.db.all(t.engine.ctx.db.q.selectFrom('events').select(['verb', 'run_id', 'profile_id']).where('verb', '=', 'portfolio.generated'));
    expect(events).toEqual([{ verb: 'portfolio.generated', run_id: runId, profile_id: ada }]);
  });

  it('writes the same file again when asked twice, and a second pass of the day gets a file of its own', async () => {
    t = await engineWithSamplePack();
    const ada = await learner(t);
    const first = await generatePortfolioReport(t.engine.ctx, await makePassedRun(t.engine, ada));
    const again = await generatePortfolioReport(t.engine.ctx, first.runId);
    expect(again.id).toBe(first.id);
    expect(again.fileName).toBe(first.fileName);
    const second = await generatePortfolioReport(t.engine.ctx, await makePassedRun(t.engine, ada));
    expect(second.fileName).toBe(first.fileName.replace('.html', '-2.html'));
    expect((await t.call('portfolio.list', { profileId: ada })).map((e) => e.id).sort()).toEqual([first.id, second.id].sort());
  });

  it('refuses a run that has not passed', async () => {
    t = await engineWithSamplePack();
    const ada = await learner(t);
    const cards = await t.call('catalog.list', { profileId: ada });
    const run = await t.call('runs.start', { profileId: ada, missionId: cards.find((c) => c.code === 'SOC-01')?.missionId ?? 0 });
    await expect(generatePortfolioReport(t.engine.ctx, run.id)).rejects.toMatchObject({ code: 'invalid_state' });
    expect(existsSync(join(t.dataDir, 'portfolio'))).toBe(false);
  });

  it('lets no other learner read or list a report, while a mentor may', async () => {
    t = await engineWithSamplePack();
    const ada = await learner(t);
    const entry = await generatePortfolioReport(t.engine.ctx, await makePassedRun(t.engine, ada));
    const bob = await learner(t, 'Bob Intruder');
    await expect(t.call('portfolio.get', { profileId: bob, entryId: entry.id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(t.call('portfolio.list', { profileId: bob, learnerId: ada })).rejects.toMatchObject({ code: 'forbidden' });
    // Naming Ada as the caller is refused before anything is read: Bob is the one signed in.
    await expect(t.call('portfolio.get', { profileId: ada, entryId: entry.id })).rejects.toMatchObject({ code: 'forbidden' });
    expect(() => portfolioDownload(t.engine.ctx, { profileId: bob, learnerId: ada })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(await t.call('portfolio.list', { profileId: bob })).toEqual([]);

    const mentor = await staff(t, 'mentor', 'Mona Mentor');
    expect((await t.call('portfolio.list', { profileId: mentor, learnerId: ada })).map((e) => e.id)).toEqual([entry.id]);
    expect((await t.call('portfolio.get', { profileId: mentor, entryId: entry.id })).html).toContain('<!doctype html>');
  });

  it('exports every report in one zip; the desktop dialog path and the browser download agree', async () => {
    t = await engineWithSamplePack();
    const ada = await learner(t);
    const one = await generatePortfolioReport(t.engine.ctx, await makePassedRun(t.engine, ada));
    const two = await generatePortfolioReport(t.engine.ctx, await makePassedRun(t.engine, ada));
    const { fileName, stream } = portfolioDownload(t.engine.ctx, { profileId: ada });
    expect(fileName).toBe('portfolio-ada-lovelace.zip');
    const files = await zipEntries(stream);
    expect([...files.keys()].sort()).toEqual([one.fileName, two.fileName].sort());
    for (const entry of [one, two]) expect(createHash('sha256').update(files.get(entry.fileName) ?? '').digest('hex')).toBe(entry.sha256);
    // Browser mode has no save dialog or printer: both say what to do instead.
    await expect(t.call('portfolio.export', { profileId: ada })).rejects.toMatchObject({ code: 'unavailable' });
    await expect(t.call('portfolio.pdf', { profileId: ada, entryId: one.id })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('saves the zip and a PDF where the host has a dialog and a printer', async () => {
    const saved: string[] = [];
    const { nodeHost } = await import('../../../electron/engine/host.ts');
    const { tempDir } = await import('../../support/temp.ts');
    const out = tempDir();
    t = await engineWithSamplePack({
      host: {
        ...nodeHost,
        kind: 'electron',
        chooseSavePath: async ({ defaultName }) => join(out, defaultName),
        printToPdf: async (path) => {
          saved.push(path);
          return Buffer.from('%PDF-1.7 fake');
        },
      },
    });
    const ada = await learner(t);
    const entry = await generatePortfolioReport(t.engine.ctx, await makePassedRun(t.engine, ada));
    const zip = await t.call('portfolio.export', { profileId: ada });
    expect(zip.path).toBe(join(out, 'portfolio-ada-lovelace.zip'));
    expect([...(await zipEntries((await import('node:fs')).createReadStream(zip.path ?? '')))].map(([name]) => name)).toEqual([entry.fileName]);
    const pdf = await t.call('portfolio.pdf', { profileId: ada, entryId: entry.id });
    expect(pdf.path).toBe(join(out, entry.fileName.replace('.html', '.pdf')));
    expect(saved).toEqual([join(t.dataDir, 'portfolio', ada, entry.fileName)]);
    expect(readFileSync(pdf.path ?? '').toString()).toBe('%PDF-1.7 fake');
  });

  it('keeps hostile Markdown in a reflection, a response and the mentor\'s feedback inert in the file', async () => {
    t = await engineWithSamplePack();
    const ada = await learner(t);
    const hostile = 'Padding words so the reflection is long enough to pass its minimum of forty words for this mission, and then some more words here to be sure of it, with a few more to spare. <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) ![p](https://evil.example/p.png) <iframe src="https://evil.example"></iframe> <style>*{display:none}</style>';
    const runId = await makePassedRun(t.engine, ada, { reflection: hostile, feedback: hostile, stageFeedback: hostile });
    const entry = await generatePortfolioReport(t.engine.ctx, runId);
    const html = (await t.call('portfolio.get', { profileId: ada, entryId: entry.id })).html;
    const body = html.slice(html.indexOf('<body>'));
    expect(body).not.toMatch(/<script|<iframe|<style|<a\b|<img src="x"|<[^>]*\sonerror=/i);
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/https?:\/\//i);
  });
});
