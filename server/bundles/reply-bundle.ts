// The server's answer to a device across the air gap: a to-device bundle signed with the server's
// key, holding what the device would have heard on the network: the events the server holds (ackSeq),
// the idempotency keys of its records the server holds, and for each of its valid tokens every page
// a pull from the cursor the device's bundle carried would bring.
import type { PulledRecord } from '../../shared/sync/protocol.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, MAX_BATCH_MEMBER_BYTES, type ToDeviceMember } from '../../shared/sync/bundle.ts';
import type { Caller } from '../auth.ts';
import type { ServerDb } from '../db/open.ts';
import { SyncError } from '../errors.ts';
import { applyPull } from '../pull.ts';
import { signBytes } from './bundle-keys.ts';
import { writeBundle, type BundleEvidence } from './bundle-file.ts';
import { heldPath } from '../evidence-store.ts';
import type { ServerKey } from './server-key.ts';

export interface ReplyRequest {
  deviceId: string;
  /** The pull cursor of each profile as the device held it; a profile not named pulls from 0. */
  cursors: readonly { profileId: string; pullCursor: number }[];
  acceptedRecords: readonly string[];
  now: number;
  /**
   * The server's data folder: with it, the reply carries the evidence files its pulled evidence
   * records name for a mentor's profile, so a mentor across the air gap can review them too.
   */
  dataDir?: string;
}

export interface ReplySummary {
  bytes: number;
  /** Records pulled for the device's profiles. */
  records: number;
  profiles: number;
  /** Evidence files carried for mentors. */
  files: number;
}

/** Room under the member cap for a member's own JSON around its items. */
const MEMBER_BUDGET = MAX_BATCH_MEMBER_BYTES - 64 * 1024;
const KEYS_PER_MEMBER = 10_000;

export async function writeReplyBundle(db: ServerDb, serverKey: ServerKey, dest: string, request: ReplyRequest): Promise<ReplySummary> {
  const tokens = await db
    .selectFrom('device_tokens')
    .innerJoin('people', 'people.id', 'device_tokens.person_id')
    .innerJoin('teams', 'teams.id', 'people.team_id')
    .select(['device_tokens.id', 'device_tokens.person_id', 'device_tokens.profile_id', 'device_tokens.revoked_at', 'people.team_id', 'people.role', 'people.revoked_at as person_revoked_at', 'teams.name as team'])
    .where('device_tokens.device_id', '=', request.deviceId)
    .orderBy('device_tokens.created_at', 'desc')
    .execute();
  if (tokens.length === 0) throw new SyncError('not_found', `Device ${request.deviceId} has never enrolled with this server.`);
  const callers = new Map<string, Caller>();
  for (const token of tokens) {
    if (token.revoked_at !== null || token.person_revoked_at !== null || token.profile_id === null || callers.has(token.profile_id)) continue;
    callers.set(token.profile_id, { tokenId: token.id, personId: token.person_id, teamId: token.team_id, role: token.role, deviceId: request.deviceId, profileId: token.profile_id });
  }

  const batches: ToDeviceMember[] = [];
  for (let start = 0; start < request.acceptedRecords.length; start += KEYS_PER_MEMBER) {
    batches.push({ type: 'accepted', keys: request.acceptedRecords.slice(start, start + KEYS_PER_MEMBER) });
  }
  const profiles: { profileId: string; pullCursor: number }[] = [];
  const wanted = new Set<string>();
  let records = 0;
  for (const [profileId, caller] of callers) {
    let cursor = request.cursors.find((held) => held.profileId === profileId)?.pullCursor ?? 0;
    let page: PulledRecord[] = [];
    let bytes = 0;
    for (;;) {
      const answer = await applyPull(db, caller, { cursor });
      for (const item of answer.items) {
        const sha256 = item.topic === 'evidence' && item.payload.removedAt === null ? item.payload.sha256 : undefined;
        if (caller.role === 'mentor' && typeof sha256 === 'string') wanted.add(sha256);
        const size = JSON.stringify(item).length;
        if (page.length > 0 && bytes + size > MEMBER_BUDGET) {
          batches.push({ type: 'pulled', profileId, items: page });
          page = [];
          bytes = 0;
        }
        page.push(item);
        bytes += size;
      }
      records += answer.items.length;
      cursor = answer.cursor;
      if (!answer.more) break;
    }
    if (page.length > 0) batches.push({ type: 'pulled', profileId, items: page });
    profiles.push({ profileId, pullCursor: cursor });
  }

  const device = await db.selectFrom('devices').select('ack_seq').where('device_id', '=', request.deviceId).executeTakeFirst();
  const header = { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, direction: 'to-device', deviceId: request.deviceId, team: tokens[0]!.team, createdAt: request.now, ackSeq: device?.ack_seq ?? 0, profiles } as const;
  const evidence = request.dataDir === undefined ? [] : await heldEvidence(db, request.dataDir, [...wanted]);
  const written = await writeBundle(dest, { header, batches, evidence }, (manifest) => signBytes(serverKey.privateKey, manifest));
  return { bytes: written.bytes, records, profiles: profiles.length, files: evidence.length };
}

/** The named files the server holds; one not held yet (its upload unfinished) comes in a later reply. */
async function heldEvidence(db: ServerDb, dataDir: string, sha256s: string[]): Promise<BundleEvidence[]> {
  const held: BundleEvidence[] = [];
  for (let start = 0; start < sha256s.length; start += 500) {
    const rows = await db.selectFrom('evidence_files').select(['sha256', 'size']).where('sha256', 'in', sha256s.slice(start, start + 500)).execute();
    for (const row of rows) held.push({ sha256: row.sha256, size: Number(row.size), path: heldPath(dataDir, row.sha256) });
  }
  return held;
}
