// Reads a pack from a folder (an unpacked pack, or a pack author's working copy). Symbolic links are
// refused rather than followed: a link could point anywhere on the machine.
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PackIssue } from '../../../../shared/pack/issues.ts';
import type { PackLimits } from './limits.ts';
import { collisionKey, isIgnoredPath } from './pack-path.ts';
import { PackSourceError, sourceIssue, type PackFile, type PackSource } from './pack-source.ts';

export async function openFolderSource(root: string, limits: PackLimits): Promise<PackSource> {
  const files: PackFile[] = [];
  const issues: PackIssue[] = [];
  const seen = new Map<string, string>();
  let total = 0;

  const walk = async (relative: string): Promise<void> => {
    const names = (await readdir(join(root, relative))).sort();
    for (const name of names) {
      const path = relative ? `${relative}/${name}` : name;
      if (isIgnoredPath(path)) continue;
      const stat = await lstat(join(root, path));
      if (stat.isSymbolicLink()) {
        issues.push(sourceIssue(path, 'symbolic links are not allowed in a pack'));
      } else if (stat.isDirectory()) {
        await walk(path);
      } else if (!stat.isFile()) {
        issues.push(sourceIssue(path, 'only regular files may be part of a pack'));
      } else if (files.length >= limits.maxEntries) {
        throw new PackSourceError([...issues, sourceIssue('', `the folder has more than ${limits.maxEntries} files`)]);
      } else {
        const clash = seen.get(collisionKey(path));
        if (clash !== undefined) issues.push(sourceIssue(path, `duplicate name (same as "${clash}" ignoring case)`));
        seen.set(collisionKey(path), path);
        if (stat.size > limits.maxEntryBytes) {
          issues.push(sourceIssue(path, `file is ${stat.size} bytes, over the limit of ${limits.maxEntryBytes}`));
        }
        total += stat.size;
        files.push({ path, size: stat.size });
      }
    }
  };

  try {
    await walk('');
  } catch (error) {
    if (error instanceof PackSourceError) throw error;
    throw new PackSourceError([sourceIssue('', `cannot read the folder: ${(error as Error).message}`)]);
  }
  if (total > limits.maxTotalBytes) issues.push(sourceIssue('', `the files add up to more than ${limits.maxTotalBytes} bytes`));
  if (issues.length > 0) throw new PackSourceError(issues);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const known = new Set(files.map((file) => file.path));
  return {
    kind: 'folder',
    files,
    async openStream(path) {
      if (!known.has(path)) throw new Error(`no file ${path} in the pack`);
      return createReadStream(join(root, path));
    },
    async readBuffer(path) {
      if (!known.has(path)) throw new Error(`no file ${path} in the pack`);
      return readFile(join(root, path));
    },
    async close() {},
  };
}
