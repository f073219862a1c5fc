import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main.ts';
import { validatePack } from '../../electron/engine/packs/validate-pack.ts';
import { editFile, validPackFiles, writePackFolder, writePackZip } from '../support/pack-fixture.ts';
import { tempDir } from '../support/temp.ts';

const root = tempDir();

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('outpost pack validate', () => {
  it('exits 0 and summarises a good pack', async () => {
    const dir = writePackFolder(join(root, 'good'), validPackFiles());
    const result = await run('pack', 'validate', dir);
    expect(result.code).toBe(0);
    expect(result.out).toBe('valid: test-pack 0.1.0 (1 missions, 1 recipes, 1 rubrics, 1 files); signature: unsigned');
  });

  it('exits 1 and prints each error with file, line and field', async () => {
    const files = editFile(validPackFiles(), 'missions/DEMO-01/mission.yaml', (t) => t.replace('next: respond', 'next: respnd'));
    const dir = writePackFolder(join(root, 'bad'), files);
    const result = await run('pack', 'validate', dir);
    expect(result.code).toBe(1);
    expect(result.out.split('\n')).toEqual([
      'error: missions/DEMO-01/mission.yaml:29 stages[0].next: stage "find-host" leads to "respnd", which does not exist',
      'error: missions/DEMO-01/mission.yaml:30 stages[1]: stage "respond" cannot be reached from start "find-host"',
      'error: missions/DEMO-01/mission.yaml:36 stages[2]: stage "report" cannot be reached from start "find-host"',
      'test-pack 0.1.0: 3 error(s), 0 warning(s)',
    ]);
  });

  it('prints JSON for machines with --json', async () => {
    const zip = writePackZip(join(root, 'slip.zip'), validPackFiles(), [{ name: '../../evil', data: 'x' }]);
    const result = await run('pack', 'validate', zip, '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toEqual({
      ok: false,
      pack: null,
      signature: null,
      counts: null,
      issues: [{ severity: 'error', file: '../../evil', path: '', message: 'unsafe entry name: path traversal (`..`)' }],
    });
  });

  it('exits 2 with usage on a wrong command or flag', async () => {
    expect((await run('pack', 'frobnicate')).code).toBe(2);
    const bad = await run('pack', 'validate', '--no-such-flag');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/usage: outpost/);
  });
});

describe('outpost pack import and list', () => {
  it('imports into a data folder, then says a second import changed nothing', async () => {
    const dir = writePackFolder(join(root, 'to-import'), validPackFiles());
    const data = join(root, 'data');
    expect((await run('pack', 'import', dir, '--data-dir', data)).out).toMatch(/^imported into .*data as its admin: test-pack 0\.1\.0/);
    expect((await run('pack', 'import', dir, '--data-dir', data)).out).toMatch(/^already installed, nothing changed: test-pack 0\.1\.0/);
    expect((await run('pack', 'list', '--data-dir', data)).out).toBe('test-pack 0.1.0  Test pack  (1 missions, unsigned)');
  });
});

describe('authoring commands', () => {
  it('scaffolds a pack that validates', async () => {
    const dir = join(root, 'scaffolded');
    expect((await run('pack', 'new', dir, '--id', 'lab-basics')).code).toBe(0);
    const report = await validatePack(dir);
    expect(report.issues).toEqual([]);
    expect(report.manifest?.id).toBe('lab-basics');
  });

  it('refuses to scaffold into a folder that is not empty', async () => {
    const dir = writePackFolder(join(root, 'occupied'), { 'notes.txt': 'mine' });
    const result = await run('pack', 'new', dir);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/is not empty/);
  });

  it('writes JSON Schema generated from the pack schema', async () => {
    const result = await run('pack', 'schema', 'mission');
    const schema = JSON.parse(result.out);
    expect(schema.title).toBe('Outpost missions/<code>/mission.yaml');
    expect(schema.properties.tier.enum).toEqual(['beginner', 'intermediate', 'advanced', 'mastery']);
    const task = schema.properties.stages.items.oneOf.find((stage: { properties: { kind: { const?: string } } }) => stage.properties.kind.const === 'task');
    expect(task.properties.answer.properties.match.enum).toEqual(['exact', 'ignore-case', 'trimmed', 'contains']);
    expect(schema.required).toEqual(expect.arrayContaining(['code', 'title', 'tier', 'track', 'story', 'objectives', 'start', 'stages']));
    const outDir = join(root, 'schemas');
    await run('pack', 'schema', '--out-dir', outDir);
    for (const kind of ['pack', 'mission', 'rubric', 'recipe']) expect(JSON.parse(readFileSync(join(outDir, `${kind}.schema.json`), 'utf8')).type).toBe('object');
  });

  it('signs with a generated key, and validate shows who signed with --trust', async () => {
    const dir = writePackFolder(join(root, 'to-sign'), validPackFiles());
    const prefix = join(root, 'author');
    await run('pack', 'keygen', prefix);
    expect((await run('pack', 'sign', dir, '--key', `${prefix}.key.pem`, '--signer', 'Jane <jane@example.org>')).code).toBe(0);
    const result = await run('pack', 'validate', dir, '--trust', `${prefix}.pub.pem`);
    expect(result.out).toMatch(/signature: signed by .*author\.pub\.pem \(key [0-9a-f]{16}, trusted\)$/);
  });
});

describe('the outpost executable', () => {
  it('runs through bin/outpost.mjs with the documented exit codes', () => {
    const dir = writePackFolder(join(root, 'bin-good'), validPackFiles());
    const good = execFileSync(process.execPath, ['bin/outpost.mjs', 'pack', 'validate', dir], { encoding: 'utf8' });
    expect(good).toMatch(/^valid: test-pack/);
    const bad = spawnSync(process.execPath, ['bin/outpost.mjs', 'pack', 'validate', join(root, 'missing-folder')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/no such file or folder/);
  });
});

describe('outpost admin create', () => {
  it('adds an admin to the data folder with a passphrase that is never on the command line', async () => {
    const data = join(root, 'admin-data');
    const out: string[] = [];
    const ctx = { out: (l: string) => out.push(l), err: (l: string) => out.push(l), readSecret: async () => 'lab admin passphrase' };
    expect(await main(['admin', 'create', '--name', 'Ida Admin', '--data-dir', data], ctx)).toBe(0);
    expect(out.at(-1)).toMatch(/^created admin profile "Ida Admin" \(/);
    // A second admin from the machine's owner is allowed; a short passphrase is not.
    expect(await main(['admin', 'create', '--name', 'Short Pass', '--data-dir', data], { ...ctx, readSecret: async () => 'short' })).toBe(1);
    expect(out.at(-1)).toContain("An admin's passphrase needs 10 to 200 characters");
    expect(await run('admin', 'create', '--data-dir', data)).toMatchObject({ code: 2, err: expect.stringContaining('admin create needs --name') });
  });

  it('reads the passphrase from the first line of standard input when it is not a terminal', () => {
    const data = join(root, 'admin-stdin');
    const result = spawnSync(process.execPath, [join(import.meta.dirname, '../../bin/outpost.mjs'), 'admin', 'create', '--name', 'Piped Admin', '--data-dir', data], {
      input: 'piped admin passphrase\nignored second line\n',
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^created admin profile "Piped Admin"/);
  });
});
