// Builds small packs on disk (as folders or zips) for tests: a valid base that each test bends.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { scaffoldFiles } from '../../electron/cli/scaffold.ts';
import { buildZip, type ZipEntrySpec } from './zip-builder.ts';

export type PackFiles = Record<string, string | Buffer>;

/** The scaffolded one-mission pack: valid, with an answer, a quiz, a decision and an asset. */
export function validPackFiles(id = 'test-pack', version = '0.1.0'): PackFiles {
  const files: PackFiles = scaffoldFiles(id, 'Test pack');
  files['pack.yaml'] = (files['pack.yaml'] as string).replace('version: 0.1.0', `version: ${version}`);
  return files;
}

export function writePackFolder(root: string, files: PackFiles): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

export function writePackZip(file: string, files: PackFiles, extra: ZipEntrySpec[] = []): string {
  const entries: ZipEntrySpec[] = Object.entries(files).map(([name, data]) => ({ name, data }));
  writeFileSync(file, buildZip([...entries, ...extra]));
  return file;
}

/** Every file below a folder with its size, to prove a failed import changed nothing. */
export function snapshotTree(root: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (dir: string, prefix: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) {
        out[`${prefix}${name}/`] = 0;
        walk(path, `${prefix}${name}/`);
      } else {
        out[`${prefix}${name}`] = stat.size;
      }
    }
  };
  walk(root, '');
  return out;
}

export function editFile(files: PackFiles, path: string, edit: (text: string) => string): PackFiles {
  return { ...files, [path]: edit(String(files[path])) };
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
