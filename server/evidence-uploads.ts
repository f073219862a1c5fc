// Resumable evidence uploads: the tus protocol (creation, HEAD, PATCH, termination) by @tus/server
// on a FileStore in <data folder>/evidence-uploads/. Each request is checked here before tus sees
// it: the path names nothing but a server-made upload id, a creation declares the file's SHA-256
// and a size within the limit, and an upload in progress answers only the person who created it
// (anyone else gets the same 404 as for an upload that does not exist). When the last byte is in,
// the file is hashed and becomes a held file, or is deleted as damaged.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Metadata, Server, type Upload } from '@tus/server';
import { EVIDENCE_DAMAGED_STATUS, EVIDENCE_HELD_HEADER, EVIDENCE_UPLOADS_PATH, evidenceSha256Schema } from '../shared/sync/protocol.ts';
import type { Caller } from './auth.ts';
import type { ServerDb } from './db/open.ts';
import { SyncError } from './errors.ts';
import { EvidenceRefusal } from './evidence-http.ts';
import { HashingFileStore } from './evidence-hashing-store.ts';
import { EVIDENCE_UPLOADS_DIR, holdUpload, isHeld } from './evidence-store.ts';
import type { Clock } from './teams.ts';

export const DEFAULT_MAX_EVIDENCE_BYTES = 2 * 1024 ** 3;
const DAMAGED_MESSAGE = 'The file arrived damaged: its SHA-256 differs; it will be sent again.';

/** What the server's naming makes: 128 random bits in hex; nothing a client chooses. */
const UPLOAD_ID = /^[0-9a-f]{32}$/;
const UPLOADS_ROOT = EVIDENCE_UPLOADS_PATH.slice(0, -1);
const NO_SUCH_UPLOAD = 'No such upload: it may have expired. Start it again.';

export interface EvidenceUploadsOptions {
  db: ServerDb;
  dataDir: string;
  maxBytes: number;
  clock: Clock;
  log(line: string): void;
}

export interface EvidenceUploads {
  readonly directory: string;
  /** Answers one request below the uploads path for a caller whose token was checked; refusals throw. */
  handle(req: IncomingMessage, res: ServerResponse, caller: Caller): Promise<void>;
  /** Lets go of what is kept in memory for uploads untouched since `before`. */
  forgetIdle(before: number): void;
}

export function createEvidenceUploads(options: EvidenceUploadsOptions): EvidenceUploads {
  const directory = join(options.dataDir, EVIDENCE_UPLOADS_DIR);
  const store = new HashingFileStore({ directory });
  // tus hands its hooks a web Request; the Node request behind it carries the checked caller here.
  const callers = new WeakMap<object, Caller>();

  const tus = new Server({
    path: UPLOADS_ROOT,
    datastore: store,
    // Relative: a Host header cannot point the client elsewhere, and a TLS proxy in front works.
    relativeLocation: true,
    maxSize: options.maxBytes,
    namingFunction: () => randomBytes(16).toString('hex'),
    // Device clients, not browsers: no CORS grants.
    allowedOrigins: () => false,
    async onUploadCreate(req, upload) {
      const node = req.runtime?.node?.req;
      const caller = node ? callers.get(node) : undefined;
      const sha256 = upload.metadata?.sha256;
      if (!caller || typeof sha256 !== 'string') throw new Error('an upload reached creation without its checks');
      // Only what the server vouches for is kept: the hash checked at the gate and who created it.
      return { metadata: { sha256, person: caller.personId } };
    },
    async onUploadFinish(_req, upload) {
      const sha256 = upload.metadata?.sha256;
      if (typeof sha256 !== 'string' || upload.size === undefined) throw new Error(`upload ${upload.id} finished without its hash or size`);
      const outcome = await holdUpload(options.db, options.dataDir, { path: join(directory, upload.id), sha256, size: upload.size, digest: store.takeDigest(upload.id, upload.size) }, options.clock.now());
      await rm(join(directory, `${upload.id}.json`), { force: true });
      if (outcome === 'damaged') {
        options.log(JSON.stringify({ level: 'warn', message: 'an evidence upload arrived damaged', sha256, size: upload.size }));
        throw { status_code: EVIDENCE_DAMAGED_STATUS, body: JSON.stringify({ code: 'invalid_input', message: DAMAGED_MESSAGE }) };
      }
      return {};
    },
    onResponseError(_req, error) {
      if (error instanceof SyncError) return { status_code: error.status, body: JSON.stringify(error.body()) };
      // tus's own refusals (offset conflicts, sizes) come as { status_code, body }.
      if (!(error instanceof Error)) return undefined;
      options.log(JSON.stringify({ level: 'error', route: UPLOADS_ROOT, error: error.message }));
      return { status_code: 500, body: JSON.stringify(new SyncError('internal', 'The server failed to answer; it logged why.').body()) };
    },
  });

  const ownUpload = async (id: string, caller: Caller): Promise<Upload> => {
    let upload: Upload;
    try {
      upload = await store.getUpload(id);
    } catch {
      throw new SyncError('not_found', NO_SUCH_UPLOAD);
    }
    if (upload.metadata?.person !== caller.personId) throw new SyncError('not_found', NO_SUCH_UPLOAD);
    return upload;
  };

  const checkCreation = async (req: IncomingMessage): Promise<void> => {
    if (req.headers['upload-defer-length'] !== undefined) throw new SyncError('invalid_input', 'An evidence upload declares its size when it is created (Upload-Length).');
    if (req.headers['upload-concat'] !== undefined) throw new SyncError('invalid_input', 'Evidence uploads are not concatenated: send one upload per file.');
    const length = header(req, 'upload-length') ?? '';
    if (!/^\d{1,16}$/.test(length)) throw new SyncError('invalid_input', 'Upload-Length must be the file\'s size in bytes.');
    const size = Number(length);
    if (size > options.maxBytes) {
      throw new SyncError('too_large', `An evidence file is at most ${mebibytes(options.maxBytes)} (${options.maxBytes} bytes); this one is ${mebibytes(size)} (${size} bytes).`);
    }
    let sha256: unknown;
    try {
      sha256 = Metadata.parse(header(req, 'upload-metadata')).sha256;
    } catch {
      throw new SyncError('invalid_input', 'Upload-Metadata must carry the file\'s sha256 (tus metadata: key, space, base64 value).');
    }
    if (typeof sha256 !== 'string' || !evidenceSha256Schema.safeParse(sha256).success) {
      throw new SyncError('invalid_input', 'Upload-Metadata must carry the file\'s sha256: 64 lowercase hex digits.');
    }
    if (await isHeld(options.db, sha256)) {
      throw new EvidenceRefusal('conflict', 'The server holds this file already: there is nothing to send.', { [EVIDENCE_HELD_HEADER]: 'true' });
    }
  };

  return {
    directory,
    forgetIdle: (before) => store.forgetIdle(before),
    async handle(req, res, caller) {
      const url = req.url ?? '/';
      const method = req.method ?? 'GET';
      if (method === 'POST') {
        if (url !== UPLOADS_ROOT && url !== EVIDENCE_UPLOADS_PATH) throw new SyncError('not_found', 'Uploads are created at ' + EVIDENCE_UPLOADS_PATH);
        await checkCreation(req);
      } else if (method === 'HEAD' || method === 'PATCH' || method === 'DELETE') {
        // The raw path, query and all: `..`, encoded slashes and other names never reach the store.
        const id = url.startsWith(EVIDENCE_UPLOADS_PATH) ? url.slice(EVIDENCE_UPLOADS_PATH.length) : '';
        if (!UPLOAD_ID.test(id)) throw new SyncError('not_found', NO_SUCH_UPLOAD);
        const upload = await ownUpload(id, caller);
        // Someone else's upload of the same file finished meanwhile: this one is dropped, and the
        // client, told the upload is gone, finds at creation that the file is held.
        if (method === 'HEAD' && typeof upload.metadata?.sha256 === 'string' && (await isHeld(options.db, upload.metadata.sha256))) {
          await store.remove(id).catch(() => undefined);
          throw new SyncError('not_found', NO_SUCH_UPLOAD);
        }
      } else if (method !== 'OPTIONS') {
        throw new SyncError('method_not_allowed', 'Evidence uploads take POST, HEAD, PATCH and DELETE (the tus protocol).');
      }
      callers.set(req, caller);
      await tus.handle(req, res);
    },
  };
}

/** A header sent once; sent twice, it counts as not sent. */
function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
}
