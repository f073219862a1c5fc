// Chooses the reader for a path: a folder, or a file that must be a zip archive.
import { stat } from 'node:fs/promises';
import { openFolderSource } from './folder-source.ts';
import { DEFAULT_PACK_LIMITS, type PackLimits } from './limits.ts';
import { PackSourceError, sourceIssue, type PackSource } from './pack-source.ts';
import { openZipSource } from './zip-source.ts';

export async function openPackSource(path: string, limits: PackLimits = DEFAULT_PACK_LIMITS): Promise<PackSource> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new PackSourceError([sourceIssue(path, 'no such file or folder')]);
  }
  return info.isDirectory() ? openFolderSource(path, limits) : openZipSource(path, limits);
}
