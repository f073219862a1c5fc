// Hostile and broken CTFd sources: each is refused with a specific reason through `outpost pack
// convert`, and nothing is written at --out.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertCommand } from '../../../../electron/cli/convert-command.ts';
import { exportEntries, exportTables, table, writeExportZip, type Tables } from '../../../fixtures/convert/ctfd/ctfd-export.ts';
import { tempDir } from '../../../support/temp.ts';
import type { ZipEntrySpec } from '../../../support/zip-builder.ts';

/** Runs the command; returns its error line, having checked that it failed and wrote nothing. */
async function refused(source: string, group?: string): Promise<string> {
  const out = join(tempDir(), 'out');
  const lines: string[] = [];
  const code = await convertCommand({ out: (line) => lines.push(line), err: (line) => lines.push(line) }, source, { from: 'ctfd', out, json: false, group });
  expect(code).toBe(1);
  expect(existsSync(out)).toBe(false);
  expect(lines).toHaveLength(1);
  return lines[0] ?? '';
}

function challengeFolder(files: Record<string, string>): string {
  const root = tempDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const YML = (extra: string): string => `name: Probe\ncategory: Web\nvalue: 100\ndescription: Find it.\n${extra}`;

function exportWith(change: (tables: Tables) => void, extra: ZipEntrySpec[] = [], raw: Record<string, string> = {}): string {
  const tables = exportTables();
  change(tables);
  return writeExportZip(join(tempDir(), 'export.zip'), [...exportEntries(tables, raw), ...extra]);
}

describe('refusing hostile CTFd sources', () => {
  it('refuses malformed YAML, naming the file and line', async () => {
    const root = challengeFolder({ 'web/probe/challenge.yml': 'name: Probe\nflags:\n  - flag{x}\n   - broken: [\n' });
    expect(await refused(root)).toMatch(/^outpost: cannot convert .*: web\/probe\/challenge\.yml: is not valid YAML \(line \d+\): /);
  });

  it('refuses a challenge.yml with a key written twice', async () => {
    const root = challengeFolder({ 'challenge.yml': YML('value: 200\nflags:\n  - flag{x}\n') });
    expect(await refused(join(root, 'challenge.yml'))).toContain('challenge.yml: is not valid YAML (line 5): Map keys must be unique');
  });

  it('refuses malformed JSON in an export table, naming the table', async () => {
    const zip = exportWith(() => undefined, [], { flags: '{"count": 1, "results": [{"id": 1,' });
    expect(await refused(zip)).toContain('db/flags.json: is not valid JSON');
  });

  it('refuses requirements that are neither an object nor JSON', async () => {
    const zip = exportWith((tables) => {
      const row = tables.challenges?.[1];
      if (row) row.requirements = '{prerequisites: [1';
    });
    expect(await refused(zip)).toContain('db/challenges.json id 2: `requirements` is neither an object nor JSON');
  });

  it('refuses a regex flag that would backtrack catastrophically, naming the challenge and the flag', async () => {
    const root = challengeFolder({ 'challenge.yml': YML('flags:\n  - flag{plain}\n  - type: regex\n    content: "flag\\\\{(a+)+\\\\}"\n') });
    expect(await refused(join(root, 'challenge.yml'))).toContain('challenge.yml (challenge "Probe"), flag 2 "flag\\{(a+)+\\}": the regex is refused: nested quantifier at position 6');
  });

  it('refuses a regex flag in an export that uses Python-only syntax, naming the flag', async () => {
    const zip = exportWith((tables) => {
      const flag = tables.flags?.[0];
      if (flag) Object.assign(flag, { type: 'regex', content: '(?s)flag\\{.+\\}' });
    });
    expect(await refused(zip)).toContain('db/challenges.json id 1 (challenge "Warmup"), flag 1 "(?s)flag\\{.+\\}": the regex cannot be converted: it uses an inline flag group');
  });

  it('refuses an export whose file names a path outside the uploads folder', async () => {
    const zip = exportWith((tables) => {
      const file = tables.files?.[0];
      if (file) file.location = '../../../etc/passwd';
    });
    expect(await refused(zip)).toContain('db/challenges.json id 3: challenge "Packet Hunt": the file "../../../etc/passwd" is refused: path traversal (`..`)');
  });

  it('refuses an export holding a path-traversal entry (zip slip) before reading any table', async () => {
    const zip = exportWith(() => undefined, [{ name: 'uploads/../../evil.sh', data: '#!/bin/sh\n' }]);
    expect(await refused(zip)).toContain('the export is refused: uploads/../../evil.sh: unsafe entry name: path traversal (`..`)');
  });

  it('refuses an export whose central entries overlap one local record', async () => {
    const record: ZipEntrySpec = { name: 'uploads/ab12cd34/big.bin', data: Buffer.alloc(64 * 1024, 7) };
    const sharers = Array.from({ length: 3 }, (_, i): ZipEntrySpec => ({ name: `uploads/ab12cd34/copy${i}.bin`, sharesRecordOf: record.name }));
    const zip = exportWith(() => undefined, [record, ...sharers]);
    expect(await refused(zip)).toContain('uploads/ab12cd34/copy0.bin: its data overlaps that of "uploads/ab12cd34/big.bin"');
  });

  it('refuses requirements that go round in a circle', async () => {
    const zip = exportWith((tables) => {
      const warmup = tables.challenges?.[0];
      if (warmup) warmup.requirements = { prerequisites: [2] };
    });
    expect(await refused(zip)).toContain('the requirements go round in a circle ("Warmup" requires "Login Bypass" requires "Warmup")');
  });

  it('refuses a requirements cycle between challenge.yml files by name', async () => {
    const root = challengeFolder({
      'a/challenge.yml': YML('flags:\n  - flag{a}\nrequirements: [Other]\n'),
      'b/challenge.yml': YML('flags:\n  - flag{b}\nrequirements: [Probe]\n').replace('name: Probe', 'name: Other'),
    });
    expect(await refused(root)).toContain('the requirements go round in a circle ("Probe" requires "Other" requires "Probe")');
  });

  it('refuses categories that require each other\'s challenges', async () => {
    const zip = exportWith((tables) => {
      const warmup = tables.challenges?.[0];
      if (warmup) warmup.requirements = { prerequisites: [4] };
    });
    expect(await refused(zip)).toContain('the categories require each other\'s challenges in a circle (Web → Forensics → Web)');
  });

  it('refuses a hint that costs more than its challenge is worth', async () => {
    const root = challengeFolder({ 'challenge.yml': YML('flags:\n  - flag{x}\nhints:\n  - content: all of it\n    cost: 150\n') });
    expect(await refused(join(root, 'challenge.yml'))).toContain('challenge.yml (challenge "Probe"), hint 1: the hint costs 150 points but the challenge is worth 100');
  });

  it('refuses a file named outside the challenge folder, by path or by symbolic link', async () => {
    const outside = challengeFolder({ 'secret.txt': 'not for the pack' });
    const root = challengeFolder({ 'probe/challenge.yml': YML('flags:\n  - flag{x}\nfiles: [../secret.txt]\n'), 'link/challenge.yml': YML('flags:\n  - flag{x}\nfiles: [leak.txt]\n').replace('Probe', 'Link') });
    expect(await refused(join(root, 'probe/challenge.yml'))).toContain('the file "../secret.txt" is refused: path traversal (`..`)');
    symlinkSync(join(outside, 'secret.txt'), join(root, 'link/leak.txt'));
    expect(await refused(join(root, 'link/challenge.yml'))).toContain('the file "leak.txt" leads outside the challenge\'s folder');
  });

  it('refuses a folder of files that links back into itself, rather than reading it for ever', async () => {
    const root = challengeFolder({ 'challenge.yml': YML('flags:\n  - flag{x}\nfiles: [dist]\n'), 'dist/readme.txt': 'hello' });
    symlinkSync(join(root, 'dist'), join(root, 'dist/again'));
    expect(await refused(join(root, 'challenge.yml'))).toContain('leads back into a folder already read (a symbolic link loop)');
  });

  it('refuses a missing file, an unknown --group and a zip that is no export', async () => {
    const root = challengeFolder({ 'challenge.yml': YML('flags:\n  - flag{x}\nfiles: [dist/missing.bin]\n') });
    expect(await refused(join(root, 'challenge.yml'))).toContain('the file "dist/missing.bin" does not exist beside the challenge.yml');
    expect(await refused(writeExportZip(join(tempDir(), 'g.zip')), 'crypto')).toContain('--group: no challenge has the category "crypto"; the categories are: Web, Forensics');
    const notExport = writeExportZip(join(tempDir(), 'other.zip'), [{ name: 'readme.txt', data: 'hello' }]);
    expect(await refused(notExport)).toContain('is not a CTFd export: it has no db/challenges.json');
    expect(table([])).toBe('{"count":0,"results":[],"meta":{}}');
  });
});
