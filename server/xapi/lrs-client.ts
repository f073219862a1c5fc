// One POST of statements to a Learning Record Store, and what its answer means for the forwarder.
import type { XapiStatement } from '../../shared/telemetry/xapi.ts';

export interface LrsTarget {
  endpoint: string;
  username: string;
  password: string;
}

/**
 * stored: the LRS holds them now. conflict: it holds some of the ids already (409). refused: it will
 * not take them as they are (400, 413), and sending them again changes nothing. auth: it refuses the
 * credentials (401, 403). retry: anything else (5xx, 429, a redirect, no answer): try again later.
 */
export type LrsOutcome = { kind: 'stored' } | { kind: 'conflict' | 'refused' | 'auth' | 'retry'; detail: string };

export interface PostOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  /** Aborted when the server shuts down. */
  signal: AbortSignal;
}

const DETAIL_CHARS = 300;

export function statementsUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/statements`;
}

export async function postStatements(target: LrsTarget, statements: readonly XapiStatement[], options: PostOptions): Promise<LrsOutcome> {
  const credentials = Buffer.from(`${target.username}:${target.password}`, 'utf8').toString('base64');
  let response: Response;
  try {
    response = await options.fetch(statementsUrl(target.endpoint), {
      method: 'POST',
      headers: { 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json', Authorization: `Basic ${credentials}` },
      body: JSON.stringify(statements),
      // A redirect is reported, not followed: a POST that follows one may arrive as a GET elsewhere.
      redirect: 'manual',
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return { kind: 'retry', detail: timedOut ? `the LRS did not answer within ${options.timeoutMs} ms` : `the LRS could not be reached: ${causeOf(error)}` };
  }
  const body = await readSome(response);
  // Whatever the LRS echoes back, the password and the header made from it never reach a log.
  let said = body;
  for (const secret of [target.password, credentials]) if (secret) said = said.split(secret).join('***');
  said = said.replace(/\s+/g, ' ').trim();
  const detail = `the LRS answered ${response.status}${said ? `: ${said}` : ''}`;
  const status = response.status;
  if (status >= 200 && status < 300) return { kind: 'stored' };
  if (status === 409) return { kind: 'conflict', detail };
  if (status === 400 || status === 413) return { kind: 'refused', detail };
  if (status === 401 || status === 403) return { kind: 'auth', detail: `${detail} (check the LRS username and password, then run \`outpost-server xapi set\` again)` };
  if (status >= 300 && status < 400) return { kind: 'retry', detail: `the LRS answered ${status}, a redirect to ${response.headers.get('location') ?? 'nowhere'}: set the endpoint it points to` };
  return { kind: 'retry', detail };
}

/** The start of the answer's body: enough to say why, however much the LRS sends. */
async function readSome(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < DETAIL_CHARS * 4) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // A body cut off mid-way: what arrived is all there is to say.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, DETAIL_CHARS);
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch says "fetch failed"; the reason (ECONNREFUSED, a DNS failure…) is its cause.
  const cause = error.cause instanceof Error ? error.cause.message : '';
  return cause || error.message;
}
