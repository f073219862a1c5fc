// A pack folder uploaded from the browser's folder picker (POST /api/upload/pack-folder), over a real
// connection on 127.0.0.1: a valid folder imports; hostile part names, too many parts, a body past
// the cap, a learner, and malformed forms are each refused with a clear 4xx, leaving nothing behind.
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserMode } from '../../../electron/web/browser-mode.ts';
import { staff, TEST_PASSPHRASE } from '../../support/engine-fixture.ts';
import { editFile, validPackFiles, type PackFiles } from '../../support/pack-fixture.ts';
import { filesBelow, hostileUpload, type HostileAnswer } from '../../support/hostile-upload.ts';
import { tempDir } from '../../support/temp.ts';
import { httpCaller, type Caller } from '../../support/transports.ts';

const CAP = 1024 * 1024;
const MAX_FILES = 20;
/** Headers, chunk framing and one socket read past the cap. */
const READ_SLACK = 512 * 1024;
const CHUNK = 64 * 1024;
const ATTACK_BYTES = 128 * 1024 * 1024;
const BOUNDARY = '----outpost-test-7MA4YWxkTrZu0gW';
const ROUTE = '/api/upload/pack-folder';

let mode: BrowserMode;
let dataDir: string;
let call: Caller;
let mentorId: string;
const serverSockets = new Map<number, Socket>();

beforeAll(async () => {
  dataDir = tempDir();
  mode = await startBrowserMode({ dataDir, port: 0, staticDir: tempDir(), samplePack: null, maxUploadBytes: CAP, maxFolderFiles: MAX_FILES, log: () => undefined });
  mode.server.on('connection', (socket: Socket) => serverSockets.set(socket.remotePort ?? 0, socket));
  call = httpCaller(`http://127.0.0.1:${mode.port}`, mode.token);
  mentorId = await staff({ engine: mode.engine, call }, 'mentor');
});
afterAll(() => mode.close());
beforeEach(async () => {
  await call('profiles.select', { profileId: mentorId, passphrase: TEST_PASSPHRASE });
});

interface Part {
  /** The form field's name; a file part has a filename too. */
  field?: string;
  filename?: string;
  /** The filename in RFC 5987's extended form (`filename*=utf-8''…`), percent-encoded as given. */
  encodedFilename?: string;
  data: string | Buffer;
}

function multipart(parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const filename = part.encodedFilename !== undefined ? `; filename*=utf-8''${part.encodedFilename}` : part.filename !== undefined ? `; filename="${part.filename}"` : '';
    const disposition = `form-data; name="${part.field ?? 'file'}"${filename}`;
    const type = filename === '' ? '' : 'Content-Type: application/octet-stream\r\n';
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

/** The files of a pack as parts, under a top folder as browsers send them (`my-pack/pack.yaml`). */
function folderParts(files: PackFiles, top = 'lab-pack'): Part[] {
  return Object.entries(files).map(([path, data]) => ({ filename: top ? `${top}/${path}` : path, data }));
}

async function post(body: Buffer, type = `multipart/form-data; boundary=${BOUNDARY}`): Promise<{ status: number; body: { code?: string; message?: string; status?: string; packId?: string; issues?: unknown[] } }> {
  const res = await fetch(`http://127.0.0.1:${mode.port}${ROUTE}`, { method: 'POST', headers: { Authorization: `Bearer ${mode.token}`, 'Content-Type': type }, body: new Uint8Array(body) });
  return { status: res.status, body: (await res.json()) as never };
}

/** Files below a folder of the data folder, at any depth. */
const filesUnder = (folder: string): string[] => filesBelow(dataDir, folder);

async function installedPacks(): Promise<string[]> {
  return (await call('packs.list', {})).map((pack) => `${pack.packId} ${pack.version}`);
}

async function expectNothingLeftAndServerUp(installedBefore: string[]): Promise<void> {
  expect(filesUnder('uploads')).toEqual([]);
  expect(filesUnder('staging')).toEqual([]);
  expect(await installedPacks()).toEqual(installedBefore);
  const res = await fetch(`http://127.0.0.1:${mode.port}/api`, { headers: { Authorization: `Bearer ${mode.token}` } });
  expect(res.status).toBe(200);
}

describe('a pack folder uploaded as multipart/form-data', () => {
  it('imports a valid folder sent under its top folder, skipping the files systems leave behind, and keeps nothing in uploads/', async () => {
    const parts = [...folderParts(validPackFiles('folder-pack', '1.0.0')), { filename: 'lab-pack/.DS_Store', data: 'junk' }, { filename: 'lab-pack/__MACOSX/._pack.yaml', data: 'junk' }];
    const answer = await post(multipart(parts));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'imported', packId: 'folder-pack', version: '1.0.0', issues: [] });
    expect(await installedPacks()).toContain('folder-pack 1.0.0');
    expect(filesUnder('uploads')).toEqual([]);
  });

  it('imports a folder whose pack.yaml is at the top of the paths, and reports a broken pack with its problems', async () => {
    expect((await post(multipart(folderParts(validPackFiles('flat-pack', '1.0.0'), ''))))).toMatchObject({ status: 200, body: { status: 'imported', packId: 'flat-pack' } });
    const broken = editFile(validPackFiles('broken-folder', '1.0.0'), 'missions/DEMO-01/mission.yaml', (text) => text.replace('next: respond', 'next: nowhere'));
    const answer = await post(multipart(folderParts(broken)));
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('failed');
    expect(JSON.stringify(answer.body.issues)).toContain('nowhere');
    expect(await installedPacks()).not.toContain('broken-folder 1.0.0');
    expect(filesUnder('uploads')).toEqual([]);
  });

  const hostileNames: Array<[string | { encoded: string }, RegExp]> = [
    ['lab-pack/../../escaped.txt', /path traversal/],
    [{ encoded: 'lab-pack%2F..%2F..%2Fescaped.txt' }, /path traversal/],
    ['../escaped.txt', /path traversal/],
    ['/tmp/escaped.txt', /absolute path/],
    ['C:/Windows/escaped.txt', /absolute path/],
    ['lab-pack\\..\\..\\escaped.txt', /character a folder cannot hold/],
    ['lab-pack/pack.yaml:hidden', /character a folder cannot hold/],
    ['lab-pack//pack.yaml', /empty or `\.` path segment/],
    ['lab-pack/./pack.yaml', /empty or `\.` path segment/],
    // A raw control character breaks the part's header itself; encoded, it reaches the name rules.
    ['lab-pack/bad\u0001name.md', /Malformed part header/],
    [{ encoded: 'lab-pack%2Fbad%01name.md' }, /control characters/],
    ['', /needs a file name/],
    [`lab-pack/${'a'.repeat(450)}`, /longer than 400/],
  ];
  for (const [name, reason] of hostileNames) {
    const shown = typeof name === 'string' ? JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name) : `${name.encoded} (encoded)`;
    it(`refuses a part named ${shown} with 400, writing nothing`, async () => {
      const before = await installedPacks();
      const parts = folderParts(validPackFiles('hostile-pack', '1.0.0'));
      // The hostile part comes after some good ones, which were already being stored.
      const hostile: Part = typeof name === 'string' ? { filename: name, data: 'should never be stored' } : { encodedFilename: name.encoded, data: 'should never be stored' };
      parts.splice(2, 0, hostile);
      const answer = await post(multipart(parts));
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(reason) });
      expect(existsSync(join(dirname(dataDir), 'escaped.txt'))).toBe(false);
      expect(existsSync('/tmp/escaped.txt')).toBe(false);
      await expectNothingLeftAndServerUp(before);
    });
  }

  it('refuses duplicate names (also ignoring case) and a name that is both a file and a folder', async () => {
    const before = await installedPacks();
    const files = folderParts(validPackFiles('dup-pack', '1.0.0'));
    const cases: Array<[Part[], RegExp]> = [
      [[...files, { filename: 'lab-pack/pack.yaml', data: 'id: other' }], /duplicate name/],
      [[...files, { filename: 'LAB-PACK/Pack.YAML', data: 'id: other' }], /duplicate name/],
      [[...files, { filename: 'lab-pack/missions', data: 'a file over a folder' }], /a file with the name of a folder/],
      [[{ filename: 'lab-pack/notes', data: 'x' }, { filename: 'lab-pack/notes/inner.md', data: 'y' }], /a folder with the name of a file/],
    ];
    for (const [parts, reason] of cases) {
      const answer = await post(multipart(parts));
      expect(answer.status).toBe(400);
      expect(answer.body.message).toMatch(reason);
      await expectNothingLeftAndServerUp(before);
    }
  });

  it('refuses a folder with more files than allowed with 413', async () => {
    const before = await installedPacks();
    const parts = Array.from({ length: MAX_FILES + 5 }, (_, i) => ({ filename: `lab-pack/notes/n${i}.md`, data: `note ${i}` }));
    const answer = await post(multipart(parts));
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ code: 'too_large', message: `The folder has more than ${MAX_FILES} files.` });
    await expectNothingLeftAndServerUp(before);
  });

  it('refuses a form that is not multipart, has no closing boundary, carries a field, a nameless file or no files', async () => {
    const before = await installedPacks();
    const good = multipart(folderParts(validPackFiles('form-pack', '1.0.0')));
    const cases: Array<[Buffer, string | undefined, RegExp]> = [
      [Buffer.from('{}'), 'application/json', /multipart\/form-data/],
      [good.subarray(0, good.length - 40), undefined, /not a readable multipart form/],
      [multipart([{ field: 'note', data: 'hello' }, ...folderParts(validPackFiles('form-pack', '1.0.0'))]), undefined, /Send only files/],
      [Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"\r\nContent-Type: application/octet-stream\r\n\r\nabc\r\n--${BOUNDARY}--\r\n`)]), undefined, /needs a file name/],
      [Buffer.from(`--${BOUNDARY}--\r\n`), undefined, /holds no files/],
      [multipart([{ filename: 'lab-pack/.DS_Store', data: 'junk' }]), undefined, /holds no files/],
    ];
    for (const [body, type, message] of cases) {
      const answer = await post(body, type);
      expect({ status: answer.status, message: answer.body.message }).toEqual({ status: 400, message: expect.stringMatching(message) });
      await expectNothingLeftAndServerUp(before);
    }
  });
});

/** A multipart head, then file data sent chunked (no length declared) until the server closes the connection or `total` bytes are out. */
function streamingUpload(head: Buffer, total: number): Promise<HostileAnswer> {
  const headers = { Authorization: `Bearer ${mode.token}`, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` };
  return hostileUpload(mode.port, serverSockets, { path: ROUTE, headers, total, head, fill: 0x41, chunk: CHUNK });
}

const fileHead = (name: string) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`);

describe('a folder upload that goes on and on', () => {
  it('is cut off near the cap with 413 while a file is being stored, and leaves nothing in uploads/', async () => {
    const before = await installedPacks();
    const answer = await streamingUpload(Buffer.concat([multipart(folderParts(validPackFiles('huge-pack', '1.0.0'))).subarray(0, -(BOUNDARY.length + 6)), fileHead('lab-pack/missions/DEMO-01/assets/huge.log')]), ATTACK_BYTES);
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ code: 'too_large', message: expect.stringContaining('larger than') });
    expect(answer.serverRead).toBeGreaterThan(0);
    expect(answer.serverRead).toBeLessThan(CAP + READ_SLACK);
    expect(answer.written).toBeLessThan(ATTACK_BYTES);
    await expectNothingLeftAndServerUp(before);
  });

  it('is refused with 403 before its body is read when a learner is signed in', async () => {
    const before = await installedPacks();
    const learnerId = (await call('profiles.create', { displayName: 'Curious Learner' })).id;
    await call('profiles.select', { profileId: learnerId });
    const answer = await streamingUpload(fileHead('lab-pack/pack.yaml'), ATTACK_BYTES);
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ code: 'forbidden' });
    expect(answer.serverRead).toBeLessThan(READ_SLACK);
    await expectNothingLeftAndServerUp(before);
  });
});
