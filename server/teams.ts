// Teams and the people in them, as whoever runs the server manages them from the command line:
// create a team, enrol a learner or mentor (a one-time code), revoke, list.
import type { SyncRole } from '../shared/sync/protocol.ts';
import type { ServerDb } from './db/open.ts';
import { SyncError } from './errors.ts';
import { ENROLMENT_CODE_LIFETIME_MS, newEnrolmentCode, newId, normaliseCode, sha256 } from './tokens.ts';

export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

export async function createTeam(db: ServerDb, name: string, clock: Clock = systemClock): Promise<{ id: string; name: string }> {
  const clean = name.trim();
  if (!clean || clean.length > 100) throw new SyncError('invalid_input', 'A team name is 1 to 100 characters.');
  const existing = await db.selectFrom('teams').select('id').where('name', '=', clean).executeTakeFirst();
  if (existing) throw new SyncError('conflict', `A team named "${clean}" exists already.`);
  const id = newId();
  await db.insertInto('teams').values({ id, name: clean, created_at: clock.now() }).execute();
  return { id, name: clean };
}

export interface Enrolment {
  personId: string;
  code: string;
  expiresAt: number;
}

/** Enrols a person (or gives a person already enrolled a new code, e.g. for a second device). */
export async function enrolPerson(db: ServerDb, teamName: string, name: string, role: SyncRole, clock: Clock = systemClock): Promise<Enrolment> {
  const clean = name.trim();
  if (!clean || clean.length > 100) throw new SyncError('invalid_input', 'A person\'s name is 1 to 100 characters.');
  return db.transaction().execute(async (trx) => {
    const team = await trx.selectFrom('teams').select('id').where('name', '=', teamName.trim()).executeTakeFirst();
    if (!team) throw new SyncError('not_found', `No team named "${teamName}".`);
    const now = clock.now();
    let person = await trx.selectFrom('people').selectAll().where('team_id', '=', team.id).where('name', '=', clean).executeTakeFirst();
    if (person && person.role !== role) throw new SyncError('conflict', `${clean} is enrolled in this team as a ${person.role}.`);
    if (person?.revoked_at != null) {
      await trx.updateTable('people').set({ revoked_at: null }).where('id', '=', person.id).execute();
    }
    if (!person) {
      person = { id: newId(), team_id: team.id, name: clean, role, created_at: now, revoked_at: null };
      await trx.insertInto('people').values(person).execute();
    }
    const code = newEnrolmentCode();
    const expiresAt = now + ENROLMENT_CODE_LIFETIME_MS;
    await trx.insertInto('enrolment_codes').values({ code_hash: sha256(normaliseCode(code)), person_id: person.id, expires_at: expiresAt, used_at: null }).execute();
    return { personId: person.id, code, expiresAt };
  });
}

/** Revokes one device token by its id, or every token of a person by name (or person id). */
export async function revoke(db: ServerDb, which: string, clock: Clock = systemClock): Promise<{ tokens: number; person: string | null }> {
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    const token = await trx.selectFrom('device_tokens').select(['id', 'revoked_at']).where('id', '=', which).executeTakeFirst();
    if (token) {
      await trx.updateTable('device_tokens').set({ revoked_at: now }).where('id', '=', token.id).where('revoked_at', 'is', null).execute();
      return { tokens: 1, person: null };
    }
    const people = await trx.selectFrom('people').select(['id', 'name', 'team_id']).where((eb) => eb.or([eb('id', '=', which), eb('name', '=', which)])).execute();
    if (people.length === 0) throw new SyncError('not_found', `No token or person "${which}".`);
    if (people.length > 1) throw new SyncError('conflict', `"${which}" names ${people.length} people in different teams: revoke by person id (see list).`);
    const person = people[0]!;
    await trx.updateTable('people').set({ revoked_at: now }).where('id', '=', person.id).execute();
    // Unused codes die with the person, so a code on paper cannot bring them back.
    await trx.updateTable('enrolment_codes').set({ used_at: now }).where('person_id', '=', person.id).where('used_at', 'is', null).execute();
    const result = await trx.updateTable('device_tokens').set({ revoked_at: now }).where('person_id', '=', person.id).where('revoked_at', 'is', null).executeTakeFirst();
    return { tokens: Number(result.numUpdatedRows), person: person.name };
  });
}

export interface TeamListing {
  team: string;
  people: { id: string; name: string; role: SyncRole; revoked: boolean; tokens: { id: string; deviceId: string; profileId: string | null; revoked: boolean }[] }[];
}

export async function listTeams(db: ServerDb): Promise<TeamListing[]> {
  const teams = await db.selectFrom('teams').selectAll().orderBy('name').execute();
  const people = await db.selectFrom('people').selectAll().orderBy('name').execute();
  const tokens = await db.selectFrom('device_tokens').selectAll().orderBy('created_at').execute();
  return teams.map((team) => ({
    team: team.name,
    people: people
      .filter((person) => person.team_id === team.id)
      .map((person) => ({
        id: person.id,
        name: person.name,
        role: person.role,
        revoked: person.revoked_at !== null,
        tokens: tokens.filter((t) => t.person_id === person.id).map((t) => ({ id: t.id, deviceId: t.device_id, profileId: t.profile_id, revoked: t.revoked_at !== null })),
      })),
  }));
}
