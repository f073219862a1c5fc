// Which stored events are a team's: those of a profile whose device token, on the device that
// recorded them, belongs to a person of the team and was valid when they arrived. Push accepts a
// named event only under such a token, so each event has one team, even if its profile is later
// enrolled elsewhere. Events without a profile belong to no one and are never forwarded.
import { sql } from 'kysely';
import type { ServerDb } from '../db/open.ts';

export function teamEvents(db: ServerDb, teamId: string) {
  return db.selectFrom('events as e').where(({ exists, selectFrom }) =>
    exists(
      selectFrom('device_tokens as dt')
        .innerJoin('people as pe', 'pe.id', 'dt.person_id')
        .select(sql.lit(1).as('one'))
        .whereRef('dt.device_id', '=', 'e.device_id')
        .whereRef('dt.profile_id', '=', 'e.profile_id')
        .where('pe.team_id', '=', teamId)
        .whereRef('dt.created_at', '<=', 'e.received_at')
        .where((eb) => eb.or([eb('dt.revoked_at', 'is', null), eb('dt.revoked_at', '>=', eb.ref('e.received_at'))])),
    ),
  );
}

/** The team's events not yet forwarded to its LRS. */
export async function teamBacklog(db: ServerDb, teamId: string): Promise<number> {
  const row = await teamEvents(db, teamId)
    .leftJoin('xapi_progress as p', (join) => join.onRef('p.device_id', '=', 'e.device_id').on('p.team_id', '=', teamId))
    .where((eb) => eb('e.seq', '>', eb.fn.coalesce('p.forwarded_seq', sql.lit(0))))
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
