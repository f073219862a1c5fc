// `outpost-server import <bundle>`: a device's to-server bundle applied as its network pushes would
// have been. The bundle is verified whole first (the signature with the key the device registered at
// enrolment, every member, every batch's shape); then its evidence files are held as uploads are,
// and each batch goes through applyPush with the token of (device, the batch's profile). A batch
// whose token was revoked is refused and reported, the rest apply; importing a bundle again changes
// nothing, as a retried push changes nothing.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pushMemberSchema, type BundleManifest, type PushMember } from '../../shared/sync/bundle.ts';
import type { Caller } from '../auth.ts';
import type { ServerDb } from '../db/open.ts';
import { SyncError } from '../errors.ts';
import { holdUpload } from '../evidence-store.ts';
import { sweepStaleUploads } from '../evidence-sweep.ts';
import { applyPush } from '../push.ts';
import type { Clock } from '../teams.ts';
import { BundleRefusal, readBundle, readJsonMember, type BundleSigner, type VerifiedMember } from './bundle-file.ts';
import { deviceKeyOf } from './device-keys.ts';

/** Verified members wait here while a bundle is imported; on the evidence store's disk, so they move by rename. */
export const BUNDLE_WORK_DIR = 'bundle-imports';

export interface ImportedBatch {
  member: string;
  profileId: string;
  applied: boolean;
  /** Why it was refused. */
  reason: string | null;
  events: number;
  records: number;
}

export interface ServerImportReport {
  deviceId: string;
  batches: ImportedBatch[];
  evidence: { held: number; heldAlready: number };
  /** The device's events the server holds, after the import. */
  ackSeq: number;
  /** Idempotency keys of the bundle's records the server holds now: the reply acknowledges them. */
  acceptedRecords: string[];
  /** The pull cursor of each profile as the device held it: the reply pulls from there. */
  cursors: { profileId: string; pullCursor: number }[];
}

/** `log` hears of records left out of analytics (server/analytics-store.ts), as a push over HTTP does. */
export async function importBundle(db: ServerDb, dataDir: string, file: string, clock: Clock, log: (line: string) => void = () => undefined): Promise<ServerImportReport> {
  const workRoot = join(dataDir, BUNDLE_WORK_DIR);
  // What a killed import left behind goes after a day, as half-done uploads do.
  await sweepStaleUploads(workRoot);
  const workDir = join(workRoot, randomUUID());
  try {
    const bundle = await readBundle(file, { workDir, signer: (manifest) => deviceSigner(db, manifest) });
    const { manifest } = bundle;
    // Every batch is read and checked before the first one applies: a bad one refuses the bundle.
    for (const member of bundle.batches) checkPush(manifest, member, await readPush(member));
    const now = clock.now();
    const evidence = { held: 0, heldAlready: 0 };
    for (const member of bundle.evidence) {
      // Hashed while it was copied out of the bundle: that hash is the digest.
      const outcome = await holdUpload(db, dataDir, { path: member.path, sha256: member.sha256, size: member.size, digest: member.sha256 }, now);
      if (outcome === 'damaged') throw new Error(`evidence file ${member.sha256} changed size on the server's disk while it was imported`);
      evidence[outcome === 'held' ? 'held' : 'heldAlready']++;
    }
    const batches: ImportedBatch[] = [];
    const acceptedRecords: string[] = [];
    for (const member of bundle.batches) {
      const push = await readPush(member);
      const done: ImportedBatch = { member: member.name, profileId: push.profileId, applied: false, reason: null, events: push.batch.events.items.length, records: push.batch.records.length };
      batches.push(done);
      const caller = await callerFor(db, manifest.deviceId, push.profileId, push.batch.records.length === 0);
      if (typeof caller === 'string') {
        done.reason = caller;
        continue;
      }
      try {
        const answer = await applyPush(db, caller, push.batch, now, { log });
        acceptedRecords.push(...answer.acceptedRecords);
        done.applied = true;
      } catch (error) {
        // A refusal of the data (a gap, a conflict, a record the token may not push) is this
        // batch's alone, as it would be on the network; anything else stops the import.
        if (!(error instanceof SyncError)) throw error;
        done.reason = error.message;
      }
    }
    const device = await db.selectFrom('devices').select('ack_seq').where('device_id', '=', manifest.deviceId).executeTakeFirst();
    return { deviceId: manifest.deviceId, batches, evidence, ackSeq: device?.ack_seq ?? 0, acceptedRecords, cursors: manifest.profiles };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function deviceSigner(db: ServerDb, manifest: BundleManifest): Promise<BundleSigner> {
  if (manifest.direction !== 'to-server') throw new BundleRefusal('It is the server\'s reply to a device (to-device): import it in that device\'s Outpost app.');
  const key = await deviceKeyOf(db, manifest.deviceId);
  if (!key) {
    throw new BundleRefusal(`No signing key is registered for device ${manifest.deviceId}: a device registers its key when it enrols on the network. Enrol a profile of that device again, then export a new bundle.`);
  }
  return { keys: [key], who: `the key device ${manifest.deviceId} registered at enrolment` };
}

function readPush(member: VerifiedMember): Promise<PushMember> {
  return readJsonMember(member, pushMemberSchema, 'a push batch');
}

function checkPush(manifest: BundleManifest, member: VerifiedMember, push: PushMember): void {
  if (push.batch.deviceId !== manifest.deviceId) throw new BundleRefusal(`${member.name} carries a batch of another device (${push.batch.deviceId}) than the bundle's.`);
  if (!manifest.profiles.some((profile) => profile.profileId === push.profileId)) throw new BundleRefusal(`${member.name} is tagged with profile ${push.profileId}, which the manifest does not list.`);
}

/**
 * The caller a push by the device's token for this profile would have, or why there is none. Events
 * go with any valid token of the device, as on the network; records only with the profile's own.
 */
async function callerFor(db: ServerDb, deviceId: string, profileId: string, eventsOnly: boolean): Promise<Caller | string> {
  const tokens = await db
    .selectFrom('device_tokens')
    .innerJoin('people', 'people.id', 'device_tokens.person_id')
    .select(['device_tokens.id', 'device_tokens.person_id', 'device_tokens.profile_id', 'device_tokens.revoked_at', 'people.team_id', 'people.role', 'people.revoked_at as person_revoked_at'])
    .where('device_tokens.device_id', '=', deviceId)
    .orderBy('device_tokens.created_at', 'desc')
    .execute();
  const valid = (token: (typeof tokens)[number]): boolean => token.revoked_at === null && token.person_revoked_at === null && token.profile_id !== null;
  const own = tokens.filter((token) => token.profile_id === profileId);
  const chosen = own.find(valid) ?? (eventsOnly ? tokens.find(valid) : undefined);
  if (!chosen || chosen.profile_id === null) {
    return own.length === 0 ? `Profile ${profileId} was never enrolled on this device.` : `The enrolment of profile ${profileId} on this device has been revoked: enrol it again, then export a new bundle.`;
  }
  return { tokenId: chosen.id, personId: chosen.person_id, teamId: chosen.team_id, role: chosen.role, deviceId, profileId: chosen.profile_id };
}
