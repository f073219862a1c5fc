// Reads and writes sync bundle files (shared/sync/bundle.ts describes the format). The app reads and
// writes them with this same module: the server may import nothing of the app's, and one reader of
// files from another machine is safer than two that drift apart.
//
// Reading verifies everything before it hands anything over, and refuses the whole bundle at the
// first fault: the zip's entry names (no path tricks, nothing twice, nothing a bundle never holds),
// the manifest's signature by a key the caller trusts for it, then every member against the
// manifest (listed, present, its size, its SHA-256) while it is copied out of the zip into the
// caller's folder. The caller applies only what came out of that folder, never the zip again.
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import yazl from 'yazl';
import type { z } from 'zod';
import {
  batchMemberName,
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  bundleManifestSchema,
  canonicalJson,
  evidenceHashOf,
  evidenceMemberName,
  MANIFEST_MEMBER,
  MAX_BUNDLE_BATCHES,
  MAX_BUNDLE_BYTES,
  MAX_BUNDLE_MEMBERS,
  MAX_MANIFEST_BYTES,
  MEMBER_CAPS,
  memberKind,
  SIGNATURE_MEMBER,
  type BundleManifest,
  type ManifestHeader,
  type MemberEntry,
} from '../../shared/sync/bundle.ts';
import { signatureVerifies } from './bundle-keys.ts';

/** A bundle refused whole; the message says why, for the person holding the USB stick. */
export class BundleRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleRefusal';
  }
}

export interface BundleSigner {
  /** Keys that may have signed this manifest: the signature must verify with one of them. */
  keys: KeyObject[];
  /** Whose keys, in words, for the refusal when none verifies. */
  who: string;
}

export interface ReadBundleOptions {
  /** Where verified members are copied (created); the caller removes it when done. */
  workDir: string;
  /**
   * Which keys the caller trusts for this manifest (its direction, its device, its certificates);
   * throws a BundleRefusal to refuse. The manifest is not verified yet when this is asked.
   */
  signer(manifest: BundleManifest): BundleSigner | Promise<BundleSigner>;
  /** Members verified so far, of all. */
  onProgress?(done: number, total: number): void;
}

export interface VerifiedMember extends MemberEntry {
  /** The verified copy in the work folder. */
  path: string;
}

export interface VerifiedBundle {
  manifest: BundleManifest;
  /** In the order they apply. */
  batches: VerifiedMember[];
  evidence: VerifiedMember[];
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const STORED = 0;
const DEFLATED = 8;

export async function readBundle(file: string, options: ReadBundleOptions): Promise<VerifiedBundle> {
  const zip = await openZip(file);
  try {
    const entries = await listEntries(zip);
    const manifestBytes = await readSmall(zip, entries, MANIFEST_MEMBER, 'It holds no manifest.json: it is not a sync bundle.');
    const signature = parseSignature(await readSmall(zip, entries, SIGNATURE_MEMBER, 'It holds no signature: it is not a signed sync bundle.'));
    const manifest = parseManifest(manifestBytes);
    const signer = await options.signer(manifest);
    if (!signer.keys.some((key) => signatureVerifies(key, manifestBytes, signature))) {
      throw new BundleRefusal(`Its signature does not verify with ${signer.who}: the bundle was changed after it was signed, or another key signed it.`);
    }
    const listed = checkMembers(manifest, entries);
    await mkdir(options.workDir, { recursive: true });
    const verified: VerifiedMember[] = [];
    for (const [index, member] of listed.entries()) {
      const path = join(options.workDir, String(index));
      await extract(zip, entries.get(member.name) as Entry, member, path);
      verified.push({ ...member, path });
      options.onProgress?.(index + 1, listed.length);
    }
    const byName = (a: VerifiedMember, b: VerifiedMember): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    return {
      manifest,
      batches: verified.filter((member) => memberKind(member.name) === 'batch').sort(byName),
      evidence: verified.filter((member) => memberKind(member.name) === 'evidence'),
    };
  } finally {
    zip.close();
  }
}

async function openZip(file: string): Promise<ZipFile> {
  try {
    return await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new BundleRefusal(`${basename(file)} cannot be read (${code}).`);
    throw new BundleRefusal(`${basename(file)} is not a whole sync bundle: it was cut short or damaged on the way (${(error as Error).message}).`);
  }
}

/** Every entry of the zip, checked by its central directory record before any byte is read. */
async function listEntries(zip: ZipFile): Promise<Map<string, Entry>> {
  if (zip.entryCount > MAX_BUNDLE_MEMBERS + 2) throw new BundleRefusal(`It holds ${zip.entryCount} members, more than a bundle may (${MAX_BUNDLE_MEMBERS + 2}).`);
  const entries = new Map<string, Entry>();
  for await (const entry of readEntries(zip)) {
    // Raw bytes, not a name from an extra field: what is checked is what the zip says.
    const name = entry.fileNameRaw.toString('utf8');
    const trick = pathTrick(name);
    if (trick) throw new BundleRefusal(`A member is named ${JSON.stringify(name)}: ${trick}. A bundle holds only manifest.json, signature, batches/ and evidence/ files.`);
    if (entries.has(name)) throw new BundleRefusal(`${name} is in the bundle twice.`);
    const kind = memberKind(name);
    if (kind === null) throw new BundleRefusal(`It holds ${JSON.stringify(name)}, which a sync bundle never holds.`);
    if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) throw new BundleRefusal(`${name} is a symbolic link.`);
    if (entry.isEncrypted()) throw new BundleRefusal(`${name} is encrypted.`);
    if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) throw new BundleRefusal(`${name} uses compression method ${entry.compressionMethod}, which bundles do not.`);
    if (entry.uncompressedSize > MEMBER_CAPS[kind]) throw new BundleRefusal(`${name} is ${entry.uncompressedSize} bytes, over the ${MEMBER_CAPS[kind]} a ${kind} member may be.`);
    entries.set(name, entry);
  }
  return entries;
}

async function* readEntries(zip: ZipFile): AsyncGenerator<Entry> {
  for (;;) {
    let entry: Entry | null;
    try {
      entry = await new Promise<Entry | null>((resolve, reject) => {
        const cleanup = (): void => {
          zip.off('entry', onEntry);
          zip.off('end', onEnd);
          zip.off('error', onError);
        };
        const onEntry = (found: Entry): void => {
          cleanup();
          resolve(found);
        };
        const onEnd = (): void => {
          cleanup();
          resolve(null);
        };
        const onError = (error: Error): void => {
          cleanup();
          reject(error);
        };
        zip.on('entry', onEntry);
        zip.on('end', onEnd);
        zip.on('error', onError);
        zip.readEntry();
      });
    } catch (error) {
      throw new BundleRefusal(`Its list of members is damaged (${(error as Error).message}).`);
    }
    if (entry === null) return;
    yield entry;
  }
}

function pathTrick(name: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control characters in a name';
  if (name.includes('\\')) return 'a backslash in a name';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'an absolute path';
  if (name.split('/').some((part) => part === '..')) return 'a path that climbs out of its folder (`..`)';
  if (name.split('/').some((part) => part === '' || part === '.')) return 'an empty or `.` part in a path';
  return null;
}

function openStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream)));
  });
}

async function readSmall(zip: ZipFile, entries: Map<string, Entry>, name: string, missing: string): Promise<Buffer> {
  const entry = entries.get(name);
  if (!entry) throw new BundleRefusal(missing);
  const chunks: Buffer[] = [];
  try {
    // The size was checked against the cap when listed; yauzl checks the bytes against the size.
    for await (const chunk of (await openStream(zip, entry)) as AsyncIterable<Buffer>) chunks.push(chunk);
  } catch (error) {
    throw new BundleRefusal(`Its ${name} is damaged (${(error as Error).message}).`);
  }
  return Buffer.concat(chunks);
}

function parseSignature(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1').trim();
  if (!/^[A-Za-z0-9+/]{86}==$/.test(text)) throw new BundleRefusal('Its signature is not an Ed25519 signature in base64.');
  return Buffer.from(text, 'base64');
}

function parseManifest(bytes: Buffer): BundleManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BundleRefusal('Its manifest is not JSON: the bundle was damaged or changed.');
  }
  const fields = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  if (fields.format === BUNDLE_FORMAT && typeof fields.version === 'number' && fields.version !== BUNDLE_VERSION) {
    throw new BundleRefusal(`It is a bundle of format version ${fields.version}; this Outpost reads version ${BUNDLE_VERSION}.`);
  }
  const parsed = bundleManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BundleRefusal(`Its manifest does not fit the bundle format (${issue ? `${issue.path.map(String).join('.') || 'manifest'}: ${issue.message}` : 'unknown'}): the bundle was damaged or changed.`);
  }
  return parsed.data;
}

/** The manifest's members, each present in the zip once and with its listed size; nothing else in the zip. */
function checkMembers(manifest: BundleManifest, entries: Map<string, Entry>): MemberEntry[] {
  const listed = new Set<string>();
  let total = 0;
  let batches = 0;
  for (const member of manifest.members) {
    const kind = memberKind(member.name);
    if (kind !== 'batch' && kind !== 'evidence') throw new BundleRefusal(`The manifest lists ${JSON.stringify(member.name)}, which a sync bundle never holds as a member.`);
    if (listed.has(member.name)) throw new BundleRefusal(`The manifest lists ${member.name} twice.`);
    listed.add(member.name);
    if (kind === 'batch') batches++;
    if (kind === 'evidence' && evidenceHashOf(member.name) !== member.sha256) throw new BundleRefusal(`The manifest lists ${member.name} with another SHA-256 than its name.`);
    if (member.size > MEMBER_CAPS[kind]) throw new BundleRefusal(`The manifest lists ${member.name} at ${member.size} bytes, over the ${MEMBER_CAPS[kind]} a ${kind} member may be.`);
    total += member.size;
    if (total > MAX_BUNDLE_BYTES) throw new BundleRefusal(`Its members add up to more than ${MAX_BUNDLE_BYTES} bytes.`);
    const entry = entries.get(member.name);
    if (!entry) throw new BundleRefusal(`${member.name} is listed in the manifest but missing from the bundle.`);
    if (entry.uncompressedSize !== member.size) throw new BundleRefusal(`${member.name} is ${entry.uncompressedSize} bytes in the bundle; the manifest says ${member.size}.`);
  }
  if (batches > MAX_BUNDLE_BATCHES) throw new BundleRefusal(`It holds ${batches} batches, more than a bundle may (${MAX_BUNDLE_BATCHES}).`);
  for (const name of entries.keys()) {
    if (name !== MANIFEST_MEMBER && name !== SIGNATURE_MEMBER && !listed.has(name)) throw new BundleRefusal(`${name} is in the bundle but not in its manifest.`);
  }
  return manifest.members;
}

async function extract(zip: ZipFile, entry: Entry, member: MemberEntry, path: string): Promise<void> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > member.size) {
        callback(new Error('it holds more bytes than the manifest says'));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(await openStream(zip, entry), meter, createWriteStream(path, { flags: 'wx' }));
  } catch (error) {
    // The disk here failing is not the bundle's fault.
    if ((error as NodeJS.ErrnoException).syscall !== undefined) throw error;
    throw new BundleRefusal(`${member.name} is damaged (${(error as Error).message}).`);
  }
  if (size !== member.size || hash.digest('hex') !== member.sha256) {
    throw new BundleRefusal(`${member.name} does not match the manifest: its SHA-256 differs, so it was changed or damaged after the bundle was signed.`);
  }
}

/** A verified batch member, parsed; one that is not what `schema` says refuses the bundle. */
export async function readJsonMember<S extends z.ZodType>(member: VerifiedMember, schema: S, what: string): Promise<z.infer<S>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(member.path, 'utf8'));
  } catch {
    throw new BundleRefusal(`${member.name} is not JSON.`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BundleRefusal(`${member.name} is not ${what} (${issue ? `${issue.path.map(String).join('.') || 'batch'}: ${issue.message}` : 'unknown'}).`);
  }
  return parsed.data;
}

export interface BundleEvidence {
  sha256: string;
  size: number;
  /** The file on this disk, content-addressed by its SHA-256. */
  path: string;
}

export interface BundleToWrite {
  header: ManifestHeader;
  /** Each becomes batches/NNNN.json, in this order. */
  batches: readonly unknown[];
  evidence: readonly BundleEvidence[];
}

/**
 * Writes the bundle beside `dest` and moves it there once whole: a failed write leaves no half
 * bundle. Evidence files are hashed again while they are copied in, so a file damaged on this disk
 * fails the write here rather than the import on the other side of the air gap.
 */
export async function writeBundle(dest: string, bundle: BundleToWrite, sign: (manifest: Buffer) => Buffer): Promise<{ bytes: number }> {
  if (bundle.batches.length > MAX_BUNDLE_BATCHES) throw new Error(`a bundle holds at most ${MAX_BUNDLE_BATCHES} batches, not ${bundle.batches.length}`);
  const batches = bundle.batches.map((batch, index) => {
    const data = Buffer.from(JSON.stringify(batch), 'utf8');
    if (data.length > MEMBER_CAPS.batch) throw new Error(`batch ${index + 1} is ${data.length} bytes, over the ${MEMBER_CAPS.batch} a batch member may be`);
    return { name: batchMemberName(index), data, sha256: createHash('sha256').update(data).digest('hex'), size: data.length };
  });
  const evidence = [...new Map(bundle.evidence.map((file) => [file.sha256, file])).values()];
  const members: MemberEntry[] = [
    ...batches.map(({ name, sha256, size }) => ({ name, sha256, size })),
    ...evidence.map((file) => ({ name: evidenceMemberName(file.sha256), sha256: file.sha256, size: file.size })),
  ];
  const manifest = Buffer.from(canonicalJson({ ...bundle.header, members }), 'utf8');
  if (manifest.length > MAX_MANIFEST_BYTES) throw new Error(`the manifest is ${manifest.length} bytes, over ${MAX_MANIFEST_BYTES}`);
  const signature = Buffer.from(sign(manifest).toString('base64'), 'latin1');

  const zip = new yazl.ZipFile();
  const output = zip.outputStream as Readable;
  const fail = (error: Error): void => {
    output.destroy(error);
  };
  zip.on('error', fail);
  const mtime = new Date(bundle.header.createdAt);
  zip.addBuffer(manifest, MANIFEST_MEMBER, { mtime });
  zip.addBuffer(signature, SIGNATURE_MEMBER, { mtime, compress: false });
  for (const batch of batches) zip.addBuffer(batch.data, batch.name, { mtime });
  // Evidence is mostly images and captures: deflating them again gains nothing.
  for (const file of evidence) zip.addReadStreamLazy(evidenceMemberName(file.sha256), { mtime, compress: false, size: file.size }, (give) => give(null, checkedRead(file, fail)));
  zip.end();

  const temp = `${dest}.${randomBytes(6).toString('hex')}.part`;
  try {
    await pipeline(output, createWriteStream(temp, { flags: 'wx' }));
    await rename(temp, dest);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { bytes: (await stat(dest)).size };
}

function checkedRead(file: BundleEvidence, fail: (error: Error) => void): Readable {
  const hash = createHash('sha256');
  let size = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      callback(size === file.size && hash.digest('hex') === file.sha256 ? null : new Error(`The evidence file ${file.sha256} on this disk no longer matches its SHA-256: it was damaged here.`));
    },
  });
  const source = createReadStream(file.path);
  source.on('error', (error) => check.destroy(error));
  check.on('error', fail);
  return source.pipe(check);
}
