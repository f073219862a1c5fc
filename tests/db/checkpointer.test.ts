import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SOURCE_CHECKPOINT_WORKER_URL, startCheckpointer, type Checkpointer } from '../../db/checkpointer.ts';
import { openDatabase, type Db } from '../../db/connection.ts';
import { tempDir } from '../support/temp.ts';

let db: Db | null = null;
let checkpointer: Checkpointer | null = null;
afterEach(() => {
  checkpointer?.stop();
  db?.close();
  db = checkpointer = null;
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

describe('the background checkpoint', () => {
  it('copies committed pages into the database file while the engine connection only writes', async () => {
    const file = join(tempDir(), 'outpost.db');
    db = openDatabase(file);
    checkpointer = startCheckpointer(db, file, SOURCE_CHECKPOINT_WORKER_URL, () => undefined);
    // The engine's own connection now waits for about 64 MB of WAL before it checkpoints.
    expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(16_000);
    const before = statSync(file).size;
    const insert = db.sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    const filler = 'x'.repeat(1000);
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`key-${i}`, filler);
    });
    // About 2 MB committed: far below the connection's limit, so only the worker can have copied it.
    expect(await until(() => statSync(file).size > before + 1_500_000)).toBe(true);
    expect(db.sqlite.prepare('SELECT count(*) FROM settings').pluck().get()).toBe(2000);
  });

  it('falls back to checkpoints in the commits when the worker cannot run', async () => {
    const dir = tempDir();
    const file = join(dir, 'outpost.db');
    const broken = join(dir, 'broken-worker.mjs');
    writeFileSync(broken, 'throw new Error("no checkpoint here");\n');
    db = openDatabase(file);
    const logged: string[] = [];
    checkpointer = startCheckpointer(db, file, pathToFileURL(broken), (message) => logged.push(message));
    expect(await until(() => logged.length > 0)).toBe(true);
    expect(logged[0]).toMatch(/background checkpoint stopped/);
    expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(4_000);
  });
});
