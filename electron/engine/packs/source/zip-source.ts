// Reads a pack from a .zip with yauzl, which streams entries from the central directory instead of
// loading the archive. Every entry is vetted before any byte is extracted: first from the central
// directory, then against its local header, which also tells where its data lies.
import { open, type FileHandle } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { promisify } from 'node:util';
import { crc32, inflateRaw } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { PackIssue } from '../../../../shared/pack/issues.ts';
import { forEachConcurrent } from '../read/concurrency.ts';
import type { PackLimits } from './limits.ts';
import { collisionKey, isIgnoredPath, unsafePathReason } from './pack-path.ts';
import { collectStream, findPackRoot, PackSourceError, sourceIssue, type PackFile, type PackSource } from './pack-source.ts';

const inflate = promisify(inflateRaw);
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const STORED = 0;
const DEFLATED = 8;

/** An entry that passed vetting, with where its data starts as its local header says. */
interface VettedEntry {
  entry: Entry;
  dataStart: number;
}

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

/** The fixed part of a local file header; the file name and the extra field follow it. */
const LOCAL_HEADER_BYTES = 30;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
/** General-purpose flag bit 3: CRC-32 and sizes follow the data, so the local header may hold zeros. */
const DATA_DESCRIPTOR_FLAG = 0x0008;
/** A size field holding this value keeps the real size in the zip64 extra field. */
const ZIP64_MARKER = 0xffffffff;
const ZIP64_EXTRA_ID = 0x0001;
/** Local headers read at once while vetting, so the disk is not left idle between small reads. */
const HEADER_READ_CONCURRENCY = 16;

interface LocalHeader {
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  name: Buffer;
  dataStart: number;
}

/** An entry of the central directory with its local header, or what is wrong with that header. */
interface LocalRecord {
  name: string;
  entry: Entry;
  header: LocalHeader | string;
}

/**
 * The central directory alone can be made to lie: many entries can point at one compressed record
 * (each read inflates it again), or an entry can describe a local record other readers see
 * differently. Each entry's local header is read once, which also finds its data for the reads.
 */
async function vetLocalRecords(handle: FileHandle, archiveBytes: number, entries: Map<string, Entry>): Promise<Map<string, VettedEntry>> {
  const records = await readLocalRecords(handle, archiveBytes, entries);
  const overlapping = overlaps(records);
  const issues: PackIssue[] = [];
  const vetted = new Map<string, VettedEntry>();
  for (const { name, entry, header } of records) {
    if (typeof header === 'string') {
      issues.push(sourceIssue(name, header));
      continue;
    }
    const other = overlapping.get(name);
    const problem = other !== undefined ? `its data overlaps that of "${other}" (entries sharing compressed data are a zip bomb trick)` : localHeaderProblem(entry, header);
    if (problem) issues.push(sourceIssue(name, problem));
    else vetted.set(name, { entry, dataStart: header.dataStart });
  }
  if (issues.length > 0) throw new PackSourceError(issues);
  return vetted;
}

/** Every entry's local header, in the central directory's order. */
async function readLocalRecords(handle: FileHandle, archiveBytes: number, entries: Map<string, Entry>): Promise<LocalRecord[]> {
  const headers = new Map<string, LocalHeader | string>();
  await forEachConcurrent([...entries], HEADER_READ_CONCURRENCY, async ([name, entry]) => {
    headers.set(name, await readLocalHeader(handle, entry, archiveBytes));
  });
  return [...entries].map(([name, entry]) => ({ name, entry, header: headers.get(name) as LocalHeader | string }));
}

/**
 * Reads the fixed header and as many name bytes as the central directory gives: one read per entry
 * for every archive whose two directories agree. The local header or a problem with it.
 */
async function readLocalHeader(handle: FileHandle, entry: Entry, archiveBytes: number): Promise<LocalHeader | string> {
  const start = entry.relativeOffsetOfLocalHeader;
  const buffer = Buffer.alloc(LOCAL_HEADER_BYTES + entry.fileNameRaw.length);
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
  if (bytesRead < LOCAL_HEADER_BYTES || buffer.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) return 'no local header where the central directory says (damaged archive)';
  const nameLength = buffer.readUInt16LE(26);
  const extraStart = start + LOCAL_HEADER_BYTES + nameLength;
  const extraLength = buffer.readUInt16LE(28);
  const dataStart = extraStart + extraLength;
  if (dataStart + entry.compressedSize > archiveBytes) return 'its data runs past the end of the archive (damaged archive)';
  const name = nameLength === entry.fileNameRaw.length ? buffer.subarray(LOCAL_HEADER_BYTES) : await readAt(handle, start + LOCAL_HEADER_BYTES, nameLength);
  const header = {
    flags: buffer.readUInt16LE(6),
    method: buffer.readUInt16LE(8),
    crc: buffer.readUInt32LE(14),
    compressedSize: buffer.readUInt32LE(18),
    uncompressedSize: buffer.readUInt32LE(22),
    name,
    dataStart,
  };
  if (header.compressedSize !== ZIP64_MARKER && header.uncompressedSize !== ZIP64_MARKER) return header;
  return withZip64Sizes(header, await readAt(handle, extraStart, extraLength));
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** Zip64 sizes, in the order the spec gives them: uncompressed, then compressed, each only if marked. */
function withZip64Sizes(header: LocalHeader, extra: Buffer): LocalHeader {
  const zip64 = yauzl.parseExtraFields(extra).find((field) => field.id === ZIP64_EXTRA_ID)?.data;
  if (!zip64) return header;
  let at = 0;
  const next = (value: number): number => {
    if (value !== ZIP64_MARKER || at + 8 > zip64.length) return value;
    at += 8;
    return Number(zip64.readBigUInt64LE(at - 8));
  };
  const uncompressedSize = next(header.uncompressedSize);
  return { ...header, uncompressedSize, compressedSize: next(header.compressedSize) };
}

/**
 * yauzl reads through the central directory, but other tools (and a pack author's own unzip) read
 * local headers: an archive whose two records of a file disagree means different things to each.
 */
function localHeaderProblem(entry: Entry, local: LocalHeader): string | null {
  const disagree = (what: string): string => `local header disagrees with the central directory: ${what}`;
  if (!local.name.equals(entry.fileNameRaw)) return disagree(`it names "${yauzl.getFileNameLowLevel(local.flags, local.name, [], false)}"`);
  if (local.method !== entry.compressionMethod) return disagree(`compression method ${local.method}, not ${entry.compressionMethod}`);
  // A writer that streams (macOS Finder, zip from a pipe) sets bit 3 and writes zeros here, as it
  // does not know the CRC-32 and sizes until the data is written; only the zeros are excused.
  const deferred = (local.flags & DATA_DESCRIPTOR_FLAG) !== 0;
  const fields: [string, number, number][] = [
    ['compressed size', local.compressedSize, entry.compressedSize],
    ['uncompressed size', local.uncompressedSize, entry.uncompressedSize],
    ['CRC-32', local.crc, entry.crc32],
  ];
  for (const [what, inLocal, inCentral] of fields) {
    if (inLocal !== inCentral && !(deferred && inLocal === 0)) return disagree(`${what} ${inLocal}, not ${inCentral}`);
  }
  return null;
}

/**
 * Each entry whose bytes (local header, name, extra field, data) begin inside those of an entry that
 * starts earlier, with that entry's name. Of entries that start together, the first one listed is kept.
 */
function overlaps(records: readonly LocalRecord[]): Map<string, string> {
  const extents: { name: string; start: number; end: number }[] = [];
  for (const { name, entry, header } of records) {
    if (typeof header !== 'string') extents.push({ name, start: entry.relativeOffsetOfLocalHeader, end: header.dataStart + entry.compressedSize });
  }
  extents.sort((a, b) => a.start - b.start); // stable, so the central directory's order breaks ties
  const found = new Map<string, string>();
  let furthest: (typeof extents)[number] | undefined;
  for (const extent of extents) {
    if (furthest && extent.start < furthest.end) found.set(extent.name, furthest.name);
    if (!furthest || extent.end > furthest.end) furthest = extent;
  }
  return found;
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
