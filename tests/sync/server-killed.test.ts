// The server process killed (SIGKILL, no goodbye) in the middle of a long push, then started again
// on the same data folder: the device's next sync leaves every event on the server exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openServerDatabase } from '../../server/db/open.ts';
import { createTeam, enrolPerson } from '../../server/teams.ts';
import { engineWithSamplePack, learner } from '../support/engine-fixture.ts';
import { tempDir } from '../support/temp.ts';

const CLI = join(import.meta.dirname, '../../server/cli.ts');
const EVENTS = 30_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

function serve(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('"listening"')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening: ${out}`)));
  });
}

function serverEvents(dataDir: string): { rows: number; distinct: number; ack: number } {
  const db = new BetterSqlite3(join(dataDir, 'sync.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    const distinct = (db.prepare('SELECT count(*) AS n FROM (SELECT DISTINCT device_id, seq FROM events)').get() as { n: number }).n;
    const ack = (db.prepare('SELECT coalesce(max(ack_seq), 0) AS n FROM devices').get() as { n: number }).n;
    return { rows, distinct, ack };
  } finally {
    db.close();
  }
}

describe('the server killed mid-push', () => {
  it('loses nothing and duplicates nothing once it is back', async () => {
    const dataDir = tempDir('outpost-killed-');
    const setup = await openServerDatabase({ dataDir });
    await createTeam(setup, 'blue');
    const { code } = await enrolPerson(setup, 'blue', 'Ada', 'learner');
    await setup.destroy();
    const port = await freePort();
    let server = await serve(dataDir, port);

    const lab = await engineWithSamplePack();
    onTestFinished(() => lab.engine.close());
    const ada = await learner(lab);
    await lab.call('sync.enrol', { profileId: ada, serverUrl: `http://127.0.0.1:${port}`, code });
    await lab.call('sync.now', {});
    // A long backlog: many batches, so the kill lands between and inside them.
    const { sqlite } = lab.engine.ctx.db;
    const insert = sqlite.prepare('INSERT INTO events (id, device_id, profile_id, verb, object_type, object_id, run_id, occurred_at, context_json, result_json) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL)');
    sqlite.transaction(() => {
      for (let i = 0; i < EVENTS; i++) insert.run(randomUUID(), lab.engine.ctx.deviceId, ada, 'stage.entered', 'stage', 'SOC-01/triage', 1_700_000_000_000 + i, JSON.stringify({ i, note: 'x'.repeat(200) }));
    })();
    const local = Number((sqlite.prepare('SELECT max(seq) AS n FROM events').get() as { n: number }).n);

    const syncing = lab.call('sync.now', {});
    // Killed once the server has taken part of the backlog.
    for (let tries = 0; serverEvents(dataDir).rows < 2_000 && tries < 400; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
    server.kill('SIGKILL');
    const failed = await syncing;
    expect(failed.lastError).toMatch(/cannot be reached|did not answer/);
    const half = serverEvents(dataDir);
    expect(half.rows).toBeGreaterThan(0);
    expect(half.rows).toBeLessThan(local);
    expect(half.distinct).toBe(half.rows);

    server = await serve(dataDir, port);
    const ok = await lab.call('sync.now', {});
    expect(ok).toMatchObject({ lastError: null, pendingEvents: 0 });
    const final = serverEvents(dataDir);
    expect(final).toEqual({ rows: local, distinct: local, ack: local });
    server.kill('SIGTERM');
  });
});
