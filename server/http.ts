// The sync server's HTTP face: routes from the protocol table, a body cap counted while reading,
// one JSON log line per request, and a shutdown that lets in-flight batches finish.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { MAX_BATCH_BYTES, SYNC_ROUTES, type SyncRoute } from '../shared/sync/protocol.ts';
import { answerTeamAnalytics } from './analytics-http.ts';
import { authenticate, enrolDevice } from './auth.ts';
import { loadServerKey, type ServerKey } from './bundles/server-key.ts';
import { openServerDatabase, type ServerDb } from './db/open.ts';
import { SyncError } from './errors.ts';
import { EVIDENCE_PATH_PREFIX, startEvidence } from './evidence.ts';
import { missingEvidence } from './evidence-store.ts';
import { applyPull } from './pull.ts';
import { applyPush } from './push.ts';
import { systemClock, type Clock } from './teams.ts';
import { createXapiForwarder } from './xapi/forwarder.ts';

export interface ServerOptions {
  dataDir: string;
  /** postgres://… to run on PostgreSQL; SQLite in the data folder without it. */
  database?: string;
  port?: number;
  host?: string;
  maxBodyBytes?: number;
  /** The largest evidence file an upload may declare; 2 GiB unless given. */
  maxEvidenceBytes?: number;
  clock?: Clock;
  /** One JSON object per line; stdout unless given. */
  log?: (line: string) => void;
  /** HTTPS with this certificate and key (PEM); plain HTTP without, for use behind a proxy that terminates TLS. */
  tls?: { cert: Buffer | string; key: Buffer | string };
  /** Forwarding of teams' events to their LRS (server/xapi/): on unless `enabled: false`. */
  xapi?: { intervalMs?: number; fetch?: typeof fetch; enabled?: boolean };
}

export interface RunningServer {
  url: string;
  db: ServerDb;
  /** Requests being answered now. */
  inFlight(): number;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

/** After this, connections still open at shutdown are cut; a batch's transaction rolls back whole. */
const SHUTDOWN_GRACE_MS = 10_000;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  // Made on first start; it certifies device keys at enrolment (sync bundles).
  const serverKey = loadServerKey(options.dataDir);
  const db = await openServerDatabase({ dataDir: options.dataDir, database: options.database });
  const clock = options.clock ?? systemClock;
  const maxBody = options.maxBodyBytes ?? MAX_BATCH_BYTES;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  let active = 0;
  let closing = false;
  const evidence = startEvidence({ db, dataDir: options.dataDir, maxBytes: options.maxEvidenceBytes, clock, log });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = Object.hasOwn(SYNC_ROUTES, path) ? (path as SyncRoute) : null;
    // Evidence uploads and downloads stream their bodies: they answer themselves.
    if (!route && path.startsWith(EVIDENCE_PATH_PREFIX)) {
      active++;
      if (closing) res.setHeader('Connection', 'close');
      try {
        const answered = await evidence.handle(req, res);
        log(JSON.stringify({ level: 'info', method: req.method, route: answered.route, status: answered.status, ms: Math.round((performance.now() - started) * 10) / 10 }));
      } finally {
        active--;
      }
      return;
    }
    active++;
    let status = 500;
    try {
      const answer = await answerRequest(req, route, { db, clock, maxBody, serverKey, log, closing: () => closing });
      status = 200;
      // A keep-alive connection would hold shutdown open until its idle timeout.
      if (closing) res.setHeader('Connection', 'close');
      send(res, 200, answer);
    } catch (error) {
      const refusal = error instanceof SyncError ? error : new SyncError('internal', 'The server failed to answer; it logged why.');
      status = refusal.status;
      if (!(error instanceof SyncError)) log(JSON.stringify({ level: 'error', route: route ?? 'unknown', error: error instanceof Error ? error.message : String(error) }));
      if (closing || refusal.code === 'too_large') res.setHeader('Connection', 'close');
      if (refusal.code === 'too_large') {
        // Stop reading a body that is too large; the connection goes once the answer is out.
        res.once('finish', () => setTimeout(() => req.destroy(), 1_000).unref());
        req.resume();
      }
      send(res, status, refusal.body());
    } finally {
      active--;
      // Never the token, the body or the query string: only what an operator needs.
      log(JSON.stringify({ level: 'info', method: req.method, route: route ?? 'unknown', status, ms: Math.round((performance.now() - started) * 10) / 10 }));
    }
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => void handle(req, res);
  let server: Server;
  try {
    server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' }, onRequest) : createServer(onRequest);
  } catch (error) {
    evidence.stop();
    await db.destroy();
    throw new Error(`the TLS certificate or key cannot be used: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const xapi = options.xapi?.enabled === false ? null : createXapiForwarder({ db, dataDir: options.dataDir, clock, log, intervalMs: options.xapi?.intervalMs, fetch: options.xapi?.fetch });
  xapi?.start();

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      evidence.stop();
      await new Promise<void>((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        cut.unref();
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      });
      await xapi?.stop();
      await db.destroy();
    })();
    return closed;
  };

  return { url: `${options.tls ? 'https' : 'http'}://${host}:${address.port}`, db, inFlight: () => active, close };
}

interface RequestContext {
  db: ServerDb;
  clock: Clock;
  maxBody: number;
  serverKey: ServerKey;
  log: (line: string) => void;
  closing(): boolean;
}

async function answerRequest(req: IncomingMessage, route: SyncRoute | null, ctx: RequestContext): Promise<unknown> {
  if (!route) throw new SyncError('not_found', 'No such route.');
  const spec = SYNC_ROUTES[route];
  if (req.method !== spec.method) throw new SyncError('method_not_allowed', `${route} takes ${spec.method}.`);
  if (route === '/healthz') return { status: 'ok' };
  if (route === '/readyz') {
    if (ctx.closing()) throw new SyncError('unavailable', 'The server is shutting down.');
    await sql`select 1`.execute(ctx.db);
    return { status: 'ok' };
  }
  // The token is checked before the body is read: a revoked device is refused at once.
  const caller = spec.access === 'enrolment' ? null : await authenticate(ctx.db, req.headers.authorization);
  if (caller && typeof spec.access !== 'string' && !spec.access.includes(caller.role)) throw new SyncError('forbidden', `${route} is for ${spec.access.join(' or ')} tokens only.`);
  const body = await readJson(req, ctx.maxBody);
  const now = ctx.clock.now();
  switch (route) {
    case '/v1/enrol':
      return enrolDevice(ctx.db, parse(SYNC_ROUTES[route].input, body), ctx.clock, ctx.serverKey);
    case '/v1/push':
      return applyPush(ctx.db, caller!, parse(SYNC_ROUTES[route].input, body), now, { log: ctx.log });
    case '/v1/pull':
      return applyPull(ctx.db, caller!, parse(SYNC_ROUTES[route].input, body));
    case '/v1/evidence/check':
      return missingEvidence(ctx.db, parse(SYNC_ROUTES[route].input, body));
    case '/v1/analytics/options':
      return answerTeamAnalytics(ctx.db, caller!, { view: 'options', ...parse(SYNC_ROUTES[route].input, body) });
    case '/v1/analytics/mission':
      return answerTeamAnalytics(ctx.db, caller!, { view: 'mission', ...parse(SYNC_ROUTES[route].input, body) });
    case '/v1/analytics/cohort':
      return answerTeamAnalytics(ctx.db, caller!, { view: 'cohort', ...parse(SYNC_ROUTES[route].input, body) });
    case '/v1/analytics/heatmap':
      return answerTeamAnalytics(ctx.db, caller!, { view: 'heatmap', ...parse(SYNC_ROUTES[route].input, body) });
    case '/v1/analytics/recipes':
      return answerTeamAnalytics(ctx.db, caller!, { view: 'recipes', ...parse(SYNC_ROUTES[route].input, body) });
  }
}

function parse<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`);
  throw new SyncError('invalid_input', `The request is not valid: ${issues.join('; ')}`);
}

async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new SyncError('too_large', `A request body is at most ${maxBytes} bytes.`);
  // Counted while reading: a chunked body declares no length. Listeners rather than an async
  // iterator, whose early exit would destroy the socket before the 413 is out.
  const chunks = await new Promise<Buffer[]>((resolve, reject) => {
    const received: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        reject(new SyncError('too_large', `A request body is at most ${maxBytes} bytes.`));
        return;
      }
      received.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(received));
    req.once('error', reject);
  });
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new SyncError('invalid_input', 'The request body is not JSON.');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}
