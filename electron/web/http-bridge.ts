// Browser mode's transport: the API table over HTTP on 127.0.0.1, for lab machines that have a
// browser but cannot install the desktop app, and for the end-to-end tests.
//   POST /api/<method>   JSON in, JSON out, or {code, message} with a fitting status
//   GET  /api            every method with its input as JSON Schema
//   GET  /api/events     pushed events as server-sent events
//   POST /api/upload/evidence?profileId&runId&stageId&name, POST /api/upload/pack?name   streamed bodies
//   POST /api/upload/pack-folder   a pack folder as multipart/form-data, one part per file
//   GET  /api/download/portfolio?profileId[&learnerId]   every portfolio report in one zip
//   GET  /api/download/sync-bundle, POST /api/upload/sync-bundle   sync bundles across an air gap
// Every /api request needs `Authorization: Bearer <token>`, a random token made at each launch.
// Every body is counted as it arrives and refused (413) past its cap, whether or not it declared a length.
import { timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Transform, pipeline as pipelineCallback, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { API, METHOD_NAMES, PUSH_EVENT_NAMES } from '../../shared/api/contract.ts';
import { API_ERROR_CODES, ApiError } from '../../shared/api/errors.ts';
import { SIGNED_IN, STAFF } from '../../shared/api/roles.ts';
import type { Engine } from '../engine/engine.ts';
import { DEFAULT_PACK_LIMITS } from '../engine/packs/source/limits.ts';
import { portfolioDownload } from '../engine/portfolio/portfolio-acts.ts';
import { bundleDownload, bundleUpload } from '../engine/sync/bundle-acts.ts';
import { receivePackFolder } from './folder-upload.ts';
import { serveStatic } from './static-files.ts';

const MAX_JSON_BYTES = 1024 * 1024;
/** The largest upload body of any kind; a stage's own evidence limit is smaller (at most 2 GB). */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024;

export interface BridgeOptions {
  engine: Engine;
  token: string;
  /** The built renderer; null serves only the API. */
  staticDir: string | null;
  /** Hosts the browser may use to reach us (DNS-rebinding defence), e.g. `127.0.0.1:5173`. */
  allowedHosts: () => string[];
  /** The transport's cap on an upload body, counted as it arrives; MAX_UPLOAD_BYTES unless a test lowers it. */
  maxUploadBytes?: number;
  /** Files a folder upload may hold; the importer's own entry limit unless a test lowers it. */
  maxFolderFiles?: number;
}

export function createBridge(options: BridgeOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const expected = Buffer.from(`Bearer ${options.token}`);
  const authorized = (req: IncomingMessage): boolean => {
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const maxUploadBytes = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!(error instanceof ApiError)) options.engine.ctx.log('bridge request failed', error);
      if (res.headersSent) return res.destroy();
      // A body refused half-way is still arriving: close the connection rather than let a client reuse it.
      if (!req.complete) res.setHeader('Connection', 'close');
      sendError(res, error instanceof ApiError ? error : new ApiError('internal', 'Something went wrong inside Outpost; the details are in its log.'));
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    if (!options.allowedHosts().includes(req.headers.host ?? '')) {
      return sendError(res, new ApiError('forbidden', 'Outpost answers only on its local address.'));
    }
    if (!url.pathname.startsWith('/api')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, new ApiError('not_found', 'Not found.'));
      return serveStatic(options.staticDir, url.pathname, res);
    }
    if (!authorized(req)) return sendError(res, new ApiError('unauthorized', 'A valid token is required.'));
    const origin = req.headers.origin;
    if (origin !== undefined && !options.allowedHosts().some((host) => origin === `http://${host}`)) {
      return sendError(res, new ApiError('forbidden', 'Requests from other sites are refused.'));
    }
    if (req.method === 'GET' && url.pathname === '/api') return sendJson(res, 200, describeApi());
    if (req.method === 'GET' && url.pathname === '/api/events') return streamEvents(req, res);
    if (req.method === 'GET' && url.pathname === '/api/download/portfolio') return downloadPortfolio(res, url);
    if (req.method === 'GET' && url.pathname === '/api/download/sync-bundle') return downloadSyncBundle(res);
    if (req.method !== 'POST') return sendError(res, new ApiError('not_found', `No ${req.method} route at ${url.pathname}.`));
    if (url.pathname === '/api/upload/evidence') return uploadEvidence(req, res, url);
    if (url.pathname === '/api/upload/pack') return uploadPack(req, res, url);
    if (url.pathname === '/api/upload/pack-folder') return uploadPackFolder(req, res);
    if (url.pathname === '/api/upload/sync-bundle') return uploadSyncBundle(req, res);
    const method = decodePart(url.pathname.slice('/api/'.length), 'method name');
    const input = await readJson(req);
    sendJson(res, 200, (await options.engine.call(method, input)) ?? null);
  }

  function streamEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write(': connected\n\n');
    const stop = options.engine.onPush((event, payload) => res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      stop();
    });
  }

  async function downloadPortfolio(res: ServerResponse, url: URL): Promise<void> {
    const { fileName, stream } = portfolioDownload(options.engine.ctx, queryOf(url));
    res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${fileName}"`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    await pipeline(stream, res);
  }

  async function downloadSyncBundle(res: ServerResponse): Promise<void> {
    const bundle = await bundleDownload(options.engine.ctx);
    try {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="${bundle.fileName}"`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      await pipeline(createReadStream(bundle.path), res);
    } finally {
      await bundle.remove();
    }
  }

  async function uploadSyncBundle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Refused before a byte is stored, as for a pack.
    options.engine.authorize(SIGNED_IN);
    declaredLength(req, maxUploadBytes);
    const dir = join(options.engine.ctx.dataDir, 'uploads');
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${randomUUID()}.outpost-sync`);
    let view;
    try {
      await pipeline(req, byteCap(maxUploadBytes), createWriteStream(file));
      view = await bundleUpload(options.engine.ctx, file);
    } finally {
      // Gone before the answer leaves, as a pack folder's upload is.
      await rm(file, { force: true });
    }
    sendJson(res, 200, view);
  }

  async function uploadEvidence(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const target = uploadTarget.safeParse(queryOf(url));
    if (!target.success) throw new ApiError('invalid_input', 'An evidence upload needs profileId, runId, stageId and name in its query.');
    const { name, ...rest } = target.data;
    const size = declaredLength(req, maxUploadBytes);
    sendJson(res, 200, await options.engine.uploadEvidence({ ...rest, fileName: name, size }, cappedBody(req, maxUploadBytes)));
  }

  async function uploadPack(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const name = (queryOf(url).name ?? 'pack.zip').replace(/[^A-Za-z0-9._-]/g, '_');
    if (!name.toLowerCase().endsWith('.zip')) throw new ApiError('invalid_input', 'Upload a pack as a .zip file.');
    // Refused before a byte is stored: only a mentor or an admin may import.
    options.engine.authorize(STAFF);
    declaredLength(req, maxUploadBytes);
    const dir = join(options.engine.ctx.dataDir, 'uploads');
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${randomUUID()}-${name}`);
    try {
      await pipeline(req, byteCap(maxUploadBytes), createWriteStream(file));
      sendJson(res, 200, await options.engine.importPack(file, { by: 'session' }));
    } finally {
      await rm(file, { force: true });
    }
  }

  async function uploadPackFolder(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Refused before a byte is stored, as for a zip.
    options.engine.authorize(STAFF);
    declaredLength(req, maxUploadBytes);
    const dir = join(options.engine.ctx.dataDir, 'uploads', randomUUID());
    await mkdir(dir, { recursive: true });
    let report;
    try {
      const root = await receivePackFolder(req, dir, { maxFiles: options.maxFolderFiles ?? DEFAULT_PACK_LIMITS.maxEntries, byteCap: () => byteCap(maxUploadBytes) });
      report = await options.engine.importPack(root, { by: 'session' });
    } finally {
      // Gone before the answer leaves: whoever reads it finds no upload left behind.
      await rm(dir, { recursive: true, force: true });
    }
    sendJson(res, 200, report);
  }
}

/**
 * The request's address, relative to this server whatever the request line says: a target such as
 * `//host/path` must not be read as another host, and one that cannot be parsed is the client's fault.
 */
function requestUrl(req: IncomingMessage): URL {
  const target = req.url ?? '/';
  try {
    if (target.startsWith('/')) return new URL(`http://127.0.0.1${target}`);
  } catch {
    // Falls through to the refusal below.
  }
  throw new ApiError('invalid_input', 'The request address is not a valid path.');
}

/** Percent-decodes one part of the address; a broken escape (`%E0%A4%A`) is the client's mistake. */
function decodePart(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ApiError('invalid_input', `The ${what} in the request address is not valid percent-encoding.`);
  }
}

/**
 * The query's parameters, decoded strictly: URLSearchParams would quietly turn a broken escape into
 * replacement characters, and store a file under a name the sender never meant.
 */
function queryOf(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const pair of url.search.slice(1).split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const [key, value] = at === -1 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    const name = decodePart(key.replaceAll('+', ' '), 'query');
    query[name] = decodePart(value.replaceAll('+', ' '), `query parameter "${name}"`);
  }
  return query;
}

/** The body length the sender declared, refused at once above `maxBytes`; null when none was declared. */
function declaredLength(req: IncomingMessage, maxBytes: number): number | null {
  const declared = Number(req.headers['content-length']);
  if (req.headers['content-length'] === undefined || !Number.isSafeInteger(declared) || declared < 0) return null;
  if (declared > maxBytes) throw tooLarge(maxBytes);
  return declared;
}

/**
 * Counts the bytes as they pass and fails once they exceed `maxBytes`: a chunked body declares no
 * length, so only counting stops one. The failure ends the copy it is part of, which stops reading.
 */
function byteCap(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      callback(seen > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
}

/**
 * The request body through a byte cap, for a reader elsewhere (the engine's evidence copy). Failures
 * travel both ways: a client that goes away ends the reader's copy, and a reader that stops (a
 * stage's rule, the cap) stops the request being read.
 */
function cappedBody(req: IncomingMessage, maxBytes: number): Readable {
  const cap = byteCap(maxBytes);
  // The reader sees every failure on `cap` itself; nothing is left to handle here.
  pipelineCallback(req, cap, () => undefined);
  return cap;
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError('too_large', `The upload is larger than Outpost accepts (at most ${formatBytes(maxBytes)}).`);
}

function formatBytes(bytes: number): string {
  const units: Array<[string, number]> = [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]];
  const [unit, size] = units.find(([, size]) => bytes >= size) ?? ['bytes', 1];
  return `${Number((bytes / size).toFixed(1))} ${unit}`;
}

const uploadTarget = z.strictObject({ profileId: z.string().min(1), runId: z.string().min(1), stageId: z.string().min(1), name: z.string().min(1).max(200) });

export function describeApi(): unknown {
  return {
    methods: METHOD_NAMES.map((name) => ({ name, summary: API[name].summary, roles: API[name].roles, path: `/api/${name}`, input: z.toJSONSchema(API[name].input, { io: 'input', unrepresentable: 'any' }) })),
    events: { path: '/api/events', names: PUSH_EVENT_NAMES },
    uploads: ['/api/upload/evidence?profileId=&runId=&stageId=&name=', '/api/upload/pack?name=', '/api/upload/pack-folder', '/api/upload/sync-bundle'],
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) throw new ApiError('invalid_input', 'Send the input as application/json.');
  if (Number(req.headers['content-length'] ?? 0) > MAX_JSON_BYTES) throw new ApiError('too_large', 'The request body is larger than 1 MB.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) throw new ApiError('too_large', 'The request body is larger than 1 MB.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('invalid_input', 'The request body is not valid JSON.');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(data) });
  res.end(data);
}

function sendError(res: ServerResponse, error: ApiError): void {
  sendJson(res, API_ERROR_CODES[error.code], error.toBody());
}
