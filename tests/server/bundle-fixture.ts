// Sync bundles for server tests: devices enrolled with a signing key, to-server bundles written and
// signed as the app writes them, and the hostile shapes made from a real bundle (a member changed,
// added, dropped or doubled, a manifest re-signed after an edit) that a reader must refuse.
import type { KeyObject } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import yauzl from 'yauzl';
import { BUNDLE_FORMAT, BUNDLE_VERSION, canonicalJson, MANIFEST_MEMBER, SIGNATURE_MEMBER, type DeviceCertificate, type PushMember } from '../../shared/sync/bundle.ts';
import type { OutboxRecord, SyncRole } from '../../shared/sync/protocol.ts';
import { writeBundle, type BundleEvidence } from '../../server/bundles/bundle-file.ts';
import { newKeyPair, privateKeyFrom, signBytes } from '../../server/bundles/bundle-keys.ts';
import { createTeam, enrolPerson } from '../../server/teams.ts';
import { buildZip } from '../support/zip-builder.ts';
import type { TestServer } from './sync-server.ts';

export interface DeviceKeys {
  privateKey: KeyObject;
  publicKeyPem: string;
}

export function deviceKeys(): DeviceKeys {
  const pair = newKeyPair();
  return { privateKey: privateKeyFrom(pair.privateKeyPem)!, publicKeyPem: pair.publicKeyPem };
}

export interface KeyedDevice {
  deviceId: string;
  profileId: string;
  token: string;
  tokenId: string;
  personName: string;
  keys: DeviceKeys;
  serverPublicKey: string;
  certificate: DeviceCertificate;
}

/** A person enrolled in `team` (made when new) on a device that sends its signing key. */
export async function enrolWithKey(t: TestServer, team: string, name: string, options: { role?: SyncRole; deviceId?: string; profileId?: string; keys?: DeviceKeys } = {}): Promise<KeyedDevice> {
  const db = t.server.db;
  if (!(await db.selectFrom('teams').select('id').where('name', '=', team).executeTakeFirst())) await createTeam(db, team, t.clock);
  const { code } = await enrolPerson(db, team, name, options.role ?? 'learner', t.clock);
  const deviceId = options.deviceId ?? randomUUID();
  const profileId = options.profileId ?? `p-${name.toLowerCase()}`;
  const keys = options.keys ?? deviceKeys();
  const answer = await t.post('/v1/enrol', { code, deviceId, profileId, devicePublicKey: keys.publicKeyPem });
  if (answer.status !== 200) throw new Error(`enrol failed: ${JSON.stringify(answer.body)}`);
  return {
    deviceId,
    profileId,
    token: String(answer.body.token),
    tokenId: String(answer.body.tokenId),
    personName: name,
    keys,
    serverPublicKey: String(answer.body.serverPublicKey),
    certificate: answer.body.certificate as DeviceCertificate,
  };
}

export function pushOf(device: Pick<KeyedDevice, 'deviceId' | 'profileId'>, records: OutboxRecord[], events: PushMember['batch']['events'] = { fromSeq: 1, toSeq: 0, items: [] }): PushMember {
  return { type: 'push', profileId: device.profileId, batch: { deviceId: device.deviceId, events, records } };
}

/** A to-server bundle as the app writes one, for the profiles of one device. */
export async function writeDeviceBundle(dest: string, devices: KeyedDevice[], batches: PushMember[], evidence: BundleEvidence[] = [], options: { signWith?: KeyObject; cursors?: Record<string, number> } = {}): Promise<string> {
  const first = devices[0]!;
  const header = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    direction: 'to-server',
    deviceId: first.deviceId,
    team: first.certificate.team,
    createdAt: 1_800_000_000_000,
    certificates: devices.map((device) => device.certificate),
    profiles: devices.map((device) => ({ profileId: device.profileId, pullCursor: options.cursors?.[device.profileId] ?? 0 })),
  } as const;
  await writeBundle(dest, { header, batches, evidence }, (manifest) => signBytes(options.signWith ?? first.keys.privateKey, manifest));
  return dest;
}

/** Every entry of a zip, in order, read without any of the reader's checks. */
export async function zipEntries(file: string): Promise<Array<[string, Buffer]>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, autoClose: false });
  const entries: Array<[string, Buffer]> = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
      entries.push([entry.fileNameRaw.toString('utf8'), Buffer.concat(chunks)]);
    }
  } finally {
    zip.close();
  }
  return entries;
}

/** Writes entries as a zip byte by byte: names a zip library would refuse (`..`, twice) included. */
export function writeZip(dest: string, entries: Array<[string, Buffer]>): string {
  writeFileSync(dest, buildZip(entries.map(([name, data]) => ({ name, data }))));
  return dest;
}

/** The manifest of a bundle's entries, changed by `edit`, written back and signed with `key`. */
export function resign(entries: Array<[string, Buffer]>, key: KeyObject | ((bytes: Buffer) => Buffer), edit: (manifest: Record<string, unknown>) => void): Array<[string, Buffer]> {
  const manifest = JSON.parse(entries.find(([name]) => name === MANIFEST_MEMBER)![1].toString('utf8')) as Record<string, unknown>;
  edit(manifest);
  const bytes = Buffer.from(canonicalJson(manifest), 'utf8');
  const signed = typeof key === 'function' ? key(bytes) : signBytes(key, bytes);
  const signature = Buffer.from(signed.toString('base64'), 'latin1');
  return entries.map(([name, data]) => [name, name === MANIFEST_MEMBER ? bytes : name === SIGNATURE_MEMBER ? signature : data]);
}

/** One byte of `data` changed at `at` (from the end when negative). */
export function flipped(data: Buffer, at: number): Buffer {
  const copy = Buffer.from(data);
  const index = at < 0 ? copy.length + at : at;
  copy[index] = copy[index]! ^ 0x01;
  return copy;
}

export function runRecordOf(runId: string, profileId: string): OutboxRecord {
  return { topic: 'run', recordId: runId, idempotencyKey: `${runId}:${randomUUID()}`, payload: { id: runId, profileId, missionId: 1, status: 'submitted' } };
}

export function evidenceRecordOf(runId: string, sha256: string, size: number): OutboxRecord {
  const id = `ev-${sha256.slice(0, 8)}`;
  return { topic: 'evidence', recordId: id, idempotencyKey: `${id}:${randomUUID()}`, payload: { id, runId, stageId: 'triage', fileName: 'queue.png', size, mediaType: 'image/png', sha256, addedAt: 1, removedAt: null } };
}

export function reflectionRecordOf(runId: string): OutboxRecord {
  return { topic: 'reflection', recordId: runId, idempotencyKey: `refl-${runId}:${randomUUID()}`, payload: { runId, text: 'I clustered the alerts first.', wordCount: 5, updatedAt: 1 } };
}
