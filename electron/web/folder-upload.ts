// Receives a pack folder sent from a browser's folder picker: multipart/form-data with one part per
// file, each part's filename being the file's path inside the folder (`my-pack/missions/…`). Every
// path passes the importer's own rules before a byte of it is written, and the files land in a fresh
// staging folder that the caller removes.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable, Transform } from 'node:stream';
import busboy from 'busboy';
import { ApiError } from '../../shared/api/errors.ts';
import { collisionKey, isIgnoredPath, unsafePathReason } from '../engine/packs/source/pack-path.ts';
import { findPackRoot } from '../engine/packs/source/pack-source.ts';

export interface FolderUploadLimits {
  /** Files the folder may hold; the importer's own limit on a pack's entries. */
  maxFiles: number;
  /** Counts the request body's bytes and fails past the upload cap. */
  byteCap: () => Transform;
}

/**
 * Writes the uploaded files under `dir` and returns the pack's root inside it: browsers send the
 * chosen folder's own name as every path's first segment, so the pack often sits one level down.
 */
export async function receivePackFolder(req: IncomingMessage, dir: string, limits: FolderUploadLimits): Promise<string> {
  let form: busboy.Busboy;
  try {
    // preservePath: the path is the point (busboy keeps only the base name otherwise); browsers send
    // file names as UTF-8.
    form = busboy({ headers: req.headers, preservePath: true, defParamCharset: 'utf8', limits: { files: limits.maxFiles, parts: limits.maxFiles, fields: 0 } });
  } catch {
    throw new ApiError('invalid_input', 'Send the folder as multipart/form-data, one part per file.');
  }
  const names = new FolderNames();
  const writes: Array<Promise<void>> = [];
  const stored: string[] = [];
  let refusal: ApiError | null = null;
  // Destroying the form ends the copy below with this error, which stops the request being read.
  const refuse = (error: ApiError): void => {
    refusal ??= error;
    form.destroy(error);
  };
  const tooMany = (): void => refuse(new ApiError('too_large', `The folder has more than ${limits.maxFiles} files.`));

  form.on('file', (_field: string, file: Readable, info: busboy.FileInfo) => {
    const path = info.filename;
    if (path === undefined) {
      file.resume();
      return refuse(new ApiError('invalid_input', "Every part needs a file name: the file's path in the folder."));
    }
    const problem = names.problemWith(path);
    if (problem !== null) {
      file.resume();
      return refuse(new ApiError('invalid_input', `The folder cannot be imported: ${quoted(path)}: ${problem}.`));
    }
    if (isIgnoredPath(path)) return void file.resume();
    const target = resolve(dir, path);
    // The rules above already keep a path inside; this is the last word before the file system.
    if (!target.startsWith(resolve(dir) + sep)) {
      file.resume();
      return refuse(new ApiError('invalid_input', `The folder cannot be imported: ${quoted(path)}: path leaves the folder.`));
    }
    stored.push(path);
    writes.push(
      writeFile(file, target).catch((error: unknown) => {
        refuse(new ApiError('invalid_input', `The folder cannot be imported: ${quoted(path)} could not be stored (${(error as NodeJS.ErrnoException).code ?? 'error'}).`));
      }),
    );
  });
  form.on('filesLimit', tooMany);
  form.on('partsLimit', tooMany);
  form.on('fieldsLimit', () => refuse(new ApiError('invalid_input', 'Send only files, one part per file.')));

  try {
    await pipeline(req, limits.byteCap(), form);
    await Promise.all(writes);
    // A file that failed to be written after the whole form was read.
    if (refusal) throw refusal;
  } catch (error) {
    // The staging folder is removed after this: no write may still be open in it.
    await Promise.allSettled(writes);
    if (error instanceof ApiError) throw error;
    throw new ApiError('invalid_input', `The upload is not a readable multipart form: ${(error as Error).message}.`);
  }
  if (stored.length === 0) throw new ApiError('invalid_input', 'The folder holds no files.');
  return join(dir, findPackRoot(stored));
}

async function writeFile(file: Readable, target: string): Promise<void> {
  try {
    await mkdir(dirname(target), { recursive: true });
  } catch (error) {
    file.resume();
    throw error;
  }
  // `wx`: never over an existing file, whatever the checks before missed.
  await pipeline(file, createWriteStream(target, { flags: 'wx' }));
}

/**
 * The names seen so far. Beyond the importer's rules (no traversal, no absolute path, no duplicate
 * ignoring case), names are about to become files on this machine: a backslash is a separator on
 * Windows, a colon names a drive or a hidden stream there, and a name cannot be both a file and a folder.
 */
class FolderNames {
  private readonly files = new Map<string, string>();
  private readonly folders = new Set<string>();

  problemWith(path: string): string | null {
    const unsafe = unsafePathReason(path);
    if (unsafe !== null) return unsafe;
    if (/[\\:*?"<>|]/.test(path)) return 'file name contains a character a folder cannot hold (\\ : * ? " < > |)';
    if (path.endsWith('/')) return 'a folder, not a file';
    const key = collisionKey(path);
    const clash = this.files.get(key);
    if (clash !== undefined) return `duplicate name (same as "${clash}" ignoring case)`;
    if (this.folders.has(key)) return 'a file with the name of a folder';
    const parts = key.split('/');
    for (let end = 1; end < parts.length; end += 1) {
      const folder = parts.slice(0, end).join('/');
      if (this.files.has(folder)) return 'a folder with the name of a file';
      this.folders.add(folder);
    }
    this.files.set(key, path);
    return null;
  }
}

/** A path as the message shows it: quoted, control characters escaped, not endless. */
function quoted(path: string): string {
  return JSON.stringify(path.length > 120 ? `${path.slice(0, 120)}…` : path);
}
