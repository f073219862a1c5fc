// Writes zip archives byte by byte for tests, including the hostile shapes a real zip library would
// refuse to produce: traversal names, symbolic links, duplicates, lying sizes, local headers that
// disagree with the central directory and central entries that share one local record.
import { deflateRawSync } from 'node:zlib';

export interface ZipEntrySpec {
  name: string;
  data?: Buffer | string;
  /** Store uncompressed instead of deflating. */
  store?: boolean;
  /** Unix mode bits for the external attributes (e.g. 0o120777 for a symbolic link). */
  unixMode?: number;
  /** Overrides the uncompressed size written in the headers (to lie about it). */
  declaredSize?: number;
  encrypted?: boolean;
  /** Writes a wrong CRC-32, as a damaged archive would have. */
  corruptCrc?: boolean;
  /**
   * Sets flag bit 3: the local header carries zeros for CRC-32 and sizes, and a data descriptor after
   * the data carries the real ones, as macOS Finder and streaming zippers write.
   */
  dataDescriptor?: boolean;
  /** Values written into the local header only, so that it disagrees with the central directory. */
  localHeader?: LocalHeaderOverrides;
  /**
   * Writes no local record of its own: the central entry points at the record of the earlier entry of
   * this name and copies its method, CRC-32 and sizes (the overlapping-entry zip bomb).
   */
  sharesRecordOf?: string;
}

export interface LocalHeaderOverrides {
  name?: string;
  method?: number;
  compressedSize?: number;
  size?: number;
}

/** What a central entry says about its local record. */
interface RecordInfo {
  offset: number;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function buildZip(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const records = new Map<string, RecordInfo>();
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    let record: RecordInfo;
    if (entry.sharesRecordOf === undefined) {
      const { info, bytes } = localRecord(entry, offset);
      record = info;
      records.set(entry.name, record);
      locals.push(...bytes);
      offset += bytes.reduce((sum, part) => sum + part.length, 0);
    } else {
      const shared = records.get(entry.sharesRecordOf);
      if (!shared) throw new Error(`no earlier entry ${entry.sharesRecordOf} to share a record with`);
      record = shared;
    }
    centrals.push(centralHeader(record, name, entry.unixMode ?? 0o100644), name);
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The local header, name, data and (with bit 3) data descriptor of one entry. */
function localRecord(entry: ZipEntrySpec, offset: number): { info: RecordInfo; bytes: Buffer[] } {
  const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data ?? '', 'utf8');
  const packed = entry.store ? raw : deflateRawSync(raw);
  // Traditional encryption puts a 12-byte header before the data; readers check for its room.
  const body = entry.encrypted ? Buffer.concat([Buffer.alloc(12), packed]) : packed;
  const info: RecordInfo = {
    offset,
    flags: 0x0800 | (entry.encrypted ? 1 : 0) | (entry.dataDescriptor ? 0x0008 : 0),
    method: entry.store ? 0 : 8,
    crc: entry.corruptCrc ? (crc32(raw) ^ 0xffff) >>> 0 : crc32(raw),
    compressedSize: body.length,
    size: entry.declaredSize ?? raw.length,
  };
  const over = entry.localHeader ?? {};
  const deferred = entry.dataDescriptor === true;
  const name = Buffer.from(over.name ?? entry.name, 'utf8');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(info.flags, 6);
  local.writeUInt16LE(over.method ?? info.method, 8);
  local.writeUInt32LE(0, 10);
  local.writeUInt32LE(deferred ? 0 : info.crc, 14);
  local.writeUInt32LE(over.compressedSize ?? (deferred ? 0 : info.compressedSize), 18);
  local.writeUInt32LE(over.size ?? (deferred ? 0 : info.size), 22);
  local.writeUInt16LE(name.length, 26);
  local.writeUInt16LE(0, 28);
  return { info, bytes: deferred ? [local, name, body, dataDescriptor(info)] : [local, name, body] };
}

function dataDescriptor(info: RecordInfo): Buffer {
  const descriptor = Buffer.alloc(16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(info.crc, 4);
  descriptor.writeUInt32LE(info.compressedSize, 8);
  descriptor.writeUInt32LE(info.size, 12);
  return descriptor;
}

function centralHeader(record: RecordInfo, name: Buffer, unixMode: number): Buffer {
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE((3 << 8) | 20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(record.flags, 8);
  central.writeUInt16LE(record.method, 10);
  central.writeUInt32LE(0, 12);
  central.writeUInt32LE(record.crc, 16);
  central.writeUInt32LE(record.compressedSize, 20);
  central.writeUInt32LE(record.size, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE((unixMode << 16) >>> 0, 38);
  central.writeUInt32LE(record.offset, 42);
  return central;
}
