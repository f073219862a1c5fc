import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MAX_CHUNK_BYTES, MIN_CHUNK_BYTES, nextChunkSize, uploadEvidence, type UploadEvidenceOptions } from '../../electron/engine/sync/evidence-upload.ts';
import { SyncFailure } from '../../electron/engine/sync/sync-http.ts';
import { EVIDENCE_UPLOADS_DIR, heldPath } from '../../server/evidence-store.ts';
import { startServer } from '../../server/http.ts';
import { revoke } from '../../server/teams.ts';
import { tempDir } from '../support/temp.ts';
import { createUpload, evidenceFile, evidenceFolders, patchUpload, rawRequest, tusHeaders, type EvidenceFile } from './evidence-fixture.ts';
import { DATABASES } from './support/databases.ts';
import { testServer, type Device, type TestServer } from './sync-server.ts';
import { tcpProxy } from './tcp-proxy.ts';

const MB = 1024 * 1024;

function options(serverUrl: string, device: Device, file: EvidenceFile, resumeFile: string, extra: Partial<UploadEvidenceOptions> = {}): UploadEvidenceOptions {
  return { serverUrl, token: device.token, filePath: file.path, sha256: file.sha256, size: file.size, resumeFile, ...extra };
}

function requestLines(t: TestServer, method: string): { status: number }[] {
  return t.logs.map((line) => JSON.parse(line) as { method?: string; route?: string; status: number }).filter((line) => line.method === method && line.route === '/v1/evidence/uploads');
}

function resumeEntries(resumeFile: string): string[] {
  return Object.keys((JSON.parse(readFileSync(resumeFile, 'utf8')) as { uploads: Record<string, unknown> }).uploads);
}

async function heldRows(t: TestServer): Promise<[string, number][]> {
  const rows = await t.server.db.selectFrom('evidence_files').select(['sha256', 'size']).execute();
  return rows.map((row) => [row.sha256, Number(row.size)]);
}

/** Bytes received so far of the one upload in progress. */
function receivedBytes(t: TestServer): number {
  const [data] = evidenceFolders(t.dataDir).uploads.filter((name) => !name.endsWith('.json'));
  return data ? statSync(join(t.dataDir, EVIDENCE_UPLOADS_DIR, data)).size : 0;
}

async function failureOf(promise: Promise<unknown>): Promise<SyncFailure> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(outcome instanceof SyncFailure)) throw new Error(`expected a SyncFailure, got ${String(outcome)}`);
  return outcome;
}

describe.each(DATABASES)('evidence uploads on %s', (database) => {
  it('uploads a file the server then holds byte for byte, and never sends it again', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const dir = tempDir();
    const file = evidenceFile(dir, 3 * MB + 17);
    const resumeFile = join(dir, 'resume.json');
    const progress: number[] = [];
    const first = await uploadEvidence(options(t.server.url, ana, file, resumeFile, { chunkSize: MB, onProgress: (bytes) => progress.push(bytes) }));
    expect(first).toEqual({ sent: 'uploaded', bytesSent: file.size });
    expect(readFileSync(heldPath(t.dataDir, file.sha256)).equals(file.bytes)).toBe(true);
    expect(await heldRows(t)).toEqual([[file.sha256, file.size]]);
    expect(evidenceFolders(t.dataDir)).toEqual({ held: [file.sha256], uploads: [] });
    expect(progress.at(-1)).toBe(file.size);
    // Four chunks of at most 1 MB; the finished upload's resume entry is gone.
    await expect.poll(() => requestLines(t, 'PATCH').map((line) => line.status)).toEqual([204, 204, 204, 204]);
    expect(resumeEntries(resumeFile)).toEqual([]);

    const again = await uploadEvidence(options(t.server.url, ana, file, resumeFile));
    expect(again).toEqual({ sent: 'held', bytesSent: 0 });
    expect(requestLines(t, 'POST')).toHaveLength(1);
    expect(requestLines(t, 'PATCH')).toHaveLength(4);
    const other = evidenceFile(dir, 10);
    const check = await t.post('/v1/evidence/check', { files: [{ sha256: file.sha256, size: file.size }, { sha256: other.sha256, size: 10 }, { sha256: other.sha256, size: 10 }] }, ana.token);
    expect(check).toEqual({ status: 200, body: { missing: [other.sha256] } });
  });

  it('resumes an upload cut off part-way from a new client reading the same resume file, sending only the rest', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const proxy = await tcpProxy(() => t.server.url);
    const dir = tempDir();
    const file = evidenceFile(dir, 6 * MB);
    const resumeFile = join(dir, 'resume.json');
    proxy.cutAfter(2.5 * MB);
    const cut = await failureOf(uploadEvidence(options(proxy.url, ana, file, resumeFile)));
    expect(cut.kind).toBe('offline');
    expect(cut.transient).toBe(true);
    expect(cut.message).toMatch(/resumes where it stopped/);
    expect(resumeEntries(resumeFile)).toEqual([`${file.sha256} ${proxy.url}`]);
    expect(await heldRows(t)).toEqual([]);

    // A new call reads the resume file afresh, as the app does after a restart.
    const resumed = await uploadEvidence(options(proxy.url, ana, file, resumeFile));
    expect(resumed.sent).toBe('uploaded');
    // The server kept what arrived before the cut: the rest is all that went again.
    expect(resumed.bytesSent).toBeLessThan(file.size - 2 * MB);
    // Sent twice: the requests' headers, and what was in the server's stream buffers at the cut.
    expect(proxy.bytesUp() - file.size).toBeLessThan(256 * 1024);
    expect(readFileSync(heldPath(t.dataDir, file.sha256)).equals(file.bytes)).toBe(true);
    expect(await heldRows(t)).toEqual([[file.sha256, file.size]]);
    expect(evidenceFolders(t.dataDir)).toEqual({ held: [file.sha256], uploads: [] });
    expect(resumeEntries(resumeFile)).toEqual([]);
  });

  it('stops when its signal aborts and resumes from the server\'s offset on the next call', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const dir = tempDir();
    const file = evidenceFile(dir, 5 * MB);
    const resumeFile = join(dir, 'resume.json');
    const stop = new AbortController();
    // Past 2 MB, the third chunk is on its way: the server took the first two.
    const stopped = await failureOf(uploadEvidence(options(t.server.url, ana, file, resumeFile, { chunkSize: MB, signal: stop.signal, onProgress: (bytes) => bytes > 2 * MB && stop.abort() })));
    expect(stopped.message).toMatch(/was stopped/);
    expect(resumeEntries(resumeFile)).toHaveLength(1);
    const resumed = await uploadEvidence(options(t.server.url, ana, file, resumeFile, { chunkSize: MB }));
    expect(resumed.sent).toBe('uploaded');
    expect(resumed.bytesSent).toBeLessThanOrEqual(file.size - 2 * MB);
    expect(readFileSync(heldPath(t.dataDir, file.sha256)).equals(file.bytes)).toBe(true);
    // Aborted before it starts, nothing is asked of the server at all.
    const before = t.logs.length;
    await expect(uploadEvidence(options(t.server.url, ana, file, resumeFile, { signal: AbortSignal.abort() }))).rejects.toThrow(/was stopped/);
    expect(t.logs.length).toBe(before);
  });

  it('resumes after the server restarts, hashing from disk what the last process received', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    let behind = t.server.url;
    const front = await tcpProxy(() => behind);
    const dir = tempDir();
    const file = evidenceFile(dir, 3 * MB);
    const resumeFile = join(dir, 'resume.json');
    const stop = new AbortController();
    await failureOf(uploadEvidence(options(front.url, ana, file, resumeFile, { chunkSize: MB, signal: stop.signal, onProgress: (bytes) => bytes > 1.5 * MB && stop.abort() })));
    await t.server.close();
    await front.dropAll();
    const restarted = await startServer({ dataDir: t.dataDir, database: t.database, port: 0, clock: t.clock, log: (line) => t.logs.push(line) });
    onTestFinished(() => restarted.close());
    behind = restarted.url;
    const resumed = await uploadEvidence(options(front.url, ana, file, resumeFile, { chunkSize: MB }));
    expect(resumed.sent).toBe('uploaded');
    expect(resumed.bytesSent).toBeLessThanOrEqual(file.size - MB);
    expect(readFileSync(heldPath(t.dataDir, file.sha256)).equals(file.bytes)).toBe(true);
    const rows = await restarted.db.selectFrom('evidence_files').select(['sha256', 'size']).execute();
    expect(rows.map((row) => [row.sha256, Number(row.size)])).toEqual([[file.sha256, file.size]]);
  });

  it('refuses a file whose bytes do not match the declared SHA-256 and keeps nothing of it', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const dir = tempDir();
    const file = evidenceFile(dir, MB + 5);
    const claimed = evidenceFile(dir, file.size);
    const resumeFile = join(dir, 'resume.json');
    const damaged = await failureOf(uploadEvidence({ ...options(t.server.url, ana, file, resumeFile), sha256: claimed.sha256 }));
    expect(damaged.message).toBe('The file arrived damaged: its SHA-256 differs; it will be sent again.');
    expect(damaged.transient).toBe(true);
    expect(await heldRows(t)).toEqual([]);
    expect(evidenceFolders(t.dataDir)).toEqual({ held: [], uploads: [] });
    expect(t.logs.some((line) => line.includes('arrived damaged'))).toBe(true);
    // The next attempt finds its old upload gone and sends the file again from its start.
    const again = await uploadEvidence(options(t.server.url, ana, claimed, resumeFile));
    expect(again).toEqual({ sent: 'uploaded', bytesSent: claimed.size });
    expect(await heldRows(t)).toEqual([[claimed.sha256, claimed.size]]);
  });

  it('refuses a revoked token at the next PATCH of an upload under way', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const dir = tempDir();
    const file = evidenceFile(dir, 2 * MB);
    const upload = await createUpload(t.server.url, ana.token, file);
    expect((await patchUpload(t.server.url, ana.token, upload, 0, file.bytes.subarray(0, MB))).status).toBe(204);
    await revoke(t.server.db, ana.tokenId, t.clock);
    const refused = await patchUpload(t.server.url, ana.token, upload, MB, file.bytes.subarray(MB));
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/revoked/) });
    expect((await rawRequest(t.server.url, 'HEAD', upload, tusHeaders(ana.token))).status).toBe(401);
    expect(await heldRows(t)).toEqual([]);
  });

  it('tells the app its token was revoked mid-upload, and keeps the upload to resume once enrolled again', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const proxy = await tcpProxy(() => t.server.url);
    const dir = tempDir();
    const file = evidenceFile(dir, 4 * MB);
    const resumeFile = join(dir, 'resume.json');
    const paused = proxy.pauseAfter(1.5 * MB);
    const upload = uploadEvidence(options(proxy.url, ana, file, resumeFile, { chunkSize: MB }));
    const letThrough = await paused;
    // The second chunk's request is in, and its first bytes written, before the token goes.
    await expect.poll(() => receivedBytes(t)).toBeGreaterThan(MB);
    await revoke(t.server.db, ana.tokenId, t.clock);
    letThrough();
    const refused = await failureOf(upload);
    expect(refused.kind).toBe('unauthorized');
    expect(refused.message).toMatch(/revoked\. Enrol the device again/);
    // A request's log line is written once its answer is out, so they may come in any order.
    await expect.poll(() => requestLines(t, 'PATCH').map((line) => line.status).sort()).toEqual([204, 204, 401]);
    expect(resumeEntries(resumeFile)).toHaveLength(1);
    // Enrolled again, the same person resumes where the upload stopped.
    const again = await t.device('blue', 'Ana', 'learner', { deviceId: ana.deviceId });
    const resumed = await uploadEvidence(options(proxy.url, again, file, resumeFile, { chunkSize: MB }));
    expect(resumed).toEqual({ sent: 'uploaded', bytesSent: 2 * MB });
    expect(readFileSync(heldPath(t.dataDir, file.sha256)).equals(file.bytes)).toBe(true);
  });

  it('lets only the person who created an upload resume it', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const ben = await t.device('blue', 'Ben');
    const file = evidenceFile(tempDir(), 2 * MB);
    const upload = await createUpload(t.server.url, ana.token, file);
    expect((await patchUpload(t.server.url, ana.token, upload, 0, file.bytes.subarray(0, MB))).status).toBe(204);
    const notFound = await rawRequest(t.server.url, 'HEAD', '/v1/evidence/uploads/' + randomBytes(16).toString('hex'), tusHeaders(ben.token));
    const head = await rawRequest(t.server.url, 'HEAD', upload, tusHeaders(ben.token));
    expect(head.status).toBe(404);
    expect(notFound.status).toBe(404);
    const patch = await patchUpload(t.server.url, ben.token, upload, MB, file.bytes.subarray(MB));
    expect(patch.status).toBe(404);
    expect((await rawRequest(t.server.url, 'DELETE', upload, tusHeaders(ben.token))).status).toBe(404);
    // Ana's upload is untouched and she finishes it.
    const mine = await rawRequest(t.server.url, 'HEAD', upload, tusHeaders(ana.token));
    expect(mine).toMatchObject({ status: 200, headers: { 'upload-offset': String(MB) } });
    expect((await patchUpload(t.server.url, ana.token, upload, MB, file.bytes.subarray(MB))).status).toBe(204);
    expect(await heldRows(t)).toEqual([[file.sha256, file.size]]);
  });

  it('drops a half-done upload of a file held meanwhile, and sends nothing more of it', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const ben = await t.device('red', 'Ben');
    const dir = tempDir();
    const file = evidenceFile(dir, 2 * MB);
    const upload = await createUpload(t.server.url, ana.token, file);
    expect((await patchUpload(t.server.url, ana.token, upload, 0, file.bytes.subarray(0, MB))).status).toBe(204);
    expect(await uploadEvidence(options(t.server.url, ben, file, join(dir, 'ben.json')))).toEqual({ sent: 'uploaded', bytesSent: file.size });
    // Ana's upload answers as gone, and its half is deleted; a new one is refused as held.
    expect((await rawRequest(t.server.url, 'HEAD', upload, tusHeaders(ana.token))).status).toBe(404);
    expect(evidenceFolders(t.dataDir)).toEqual({ held: [file.sha256], uploads: [] });
    const creation = await rawRequest(t.server.url, 'POST', '/v1/evidence/uploads/', tusHeaders(ana.token, { 'Upload-Length': String(file.size), 'Upload-Metadata': `sha256 ${Buffer.from(file.sha256).toString('base64')}` }));
    expect(creation).toMatchObject({ status: 409, headers: { 'evidence-held': 'true' } });

    // A file held between the app's check and its upload's creation is not sent either.
    const proxy = await tcpProxy(() => t.server.url);
    const second = evidenceFile(dir, MB);
    const creating = proxy.pauseConnection(1);
    const anaUpload = uploadEvidence(options(proxy.url, ana, second, join(dir, 'ana.json')));
    const letThrough = await creating;
    expect(await uploadEvidence(options(t.server.url, ben, second, join(dir, 'ben.json')))).toEqual({ sent: 'uploaded', bytesSent: second.size });
    // Ana's first half, and Ben's two files in one chunk each.
    await expect.poll(() => requestLines(t, 'PATCH').length).toBe(3);
    letThrough();
    expect(await anaUpload).toEqual({ sent: 'held', bytesSent: 0 });
    expect(requestLines(t, 'PATCH')).toHaveLength(3);
    expect(await heldRows(t)).toHaveLength(2);
  });
});

describe('evidence uploads from the app', () => {
  it('sizes chunks to take about ten seconds at the last chunk\'s rate, within 1 to 64 MB', () => {
    expect(nextChunkSize(0, 0)).toBe(8 * MB);
    expect(nextChunkSize(8 * MB, 10)).toBe(MAX_CHUNK_BYTES);
    expect(nextChunkSize(MB, 1000)).toBe(10 * MB);
    expect(nextChunkSize(64 * 1024, 60_000)).toBe(MIN_CHUNK_BYTES);
  });

  it('grows its chunks on a fast link when not told a size', async () => {
    const t = await testServer();
    const ana = await t.device('blue', 'Ana');
    const dir = tempDir();
    const file = evidenceFile(dir, 20 * MB);
    expect(await uploadEvidence(options(t.server.url, ana, file, join(dir, 'resume.json')))).toEqual({ sent: 'uploaded', bytesSent: file.size });
    // 8 MB first; the rest in one, a loopback link being far faster than 6.4 MB/s.
    await expect.poll(() => requestLines(t, 'PATCH').length).toBe(2);
  });

  it('refuses a malformed hash or a file that changed on disk before sending anything', async () => {
    const t = await testServer();
    const ana = await t.device('blue', 'Ana');
    const dir = tempDir();
    const file = evidenceFile(dir, 1000);
    const resumeFile = join(dir, 'resume.json');
    await expect(uploadEvidence({ ...options(t.server.url, ana, file, resumeFile), sha256: file.sha256.toUpperCase() })).rejects.toThrow(/not a SHA-256/);
    await expect(uploadEvidence({ ...options(t.server.url, ana, file, resumeFile), size: -1 })).rejects.toThrow(/not a file size/);
    writeFileSync(file.path, Buffer.concat([file.bytes, Buffer.from('more')]));
    await expect(uploadEvidence(options(t.server.url, ana, file, resumeFile))).rejects.toThrow(/changed on disk/);
    expect(requestLines(t, 'POST')).toEqual([]);
  });

  it('reads on when the file is removed part-way, instead of ending the process', async () => {
    const t = await testServer();
    const ana = await t.device('blue', 'Ana');
    const dir = tempDir();
    const file = evidenceFile(dir, 3 * MB);
    let removed = false;
    const result = await uploadEvidence(options(t.server.url, ana, file, join(dir, 'resume.json'), { chunkSize: MB, onProgress: (bytes) => bytes >= MB && !removed && (removed = true) && rmSync(file.path) }));
    expect(removed).toBe(true);
    expect(result).toEqual({ sent: 'uploaded', bytesSent: file.size });
    expect(readFileSync(heldPath(t.dataDir, file.sha256)).equals(file.bytes)).toBe(true);
  });

  it('stops with a clear error when the file shrinks part-way', async () => {
    const t = await testServer();
    const ana = await t.device('blue', 'Ana');
    const dir = tempDir();
    const file = evidenceFile(dir, 4 * MB);
    let cut = false;
    const upload = uploadEvidence(options(t.server.url, ana, file, join(dir, 'resume.json'), { chunkSize: 2 * MB, onProgress: (bytes) => bytes >= MB && !cut && (cut = true) && truncateSync(file.path, MB) }));
    await expect(upload).rejects.toThrow(/could not be read: it ends at \d+ bytes, not \d+: it changed on disk/);
    expect(await heldRows(t)).toEqual([]);
  });

  it('never follows a resume entry to another address with the device token', async () => {
    const t = await testServer();
    const ana = await t.device('blue', 'Ana');
    const elsewhere = await tcpProxy(() => t.server.url);
    const dir = tempDir();
    const file = evidenceFile(dir, MB);
    const resumeFile = join(dir, 'resume.json');
    const planted = { uploadUrl: `${elsewhere.url}/v1/evidence/uploads/${'0'.repeat(32)}`, size: file.size, savedAt: Date.now() };
    writeFileSync(resumeFile, JSON.stringify({ version: 1, uploads: { [`${file.sha256} ${t.server.url}`]: planted } }));
    expect(await uploadEvidence(options(t.server.url, ana, file, resumeFile))).toEqual({ sent: 'uploaded', bytesSent: file.size });
    expect(elsewhere.connections()).toBe(0);
  });

  it('resumes on another server process sharing the data folder and the PostgreSQL database', async () => {
    const t = await testServer('postgres');
    const other = await startServer({ dataDir: t.dataDir, database: t.database, port: 0, clock: t.clock, log: (line) => t.logs.push(line) });
    onTestFinished(() => other.close());
    const ana = await t.device('blue', 'Ana');
    // The balancer sends connections to the first process until the cut, then to the other.
    let behind = t.server.url;
    const balancer = await tcpProxy(() => behind);
    const dir = tempDir();
    const file = evidenceFile(dir, 4 * MB);
    const resumeFile = join(dir, 'resume.json');
    balancer.cutAfter(2 * MB);
    await failureOf(uploadEvidence(options(balancer.url, ana, file, resumeFile)));
    behind = other.url;
    const connectionsBefore = balancer.connections();
    // The first process may still be writing what arrived before the cut when the other is asked:
    // the offset moved (409), a transient failure the app's sync loop tries again.
    let resumed: Awaited<ReturnType<typeof uploadEvidence>> | null = null;
    for (let attempt = 1; resumed === null; attempt++) {
      resumed = await uploadEvidence(options(balancer.url, ana, file, resumeFile)).catch((error: unknown) => {
        if (!(error instanceof SyncFailure) || !error.transient || attempt === 3) throw error;
        return null;
      });
    }
    expect(balancer.connections()).toBeGreaterThan(connectionsBefore);
    expect(resumed.sent).toBe('uploaded');
    expect(resumed.bytesSent).toBeLessThan(file.size - MB);
    expect(readFileSync(heldPath(t.dataDir, file.sha256)).equals(file.bytes)).toBe(true);
    expect(await heldRows(t)).toEqual([[file.sha256, file.size]]);
  });
});
