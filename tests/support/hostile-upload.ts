// A hostile uploader for the bridge's tests: it sends a body chunked (no length declared) and goes on
// after the answer, until the server closes the connection or `total` bytes are out. What the server
// read from that connection shows whether it stopped reading near its cap.
import { Agent, request, type IncomingMessage } from 'node:http';
import { readdirSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';

export interface HostileAnswer {
  status: number;
  body: unknown;
  /** What the client managed to hand to its socket before the server stopped it. */
  written: number;
  /** What the server read from that connection, headers and chunk framing included. */
  serverRead: number;
}

export interface HostileUpload {
  path: string;
  headers: Record<string, string>;
  total: number;
  /** Sent before the endless part, e.g. a multipart head. */
  head?: Buffer;
  fill?: number;
  chunk?: number;
}

/** `serverSockets`: the server's side of each connection by the client's port. */
export function hostileUpload(port: number, serverSockets: ReadonlyMap<number, Socket>, upload: HostileUpload): Promise<HostileAnswer> {
  const chunk = upload.chunk ?? 64 * 1024;
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered: { status: number; text: string } | null = null;
    let localPort = 0;
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: upload.path, headers: upload.headers, agent: new Agent() });
    req.on('socket', (socket) => socket.on('connect', () => (localPort = socket.localPort ?? 0)));
    req.on('response', (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (text += part));
      res.on('end', () => (answered = { status: res.statusCode ?? 0, text }));
    });
    // The server closing the connection mid-body is the expected end of an over-size upload.
    req.on('error', () => undefined);
    req.on('close', () => {
      if (!answered) return reject(new Error(`no answer after ${written} bytes`));
      resolve({ status: answered.status, body: JSON.parse(answered.text) as unknown, written, serverRead: serverSockets.get(localPort)?.bytesRead ?? -1 });
    });
    if (upload.head) req.write(upload.head);
    const pump = (): void => {
      while (!req.destroyed && written < upload.total) {
        written += chunk;
        if (!req.write(Buffer.alloc(chunk, upload.fill ?? 1))) return void req.once('drain', pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

/** Names of the files below `folder` of `dataDir`, at any depth: what an upload left behind. */
export function filesBelow(dataDir: string, folder: string): string[] {
  try {
    return readdirSync(join(dataDir, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}
