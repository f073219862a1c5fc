// Answers of the evidence routes that do not go through the protocol table: the same JSON refusals
// as the table's routes, written by hand because these routes stream their bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SyncError } from './errors.ts';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/** A refusal that carries a header besides its body (a held file at creation says so). */
export class EvidenceRefusal extends SyncError {
  readonly headers: Record<string, string>;
  constructor(code: SyncError['code'], message: string, headers: Record<string, string>) {
    super(code, message);
    this.headers = headers;
  }
}

/** A refused request body up to this size is read to its end; a larger one is cut off. */
const DRAIN_LIMIT_BYTES = 128 * 1024 * 1024;

/**
 * Answers a refusal that may come before the request's body was read (an upload chunk of many MB
 * may be on its way). Closing a connection with unread bytes resets it, and the client loses the
 * answer with it: a body of a sensible size is read to its end and dropped. A larger or unsized
 * one is cut off once the answer is out.
 */
export function refuse(req: IncomingMessage, res: ServerResponse, error: SyncError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (!(declared <= DRAIN_LIMIT_BYTES) || req.headers['transfer-encoding'] !== undefined) {
    res.setHeader('Connection', 'close');
    res.once('finish', () => setTimeout(() => req.destroy(), 1_000).unref());
  }
  req.resume();
  sendJson(res, error.status, error.body(), error instanceof EvidenceRefusal ? error.headers : {});
}
