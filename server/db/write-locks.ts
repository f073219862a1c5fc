// Locks that order concurrent writers when several server processes share one PostgreSQL database.
// They are transaction-scoped advisory locks: released at commit or rollback, never left behind by a
// process that dies. On SQLite there is one writer at a time anyway, so they take nothing.
import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { dialectOf } from './dialect.ts';

// Two-integer advisory keys (a namespace, a hash): apart from the one-bigint keys, such as the lock
// Kysely's Migrator takes. Two names hashing alike only wait for each other a moment longer.
const NAMESPACE = { device: 0x4f50_0001, team: 0x4f50_0002, profile: 0x4f50_0003 } as const;

function keyOf(name: string): number {
  return createHash('sha256').update(name).digest().readInt32BE(0);
}

async function lock(trx: Transaction<Database>, namespace: number, name: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${namespace}::integer, ${keyOf(name)}::integer)`.execute(trx);
}

/**
 * Taken first in a push transaction. Records' cursors are allocated at insert, but PostgreSQL
 * commits transactions in any order: a pull could see cursor 12 before 11 commits, move past it and
 * never see 11. Pulls read one team's records, so pushes into one team take turns, and within a team
 * cursor order is commit order. The device's turn keeps its acknowledged sequence from moving back
 * when a retry on another process overlaps the first try (a device may hold tokens of two teams).
 * Always device, then team: two pushes never wait for each other in a circle.
 */
export async function lockForPush(trx: Transaction<Database>, teamId: string, deviceId: string): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  await lock(trx, NAMESPACE.device, deviceId);
  await lock(trx, NAMESPACE.team, teamId);
}

/** Two people enrolling one app profile at once: the second sees the first's token and is refused. */
export async function lockForEnrolment(trx: Transaction<Database>, profileId: string): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  await lock(trx, NAMESPACE.profile, profileId);
}
