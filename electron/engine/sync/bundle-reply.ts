// The server's reply bundle applied on the device it was written for, as the answers of a network
// sync would be: the event acknowledgement moves, the records the server holds leave the outbox, the
// pulled records apply (what cannot yet waits in the inbox), then each profile's pull cursor moves.
// A reply imported twice changes nothing: nothing moves backwards, and a profile whose cursor is at
// or past the reply's has had all of it already.
import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BundleRefusal, readJsonMember, type BundleSigner, type VerifiedBundle } from '../../../server/bundles/bundle-file.ts';
import { toDeviceMemberSchema, type BundleImportView, type ToDeviceManifest } from '../../../shared/sync/bundle.ts';
import type { EngineContext } from '../context.ts';
import { generatePortfolioReport } from '../portfolio/report.ts';
import { serverKeys } from './bundle-trust.ts';
import { applyPulled, retryInbox, type Applied } from './pull-apply.ts';
import { acknowledge, ackedSeq, setAckedSeq } from './push-out.ts';
import { enrolmentOf, movePullCursor, type Enrolment } from './sync-tokens.ts';

export function replySigner(ctx: EngineContext, manifest: ToDeviceManifest): BundleSigner {
  if (manifest.deviceId !== ctx.deviceId) throw new BundleRefusal(`It is the team server's reply to another device (${manifest.deviceId}), not to this one.`);
  const keys = serverKeys(ctx);
  if (keys.length === 0) throw new BundleRefusal('No profile on this device holds the team server\'s key: enrol again on the network (a new code), then carry bundles.');
  return { keys, who: 'the key of the team server this device enrolled with' };
}

export async function applyReply(ctx: EngineContext, bundle: VerifiedBundle, manifest: ToDeviceManifest): Promise<Omit<BundleImportView, 'path'>> {
  // Every member is read and checked before the first change.
  for (const member of bundle.batches) {
    const reply = await readJsonMember(member, toDeviceMemberSchema, 'a reply batch');
    if (reply.type === 'pulled' && !manifest.profiles.some((profile) => profile.profileId === reply.profileId)) throw new BundleRefusal(`${member.name} holds records for profile ${reply.profileId}, which its manifest does not list.`);
  }
  const { db } = ctx;
  const problems: string[] = [];
  const acked = ackedSeq(ctx);
  if (manifest.ackSeq > acked) setAckedSeq(ctx, manifest.ackSeq);

  // Profiles to pull for: enrolled here still, and not past this reply already.
  const pulling = new Map<string, Enrolment>();
  for (const { profileId, pullCursor } of manifest.profiles) {
    const enrolment = enrolmentOf(ctx, profileId);
    if (!enrolment || enrolment.revokedAt !== null) problems.push(`Records for profile ${profileId} were not applied: it is not enrolled on this device any more.`);
    else if (enrolment.pullCursor < pullCursor) pulling.set(profileId, enrolment);
  }

  const view = { direction: 'to-device' as const, acknowledgedEvents: Math.max(0, manifest.ackSeq - acked), acknowledgedRecords: 0, applied: 0, waiting: 0, refused: 0, files: 0, problems };
  const passed: string[] = [];
  const tally = (applied: Applied): void => {
    if (applied.kind === 'applied') view.applied++;
    if (applied.kind === 'refused') {
      view.refused++;
      problems.push(`A record from the server was refused: ${applied.reason}.`);
    }
    if (applied.kind === 'applied' && applied.passedRunId) passed.push(applied.passedRunId);
  };
  for (const member of bundle.batches) {
    const reply = await readJsonMember(member, toDeviceMemberSchema, 'a reply batch');
    if (reply.type === 'accepted') {
      for (let start = 0; start < reply.keys.length; start += 500) {
        const keys = reply.keys.slice(start, start + 500);
        view.acknowledgedRecords += Number(db.first(db.q.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('idempotency_key', 'in', keys))?.n ?? 0);
      }
      acknowledge(ctx, reply.keys);
      continue;
    }
    const enrolment = pulling.get(reply.profileId);
    if (enrolment) for (const item of reply.items) tally(applyPulled(ctx, enrolment, item));
  }
  for (const { profileId, pullCursor } of manifest.profiles) {
    const enrolment = pulling.get(profileId);
    if (!enrolment) continue;
    // Moved only after its records applied, as a network pull moves it after each page.
    movePullCursor(ctx, profileId, pullCursor);
    // A run applied just now may be what a waiting record needed; twice covers run → evidence.
    for (let pass = 0; pass < 2; pass++) for (const applied of retryInbox(ctx, enrolment)) if (applied.kind === 'applied') tally(applied);
  }
  // Evidence files for a mentor's review, placed once their records are here (an evidence record
  // names its file in `blobs`); a file whose record is not is left out.
  for (const member of bundle.evidence) {
    if (db.first(db.q.selectFrom('blobs').select('sha256').where('sha256', '=', member.sha256)) === undefined || (await ctx.blobs.has(member.sha256))) continue;
    const target = ctx.blobs.pathOf(member.sha256);
    await mkdir(dirname(target), { recursive: true });
    // Verified as it came out of the bundle, in the staging folder on the blob store's disk.
    await rename(member.path, target);
    view.files++;
  }
  if (pulling.size > 0) view.waiting = Number(db.first(db.q.selectFrom('sync_inbox').select((eb) => eb.fn.countAll<number>().as('n')).where('profile_id', 'in', [...pulling.keys()]))?.n ?? 0);
  for (const runId of passed) await generatePortfolioReport(ctx, runId).catch((error: unknown) => ctx.log(`portfolio report of run ${runId} failed`, error));
  return view;
}
