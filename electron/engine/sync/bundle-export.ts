// A to-server sync bundle: the very batches a network sync would push now, in one file signed with
// this device's key, for a device that has no network. Events from the acknowledged point (other
// profiles' withheld, as on the network), then each enrolled profile's outbox rows, each batch
// tagged with the profile whose token would push it; the evidence files those records name; each
// profile's pull cursor, so the server's reply brings what came since. Exporting marks nothing
// acknowledged: the server's reply bundle does that, as its answer does on the network.
import { stat } from 'node:fs/promises';
import { ApiError } from '../../../shared/api/errors.ts';
import { BUNDLE_EXTENSION, BUNDLE_FORMAT, BUNDLE_VERSION, type BundleExportView, type DeviceCertificate, type PushMember } from '../../../shared/sync/bundle.ts';
import { evidenceSha256Schema } from '../../../shared/sync/protocol.ts';
import { writeBundle, type BundleEvidence } from '../../../server/bundles/bundle-file.ts';
import type { EngineContext } from '../context.ts';
import { certificateOf } from './bundle-trust.ts';
import { deviceKey } from './device-key.ts';
import { ackedSeq, eventBatch, recordsBatch, setAsideRefused } from './push-out.ts';
import { enrolments } from './sync-tokens.ts';

export interface ExportedBundle extends BundleExportView {
  path: string;
}

export function bundleFileName(ctx: EngineContext): string {
  const day = new Date(ctx.clock.now()).toISOString().slice(0, 10);
  return `outpost-${day}-${ctx.deviceId.slice(0, 8)}.${BUNDLE_EXTENSION}`;
}

export async function exportBundle(ctx: EngineContext, dest: string): Promise<ExportedBundle> {
  const live = enrolments(ctx).filter((enrolment) => enrolment.revokedAt === null);
  if (live.length === 0) throw new ApiError('invalid_state', 'No profile on this device is enrolled with a team server: enrol once on the network, then carry bundles.');
  const key = deviceKey(ctx);
  const certificates = live.map((enrolment) => certificateOf(ctx, enrolment.profileId)).filter((certificate): certificate is DeviceCertificate => certificate !== null && certificate.devicePublicKey === key.publicKeyPem && certificate.deviceId === ctx.deviceId);
  if (certificates.length === 0) {
    throw new ApiError('invalid_state', 'The team server has not registered this device\'s signing key: enrol a profile again on the network (a new code), then carry bundles.');
  }
  const { db } = ctx;
  const enrolled = new Set(live.map((enrolment) => enrolment.profileId));
  const remote = new Set(db.all(db.q.selectFrom('profiles').select('id').where('remote_team', 'is not', null)).map((row) => row.id));
  const batches: PushMember[] = [];

  // Any valid token of the device pushes its events; the first enrolment's, as a network sync starts.
  const eventsBy = live[0]!.profileId;
  let fromSeq = ackedSeq(ctx) + 1;
  let events = 0;
  for (;;) {
    const items = eventBatch(ctx, fromSeq, enrolled);
    if (items.length === 0) break;
    batches.push({ type: 'push', profileId: eventsBy, batch: { deviceId: ctx.deviceId, events: { fromSeq, toSeq: fromSeq + items.length - 1, items }, records: [] } });
    fromSeq += items.length;
    events += items.length;
  }

  const evidence = new Map<string, BundleEvidence>();
  let records = 0;
  for (const enrolment of live) {
    const taken = new Set<string>();
    for (;;) {
      const batch = recordsBatch(ctx, enrolment.profileId, remote, taken);
      // Too large to travel at all: set aside with why, as a network sync does (the Sync screen lists them).
      setAsideRefused(ctx, batch.refused);
      if (batch.records.length === 0) break;
      for (const record of batch.records) {
        taken.add(record.idempotencyKey);
        const sha256 = record.topic === 'evidence' ? record.payload.sha256 : undefined;
        if (typeof sha256 === 'string' && evidenceSha256Schema.safeParse(sha256).success && !evidence.has(sha256)) {
          const file = await heldBlob(ctx, sha256);
          if (file) evidence.set(sha256, file);
        }
      }
      batches.push({ type: 'push', profileId: enrolment.profileId, batch: { deviceId: ctx.deviceId, events: { fromSeq, toSeq: fromSeq - 1, items: [] }, records: batch.records } });
      records += batch.records.length;
    }
  }

  const header = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    direction: 'to-server',
    deviceId: ctx.deviceId,
    team: certificates[0]!.team,
    createdAt: ctx.clock.now(),
    certificates,
    profiles: live.map((enrolment) => ({ profileId: enrolment.profileId, pullCursor: enrolment.pullCursor })),
  } as const;
  const written = await writeBundle(dest, { header, batches, evidence: [...evidence.values()] }, (manifest) => key.sign(manifest));
  return { path: dest, bytes: written.bytes, events, records, files: evidence.size };
}

/** The evidence file as this device holds it; a removed one (no file any more) travels as its record only. */
async function heldBlob(ctx: EngineContext, sha256: string): Promise<BundleEvidence | null> {
  const path = ctx.blobs.pathOf(sha256);
  try {
    return { sha256, size: (await stat(path)).size, path };
  } catch {
    return null;
  }
}
