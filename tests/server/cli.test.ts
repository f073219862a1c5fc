import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../server/http.ts';
import { tempDir } from '../support/temp.ts';

const CLI = join(import.meta.dirname, '../../server/cli.ts');

function cli(dataDir: string, ...args: string[]): { status: number | null; out: string; err: string } {
  const result = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { encoding: 'utf8' });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

describe('outpost-server command line', () => {
  it('creates a team, enrols a person whose code the server accepts, revokes and lists', async () => {
    const dataDir = tempDir('outpost-sync-cli-');
    expect(cli(dataDir, 'team', 'create', 'blue').out).toContain('team "blue" created');
    const enrolled = cli(dataDir, 'enrol', 'blue', '--name', 'Ana', '--role', 'learner');
    const code = /: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})\n/.exec(enrolled.out)?.[1];
    expect(code).toBeDefined();
    expect(cli(dataDir, 'enrol', 'blue', '--name', 'Ana', '--role', 'admin').status).toBe(2);
    expect(cli(dataDir, 'enrol', 'green', '--name', 'Ana', '--role', 'learner')).toMatchObject({ status: 1, err: expect.stringContaining('No team named "green"') });

    const server = await startServer({ dataDir, port: 0, log: () => undefined });
    try {
      const enrol = await fetch(`${server.url}/v1/enrol`, { method: 'POST', body: JSON.stringify({ code, deviceId: randomUUID(), profileId: 'p-ana' }) });
      const { token } = (await enrol.json()) as { token: string };
      expect(enrol.status).toBe(200);
      expect(cli(dataDir, 'revoke', 'Ana').out).toContain('Ana revoked, with 1 device token(s)');
      const refused = await fetch(`${server.url}/v1/pull`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '{"cursor":0}' });
      expect(refused.status).toBe(401);
    } finally {
      await server.close();
    }
    expect(cli(dataDir, 'list').out).toMatch(/blue\n {2}Ana \(learner\) revoked {2}id [0-9a-f-]{36}\n {4}tok_[0-9a-f]{12} {2}device [0-9a-f-]{36} {2}profile p-ana {2}revoked/);
  });

  it('serves until SIGTERM, then shuts down cleanly', async () => {
    const dataDir = tempDir('outpost-sync-cli-');
    const child = spawn(process.execPath, [CLI, '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
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
  });

  it('refuses a port that is not a number', () => {
    expect(cli(tempDir('outpost-sync-cli-'), 'serve', '--port', 'eighty')).toMatchObject({ status: 2, err: expect.stringContaining('--port must be a port number') });
  });
});
