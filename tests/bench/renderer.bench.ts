/// <reference lib="dom" />
// Benchmark: the renderer's first-screen bundle size (gzipped; target under 400 KB), and the mission
// library with 1,000 missions in Debian's Chromium: showing it and filtering it (target under 100 ms).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { openDatabase } from '../../db/connection.ts';
import { importPack } from '../../electron/engine/packs/import-pack.ts';
import { databaseFile } from '../../electron/engine/host/data-dir.ts';
import { createProfileAs } from '../../electron/engine/access/sign-in.ts';
import { startBrowserMode } from '../../electron/web/browser-mode.ts';
import { percentile } from './percentile.ts';

const ROOT = join(import.meta.dirname, '../..');
const RENDERER = join(ROOT, 'out/renderer');

export function firstScreenBytes(): { raw: number; gzip: number; files: string[] } {
  const html = readFileSync(join(RENDERER, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const data = readFileSync(join(RENDERER, file));
    raw += data.length;
    gzip += gzipSync(data, { level: 9 }).length;
  }
  return { raw, gzip, files };
}


export async function benchRenderer(log: (line: string) => void): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT });
  const size = firstScreenBytes();
  const all = readdirSync(join(RENDERER, 'assets')).reduce((sum, f) => sum + gzipSync(readFileSync(join(RENDERER, 'assets', f))).length, 0);
  log(`renderer first screen: ${(size.raw / 1024).toFixed(0)} KB, ${(size.gzip / 1024).toFixed(0)} KB gzipped (${size.files.length} files; target under 400 KB gzipped); all assets ${(all / 1024).toFixed(0)} KB gzipped`);

  const work = mkdtempSync(join(tmpdir(), 'outpost-bench-ui-'));
  try {
    execFileSync(process.execPath, [join(import.meta.dirname, 'generate-pack.ts'), join(work, 'pack'), '1000', '50', String(1000 * 1024)]);
    const dataDir = join(work, 'data');
    const db = openDatabase(databaseFile(dataDir));
    await importPack(join(work, 'pack', 'folder'), { db, dataDir });
    db.close();
    const mode = await startBrowserMode({ dataDir, port: 0, staticDir: RENDERER, samplePack: null, log: () => undefined });
    // A set-up lab: its admin exists, so the first screen is the profile picker.
    await createProfileAs(mode.engine.ctx, { displayName: 'Bench Admin', role: 'admin', passphrase: 'bench admin passphrase' }, 'owner');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.on('crash', () => log('the page crashed'));
      page.on('pageerror', (error) => log(`page error: ${error.message}`));
      // Times an act in the page: from just before it until the frame after the screen shows its result.
      await page.addInitScript(() => {
        (window as unknown as { timeUntil: typeof timeUntil }).timeUntil = (act, done) =>
          new Promise((resolve) => {
            const t0 = performance.now();
            act();
            const check = (): void => {
              if (done()) requestAnimationFrame(() => resolve(performance.now() - t0));
              else requestAnimationFrame(check);
            };
            requestAnimationFrame(check);
          });
      });
      await page.goto(mode.url);
      await page.getByLabel('Your name').fill('Bench');
      await page.getByRole('button', { name: 'Create profile' }).click();
      await page.locator('[data-testid=mission-card]').first().waitFor();
      const show: number[] = [];
      const filter: number[] = [];
      for (let i = 0; i < 12; i++) {
        await page.evaluate(() => (location.hash = '#/import'));
        await page.getByRole('heading', { name: 'Import a mission pack' }).waitFor();
        show.push(await page.evaluate(() => timeUntil(() => (location.hash = '#/library'), () => document.querySelectorAll('[data-testid=mission-card]').length > 0)));
        const tier = i % 2 === 0 ? 'intermediate' : '';
        filter.push(
          await page.evaluate((value) => {
            const count = (): string => document.querySelector('.library-count')?.textContent ?? '';
            const before = count();
            const select = [...document.querySelectorAll('select')].find((s) => s.labels?.[0]?.textContent?.trim() === 'Tier') as HTMLSelectElement;
            return timeUntil(
              () => {
                select.value = value;
                select.dispatchEvent(new Event('change', { bubbles: true }));
              },
              () => count() !== before && document.querySelectorAll('[data-testid=mission-card]').length > 0,
            );
          }, tier),
        );
      }
      log(`library with 1,000 missions: show (fetch + render) p50 ${percentile(show, 50).toFixed(1)} ms, p90 ${percentile(show, 90).toFixed(1)} ms; filter by tier p50 ${percentile(filter, 50).toFixed(1)} ms, p90 ${percentile(filter, 90).toFixed(1)} ms (target under 100 ms)`);
    } finally {
      await browser.close();
      await mode.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

declare global {
  function timeUntil(act: () => void, done: () => boolean): Promise<number>;
}
