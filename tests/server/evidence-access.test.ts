import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, ftruncateSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { downloadEvidence } from '../../electron/engine/sync/evidence-download.ts';
import { uploadEvidence } from '../../electron/engine/sync/evidence-upload.ts';
import { SyncFailure } from '../../electron/engine/sync/sync-http.ts';
import { EVIDENCE_UPLOADS_DIR, heldPath } from '../../server/evidence-store.ts';
import { sweepStaleUploads } from '../../server/evidence-sweep.ts';
import { startServer } from '../../server/http.ts';
import { createTeam, enrolPerson } from '../../server/teams.ts';
import { tempDir } from '../support/temp.ts';
import { createUpload, evidenceFile, evidenceFolders, evidenceRecord, patchUpload, rawRequest, tusHeaders, tusMetadata } from './evidence-fixture.ts';
import { databaseFor, DATABASES } from './support/databases.ts';
import { noEvents, postJson, runRecord, testServer } from './sync-server.ts';

const MB = 1024 * 1024;
const DAY = 24 * 60 * 60 * 1000;

function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

function randomSha256(): string {
  return randomBytes(32).toString('hex');
}

describe.each(DATABASES)('evidence files on %s', (database) => {
  it('lets the owner and the team\'s mentors read a held file, and answers anyone else as for a file not held', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const ben = await t.device('blue', 'Ben');
    const mona = await t.device('blue', 'Mona', 'mentor');
    const rex = await t.device('red', 'Rex');
    const max = await t.device('red', 'Max', 'mentor');
    const dir = tempDir();
    const file = evidenceFile(dir, MB + 3);
    await uploadEvidence({ serverUrl: t.server.url, token: ana.token, filePath: file.path, sha256: file.sha256, size: file.size, resumeFile: join(dir, 'resume.json') });
    // Named by a record of Ana's, and one she names but never uploaded.
    const unsent = { sha256: randomSha256(), size: 5 };
    const pushed = await t.post('/v1/push', { deviceId: ana.deviceId, events: noEvents(), records: [runRecord('run-1', 'p-ana'), evidenceRecord('ev-1', 'run-1', file), evidenceRecord('ev-2', 'run-1', unsent)] }, ana.token);
    expect(pushed.status).toBe(200);

    const monaCopy = join(dir, 'mona', 'capture.pcap');
    expect(await downloadEvidence({ serverUrl: t.server.url, token: mona.token, sha256: file.sha256, dest: monaCopy })).toEqual({ size: file.size });
    expect(readFileSync(monaCopy).equals(file.bytes)).toBe(true);
    const anaCopy = join(dir, 'ana', 'capture.pcap');
    await downloadEvidence({ serverUrl: t.server.url, token: ana.token, sha256: file.sha256, dest: anaCopy });
    expect(readFileSync(anaCopy).equals(file.bytes)).toBe(true);
    const raw = await rawRequest(t.server.url, 'GET', `/v1/evidence/files/${file.sha256}`, bearer(mona.token));
    expect(raw.headers).toMatchObject({ 'content-type': 'application/octet-stream', 'content-length': String(file.size) });

    const neverHeld = await rawRequest(t.server.url, 'GET', `/v1/evidence/files/${randomSha256()}`, bearer(ana.token));
    expect(neverHeld.status).toBe(404);
    const refused = [
      await rawRequest(t.server.url, 'GET', `/v1/evidence/files/${file.sha256}`, bearer(rex.token)),
      await rawRequest(t.server.url, 'GET', `/v1/evidence/files/${file.sha256}`, bearer(max.token)),
      await rawRequest(t.server.url, 'GET', `/v1/evidence/files/${file.sha256}`, bearer(ben.token)),
      await rawRequest(t.server.url, 'GET', `/v1/evidence/files/${unsent.sha256}`, bearer(ana.token)),
    ];
    for (const answer of refused) expect({ status: answer.status, body: answer.body }).toEqual({ status: neverHeld.status, body: neverHeld.body });
    expect((await rawRequest(t.server.url, 'GET', `/v1/evidence/files/${file.sha256}`)).status).toBe(401);

    const rexCopy = join(dir, 'rex', 'capture.pcap');
    await expect(downloadEvidence({ serverUrl: t.server.url, token: rex.token, sha256: file.sha256, dest: rexCopy })).rejects.toThrow(/no such evidence file/);
    expect(existsSync(rexCopy)).toBe(false);
  });

  it('keeps a download out of place when the bytes do not hash to the file\'s name', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const dir = tempDir();
    const file = evidenceFile(dir, 256 * 1024);
    await uploadEvidence({ serverUrl: t.server.url, token: ana.token, filePath: file.path, sha256: file.sha256, size: file.size, resumeFile: join(dir, 'resume.json') });
    await t.post('/v1/push', { deviceId: ana.deviceId, events: noEvents(), records: [runRecord('run-1', 'p-ana'), evidenceRecord('ev-1', 'run-1', file)] }, ana.token);
    // The disk under the server rotted one byte.
    const held = heldPath(t.dataDir, file.sha256);
    const rotten = Buffer.from(file.bytes);
    rotten[1000] = rotten[1000]! ^ 0xff;
    writeFileSync(held, rotten);
    const destDir = join(dir, 'copies');
    const failure = await downloadEvidence({ serverUrl: t.server.url, token: ana.token, sha256: file.sha256, dest: join(destDir, 'capture.pcap') }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SyncFailure);
    expect((failure as SyncFailure).message).toMatch(/arrived damaged/);
    expect(readdirSync(destDir)).toEqual([]);
  });

  it('refuses path tricks in upload ids and file names', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const file = evidenceFile(tempDir(), 1000);
    const upload = await createUpload(t.server.url, ana.token, file);
    const id = upload.split('/').at(-1)!;
    const offset = { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' };
    const tricks: [string, string][] = [
      ['HEAD', '/v1/evidence/uploads/..%2F..%2Fsync.db'],
      ['HEAD', '/v1/evidence/uploads/../../sync.db'],
      ['PATCH', '/v1/evidence/uploads/%2e%2e%2f%2e%2e%2fsync.db'],
      ['PATCH', '/v1/evidence/uploads/..%5C..%5Csync.db'],
      ['HEAD', `/v1/evidence/uploads/${id}%2F..%2F..%2Fsync.db`],
      ['HEAD', `/v1/evidence/uploads/${id}.json`],
      ['HEAD', `/v1/evidence/uploads/${id}/`],
      ['HEAD', `/v1/evidence/uploads/${id}?id=${id}`],
      ['HEAD', `/v1/evidence/uploads/${id.toUpperCase()}`],
      ['DELETE', '/v1/evidence/uploads/..%2F..%2Fsync.db'],
      ['POST', '/v1/evidence/uploads/..%2F..%2Fsync.db'],
      ['POST', `/v1/evidence/uploads/${id}`],
      ['GET', '/v1/evidence/files/..%2Fsync.db'],
      ['GET', '/v1/evidence/files/../sync.db'],
      ['GET', `/v1/evidence/files/${file.sha256.slice(0, 2)}%2F${file.sha256}`],
      ['GET', `/v1/evidence/files/${file.sha256}%00`],
      ['GET', '/v1/evidence/../../sync.db'],
    ];
    for (const [method, path] of tricks) {
      const answer = await rawRequest(t.server.url, method, path, tusHeaders(ana.token, { ...offset, 'Upload-Length': String(file.size), 'Upload-Metadata': tusMetadata({ sha256: file.sha256 }) }), method === 'PATCH' ? Buffer.alloc(10) : undefined);
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 404 });
    }
    // tus would serve an upload's bytes on GET: that is not a route here.
    expect((await rawRequest(t.server.url, 'GET', upload, tusHeaders(ana.token))).status).toBe(405);
    // Nothing was read, written or removed outside the upload's own two files.
    expect(evidenceFolders(t.dataDir).uploads.sort()).toEqual([id, `${id}.json`].sort());
    expect(await t.count('records')).toBe(0);
    expect((await rawRequest(t.server.url, 'HEAD', upload, tusHeaders(ana.token))).headers['upload-offset']).toBe('0');
  });

  it('refuses creations over the size limit or without a proper sha256, saying why', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const sha256 = randomSha256();
    const create = (headers: Record<string, string>, token = ana.token) => rawRequest(t.server.url, 'POST', '/v1/evidence/uploads/', tusHeaders(token, headers));
    const metadata = tusMetadata({ sha256 });
    const over = await create({ 'Upload-Length': String(2 * 1024 * MB + 1), 'Upload-Metadata': metadata });
    expect(over.status).toBe(413);
    expect(JSON.parse(over.body).message).toMatch(/at most 2048 MB .*this one is 2048\.0 MB/);
    const refusals = await Promise.all([
      create({ 'Upload-Length': 'ten', 'Upload-Metadata': metadata }),
      create({ 'Upload-Length': '-1', 'Upload-Metadata': metadata }),
      create({ 'Upload-Length': '10' }),
      create({ 'Upload-Length': '10', 'Upload-Metadata': tusMetadata({ sha256: sha256.toUpperCase() }) }),
      create({ 'Upload-Length': '10', 'Upload-Metadata': tusMetadata({ filename: 'a.png' }) }),
      create({ 'Upload-Length': '10', 'Upload-Metadata': 'sha256 not-base64!' }),
      create({ 'Upload-Defer-Length': '1', 'Upload-Metadata': metadata }),
      create({ 'Upload-Length': '10', 'Upload-Metadata': metadata, 'Upload-Concat': 'partial' }),
    ]);
    expect(refusals.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 400, 400, 400, 400]);
    expect(JSON.parse(refusals[2]!.body).message).toMatch(/sha256/);
    expect((await create({ 'Upload-Length': '10', 'Upload-Metadata': metadata }, 'opt_not-a-token')).status).toBe(401);
    expect((await rawRequest(t.server.url, 'POST', '/v1/evidence/uploads/', { 'Tus-Resumable': '1.0.0', 'Upload-Length': '10', 'Upload-Metadata': metadata })).status).toBe(401);
    expect((await rawRequest(t.server.url, 'PUT', '/v1/evidence/uploads/', tusHeaders(ana.token))).status).toBe(405);
    expect(evidenceFolders(t.dataDir).uploads).toEqual([]);

    // The app says so plainly: the file is larger than the server takes.
    const dir = tempDir();
    const huge = join(dir, 'huge.pcap');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 2 * 1024 * MB + 1);
    closeSync(fd);
    const failure = await uploadEvidence({ serverUrl: t.server.url, token: ana.token, filePath: huge, sha256, size: 2 * 1024 * MB + 1, resumeFile: join(dir, 'resume.json') }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SyncFailure);
    expect((failure as SyncFailure).kind).toBe('refused');
    expect((failure as SyncFailure).message).toMatch(/too large: An evidence file is at most 2048 MB/);
  });

  it('takes its size limit from the server\'s options', async () => {
    const dataDir = tempDir('outpost-sync-');
    const server = await startServer({ dataDir, database: await databaseFor(database), port: 0, maxEvidenceBytes: MB, log: () => undefined });
    onTestFinished(() => server.close());
    await createTeam(server.db, 'blue');
    const { code } = await enrolPerson(server.db, 'blue', 'Ana', 'learner');
    const { body } = await postJson(server.url, '/v1/enrol', { code, deviceId: randomUUID(), profileId: 'p-ana' });
    const token = String(body.token);
    const dir = tempDir();
    const fits = evidenceFile(dir, MB);
    const over = evidenceFile(dir, MB + 1);
    const upload = (file: typeof fits) => uploadEvidence({ serverUrl: server.url, token, filePath: file.path, sha256: file.sha256, size: file.size, resumeFile: join(dir, 'resume.json') });
    expect(await upload(fits)).toEqual({ sent: 'uploaded', bytesSent: MB });
    await expect(upload(over)).rejects.toThrow(/at most 1 MB \(1048576 bytes\)/);
  });

  it('answers an evidence check with the hashes missing, and refuses malformed checks', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const files = Array.from({ length: 3 }, () => ({ sha256: randomSha256(), size: 1 }));
    expect(await t.post('/v1/evidence/check', { files }, ana.token)).toEqual({ status: 200, body: { missing: files.map((file) => file.sha256) } });
    expect(await t.post('/v1/evidence/check', { files: [] }, ana.token)).toEqual({ status: 200, body: { missing: [] } });
    const malformed = [
      { files: Array.from({ length: 501 }, () => ({ sha256: randomSha256(), size: 1 })) },
      { files: [{ sha256: 'abc', size: 1 }] },
      { files: [{ sha256: randomSha256(), size: -1 }] },
      { files: [{ sha256: randomSha256(), size: 1, path: '/etc/passwd' }] },
      { hashes: [] },
    ];
    for (const body of malformed) expect((await t.post('/v1/evidence/check', body, ana.token)).status).toBe(400);
    expect((await t.post('/v1/evidence/check', { files })).status).toBe(401);
    expect((await fetch(`${t.server.url}/v1/evidence/check`, { headers: bearer(ana.token) })).status).toBe(405);
  });

  it('notes which team\'s records name which file, refusing an evidence record with a bad hash or size', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const sha256 = randomSha256();
    const push = (payload: Record<string, unknown>) => {
      const record = evidenceRecord('ev-1', 'run-1', { sha256, size: 10 });
      return t.post('/v1/push', { deviceId: ana.deviceId, events: noEvents(), records: [runRecord('run-1', 'p-ana'), { ...record, payload: { ...record.payload, ...payload } }] }, ana.token);
    };
    for (const bad of [{ sha256: sha256.toUpperCase() }, { sha256: `${sha256}0` }, { sha256: undefined }, { size: -1 }, { size: 1.5 }, { size: '10' }, { size: 2 ** 53 }]) {
      const answer = await push(bad);
      expect(answer.status).toBe(400);
      expect(answer.body.message).toMatch(/needs its (sha256|size)/);
    }
    expect(await t.count('records')).toBe(0);
    expect((await push({})).status).toBe(200);
    expect((await push({})).status).toBe(200);
    const refs = await t.server.db.selectFrom('evidence_refs').innerJoin('teams', 'teams.id', 'evidence_refs.team_id').select(['teams.name', 'evidence_refs.sha256', 'evidence_refs.owner_profile_id']).execute();
    expect(refs).toEqual([{ name: 'blue', sha256, owner_profile_id: 'p-ana' }]);
  });

  it('sweeps uploads untouched for a day, at start and when asked, and leaves the others', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const dir = tempDir();
    const stale = evidenceFile(dir, 2000);
    const fresh = evidenceFile(dir, 2000);
    const staleUpload = await createUpload(t.server.url, ana.token, stale);
    const freshUpload = await createUpload(t.server.url, ana.token, fresh);
    expect((await patchUpload(t.server.url, ana.token, staleUpload, 0, stale.bytes.subarray(0, 1000))).status).toBe(204);
    const uploadsDir = join(t.dataDir, EVIDENCE_UPLOADS_DIR);
    const staleId = staleUpload.split('/').at(-1)!;
    const dayAgo = new Date(Date.now() - DAY - 60_000);
    for (const name of [staleId, `${staleId}.json`]) utimesSync(join(uploadsDir, name), dayAgo, dayAgo);
    // A leftover without its other half goes too.
    writeFileSync(join(uploadsDir, 'ffffffffffffffffffffffffffffffff'), 'half');
    utimesSync(join(uploadsDir, 'ffffffffffffffffffffffffffffffff'), dayAgo, dayAgo);
    expect(await sweepStaleUploads(uploadsDir)).toBe(2);
    expect((await rawRequest(t.server.url, 'HEAD', staleUpload, tusHeaders(ana.token))).status).toBe(404);
    expect((await rawRequest(t.server.url, 'HEAD', freshUpload, tusHeaders(ana.token))).status).toBe(200);
    // Touched a moment ago, an upload stays however old it is.
    expect(await sweepStaleUploads(uploadsDir, Date.now() + DAY - 60_000)).toBe(0);

    // A server starting on a data folder sweeps it straight away.
    const again = tempDir('outpost-sync-');
    mkdirSync(join(again, EVIDENCE_UPLOADS_DIR));
    for (const name of [staleId, `${staleId}.json`]) {
      writeFileSync(join(again, EVIDENCE_UPLOADS_DIR, name), '{}');
      utimesSync(join(again, EVIDENCE_UPLOADS_DIR, name), dayAgo, dayAgo);
    }
    const server = await startServer({ dataDir: again, database: await databaseFor(database), port: 0, log: () => undefined });
    onTestFinished(() => server.close());
    await expect.poll(() => readdirSync(join(again, EVIDENCE_UPLOADS_DIR)), { timeout: 5_000 }).toEqual([]);
  });
});
