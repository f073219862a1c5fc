// The sync server is deployed without the app: nothing under server/ may reach into electron/,
// renderer/ or the app's db/. Lint says so too; this reads the resolved paths of every import.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));
}

export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((match) => match[1]!);
}

describe('server layering', () => {
  it('imports only server/, shared/ and packages', () => {
    const files = sources(join(root, 'server'));
    expect(files.length).toBeGreaterThan(5);
    const crossing = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('.'))
        .map((target) => relative(root, resolve(dirname(file), target)))
        .filter((target) => !target.startsWith('server/') && !target.startsWith('shared/'))
        .map((target) => `${relative(root, file)} → ${target}`),
    );
    expect(crossing).toEqual([]);
    const packages = files.flatMap((file) => importsOf(file).filter((target) => !target.startsWith('.')));
    expect(packages).not.toContain('electron');
  });

  it('finds a crossing import when there is one', () => {
    expect(importsOf(join(root, 'tests/server/sync-server.ts'))).toContain('../../server/http.ts');
  });
});
