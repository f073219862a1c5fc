// Attacks on the HTTP bridge's request bodies and addresses, each over a real connection on
// 127.0.0.1: bodies that never declare their length, broken percent-escapes, and a burst of
// uploads racing for a stage's last evidence slots.
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushEvents } from '../../../shared/api/contract.ts';
import { importPack } from '../../../electron/engine/packs/import-pack.ts';
import { startBrowserMode, type BrowserMode } from '../../../electron/web/browser-mode.ts';
import { staff } from '../../support/engine-fixture.ts';
import { editFile, validPackFiles, writePackFolder, type PackFiles } from '../../support/pack-fixture.ts';
import { filesBelow, hostileUpload, type HostileAnswer } from '../../support/hostile-upload.ts';
import { tempDir } from '../../support/temp.ts';
import { httpCaller, type Caller } from '../../support/transports.ts';

const CAP = 1024 * 1024;
/** Headers, chunk framing and one socket read past the cap. */
const READ_SLACK = 512 * 1024;
const CHUNK = 64 * 1024;
/** What each attacking client tries to send: far more than the cap. */
const ATTACK_BYTES = 128 * 1024 * 1024;

let mode: BrowserMode;
let dataDir: string;
let call: Caller;
const logged: Array<{ message: string; error: unknown }> = [];
const serverSockets = new Map<number, Socket>();

/** DEMO-01 takes up to 4 files of 8 MB (above the transport cap); DEMO-02 files of 0.25 MB (below it). */
function attackPack(): PackFiles {
  const base = editFile(validPackFiles('attack-pack'), 'missions/DEMO-01/mission.yaml', (text) => text.replace('max_files: 3,', 'max_files: 4, max_size_mb: 8,'));
  const files: PackFiles = { ...base };
  for (const [path, content] of Object.entries(base)) {
    if (!path.startsWith('missions/DEMO-01/')) continue;
    const copy = path.replace('DEMO-01', 'DEMO-02');
    files[copy] = path.endsWith('mission.yaml') ? String(content).replace('code: DEMO-01', 'code: DEMO-02').replace('max_size_mb: 8', 'max_size_mb: 0.25') : content;
  }
  return files;
}

beforeAll(async () => {
  dataDir = tempDir();
  mode = await startBrowserMode({
    dataDir,
    port: 0,
    staticDir: tempDir(),
    samplePack: null,
    maxUploadBytes: CAP,
    log: (message, error) => logged.push({ message, error }),
  });
  mode.server.on('connection', (socket: Socket) => serverSockets.set(socket.remotePort ?? 0, socket));
  const outcome = await importPack(writePackFolder(tempDir(), attackPack()), { db: mode.engine.ctx.db, dataDir });
  expect(outcome).toMatchObject({ status: 'imported' });
  call = httpCaller(`http://127.0.0.1:${mode.port}`, mode.token);
});
afterAll(() => mode.close());

const auth = () => ({ Authorization: `Bearer ${mode.token}` });

type Answer = HostileAnswer;

/** A body with no Content-Length, written until the server closes the connection or `total` bytes are sent. */
function chunkedPost(path: string, total: number, options: { fill?: number; type?: string; token?: string } = {}): Promise<Answer> {
  const headers = { Authorization: `Bearer ${options.token ?? mode.token}`, 'Content-Type': options.type ?? 'application/octet-stream' };
  return hostileUpload(mode.port, serverSockets, { path, headers, total, fill: options.fill, chunk: CHUNK });
}

/** Files below a folder of the data folder, at any depth. */
const filesUnder = (folder: string): string[] => filesBelow(dataDir, folder);

async function expectServerStillAnswers(): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${mode.port}/api`, { headers: auth() });
  expect(res.status).toBe(200);
}

function expectRefusedNearCap(answer: Answer): void {
  expect(answer.status).toBe(413);
  expect(answer.body).toEqual({ code: 'too_large', message: expect.stringContaining('larger than') });
  expect(answer.serverRead).toBeGreaterThan(0);
  expect(answer.serverRead).toBeLessThan(CAP + READ_SLACK);
  expect(answer.written).toBeLessThan(ATTACK_BYTES);
}

let learners = 0;
async function startRun(code: string): Promise<{ profileId: string; runId: string }> {
  const profileId = (await call('profiles.create', { displayName: `Attacker ${++learners}` })).id;
  await call('profiles.select', { profileId });
  const missionId = (await call('catalog.list', { profileId })).find((m) => m.code === code)!.missionId;
  return { profileId, runId: (await call('runs.start', { profileId, missionId })).id };
}

const evidencePath = (where: { profileId: string; runId: string }, name: string) =>
  `/api/upload/evidence?profileId=${where.profileId}&runId=${where.runId}&stageId=find-host&name=${encodeURIComponent(name)}`;

async function attachedFiles(where: { profileId: string; runId: string }): Promise<string[]> {
  const view = await call('runs.get', where);
  const stage = view.stages.find((s) => s.id === 'find-host');
  return stage?.kind === 'task' ? stage.evidence.files.map((f) => f.fileName) : [];
}

describe('a chunked upload that never declares its length', () => {
  it('pack upload: is cut off near the cap with 413, and leaves no partial file', async () => {
    // Only a mentor or an admin gets as far as sending a pack's bytes.
    await staff({ engine: mode.engine, call }, 'mentor');
    const answer = await chunkedPost('/api/upload/pack?name=huge.zip', ATTACK_BYTES);
    expectRefusedNearCap(answer);
    expect(filesUnder('uploads')).toEqual([]);
    expect(filesUnder('staging')).toEqual([]);
    await expectServerStillAnswers();
  });

  it('evidence upload: is cut off near the transport cap even when the stage allows more, and stores nothing', async () => {
    const where = await startRun('DEMO-01');
    const blobsBefore = filesUnder('blobs');
    const answer = await chunkedPost(evidencePath(where, 'huge.log'), ATTACK_BYTES);
    expectRefusedNearCap(answer);
    expect(filesUnder('staging')).toEqual([]);
    expect(filesUnder('blobs')).toEqual(blobsBefore);
    expect(await attachedFiles(where)).toEqual([]);
    await expectServerStillAnswers();
  });

  it("evidence upload: is refused at the stage's own smaller limit, and stores nothing", async () => {
    const where = await startRun('DEMO-02');
    const blobsBefore = filesUnder('blobs');
    const answer = await chunkedPost(evidencePath(where, 'big.log'), ATTACK_BYTES);
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ code: 'too_large', message: expect.stringContaining('0.25 MB') });
    expect(answer.serverRead).toBeLessThan(0.25 * CAP + READ_SLACK);
    expect(filesUnder('staging')).toEqual([]);
    expect(filesUnder('blobs')).toEqual(blobsBefore);
    await expectServerStillAnswers();
  });

  it('refused before its body is read (wrong token): the rest of the body is not read to keep the connection', async () => {
    const answer = await chunkedPost('/api/upload/pack?name=huge.zip', ATTACK_BYTES, { token: 'wrong' });
    expect(answer.status).toBe(401);
    expect(answer.serverRead).toBeLessThan(READ_SLACK);
    expect(filesUnder('uploads')).toEqual([]);
    await expectServerStillAnswers();
  });

  it('JSON method call: is cut off at 1 MB with 413', async () => {
    const answer = await chunkedPost('/api/profiles.create', ATTACK_BYTES, { fill: 0x20, type: 'application/json' });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ code: 'too_large' });
    expect(answer.serverRead).toBeLessThan(CAP + READ_SLACK);
    await expectServerStillAnswers();
  });
});

/** Sends a request target exactly as written, which fetch and node:http would normalise or refuse. */
function rawRequest(method: string, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(mode.port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (part: string) => (text += part));
    socket.on('error', reject);
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    const body = method === 'POST' ? '{}' : '';
    socket.end(
      `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${mode.port}\r\nAuthorization: Bearer ${mode.token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

describe('a malformed percent-escape in the address', () => {
  it('answers 400 for a method name, an upload query or an unparsable target, and 404 for a static file, with nothing logged', async () => {
    logged.length = 0;
    const where = await startRun('DEMO-01');
    const cases: Array<[string, string, number]> = [
      ['POST', '/api/%E0%A4%A', 400],
      ['POST', '/api/profiles.%', 400],
      ['POST', `/api/upload/evidence?profileId=${where.profileId}&runId=${where.runId}&stageId=find-host&name=%E0%A4%A.txt`, 400],
      ['POST', `/api/upload/evidence?profileId=%ZZ&runId=${where.runId}&stageId=find-host&name=a.txt`, 400],
      ['POST', '/api/upload/pack?name=%E0%A4%A.zip', 400],
      // Targets that are not a plain path: never read as another host, never a crash.
      ['POST', 'http://[/api/profiles.list', 400],
      ['POST', '//[/api/profiles.list', 404],
      ['GET', '/%E0%A4%A', 404],
      ['GET', '/assets/%C0%AF..%C0%AF..%C0%AFetc/passwd', 404],
    ];
    for (const [method, target, status] of cases) {
      const answer = await rawRequest(method, target);
      expect({ target, status: answer.status }).toEqual({ target, status });
      if (status === 400) expect(JSON.parse(answer.body)).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/request address/) });
    }
    expect(logged).toEqual([]);
    expect(await attachedFiles(where)).toEqual([]);
    await expectServerStillAnswers();
  });
});

describe('uploads racing for the last evidence slots', () => {
  it('twelve files at once into a four-file stage: four recorded, eight refused, four blobs stored', async () => {
    const where = await startRun('DEMO-01');
    const blobsBefore = new Set(filesUnder('blobs'));
    // Every upload passes the stage's check before its body is read; hold the bodies until all have.
    let started = 0;
    let allStarted: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (allStarted = resolve));
    const stop = mode.engine.onPush((event, payload) => {
      if (event === 'evidence.progress' && (payload as PushEvents['evidence.progress']).done === 0 && ++started === 12) allStarted();
    });
    const uploads = Array.from({ length: 12 }, (_, i) => heldUpload(evidencePath(where, `capture-${i}.log`), `capture ${i}\n`.repeat(1000), ready));
    const answers = await Promise.all(uploads);
    stop();
    const accepted = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    expect(accepted).toHaveLength(4);
    expect(refused).toHaveLength(8);
    for (const answer of refused) {
      expect(answer.status).toBe(422);
      expect(JSON.parse(answer.text)).toEqual({ code: 'rule_violation', message: 'This stage takes at most 4 evidence files; remove one first.' });
    }
    expect(await attachedFiles(where)).toHaveLength(4);
    const added = filesUnder('blobs').filter((name) => !blobsBefore.has(name));
    const { db } = mode.engine.ctx;
    const recorded = db.all(db.q.selectFrom('evidence').select('sha256').where('run_id', '=', where.runId)).map((row) => row.sha256);
    expect(added.sort()).toEqual(recorded.sort());
    expect(filesUnder('staging')).toEqual([]);
  });
});

/** An upload whose first chunk goes out at once and whose rest waits for `release`. */
function heldUpload(path: string, content: string, release: Promise<void>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: mode.port, method: 'POST', path, headers: auth(), agent: new Agent() }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (text += part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    const half = Math.floor(content.length / 2);
    req.write(content.slice(0, half));
    void release.then(() => req.end(content.slice(half)));
  });
}
