// Whose record is this, and may this token push it. A token speaks for the one app profile it was
// enrolled for (README "Sync server"). A learner pushes only their own profile, runs and what hangs
// off their runs; a mentor also pushes reviews of runs in their team.
import type { Transaction } from 'kysely';
import type { OutboxRecord } from '../shared/sync/protocol.ts';
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

async function runOwner(trx: Transaction<Database>, runId: string): Promise<RecordOwner | undefined> {
  const run = await trx.selectFrom('records').select(['owner_profile_id', 'team_id']).where('topic', '=', 'run').where('record_id', '=', runId).orderBy('cursor').limit(1).executeTakeFirst();
  return run && { profileId: run.owner_profile_id, teamId: run.team_id };
}

export async function ownerOf(trx: Transaction<Database>, caller: Caller, record: OutboxRecord): Promise<RecordOwner> {
  const own = (claimed: string): RecordOwner => {
    if (claimed !== caller.profileId) throw new SyncError('forbidden', `This token may not push a ${record.topic} record of another profile.`);
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
