// Calls one route of the sync protocol and turns every way it can fail into a SyncFailure whose
// message a learner can read: offline, refused (and why), the token revoked, the server broken.
import { SYNC_ROUTES, type SyncErrorBody, type SyncOutput, type SyncRoute } from '../../../shared/sync/protocol.ts';

export type SyncFailureKind = 'offline' | 'unauthorized' | 'refused' | 'gap' | 'server';

export class SyncFailure extends Error {
  readonly kind: SyncFailureKind;
  readonly body: SyncErrorBody | null;

  constructor(kind: SyncFailureKind, message: string, body: SyncErrorBody | null = null) {
    super(message);
    this.name = 'SyncFailure';
    this.kind = kind;
    this.body = body;
  }

  /** Worth trying again later by itself: the network or the server, not a refusal of the data. */
  get transient(): boolean {
    return this.kind === 'offline' || this.kind === 'server';
  }
}

/** A batch that a busy server takes a while to store is still within this; a dead link is not. */
const REQUEST_TIMEOUT_MS = 30_000;

/** A request body written as JSON already: sent as it is (a push builds its events' JSON from the rows). */
export class JsonBody {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }
}

export interface CallOptions {
  token?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export function normaliseServerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new SyncFailure('refused', `"${input}" is not a server address: write it like https://sync.example.org or http://10.0.0.5:8787.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SyncFailure('refused', 'A sync server address starts with https:// (or http:// inside the lab).');
  if (url.username || url.password) throw new SyncFailure('refused', 'A sync server address carries no user name or password: the device token does that.');
  if (url.search || url.hash) throw new SyncFailure('refused', 'A sync server address has no ? or # part.');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

export async function callServer<R extends SyncRoute>(serverUrl: string, route: R, body: unknown, options: CallOptions = {}): Promise<SyncOutput<R>> {
  const spec = SYNC_ROUTES[route];
  const timeout = AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(`${serverUrl}${route}`, {
      method: spec.method,
      headers: { 'Content-Type': 'application/json', ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) },
      body: spec.method === 'POST' ? (body instanceof JsonBody ? body.text : JSON.stringify(body)) : undefined,
      signal,
      redirect: 'error',
    });
  } catch (error) {
    if (options.signal?.aborted) throw new SyncFailure('offline', 'Sync was stopped.');
    if (timeout.aborted) throw new SyncFailure('offline', `The sync server did not answer within ${Math.round((options.timeoutMs ?? REQUEST_TIMEOUT_MS) / 1000)} s.`);
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
    throw new SyncFailure('offline', `The sync server cannot be reached${cause ? ` (${cause})` : ''}.`);
  }
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    throw new SyncFailure('server', `The sync server answered ${response.status} without a readable body: is this address an Outpost sync server?`);
  }
  if (response.ok) return parsed as SyncOutput<R>;
  const error = isErrorBody(parsed) ? parsed : null;
  const said = error?.message ?? `status ${response.status}`;
  if (response.status === 401) throw new SyncFailure('unauthorized', said, error);
  if (error?.code === 'gap') throw new SyncFailure('gap', said, error);
  if (response.status >= 500) throw new SyncFailure('server', `The sync server failed: ${said}`, error);
  throw new SyncFailure('refused', `The sync server refused: ${said}`, error);
}

function isErrorBody(value: unknown): value is SyncErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string' && typeof (value as { code?: unknown }).code === 'string';
}
