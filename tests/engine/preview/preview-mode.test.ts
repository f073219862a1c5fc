import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { PreviewStatusView } from '../../../shared/api/contract.ts';
import { main } from '../../../electron/cli/main.ts';
import { previewCommand } from '../../../electron/cli/preview-command.ts';
import { startPreviewMode, type PreviewMode } from '../../../electron/web/preview/preview-mode.ts';
import { tempDir } from '../../support/temp.ts';
import { authorFolder, MISSION_YAML } from './preview-fixture.ts';

async function until(check: () => boolean | Promise<boolean>, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(50);
  }
}

describe('preview mode', () => {
  it('serves the preview methods on its bridge, follows saves, and removes its data folder on close', async () => {
    const dir = authorFolder();
    const staticDir = tempDir();
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Outpost</title>');
    const reloads: PreviewStatusView[] = [];
    const mode: PreviewMode = await startPreviewMode({ packDir: dir, port: 0, staticDir, tempRoot: tempDir(), debounceMs: 50, log: () => undefined, onReload: (s) => reloads.push(s) });
    try {
      expect(mode.url).toBe(`http://127.0.0.1:${mode.port}/?preview#token=${mode.token}`);
      expect(existsSync(mode.dataDir)).toBe(true);
      const status = async (token = mode.token): Promise<Response> =>
        fetch(`http://127.0.0.1:${mode.port}/api/preview.status`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' });
      expect((await status('wrong')).status).toBe(401);
      const first = (await (await status()).json()) as PreviewStatusView;
      expect(first).toMatchObject({ state: 'ready', version: '1.2.0-preview.1', missionCode: 'DEMO-01' });

      writeFileSync(join(dir, MISSION_YAML), readFileSync(join(dir, MISSION_YAML), 'utf8').replace('start: find-host', 'start: missing-stage'));
      await until(() => reloads.length >= 1);
      const broken = (await (await status()).json()) as PreviewStatusView;
      expect(broken.state).toBe('invalid');
      expect(broken.issues.some((i) => i.file === MISSION_YAML && i.message.includes('missing-stage'))).toBe(true);
    } finally {
      await mode.close();
    }
    expect(existsSync(mode.dataDir)).toBe(false);
  });

  it('refuses a folder that is not there, leaving no data folder behind', async () => {
    const root = tempDir();
    await expect(startPreviewMode({ packDir: join(root, 'absent'), port: 0, staticDir: root, tempRoot: root })).rejects.toThrow(/no folder/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('refuses a zip or any other file: a preview follows a folder', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'pack.zip'), 'PK');
    await expect(startPreviewMode({ packDir: join(root, 'pack.zip'), port: 0, staticDir: root, tempRoot: root })).rejects.toThrow(/not a folder/);
    expect(readdirSync(root)).toEqual(['pack.zip']);
  });
});


describe('outpost pack preview', () => {
  it('prints the address, opens the browser unless told not to, and cleans up when stopped', async () => {
    const dir = authorFolder();
    const out: string[] = [];
    const opened: string[] = [];
    let dataDir = '';
    const code = await previewCommand({ out: (l) => out.push(l), err: (l) => out.push(l) }, [dir], {
      openBrowser: (url) => opened.push(url),
      staticDir: tempDir(),
      stopped: async (mode) => {
        dataDir = mode.dataDir;
        expect(existsSync(dataDir)).toBe(true);
      },
    });
    expect(code).toBe(0);
    expect(out.some((l) => /imported author-pack as 1\.2\.0-preview\.1: DEMO-01 on screen/.test(l))).toBe(true);
    expect(out.some((l) => /open http:\/\/127\.0\.0\.1:\d+\/\?preview#token=/.test(l))).toBe(true);
    expect(opened).toHaveLength(1);
    expect(existsSync(dataDir)).toBe(false);

    opened.length = 0;
    await previewCommand({ out: () => undefined, err: () => undefined }, [dir, '--no-open'], { openBrowser: (url) => opened.push(url), staticDir: tempDir(), stopped: async () => undefined });
    expect(opened).toEqual([]);
  });

  it('is wrong usage without a folder, with two, or with a bad port', async () => {
    const err: string[] = [];
    const ctx = { out: () => undefined, err: (l: string) => err.push(l) };
    expect(await main(['pack', 'preview'], ctx)).toBe(2);
    expect(err.join('\n')).toContain('pack preview needs a pack folder');
    expect(await main(['pack', 'preview', 'a', 'b'], ctx)).toBe(2);
    expect(await main(['pack', 'preview', 'a', '--port', '70000'], ctx)).toBe(2);
    expect(await main(['pack', 'preview', 'a', '--port', '-1'], ctx)).toBe(2);
    expect(await main(['pack', 'preview', 'a', '--data-dir', 'x'], ctx)).toBe(2);
  });

  it('is listed in the usage', async () => {
    const out: string[] = [];
    expect(await main(['--help'], { out: (l) => out.push(l), err: () => undefined })).toBe(0);
    expect(out.join('\n')).toContain('pack preview <dir> [--port N] [--no-open]');
  });
});
