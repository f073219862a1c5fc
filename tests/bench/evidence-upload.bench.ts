// Benchmark: a 1 GB evidence file (random bytes in a temporary folder, removed after) sent on
// loopback to a sync server in a process of its own by uploadEvidence (tus-js-client reads the
// file a chunk at a time, one fresh file stream per PATCH, nothing buffered in memory; the server
// hashes the file when the last byte is in). Beside it, a plain loopback copy of the same file: an
// HTTP PUT streamed into a file on the server's side, timed in turns with the upload so that both
// meet the same load on the machine. Printed: MB/s of each and their ratio (target ≥ 0.5) for the
// adaptive chunk size and fixed ones of 8 and 64 MB; then the upload stopped at
// half and resumed by a fresh client reading the same resume file, with the bytes sent twice as a
// share of the file (target < 1%). OUTPOST_BENCH_UPLOAD_MB sets another size for a quick run.
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { uploadEvidence } from '../../electron/engine/sync/evidence-upload.ts';
import { writeRandomFile } from '../server/load-devices.ts';

const MB = 1024 * 1024;

interface BenchServer {
  url: string;
  copyUrl: string;
  token: string;
}

export async function benchEvidenceUpload(log: (line: string) => void): Promise<void> {
  const sizeMb = Number(process.env.OUTPOST_BENCH_UPLOAD_MB ?? 1024);
  if (!Number.isInteger(sizeMb) || sizeMb < 1) throw new Error(`OUTPOST_BENCH_UPLOAD_MB must be a whole number of MB, not "${process.env.OUTPOST_BENCH_UPLOAD_MB}"`);
  const size = sizeMb * MB;
  const root = mkdtempSync(join(tmpdir(), 'outpost-bench-upload-'));
  const dataDir = join(root, 'server');
  const child = spawn(process.execPath, [join(import.meta.dirname, 'evidence-upload-server.ts'), dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const file = join(root, 'evidence.bin');
    const { sha256 } = writeRandomFile(file, size);
    const server = await serverOf(child);
    const rate = (ms: number): number => size / MB / (ms / 1000);

    const variants: [string, number | undefined][] = [
      ['adaptive chunks (8 MB, then ~10 s each, at most 64 MB)', undefined],
      ['8 MB chunks', 8 * MB],
      ['64 MB chunks', 64 * MB],
    ];
    for (const [label, chunkSize] of variants) {
      let copyMs = Infinity;
      let uploadMs = Infinity;
      for (let turn = 0; turn < 2; turn++) {
        copyMs = Math.min(copyMs, await copy(server, file, size));
        await forget(server);
        const resumeFile = join(root, `resume-${label.length}-${turn}.json`);
        const started = performance.now();
        const result = await uploadEvidence({ serverUrl: server.url, token: server.token, filePath: file, sha256, size, resumeFile, chunkSize });
        if (result.sent !== 'uploaded' || result.bytesSent !== size) throw new Error(`unexpected upload result ${JSON.stringify(result)}`);
        uploadMs = Math.min(uploadMs, performance.now() - started);
      }
      log(`sync upload ${sizeMb} MB, ${label}: ${rate(uploadMs).toFixed(0)} MB/s beside a plain loopback copy (HTTP PUT into a file) at ${rate(copyMs).toFixed(0)} MB/s: ratio ${(copyMs / uploadMs).toFixed(2)} (target ≥ 0.5)`);
    }

    await forget(server);
    const proxy = await countingProxy(new URL(server.url));
    try {
      const resumeFile = join(root, 'resume-cut.json');
      const stop = new AbortController();
      const options = { serverUrl: proxy.url, token: server.token, filePath: file, sha256, size, resumeFile };
      const stopped = await uploadEvidence({ ...options, signal: stop.signal, onProgress: (bytes) => bytes >= size / 2 && stop.abort() }).then(
        () => false,
        () => true,
      );
      if (!stopped) throw new Error('the upload finished before it could be stopped at half');
      const resumed = await uploadEvidence(options);
      const resent = proxy.bytesUp() - size;
      log(`sync upload ${sizeMb} MB stopped at half, resumed by a fresh client: ${(resumed.bytesSent / MB).toFixed(1)} MB sent after the resume; ${(resent / 1024).toFixed(0)} KB sent twice (requests' headers included), ${((resent / size) * 100).toFixed(3)}% of the file (target < 1%)`);
    } finally {
      proxy.close();
    }
  } finally {
    child.stdin?.end();
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
    rmSync(root, { recursive: true, force: true });
  }
}


async function serverOf(child: ChildProcess): Promise<BenchServer> {
  if (!child.stdout) throw new Error('the bench server has no stdout');
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    lines.close();
    return JSON.parse(line) as BenchServer;
  }
  throw new Error('the bench server stopped before it was ready');
}

async function forget(server: BenchServer): Promise<void> {
  const answer = await fetch(`${server.copyUrl}/forget`, { method: 'POST' });
  if (answer.status !== 204) throw new Error(`the bench server did not forget its files (${answer.status})`);
}

async function copy(server: BenchServer, file: string, size: number): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = request(`${server.copyUrl}/copy`, { method: 'PUT', headers: { 'Content-Length': size } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`the copy failed (${res.statusCode})`))));
    });
    req.on('error', reject);
    pipeline(createReadStream(file), req).catch(reject);
  });
  return performance.now() - started;
}

/** Counts the bytes clients send through it to the server. */
async function countingProxy(target: URL): Promise<{ url: string; bytesUp(): number; close(): void }> {
  let up = 0;
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    client.on('data', (chunk: Buffer) => {
      up += chunk.length;
    });
    client.pipe(upstream).pipe(client);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bytesUp: () => up, close: () => server.close() };
}
