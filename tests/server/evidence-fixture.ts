// Evidence files for the upload tests (random bytes on disk with their SHA-256), raw tus and HTTP
// requests for what a well-behaved client never sends, and a look at the server's evidence folders.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { OutboxRecord } from '../../shared/sync/protocol.ts';
import { EVIDENCE_DIR, EVIDENCE_UPLOADS_DIR } from '../../server/evidence-store.ts';

export interface EvidenceFile {
  path: string;
  sha256: string;
  size: number;
  bytes: Buffer;
}

export function evidenceFile(dir: string, size: number, name = `${randomUUID()}.bin`): EvidenceFile {
  const bytes = randomBytes(size);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, sha256: createHash('sha256').update(bytes).digest('hex'), size, bytes };
}

export function evidenceRecord(id: string, runId: string, file: { sha256: string; size: number }): OutboxRecord {
  return { topic: 'evidence', recordId: id, idempotencyKey: `${id}:${randomUUID()}`, payload: { id, runId, stageId: 'recon', fileName: 'capture.pcap', mediaType: 'application/vnd.tcpdump.pcap', sha256: file.sha256, size: file.size, addedAt: 1, removedAt: null } };
}

/** The tus metadata header: key, space, base64 value. */
export function tusMetadata(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with its path sent exactly as written: fetch would resolve `..` before sending. */
export function rawRequest(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer): Promise<RawAnswer> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, method, path, headers: { ...headers, ...(body ? { 'Content-Length': String(body.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function tusHeaders(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0', ...extra };
}

/** Creates an upload by hand; returns its path (`/v1/evidence/uploads/<id>`). */
export async function createUpload(baseUrl: string, token: string, file: { sha256: string; size: number }): Promise<string> {
  const answer = await rawRequest(baseUrl, 'POST', '/v1/evidence/uploads/', tusHeaders(token, { 'Upload-Length': String(file.size), 'Upload-Metadata': tusMetadata({ sha256: file.sha256 }) }));
  if (answer.status !== 201 || typeof answer.headers.location !== 'string') throw new Error(`creation failed: ${answer.status} ${answer.body}`);
  return answer.headers.location;
}

export function patchUpload(baseUrl: string, token: string, uploadPath: string, offset: number, bytes: Buffer): Promise<RawAnswer> {
  return rawRequest(baseUrl, 'PATCH', uploadPath, tusHeaders(token, { 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' }), bytes);
}

/** Names of the files the server holds, and of what uploads left half-done. */
export function evidenceFolders(dataDir: string): { held: string[]; uploads: string[] } {
  const heldDir = join(dataDir, EVIDENCE_DIR);
  const uploadsDir = join(dataDir, EVIDENCE_UPLOADS_DIR);
  const held = existsSync(heldDir) ? readdirSync(heldDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name) : [];
  const uploads = existsSync(uploadsDir) ? readdirSync(uploadsDir) : [];
  return { held, uploads };
}
