import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../server/http.ts';
import { tempDir } from '../support/temp.ts';
import { DATABASES, databaseFor, postgresCluster, postgresUrl, type DatabaseKind } from './support/databases.ts';

const CLI = join(import.meta.dirname, '../../server/cli.ts');

/** A data folder, and on PostgreSQL a database of the test's own. */
interface Place {
  dataDir: string;
  database?: string;
}

async function place(kind: DatabaseKind): Promise<Place> {
  return { dataDir: tempDir('outpost-sync-cli-'), database: await databaseFor(kind) };
}

function cli(where: string | Place, ...args: string[]): { status: number | null; out: string; err: string } {
  const { dataDir, database } = typeof where === 'string' ? { dataDir: where, database: undefined } : where;
  const result = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir, ...(database ? ['--database', database] : [])], { encoding: 'utf8' });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

describe.each(DATABASES)('outpost-server command line on %s', (kind) => {
  it('creates a team, enrols a person whose code the server accepts, revokes and lists', async () => {
    const here = await place(kind);
    expect(cli(here, 'team', 'create', 'blue').out).toContain('team "blue" created');
    const enrolled = cli(here, 'enrol', 'blue', '--name', 'Ana', '--role', 'learner');
    const code = /: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})\n/.exec(enrolled.out)?.[1];
    expect(code).toBeDefined();
    expect(cli(here, 'enrol', 'blue', '--name', 'Ana', '--role', 'admin').status).toBe(2);
    expect(cli(here, 'enrol', 'green', '--name', 'Ana', '--role', 'learner')).toMatchObject({ status: 1, err: expect.stringContaining('No team named "green"') });

    const server = await startServer({ ...here, port: 0, log: () => undefined });
    try {
      const enrol = await fetch(`${server.url}/v1/enrol`, { method: 'POST', body: JSON.stringify({ code, deviceId: randomUUID(), profileId: 'p-ana' }) });
      const { token } = (await enrol.json()) as { token: string };
      expect(enrol.status).toBe(200);
      expect(cli(here, 'revoke', 'Ana').out).toContain('Ana revoked, with 1 device token(s)');
      const refused = await fetch(`${server.url}/v1/pull`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '{"cursor":0}' });
      expect(refused.status).toBe(401);
    } finally {
      await server.close();
    }
    expect(cli(here, 'list').out).toMatch(/blue\n {2}Ana \(learner\) revoked {2}id [0-9a-f-]{36}\n {4}tok_[0-9a-f]{12} {2}device [0-9a-f-]{36} {2}profile p-ana {2}revoked/);
  });

  it('serves until SIGTERM, then shuts down cleanly', async () => {
    const { dataDir, database } = await place(kind);
    // The database from the environment, as a service unit would set it.
    const env = { ...process.env, OUTPOST_SERVER_DATABASE: database ?? '' };
    const child = spawn(process.execPath, [CLI, '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /"url":"([^"]+)"/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', () => reject(new Error(`server exited: ${out}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('"signal":"SIGTERM"');
    // The log names the database it serves, never a password.
    if (database) expect(out).toMatch(new RegExp(`"database":"outpost@127\\.0\\.0\\.1:\\d+/${new URL(database).pathname.slice(1)}"`));
    else expect(out).not.toContain('"database"');
  });
});

describe('outpost-server command line', () => {
  it('refuses a port that is not a number', () => {
    expect(cli(tempDir('outpost-sync-cli-'), 'serve', '--port', 'eighty')).toMatchObject({ status: 2, err: expect.stringContaining('--port must be a port number') });
  });

  it('says which database it could not use, and never its password', () => {
    const cluster = postgresCluster();
    const wrong = postgresUrl(cluster, 'postgres', { user: cluster.guest.user, password: 'not-the-Secret-71' });
    const refused = cli(tempDir('outpost-sync-cli-'), 'list', '--database', wrong);
    expect(refused.status).toBe(1);
    expect(refused.err).toContain(`could not reach the sync database ${cluster.guest.user}@127.0.0.1:${cluster.port}/postgres`);
    expect(refused.err).toContain('password authentication failed');
    expect(refused.err + refused.out).not.toContain('not-the-Secret-71');
    const notPostgres = cli(tempDir('outpost-sync-cli-'), 'team', 'create', 'blue', '--database', 'mysql://root:Secret-mysql-9@db.internal/outpost');
    expect(notPostgres.status).toBe(1);
    expect(notPostgres.err).toContain('postgres://user:password@host:5432/database');
    expect(notPostgres.err).not.toContain('Secret-mysql-9');
  });
});
