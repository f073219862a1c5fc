// A Learning Record Store on 127.0.0.1 for tests: it records every request and, unless a test says
// otherwise, behaves like a real one (stores a batch; 409 when it holds one of its ids already).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import type { XapiStatement } from '../../shared/telemetry/xapi.ts';

export interface LrsRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  statements: XapiStatement[];
}

/** `hang`: no answer until the LRS closes; `undefined`: answer as a real LRS would. */
export type LrsReply = { status: number; body?: string } | 'hang' | undefined;

export interface FakeLrs {
  /** The xAPI endpoint to configure: `<url>/xapi`. */
  endpoint: string;
  requests: LrsRequest[];
  /** Statements held, by id. */
  stored: Map<string, XapiStatement>;
  /** Decides the answer to the n-th request (0-based). */
  reply: (request: LrsRequest, n: number) => LrsReply;
  /** Every statement id sent, in order, once per time it was sent. */
  sentIds(): string[];
}

export async function fakeLrs(): Promise<FakeLrs> {
  const hanging = new Set<ServerResponse>();
  const lrs: FakeLrs = {
    endpoint: '',
    requests: [],
    stored: new Map(),
    reply: () => undefined,
    sentIds: () => lrs.requests.flatMap((request) => request.statements.map((statement) => statement.id)),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const statements = JSON.parse(Buffer.concat(chunks).toString('utf8') || '[]') as XapiStatement[];
      const request: LrsRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, statements };
      const reply = lrs.reply(request, lrs.requests.length);
      lrs.requests.push(request);
      if (reply === 'hang') {
        hanging.add(res);
        return;
      }
      const answer = reply ?? store(lrs, statements);
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  lrs.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/xapi`;
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return lrs;
}

function store(lrs: FakeLrs, statements: XapiStatement[]): { status: number; body: string } {
  if (statements.some((statement) => lrs.stored.has(statement.id))) return { status: 409, body: '{"message":"a statement with this id exists"}' };
  for (const statement of statements) lrs.stored.set(statement.id, statement);
  return { status: 200, body: JSON.stringify(statements.map((statement) => statement.id)) };
}
