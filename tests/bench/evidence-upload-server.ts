// The sync server for the upload benchmark, in a process of its own as in production: a team with
// one enrolled learner, and beside it a plain HTTP server that streams a PUT body into a file in the
// same data folder (the loopback copy the upload is measured against) and, on POST /forget, makes
// the sync server forget the files it holds so the same file can be uploaded again.
// Prints one JSON line {url, copyUrl, token}; stops on SIGTERM or when its stdin closes.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { EVIDENCE_DIR } from '../../server/evidence-store.ts';
import { startServer } from '../../server/http.ts';
import { createTeam, enrolPerson } from '../../server/teams.ts';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: evidence-upload-server.ts <data-dir>');
const server = await startServer({ dataDir, port: 0, log: () => undefined });
await createTeam(server.db, 'bench');
const { code } = await enrolPerson(server.db, 'bench', 'Ana', 'learner');
const enrolled = await fetch(`${server.url}/v1/enrol`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, deviceId: randomUUID(), profileId: 'p-ana' }) });
const { token } = (await enrolled.json()) as { token: string };

const side = createServer((req, res) => {
  const answer = (status: number): void => {
    res.writeHead(status, { 'Content-Length': 0 });
    res.end();
  };
  if (req.method === 'PUT') {
    pipeline(req, createWriteStream(join(dataDir, 'copy.bin'))).then(
      () => answer(204),
      () => answer(500),
    );
  } else if (req.method === 'POST' && req.url === '/forget') {
    req.resume();
    Promise.all([server.db.deleteFrom('evidence_files').execute(), rm(join(dataDir, EVIDENCE_DIR), { recursive: true, force: true }), rm(join(dataDir, 'copy.bin'), { force: true })]).then(
      () => answer(204),
      () => answer(500),
    );
  } else {
    answer(404);
  }
});
await new Promise<void>((resolve) => side.listen(0, '127.0.0.1', resolve));
console.log(JSON.stringify({ url: server.url, copyUrl: `http://127.0.0.1:${(side.address() as AddressInfo).port}`, token }));

const stop = (): void => {
  side.close();
  void server.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
