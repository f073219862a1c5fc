// Reads a pack from a .zip with yauzl, which streams entries from the central directory instead of
// loading the archive. Every entry is vetted before any byte is extracted: first from the central
// directory, then against its local header, which also tells where its data lies.
import { open, type FileHandle } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { promisify } from 'node:util';
import { crc32, inflateRaw } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { PackIssue } from '../../../../shared/pack/issues.ts';
import type { PackLimits } from './limits.ts';
import { collisionKey, isIgnoredPath, unsafePathReason } from './pack-path.ts';
import { vetLocalRecords, type VettedEntry } from './zip-local-headers.ts';
import { collectStream, findPackRoot, PackSourceError, sourceIssue, type PackFile, type PackSource } from './pack-source.ts';

const inflate = promisify(inflateRaw);
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const STORED = 0;
const DEFLATED = 8;


export async function openZipSource(zipPath: string, limits: PackLimits): Promise<PackSource> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch (error) {
    throw new PackSourceError([sourceIssue(baseName(zipPath), `not a readable zip archive: ${(error as Error).message}`)]);
  }
  let handle: FileHandle | undefined;
  try {
    const { entries, issues } = await vetEntries(zip, limits);
    if (issues.length > 0) throw new PackSourceError(issues);
    handle = await open(zipPath, 'r');
    return makeSource(zip, handle, await vetLocalRecords(handle, zip.fileSize, entries));
  } catch (error) {
    zip.close();
    await handle?.close();
    if (error instanceof PackSourceError) throw error;
    throw new PackSourceError([sourceIssue(baseName(zipPath), `damaged zip archive: ${(error as Error).message}`)]);
  }
}

async function vetEntries(zip: ZipFile, limits: PackLimits): Promise<{ entries: Map<string, Entry>; issues: PackIssue[] }> {
  const entries = new Map<string, Entry>();
  const seen = new Map<string, string>();
  const issues: PackIssue[] = [];
  let total = 0;
  let count = 0;
  for await (const entry of readEntries(zip)) {
    count++;
    if (count > limits.maxEntries) {
      issues.push(sourceIssue('', `the archive has more than ${limits.maxEntries} entries`));
      break;
    }
    const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
    const problem = entryProblem(entry, name, limits);
    if (problem) {
      issues.push(sourceIssue(name, problem));
      continue;
    }
    if (name.endsWith('/')) continue;
    const key = collisionKey(name);
    const clash = seen.get(key);
    if (clash !== undefined) {
      issues.push(sourceIssue(name, clash === name ? 'duplicate entry name' : `duplicate entry name (same as "${clash}" ignoring case)`));
      continue;
    }
    seen.set(key, name);
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes) {
      issues.push(sourceIssue(name, `the files add up to more than ${limits.maxTotalBytes} bytes uncompressed`));
      break;
    }
    if (total > limits.maxArchiveRatio * zip.fileSize) {
      issues.push(sourceIssue(name, `the files add up to more than ${limits.maxArchiveRatio} times the archive's own ${zip.fileSize} bytes uncompressed (looks like a zip bomb)`));
      break;
    }
    entries.set(name, entry);
  }
  return { entries, issues };
}

function entryProblem(entry: Entry, name: string, limits: PackLimits): string | null {
  const unsafe = unsafePathReason(name);
  if (unsafe) return `unsafe entry name: ${unsafe}`;
  if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) return 'symbolic links are not allowed in a pack';
  if (entry.isEncrypted()) return 'encrypted entries are not supported';
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
    return `unsupported compression method ${entry.compressionMethod}`;
  }
  if (entry.uncompressedSize > limits.maxEntryBytes) {
    return `entry is ${entry.uncompressedSize} bytes uncompressed, over the limit of ${limits.maxEntryBytes}`;
  }
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > limits.ratioExemptBytes && ratio > limits.maxCompressionRatio) {
    return `compression ratio ${Math.round(ratio)}:1 exceeds ${limits.maxCompressionRatio}:1 (looks like a zip bomb)`;
  }
  return null;
}

async function* readEntries(zip: ZipFile): AsyncGenerator<Entry> {
  while (true) {
    const entry = await new Promise<Entry | null>((resolve, reject) => {
      const onEntry = (e: Entry): void => { cleanup(); resolve(e); };
      const onEnd = (): void => { cleanup(); resolve(null); };
      const onError = (err: Error): void => { cleanup(); reject(err); };
      const cleanup = (): void => {
        zip.off('entry', onEntry);
        zip.off('end', onEnd);
        zip.off('error', onError);
      };
      zip.on('entry', onEntry);
      zip.on('end', onEnd);
      zip.on('error', onError);
      zip.readEntry();
    });
    if (entry === null) return;
    yield entry;
  }
}

/** Entries up to this compressed size are read with one positioned read instead of a stream. */
const DIRECT_READ_BYTES = 1024 * 1024;

function makeSource(zip: ZipFile, handle: FileHandle, entries: Map<string, VettedEntry>): PackSource {
  // Ignored names first: a zip from macOS Finder holds `__MACOSX/` beside the pack's own top folder.
  const root = findPackRoot([...entries.keys()].filter((name) => !isIgnoredPath(name)));
  const byPath = new Map<string, VettedEntry>();
  const files: PackFile[] = [];
  for (const [name, vetted] of entries) {
    if (!name.startsWith(root)) continue;
    const path = name.slice(root.length);
    if (isIgnoredPath(path)) continue;
    byPath.set(path, vetted);
    files.push({ path, size: vetted.entry.uncompressedSize });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    kind: 'zip',
    files,
    async openStream(path) {
      const vetted = byPath.get(path);
      if (!vetted) throw new Error(`no file ${path} in the archive`);
      const stream = await openVettedStream(zip, vetted);
      const capped = byteCap(vetted.entry.uncompressedSize, path);
      // pipe() does not forward errors; yauzl reports a corrupt or lying entry on the source stream.
      stream.on('error', (error) => capped.destroy(error));
      return stream.pipe(capped);
    },
    async readBuffer(path) {
      const vetted = byPath.get(path);
      if (!vetted) throw new Error(`no file ${path} in the archive`);
      if (vetted.entry.compressedSize > DIRECT_READ_BYTES) return collectStream(await this.openStream(path));
      return readDirect(handle, vetted, path);
    },
    async close() {
      zip.close();
      await handle.close();
    },
  };
}

/** Streams the vetted bytes; yauzl inflates and checks the size, as its own openReadStream would. */
function openVettedStream(zip: ZipFile, { entry, dataStart }: VettedEntry): Promise<Readable> {
  // The callback form: yauzl 3.4.0's openReadStreamLowLevelPromise passes its arguments to the wrong method.
  return new Promise((resolve, reject) => {
    const size = entry.compressedSize;
    zip.openReadStreamLowLevel(dataStart, size, 0, size, entry.compressionMethod === DEFLATED, entry.uncompressedSize, (error, stream) => {
      if (error) reject(error);
      else resolve(stream);
    });
  });
}

/**
 * A pack is thousands of small entries; a stream per entry costs a dozen thread-pool round trips.
 * Vetting found the data, one read fetches it, and the inflated size and CRC-32 are checked.
 */
async function readDirect(handle: FileHandle, { entry, dataStart }: VettedEntry, path: string): Promise<Buffer> {
  const raw = Buffer.allocUnsafe(entry.compressedSize);
  const { bytesRead } = await handle.read(raw, 0, raw.length, dataStart);
  if (bytesRead !== raw.length) throw new Error(`${path} is cut short in the archive`);
  let data: Buffer;
  try {
    // maxOutputLength stops an entry that lies about its size from inflating without bound.
    data = entry.compressionMethod === STORED ? raw : await inflate(raw, { maxOutputLength: Math.max(entry.uncompressedSize, 1) });
  } catch (error) {
    throw new Error(`${path} does not inflate to its declared size: ${(error as Error).message}`, { cause: error });
  }
  if (data.length !== entry.uncompressedSize) throw new Error(`${path} inflates to ${data.length} bytes, not the declared ${entry.uncompressedSize}`);
  if (crc32(data) !== entry.crc32) throw new Error(`${path} fails its CRC-32 check (damaged archive)`);
  return data;
}

/** Belt and braces beside yauzl's own size check: never yield more than the entry declared. */
function byteCap(limit: number, path: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) callback(new Error(`${path} inflates past its declared size`));
      else callback(null, chunk);
    },
  });
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
