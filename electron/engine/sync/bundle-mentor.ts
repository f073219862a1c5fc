// A learner's to-server bundle imported on a mentor's device, for a review without any network. The
// mentor's app trusts it as far as the team's server would: each certificate in it must be signed by
// the server this mentor enrolled with and certify the key that signed the bundle; only profiles
// certified in the mentor's team count, and each of their records must be that profile's own (its
// profile, its runs, what hangs off its runs), as the server's record-owner check demands. A record
// claiming another profile refuses the whole bundle. What passes applies as a pull would bring it;
// nothing is sent on from here (the learner's device, or the server's import, does that).
import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BundleRefusal, readJsonMember, type BundleSigner, type VerifiedBundle } from '../../../server/bundles/bundle-file.ts';
import { certificateVerifies, publicKeyFrom } from '../../../server/bundles/bundle-keys.ts';
import { pushMemberSchema, type BundleImportView, type DeviceCertificate, type ToServerManifest } from '../../../shared/sync/bundle.ts';
import type { OutboxRecord } from '../../../shared/sync/protocol.ts';
import type { EngineContext } from '../context.ts';
import { serverKeyOf } from './bundle-trust.ts';
import { applyPulled, retryInbox, type Applied } from './pull-apply.ts';
import type { Enrolment } from './sync-tokens.ts';

export function mentorSigner(ctx: EngineContext, manifest: ToServerManifest, mentor: Enrolment): BundleSigner {
  if (manifest.deviceId === ctx.deviceId) throw new BundleRefusal('It was made on this device: take it to the team server (outpost-server import).');
  const serverKey = serverKeyOf(ctx, mentor.profileId);
  if (!serverKey) throw new BundleRefusal('This mentor\'s enrolment holds no key of the team server: enrol again on the network (a new code) to check learners\' bundles.');
  for (const certificate of manifest.certificates) {
    if (!certificateVerifies(certificate, serverKey)) throw new BundleRefusal(`The certificate of profile ${certificate.profileId} in it was not issued by the team server this mentor enrolled with.`);
    if (certificate.deviceId !== manifest.deviceId) throw new BundleRefusal(`The certificate of profile ${certificate.profileId} in it is for another device (${certificate.deviceId}).`);
  }
  const deviceKeys = new Set(manifest.certificates.map((certificate) => certificate.devicePublicKey));
  const key = deviceKeys.size === 1 ? publicKeyFrom([...deviceKeys][0]!) : null;
  if (!key) throw new BundleRefusal('Its certificates do not name one device key.');
  if (!manifest.certificates.some((certificate) => certificate.team === mentor.team)) {
    const teams = [...new Set(manifest.certificates.map((certificate) => certificate.team))].join(', ');
    throw new BundleRefusal(`It comes from a device of team ${teams}; this mentor is enrolled in team ${mentor.team}.`);
  }
  return { keys: [key], who: 'the device key its certificates name' };
}

interface Claim {
  member: string;
  record: OutboxRecord;
  profileId: string;
}

/** The run a record hangs off, or its own id for a run; null for what is not about a run. */
function runOf(record: OutboxRecord): string | null {
  if (record.topic === 'run') return record.recordId;
  const runId = record.payload.runId;
  return typeof runId === 'string' ? runId : null;
}

export async function applyLearnerBundle(ctx: EngineContext, bundle: VerifiedBundle, manifest: ToServerManifest, mentor: Enrolment): Promise<Omit<BundleImportView, 'path'>> {
  const { db } = ctx;
  const certified = new Map<string, DeviceCertificate>(manifest.certificates.filter((certificate) => certificate.team === mentor.team).map((certificate) => [certificate.profileId, certificate]));
  const problems: string[] = [];
  const skipped = new Set<string>();
  // Read and check every batch before the first change; only the records to apply are kept.
  const claims: Claim[] = [];
  const runOwners = new Map<string, string>();
  for (const member of bundle.batches) {
    const { profileId, batch } = await readJsonMember(member, pushMemberSchema, 'a push batch');
    if (batch.deviceId !== manifest.deviceId) throw new BundleRefusal(`${member.name} carries a batch of another device (${batch.deviceId}) than the bundle's.`);
    if (!certified.has(profileId)) {
      if (batch.records.length > 0) skipped.add(profileId);
      continue;
    }
    for (const record of batch.records) {
      // Reviews and claims are mentors' work: they travel to the server, not between mentors here.
      if (record.topic === 'review') continue;
      const claimed = record.topic === 'profile' ? record.payload.id : record.topic === 'run' ? record.payload.profileId : profileId;
      if (claimed !== profileId) throw new BundleRefusal(`${member.name} carries a ${record.topic} record of another profile than ${profileId}, whose certificate it goes with.`);
      if (record.topic === 'run') runOwners.set(record.recordId, profileId);
      claims.push({ member: member.name, record, profileId });
    }
  }
  const heldOwner = (runId: string): string | undefined => db.first(db.q.selectFrom('runs').select('profile_id').where('id', '=', runId))?.profile_id;
  for (const claim of claims) {
    const runId = claim.record.topic === 'profile' ? null : runOf(claim.record);
    if (runId === null) continue;
    // A run id this device holds for someone else is not this profile's, whatever the bundle says.
    const owner = claim.record.topic === 'run' ? heldOwner(runId) : (runOwners.get(runId) ?? heldOwner(runId));
    if (owner !== undefined && owner !== claim.profileId) throw new BundleRefusal(`${claim.member} carries a ${claim.record.topic} record of run ${runId}, which is not a run of profile ${claim.profileId}.`);
  }
  for (const profileId of skipped) problems.push(`Records of profile ${profileId} were not applied: the bundle holds no certificate of it in team ${mentor.team}.`);

  const view = { direction: 'to-server' as const, acknowledgedEvents: 0, acknowledgedRecords: 0, applied: 0, waiting: 0, refused: 0, files: 0, problems };
  const tally = (applied: Applied): void => {
    if (applied.kind === 'applied') view.applied++;
    if (applied.kind === 'refused') {
      view.refused++;
      problems.push(`A record from the bundle was refused: ${applied.reason}.`);
    }
  };
  // Files first, so an evidence record never names a file this device lacks.
  const files = new Map(bundle.evidence.map((member) => [member.sha256, member.path]));
  for (const { record } of claims) {
    const sha256 = record.topic === 'evidence' ? record.payload.sha256 : undefined;
    const path = typeof sha256 === 'string' ? files.get(sha256) : undefined;
    if (typeof sha256 !== 'string' || path === undefined) continue;
    files.delete(sha256);
    if (await ctx.blobs.has(sha256)) continue;
    const target = ctx.blobs.pathOf(sha256);
    await mkdir(dirname(target), { recursive: true });
    // Verified as it came out of the bundle, in the staging folder on the blob store's disk.
    await rename(path, target);
    view.files++;
  }
  const now = ctx.clock.now();
  for (const { record } of claims) {
    // A run whose owner is neither in the bundle nor here cannot be checked: the network brings it.
    const runId = record.topic === 'run' || record.topic === 'profile' ? null : runOf(record);
    if (runId !== null && !runOwners.has(runId) && heldOwner(runId) === undefined) {
      view.refused++;
      problems.push(`The ${record.topic} record ${record.recordId} was not applied: its run is neither in the bundle nor on this device.`);
      continue;
    }
    tally(applyPulled(ctx, mentor, { topic: record.topic, recordId: record.recordId, idempotencyKey: record.idempotencyKey, payload: record.payload, receivedAt: now }));
  }
  for (let pass = 0; pass < 2; pass++) for (const applied of retryInbox(ctx, mentor)) if (applied.kind === 'applied') tally(applied);
  view.waiting = Number(db.first(db.q.selectFrom('sync_inbox').select((eb) => eb.fn.countAll<number>().as('n')).where('profile_id', '=', mentor.profileId))?.n ?? 0);
  return view;
}
