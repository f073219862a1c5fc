// Load benchmark: 50 devices, each a real enrolled device token with its own event sequence, push
// 10,000 events and upload 20 MB of evidence each, all at once, to one sync server (a process of its
// own) on loopback. Each device's evidence is three files of its own and one that every device
// attached (5 MB each), so the server also meets 50 uploads of one file at once. Then the server's
// holdings are checked (500,000 events, every device's acknowledgement at 10,000, every file held
// once with the right SHA-256 on disk, nothing left half-uploaded) and the throughput is printed.
// The devices are lightweight clients in this process (tests/server/load-devices.ts). On SQLite, and
// on PostgreSQL when its binaries are installed. OUTPOST_BENCH_LOAD_DEVICES sets fewer devices.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callServer } from '../../electron/engine/sync/sync-http.ts';
import { openServerDatabase } from '../../server/db/open.ts';
import { faultsOf, holdingsOf, newDeviceId, runLoadDevice, writeRandomFile, type DeviceOutcome, type LoadDevice, type LoadFile } from '../server/load-devices.ts';
import { fmtRate, onPostgres, startBenchServer, stopBenchServer, type BenchServer } from './sync-bench-support.ts';

const DEVICES = 50;
const EVENTS = 10_000;
const MB = 1024 * 1024;
const FILE_BYTES = 5 * MB;
const OWN_FILES = 3;

export async function benchSyncLoad(log: (line: string) => void): Promise<void> {
  const devices = deviceCount();
  const root = mkdtempSync(join(tmpdir(), 'outpost-bench-load-'));
  try {
    const filesDir = join(root, 'files');
    mkdirSync(filesDir);
    const started = performance.now();
    const shared = writeRandomFile(join(filesDir, 'shared.pcap'), FILE_BYTES);
    const files = Array.from({ length: devices }, (_, d) => [...Array.from({ length: OWN_FILES }, (_, f) => writeRandomFile(join(filesDir, `own-${d}-${f}.bin`), FILE_BYTES)), shared]);
    log(`sync load: ${devices} devices × ${EVENTS.toLocaleString('en')} events and ${((OWN_FILES + 1) * FILE_BYTES) / MB} MB of evidence each (${OWN_FILES} files of their own, 1 shared by all, ${FILE_BYTES / MB} MB each); files written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await measureLoad('SQLite', join(root, 'sqlite'), undefined, files, log);
    await onPostgres(['bench_load'], log, 'sync load', (urls) => measureLoad('PostgreSQL', join(root, 'postgres'), urls[0]!, files, log));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function deviceCount(): number {
  const given = process.env.OUTPOST_BENCH_LOAD_DEVICES;
  if (given === undefined) return DEVICES;
  const count = Number(given);
  if (!Number.isInteger(count) || count < 1) throw new Error(`OUTPOST_BENCH_LOAD_DEVICES must be a whole number of at least 1, not "${given}"`);
  return count;
}

interface LoadRun {
  lab: LoadDevice[];
  outcomes: DeviceOutcome[];
  started: number;
  ended: number;
}

/** Enrols a device per code, then lets them all sync at once. */
async function runDevices(server: BenchServer, dir: string, files: LoadFile[][]): Promise<LoadRun> {
  const lab: LoadDevice[] = [];
  for (const [i, code] of server.codes.entries()) {
    const device = { deviceId: newDeviceId(), profileId: `p-load-${i}` };
    const { token } = await callServer(server.url, '/v1/enrol', { code, ...device });
    lab.push({ ...device, token });
  }
  const started = performance.now();
  const outcomes = await Promise.all(lab.map((device, i) => runLoadDevice(server.url, device, { events: EVENTS, files: files[i]!, resumeFile: join(dir, `resume-${i}.json`) })));
  return { lab, outcomes, started, ended: performance.now() };
}

async function measureLoad(label: string, dir: string, database: string | undefined, files: LoadFile[][], log: (line: string) => void): Promise<void> {
  const dataDir = join(dir, 'server');
  const server = await startBenchServer(dataDir, files.length, database);
  let run: LoadRun;
  try {
    run = await runDevices(server, dir, files);
  } finally {
    await stopBenchServer(server);
  }
  const { lab, outcomes, started, ended } = run;
  const db = await openServerDatabase({ dataDir, database });
  let faults: string[];
  try {
    faults = faultsOf(await holdingsOf(db, dataDir), { devices: lab, events: EVENTS, outcomes, files: files.flat(), filesPerDevice: OWN_FILES + 1 });
  } finally {
    await db.destroy();
  }
  const events = lab.length * EVENTS;
  const held = new Set(files.flat().map((file) => file.sha256)).size;
  if (faults.length > 0) {
    for (const fault of faults) log(`sync load on ${label}: LOST OR DOUBLED: ${fault}`);
    throw new Error(`sync load on ${label}: the server's holdings are wrong (${faults.length} faults)`);
  }
  const eventsSeconds = (Math.max(...outcomes.map((outcome) => outcome.eventsDoneAt)) - started) / 1000;
  const uploadsSeconds = (Math.max(...outcomes.map((outcome) => outcome.uploadsDoneAt)) - started) / 1000;
  const sentMb = outcomes.reduce((sum, outcome) => sum + outcome.evidenceBytesSent, 0) / MB;
  const sharedSends = Math.round(sentMb - (lab.length * OWN_FILES * FILE_BYTES) / MB) / (FILE_BYTES / MB);
  log(`sync load on ${label}: checked: ${events.toLocaleString('en')} events held once each, every device's ack ${EVENTS.toLocaleString('en')}, ${held} evidence files held once with the right SHA-256, no upload left over`);
  log(`sync load on ${label}: wall ${((ended - started) / 1000).toFixed(1)} s; events ${fmtRate(events / eventsSeconds)}/s (all acknowledged after ${eventsSeconds.toFixed(1)} s); evidence ${fmtRate(sentMb / uploadsSeconds)} MB/s (${fmtRate(sentMb)} MB sent in ${uploadsSeconds.toFixed(1)} s, the shared file ${sharedSends} times of ${lab.length})`);
}
