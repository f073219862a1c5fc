// Browser mode's transport: the API table over HTTP on 127.0.0.1, for lab machines that have a
// browser but cannot install the desktop app, and for the end-to-end tests.
//   POST /api/<method>   JSON in, JSON out, or {code, message} with a fitting status
//   GET  /api            every method with its input as JSON Schema
//   GET  /api/events     pushed events as server-sent events
//   POST /api/upload/evidence?profileId&runId&stageId&name, POST /api/upload/pack?name   streamed bodies
// Every /api request needs `Authorization: Bearer <token>`, a random token made at each launch.
import { timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { API, METHOD_NAMES, PUSH_EVENT_NAMES } from '../../shared/api/contract.ts';
import { API_ERROR_CODES, ApiError } from '../../shared/api/errors.ts';
import type { Engine } from '../engine/engine.ts';
import { serveStatic } from './static-files.ts';

const MAX_JSON_BYTES = 1024 * 1024;
const MAX_PACK_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024;

export interface BridgeOptions {
  engine: Engine;
  token: string;
  /** The built renderer; null serves only the API. */
  staticDir: string | null;
  /** Hosts the browser may use to reach us (DNS-rebinding defence), e.g. `127.0.0.1:5173`. */
  allowedHosts: () => string[];
}

export function createBridge(options: BridgeOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const expected = Buffer.from(`Bearer ${options.token}`);
  const authorized = (req: IncomingMessage): boolean => {
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
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
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
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
    if (req.method !== 'POST') return sendError(res, new ApiError('not_found', `No ${req.method} route at ${url.pathname}.`));
    if (url.pathname === '/api/upload/evidence') return uploadEvidence(req, res, url);
    if (url.pathname === '/api/upload/pack') return uploadPack(req, res, url);
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
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

  async function uploadEvidence(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const target = uploadTarget.safeParse(Object.fromEntries(url.searchParams));
    if (!target.success) throw new ApiError('invalid_input', 'An evidence upload needs profileId, runId, stageId and name in its query.');
    const { name, ...rest } = target.data;
    const declared = Number(req.headers['content-length']);
    const size = Number.isSafeInteger(declared) && declared >= 0 ? declared : null;
    sendJson(res, 200, await options.engine.uploadEvidence({ ...rest, fileName: name, size }, req));
  }

  async function uploadPack(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const name = (url.searchParams.get('name') ?? 'pack.zip').replace(/[^A-Za-z0-9._-]/g, '_');
    if (!name.toLowerCase().endsWith('.zip')) throw new ApiError('invalid_input', 'Upload a pack as a .zip file.');
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_PACK_UPLOAD_BYTES) throw new ApiError('too_large', 'The pack is larger than Outpost accepts.');
    const dir = join(options.engine.ctx.dataDir, 'uploads');
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${randomUUID()}-${name}`);
    try {
      await pipeline(req, createWriteStream(file));
      sendJson(res, 200, await options.engine.importPack(file));
    } finally {
      await rm(file, { force: true });
    }
  }
}

const uploadTarget = z.strictObject({ profileId: z.string().min(1), runId: z.string().min(1), stageId: z.string().min(1), name: z.string().min(1).max(200) });

export function describeApi(): unknown {
  return {
    methods: METHOD_NAMES.map((name) => ({ name, summary: API[name].summary, path: `/api/${name}`, input: z.toJSONSchema(API[name].input, { io: 'input', unrepresentable: 'any' }) })),
    events: { path: '/api/events', names: PUSH_EVENT_NAMES },
    uploads: ['/api/upload/evidence?profileId=&runId=&stageId=&name=', '/api/upload/pack?name='],
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) throw new ApiError('invalid_input', 'Send the input as application/json.');
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
