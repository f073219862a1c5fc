// Which team's evidence records name which held file: written when an evidence record is pushed,
// read when someone asks for the file. A mentor reads the files their team's records name; a
// learner the files their own records name.
import type { Transaction } from 'kysely';
import { evidenceSha256Schema, type OutboxRecord } from '../shared/sync/protocol.ts';
import type { Caller } from './auth.ts';
import type { ServerDb } from './db/open.ts';
import type { Database } from './db/schema.ts';
import { SyncError } from './errors.ts';
import type { RecordOwner } from './record-owner.ts';

export async function noteEvidenceRef(trx: Transaction<Database>, owner: RecordOwner, record: OutboxRecord): Promise<void> {
  if (record.topic !== 'evidence') return;
  const { sha256, size } = record.payload;
  if (typeof sha256 !== 'string' || !evidenceSha256Schema.safeParse(sha256).success) {
    throw new SyncError('invalid_input', `An evidence record (${record.recordId}) needs its sha256: 64 lowercase hex digits.`);
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new SyncError('invalid_input', `An evidence record (${record.recordId}) needs its size: a whole number of bytes.`);
  }
  await trx
    .insertInto('evidence_refs')
    .values({ team_id: owner.teamId, sha256, owner_profile_id: owner.profileId })
    .onConflict((oc) => oc.columns(['team_id', 'sha256', 'owner_profile_id']).doNothing())
    .execute();
}

export async function mayReadEvidence(db: ServerDb, caller: Caller, sha256: string): Promise<boolean> {
  let query = db.selectFrom('evidence_refs').select('sha256').where('team_id', '=', caller.teamId).where('sha256', '=', sha256);
  if (caller.role !== 'mentor') query = query.where('owner_profile_id', '=', caller.profileId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}
