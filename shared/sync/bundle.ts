// Sync bundles: what a network sync would carry, in one signed file that a person takes across an air
// gap (a USB stick). A zip named *.outpost-sync holding
//   manifest.json       the canonical JSON below: what the bundle is, and every other member with its
//                       SHA-256 and size
//   signature           base64 Ed25519 signature over the exact bytes of manifest.json
//   batches/NNNN.json   to-server: push batches as /v1/push takes them; to-device: the server's answer
//   evidence/<sha256>   evidence files the batches' records name
// A to-server bundle is signed by the device's key, which the server registered at enrolment (and
// certified, so that a mentor's app can check it offline); a to-device bundle by the server's key.
// A reader verifies the signature, then every member, before anything is applied.
import { compareCodeUnits } from '../text.ts';
import { z } from 'zod';
import { deviceIdSchema, evidenceSha256Schema, MAX_BATCH_BYTES, pushBatchSchema, RECORD_TOPICS } from './protocol.ts';

export const BUNDLE_FORMAT = 'outpost-sync-bundle';
export const BUNDLE_VERSION = 1;
/** The file name's ending, without the dot (save and open dialogs take it so). */
export const BUNDLE_EXTENSION = 'outpost-sync';
export const MANIFEST_MEMBER = 'manifest.json';
export const SIGNATURE_MEMBER = 'signature';

// Caps a reader checks before it reads a byte of a member: a bundle arrives from another machine.
export const MAX_BUNDLE_MEMBERS = 20_000;
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** base64 of a 64-byte signature is 88 characters; room for a line ending. */
export const MAX_SIGNATURE_BYTES = 256;
/** A batch member is at most what one request of the network protocol may be. */
export const MAX_BATCH_MEMBER_BYTES = MAX_BATCH_BYTES;
/** The largest evidence file the server takes by upload. */
export const MAX_EVIDENCE_MEMBER_BYTES = 2 * 1024 ** 3;
export const MAX_BUNDLE_BYTES = 16 * 1024 ** 3;
/** Four digits in a batch member's name. */
export const MAX_BUNDLE_BATCHES = 9_999;
/** Profiles enrolled on one device: a lab PC's learners. */
export const MAX_BUNDLE_PROFILES = 200;

export type MemberKind = 'manifest' | 'signature' | 'batch' | 'evidence';

const BATCH_MEMBER = /^batches\/\d{4}\.json$/;
const EVIDENCE_MEMBER = /^evidence\/([0-9a-f]{64})$/;

export function batchMemberName(index: number): string {
  return `batches/${String(index + 1).padStart(4, '0')}.json`;
}

export function evidenceMemberName(sha256: string): string {
  return `evidence/${sha256}`;
}

/** What a member name is, or null for a name a bundle never holds. */
export function memberKind(name: string): MemberKind | null {
  if (name === MANIFEST_MEMBER) return 'manifest';
  if (name === SIGNATURE_MEMBER) return 'signature';
  if (BATCH_MEMBER.test(name)) return 'batch';
  if (EVIDENCE_MEMBER.test(name)) return 'evidence';
  return null;
}

export function evidenceHashOf(name: string): string | null {
  return EVIDENCE_MEMBER.exec(name)?.[1] ?? null;
}

export const MEMBER_CAPS: Record<MemberKind, number> = {
  manifest: MAX_MANIFEST_BYTES,
  signature: MAX_SIGNATURE_BYTES,
  batch: MAX_BATCH_MEMBER_BYTES,
  evidence: MAX_EVIDENCE_MEMBER_BYTES,
};

/**
 * JSON with object keys sorted and no spaces: the one text of a value that both sides sign and check
 * (a certificate's claims, a manifest). Refuses what JSON cannot say exactly.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    entries.sort(([a], [b]) => compareCodeUnits(a, b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON has no ${typeof value}`);
}

// No control characters: PostgreSQL's text refuses NUL, and no id or name holds a line break.
const NO_CONTROL = /^[^\p{Cc}]*$/u;
const id = z.string().min(1).max(200).regex(NO_CONTROL, 'an id holds no control characters');
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const name = z.string().min(1).max(100).regex(NO_CONTROL, 'a name holds no control characters');
/** An Ed25519 public key as SPKI PEM; whether it is one is checked where keys are parsed. */
export const publicKeyPemSchema = z.string().min(1).max(1_000);
const base64Signature = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'an Ed25519 signature is 64 bytes in base64');

/**
 * The server's word that a device key speaks for one enrolment: signed by the server's key over the
 * canonical JSON of every field but the signature (certificateText).
 */
export const deviceCertificateSchema = z.strictObject({
  deviceId: deviceIdSchema,
  devicePublicKey: publicKeyPemSchema,
  profileId: id,
  team: name,
  role: z.enum(['learner', 'mentor']),
  personName: name,
  issuedAt: seq,
  signature: base64Signature,
});
export type DeviceCertificate = z.infer<typeof deviceCertificateSchema>;
export type CertificateClaims = Omit<DeviceCertificate, 'signature'>;

/** The exact text the certificate's signature covers. */
export function certificateText(certificate: CertificateClaims): string {
  const { deviceId, devicePublicKey, profileId, team, role, personName, issuedAt } = certificate;
  return canonicalJson({ deviceId, devicePublicKey, profileId, team, role, personName, issuedAt });
}

const memberEntrySchema = z.strictObject({ name: z.string().min(1).max(100), sha256: evidenceSha256Schema, size: seq });
export type MemberEntry = z.infer<typeof memberEntrySchema>;

/** to-server: the pull cursor the device holds; to-device: the cursor after the pulled records. */
const profileCursorSchema = z.strictObject({ profileId: id, pullCursor: seq });

const manifestCommon = {
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  deviceId: deviceIdSchema,
  team: name,
  createdAt: seq,
  profiles: z.array(profileCursorSchema).max(MAX_BUNDLE_PROFILES),
  members: z.array(memberEntrySchema).max(MAX_BUNDLE_MEMBERS),
};

export const toServerManifestSchema = z.strictObject({
  ...manifestCommon,
  direction: z.literal('to-server'),
  /** One per enrolled profile whose batches the bundle carries; all certify the key that signed it. */
  certificates: z.array(deviceCertificateSchema).min(1).max(MAX_BUNDLE_PROFILES),
});

export const toDeviceManifestSchema = z.strictObject({
  ...manifestCommon,
  direction: z.literal('to-device'),
  /** The highest event sequence the server holds for the device. */
  ackSeq: seq,
});

export const bundleManifestSchema = z.discriminatedUnion('direction', [toServerManifestSchema, toDeviceManifestSchema]);
export type BundleManifest = z.infer<typeof bundleManifestSchema>;
export type ToServerManifest = z.infer<typeof toServerManifestSchema>;
export type ToDeviceManifest = z.infer<typeof toDeviceManifestSchema>;
/** A manifest before its member list is known. */
export type ManifestHeader = Omit<ToServerManifest, 'members'> | Omit<ToDeviceManifest, 'members'>;

/** to-server: one push batch, and the enrolled profile whose token would push it. */
export const pushMemberSchema = z.strictObject({ type: z.literal('push'), profileId: id, batch: pushBatchSchema });
export type PushMember = z.infer<typeof pushMemberSchema>;

export const pulledRecordSchema = z.strictObject({
  topic: z.enum(RECORD_TOPICS),
  recordId: id,
  idempotencyKey: z.string().min(1).max(300).regex(NO_CONTROL, 'an idempotency key holds no control characters'),
  payload: z.record(z.string(), z.unknown()),
  receivedAt: seq,
});

/** to-device: records the server pulled for one of the device's tokens, in cursor order. */
export const pulledMemberSchema = z.strictObject({ type: z.literal('pulled'), profileId: id, items: z.array(pulledRecordSchema).max(20_000) });
/** to-device: idempotency keys of the device's records the server holds; they leave its outbox. */
export const acceptedMemberSchema = z.strictObject({ type: z.literal('accepted'), keys: z.array(z.string().min(1).max(300).regex(NO_CONTROL)).max(20_000) });
export const toDeviceMemberSchema = z.discriminatedUnion('type', [pulledMemberSchema, acceptedMemberSchema]);
export type ToDeviceMember = z.infer<typeof toDeviceMemberSchema>;

/** What `sync.exportBundle` answers. */
export interface BundleExportView {
  /** Null when the save dialog was cancelled. */
  path: string | null;
  bytes: number;
  events: number;
  records: number;
  files: number;
}

/** What `sync.importBundle` answers. */
export interface BundleImportView {
  /** Null when the open dialog was cancelled. */
  path: string | null;
  direction: 'to-server' | 'to-device' | null;
  /** Events the server now acknowledges beyond what this device knew. */
  acknowledgedEvents: number;
  /** Outbox rows that left because the server holds them. */
  acknowledgedRecords: number;
  /** Records applied here; waiting ones wait in the inbox, as pulled ones do. */
  applied: number;
  waiting: number;
  /** Records not applied, with why in `problems`. */
  refused: number;
  /** Evidence files added to this device. */
  files: number;
  problems: string[];
}
