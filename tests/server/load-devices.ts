// Simulated devices for the sync load test and benchmark: each a real enrolled device token with its
// own event sequence, speaking the shared protocol (callServer) and uploading its evidence files with
// uploadEvidence, as the app does, without a whole app engine behind it. Then a look at what the
// server holds: events per device, acknowledgements, evidence files and their hashes on disk.
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { uploadEvidence } from '../../electron/engine/sync/evidence-upload.ts';
import { callServer, SyncFailure } from '../../electron/engine/sync/sync-http.ts';
import type { ServerDb } from '../../server/db/open.ts';
import { EVIDENCE_UPLOADS_DIR, heldPath } from '../../server/evidence-store.ts';
import { MAX_EVENTS_PER_BATCH, type OutboxRecord, type PushAnswer, type PushBatch } from '../../shared/sync/protocol.ts';
import { missionEvents } from '../support/sync-events.ts';

export interface LoadDevice {
  deviceId: string;
  profileId: string;
  token: string;
}

export interface LoadFile {
  path: string;
  sha256: string;
  size: number;
}

/** How a device misbehaves on the way, as devices on a lab's network do. */
export type Trouble =
  /** Every batch sent twice at once: a retry that did not wait for the first answer. */
  | 'twice-at-once'
  /** The first push is cut off once its request is out: the device does not know whether it was stored. */
  | 'cut-first-push'
  | 'none';

export interface DeviceWork {
  events: number;
  batchSize?: number;
  files: LoadFile[];
  /** tus-js-client's resume file for this device's uploads. */
  resumeFile: string;
  trouble?: Trouble;
}

export interface DeviceOutcome {
  /** The server's acknowledgement in its last answer. */
  ackSeq: number;
  pushes: number;
  evidenceBytesSent: number;
  acceptedRecords: number;
  /** performance.now() when the server had acknowledged the last event, and when the last file was in. */
  eventsDoneAt: number;
  uploadsDoneAt: number;
}

/** Random bytes written a megabyte at a time; returns the file's SHA-256. */
export function writeRandomFile(path: string, size: number): LoadFile {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(Math.min(size, 1024 * 1024));
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < size; ) {
      const part = chunk.subarray(0, Math.min(chunk.length, size - written));
      randomFillSync(part);
      hash.update(part);
      writeSync(fd, part);
      written += part.length;
    }
  } finally {
    closeSync(fd);
  }
  return { path, sha256: hash.digest('hex'), size };
}

async function push(serverUrl: string, device: LoadDevice, batch: PushBatch, signal?: AbortSignal): Promise<PushAnswer> {
  return callServer(serverUrl, '/v1/push', batch, { token: device.token, signal });
}

/** Pushes the device's events from the server's acknowledgement on, as push-out.ts does. */
async function pushEvents(serverUrl: string, device: LoadDevice, work: DeviceWork): Promise<{ ackSeq: number; pushes: number }> {
  const batchSize = work.batchSize ?? MAX_EVENTS_PER_BATCH;
  let ack = 0;
  let pushes = 0;
  let cut = work.trouble === 'cut-first-push';
  while (ack < work.events) {
    const fromSeq = ack + 1;
    const items = missionEvents(device.deviceId, device.profileId, Math.min(batchSize, work.events - ack), fromSeq);
    const batch: PushBatch = { deviceId: device.deviceId, events: { fromSeq, toSeq: fromSeq + items.length - 1, items }, records: [] };
    try {
      if (cut) {
        cut = false;
        pushes++;
        const stop = new AbortController();
        const sent = push(serverUrl, device, batch, stop.signal);
        // Cut once the request is on its way: the server may store the batch or never see all of it.
        setImmediate(() => setImmediate(() => stop.abort()));
        await sent.catch((error: unknown) => {
          if (!(error instanceof SyncFailure && error.kind === 'offline')) throw error;
        });
        continue;
      }
      const answers = await Promise.all(Array.from({ length: work.trouble === 'twice-at-once' ? 2 : 1 }, () => push(serverUrl, device, batch)));
      pushes += answers.length;
      ack = Math.max(...answers.map((answer) => answer.ackSeq));
    } catch (error) {
      // This device thought the server held less than it does, or more: go on from the server's point.
      if (!(error instanceof SyncFailure && error.kind === 'gap' && error.body?.resendFrom !== undefined)) throw error;
      ack = error.body.resendFrom - 1;
    }
  }
  return { ackSeq: ack, pushes };
}

function recordsOf(device: LoadDevice, files: readonly LoadFile[]): OutboxRecord[] {
  const runId = `load-run-${device.deviceId}`;
  const run: OutboxRecord = { topic: 'run', recordId: runId, idempotencyKey: `${runId}:1`, payload: { id: runId, profileId: device.profileId, missionId: 1, status: 'submitted' } };
  const evidence = files.map((file, index): OutboxRecord => {
    const id = `${runId}-evidence-${index}`;
    return { topic: 'evidence', recordId: id, idempotencyKey: `${id}:1`, payload: { id, runId, stageId: 'triage', fileName: `capture-${index}.pcap`, mediaType: 'application/vnd.tcpdump.pcap', sha256: file.sha256, size: file.size, addedAt: 1, removedAt: null } };
  });
  return [run, ...evidence];
}

/**
 * One device's whole sync: its events and its evidence files at once, then (files first, as the app
 * does) its run and evidence records.
 */
export async function runLoadDevice(serverUrl: string, device: LoadDevice, work: DeviceWork): Promise<DeviceOutcome> {
  const uploads = (async () => {
    let bytes = 0;
    for (const file of work.files) bytes += (await uploadEvidence({ serverUrl, token: device.token, filePath: file.path, sha256: file.sha256, size: file.size, resumeFile: work.resumeFile })).bytesSent;
    return { bytes, doneAt: performance.now() };
  })();
  const pushed = pushEvents(serverUrl, device, work).then((events) => ({ ...events, doneAt: performance.now() }));
  const [events, evidence] = await Promise.all([pushed, uploads]);
  const records = recordsOf(device, work.files);
  const answer = await push(serverUrl, device, { deviceId: device.deviceId, events: { fromSeq: events.ackSeq + 1, toSeq: events.ackSeq, items: [] }, records });
  return { ackSeq: answer.ackSeq, pushes: events.pushes + 1, evidenceBytesSent: evidence.bytes, acceptedRecords: answer.acceptedRecords.length, eventsDoneAt: events.doneAt, uploadsDoneAt: evidence.doneAt };
}

export interface Holdings {
  /** Per device: events held, distinct event ids among them, lowest and highest sequence, acknowledgement. */
  devices: Map<string, { events: number; distinctIds: number; minSeq: number; maxSeq: number; ackSeq: number }>;
  events: number;
  /** Per held file: its row's size, and the SHA-256 of the bytes on disk (null when the file is missing). */
  files: Map<string, { size: number; onDisk: string | null }>;
  evidenceRefs: number;
  records: number;
  /** Files left in the uploads folder. */
  uploadsLeft: string[];
}

async function sha256Of(path: string): Promise<string | null> {
  if (!existsSync(path)) return null;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

export async function holdingsOf(db: ServerDb, dataDir: string): Promise<Holdings> {
  const perDevice = await db
    .selectFrom('events')
    .select((eb) => ['device_id', eb.fn.countAll<number>().as('n'), eb.fn.count<number>('id').distinct().as('ids'), eb.fn.min('seq').as('min_seq'), eb.fn.max('seq').as('max_seq')])
    .groupBy('device_id')
    .execute();
  const acks = new Map((await db.selectFrom('devices').select(['device_id', 'ack_seq']).execute()).map((row) => [row.device_id, Number(row.ack_seq)]));
  const devices: Holdings['devices'] = new Map();
  for (const row of perDevice) devices.set(row.device_id, { events: Number(row.n), distinctIds: Number(row.ids), minSeq: Number(row.min_seq), maxSeq: Number(row.max_seq), ackSeq: acks.get(row.device_id) ?? 0 });
  const files: Holdings['files'] = new Map();
  for (const row of await db.selectFrom('evidence_files').select(['sha256', 'size']).execute()) files.set(row.sha256, { size: Number(row.size), onDisk: await sha256Of(heldPath(dataDir, row.sha256)) });
  const count = async (table: 'evidence_refs' | 'records'): Promise<number> => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const uploadsDir = join(dataDir, EVIDENCE_UPLOADS_DIR);
  return {
    devices,
    events: [...devices.values()].reduce((sum, device) => sum + device.events, 0),
    files,
    evidenceRefs: await count('evidence_refs'),
    records: await count('records'),
    uploadsLeft: existsSync(uploadsDir) ? readdirSync(uploadsDir) : [],
  };
}

/** What a run of `devices` devices of `events` events each must leave, told as a list of faults. */
export function faultsOf(holdings: Holdings, expected: { devices: readonly LoadDevice[]; events: number; outcomes: readonly DeviceOutcome[]; files: readonly LoadFile[]; filesPerDevice: number }): string[] {
  const faults: string[] = [];
  const total = expected.devices.length * expected.events;
  if (holdings.events !== total) faults.push(`the server holds ${holdings.events} events, not ${total}`);
  expected.devices.forEach((device, index) => {
    const held = holdings.devices.get(device.deviceId);
    const want = { events: expected.events, distinctIds: expected.events, minSeq: 1, maxSeq: expected.events, ackSeq: expected.events };
    if (JSON.stringify(held) !== JSON.stringify(want)) faults.push(`device ${index} holds ${JSON.stringify(held)}, not ${JSON.stringify(want)}`);
    const outcome = expected.outcomes[index];
    if (outcome?.ackSeq !== expected.events) faults.push(`device ${index} was told ack ${outcome?.ackSeq}, not ${expected.events}`);
    if (outcome?.acceptedRecords !== expected.filesPerDevice + 1) faults.push(`device ${index} had ${outcome?.acceptedRecords} records accepted, not ${expected.filesPerDevice + 1}`);
  });
  const distinct = new Map(expected.files.map((file) => [file.sha256, file]));
  if (holdings.files.size !== distinct.size) faults.push(`the server holds ${holdings.files.size} evidence files, not ${distinct.size}`);
  for (const [sha256, file] of distinct) {
    const held = holdings.files.get(sha256);
    if (!held) faults.push(`evidence ${sha256} is not held`);
    else if (held.size !== file.size || held.onDisk !== sha256) faults.push(`evidence ${sha256} is held as ${held.size} bytes hashing to ${held.onDisk}`);
  }
  if (holdings.evidenceRefs !== expected.devices.length * expected.filesPerDevice) faults.push(`${holdings.evidenceRefs} evidence references, not ${expected.devices.length * expected.filesPerDevice}`);
  if (holdings.records !== expected.devices.length * (expected.filesPerDevice + 1)) faults.push(`${holdings.records} records, not ${expected.devices.length * (expected.filesPerDevice + 1)}`);
  if (holdings.uploadsLeft.length > 0) faults.push(`the uploads folder still holds ${holdings.uploadsLeft.join(', ')}`);
  return faults;
}

/** A fresh device id, as the app makes one. */
export function newDeviceId(): string {
  return randomBytes(16).toString('hex');
}
