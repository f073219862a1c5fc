import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { watchPackFolder, type PackWatcher } from '../../../electron/web/preview/pack-watcher.ts';
import { tempDir } from '../../support/temp.ts';

let watcher: PackWatcher | null = null;
afterEach(() => watcher?.close());

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

describe('the pack folder watcher', () => {
  it('calls back once for a burst of saves, including in sub-folders', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'missions'));
    let calls = 0;
    watcher = watchPackFolder(dir, async () => {
      calls += 1;
    }, { debounceMs: 150 });
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, 'missions', `m${i}.yaml`), `n: ${i}`);
    await until(() => calls === 1);
    await sleep(400);
    expect(calls).toBe(1);
  });

  it('ignores editor swap files and version control', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.git'));
    let calls = 0;
    watcher = watchPackFolder(dir, async () => {
      calls += 1;
    }, { debounceMs: 50 });
    writeFileSync(join(dir, '.git', 'index'), 'x');
    writeFileSync(join(dir, '.pack.yaml.swp'), 'x');
    writeFileSync(join(dir, 'pack.yaml~'), 'x');
    await sleep(400);
    expect(calls).toBe(0);
  });

  it('runs again after a re-import that a save interrupted, never two at once', async () => {
    const dir = tempDir();
    let running = 0;
    let most = 0;
    let calls = 0;
    let release: () => void = () => undefined;
    watcher = watchPackFolder(dir, async () => {
      calls += 1;
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>((done) => (release = done));
      running -= 1;
    }, { debounceMs: 30 });
    writeFileSync(join(dir, 'a.md'), '1');
    await until(() => calls === 1);
    writeFileSync(join(dir, 'a.md'), '2');
    await sleep(200);
    expect(calls).toBe(1);
    release();
    await until(() => calls === 2);
    release();
    expect(most).toBe(1);
  });

  it('keeps watching after a re-import fails, and reports the failure', async () => {
    const dir = tempDir();
    const errors: unknown[] = [];
    let calls = 0;
    watcher = watchPackFolder(dir, async () => {
      calls += 1;
      throw new Error('boom');
    }, { debounceMs: 30, onError: (error) => errors.push(error) });
    writeFileSync(join(dir, 'a.md'), '1');
    await until(() => errors.length === 1);
    writeFileSync(join(dir, 'a.md'), '2');
    await until(() => calls === 2);
  });

  it('stops calling back once closed', async () => {
    const dir = tempDir();
    let calls = 0;
    watcher = watchPackFolder(dir, async () => {
      calls += 1;
    }, { debounceMs: 30 });
    writeFileSync(join(dir, 'a.md'), '1');
    watcher.close();
    await sleep(200);
    expect(calls).toBe(0);
  });
});
