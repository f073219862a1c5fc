// Whose record is this, and may this token push it. A token speaks for one app profile: the first
// push that names a profile binds it (DESIGN.md "Sync"; README "Sync server"). A learner pushes only
// their own profile, runs and what hangs off their runs; a mentor also pushes reviews of runs in
// their team.
import type { Transaction } from 'kysely';
import type { OutboxRecord, PushBatch } from '../shared/sync/protocol.ts';
import type { Caller } from './auth.ts';
import type { Database } from './db/schema.ts';
import { SyncError } from './errors.ts';

export interface RecordOwner {
  profileId: string;
  teamId: string;
}

function text(payload: Record<string, unknown>, field: string, record: OutboxRecord): string {
  const value = payload[field];
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
    throw new SyncError('invalid_input', `A ${record.topic} record (${record.recordId}) needs its ${field}.`);
  }
  return value;
}

/** The profile the batch speaks for: the first profile, run or event that names one. */
function claimedProfile(batch: PushBatch): string | null {
  for (const record of batch.records) {
    if (record.topic === 'profile' && typeof record.payload.id === 'string') return record.payload.id;
    if (record.topic === 'run' && typeof record.payload.profileId === 'string') return record.payload.profileId;
  }
  return batch.events.items.find((event) => event.profileId !== null)?.profileId ?? null;
}

export async function bindProfile(trx: Transaction<Database>, caller: Caller, batch: PushBatch): Promise<string | null> {
  if (caller.profileId !== null) return caller.profileId;
  const profileId = claimedProfile(batch);
  if (profileId === null) return null;
  // A profile belongs to one person: another person's token may not take it over.
  const taken = await trx.selectFrom('device_tokens').select('id').where('profile_id', '=', profileId).where('person_id', '!=', caller.personId).executeTakeFirst();
  if (taken) throw new SyncError('forbidden', 'This profile is bound to another person\'s token.');
  await trx.updateTable('device_tokens').set({ profile_id: profileId }).where('id', '=', caller.tokenId).where('profile_id', 'is', null).execute();
  return profileId;
}

async function runOwner(trx: Transaction<Database>, runId: string): Promise<RecordOwner | undefined> {
  const run = await trx.selectFrom('records').select(['owner_profile_id', 'team_id']).where('topic', '=', 'run').where('record_id', '=', runId).orderBy('cursor').limit(1).executeTakeFirst();
  return run && { profileId: run.owner_profile_id, teamId: run.team_id };
}

export async function ownerOf(trx: Transaction<Database>, caller: Caller, profileId: string | null, record: OutboxRecord): Promise<RecordOwner> {
  const own = (claimed: string): RecordOwner => {
    if (claimed !== profileId) throw new SyncError('forbidden', `This token may not push a ${record.topic} record of another profile.`);
    return { profileId: claimed, teamId: caller.teamId };
  };
  switch (record.topic) {
    case 'profile':
      return own(text(record.payload, 'id', record));
    case 'run': {
      const owner = own(text(record.payload, 'profileId', record));
      const held = await runOwner(trx, record.recordId);
      if (held && held.profileId !== owner.profileId) throw new SyncError('forbidden', 'This run belongs to another profile.');
      return owner;
    }
    case 'evidence':
    case 'reflection':
    case 'response': {
      const run = await runOwner(trx, text(record.payload, 'runId', record));
      if (!run) throw new SyncError('forbidden', `A ${record.topic} record names a run the server does not hold: push the run first.`);
      return own(run.profileId);
    }
    case 'review': {
      if (caller.role !== 'mentor') throw new SyncError('forbidden', 'Only a mentor pushes reviews.');
      const run = await runOwner(trx, text(record.payload, 'runId', record));
      if (!run || run.teamId !== caller.teamId) throw new SyncError('forbidden', 'A review may only be of a run of the mentor\'s team that the server holds.');
      return run;
    }
  }
}
