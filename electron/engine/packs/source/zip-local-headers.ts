// The second look at a zip's entries: each local header, read once, must agree with the central
// directory, and no two entries may share bytes of the archive. The central directory alone can be
// made to lie (many entries pointing at one compressed record, an entry that other tools read
// differently); this also finds where each entry's data starts, for the reads that follow.
import type { FileHandle } from 'node:fs/promises';
import yauzl, { type Entry } from 'yauzl';
import type { PackIssue } from '../../../../shared/pack/issues.ts';
import { forEachConcurrent } from '../read/concurrency.ts';
import { PackSourceError, sourceIssue } from './pack-source.ts';

/** An entry that passed vetting, with where its data starts as its local header says. */
export interface VettedEntry {
  entry: Entry;
  dataStart: number;
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
export async function vetLocalRecords(handle: FileHandle, archiveBytes: number, entries: Map<string, Entry>): Promise<Map<string, VettedEntry>> {
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
