// The device tokens of the profiles enrolled with the team's server, and the device's one server
// address: a lab PC syncs with one team server, so every profile on it enrols with the same one.
import type { SyncTokensTable } from '../../../db/schema.ts';
import type { EngineContext } from '../context.ts';
import { openSealed } from './secret-box.ts';
import { readSetting, writeSetting } from '../settings.ts';

const SERVER_URL = 'sync.server_url';

export interface Enrolment {
  profileId: string;
  serverUrl: string;
  tokenId: string;
  personName: string;
  team: string;
  role: 'learner' | 'mentor';
  pullCursor: number;
  revokedAt: number | null;
}

export interface UsableToken extends Enrolment {
  token: string;
}

function toEnrolment(row: Omit<SyncTokensTable, 'pull_cursor'> & { pull_cursor: number }): Enrolment {
  return { profileId: row.profile_id, serverUrl: row.server_url, tokenId: row.token_id, personName: row.person_name, team: row.team, role: row.role, pullCursor: row.pull_cursor, revokedAt: row.revoked_at };
}

export function serverUrlOf(ctx: EngineContext): string | null {
  return readSetting(ctx, SERVER_URL);
}

export function setServerUrl(ctx: EngineContext, url: string): void {
  writeSetting(ctx, SERVER_URL, url);
}

export function enrolments(ctx: EngineContext): Enrolment[] {
  const { db } = ctx;
  return db.all(db.q.selectFrom('sync_tokens').selectAll().orderBy('enrolled_at')).map(toEnrolment);
}

export function enrolmentOf(ctx: EngineContext, profileId: string): Enrolment | null {
  const { db } = ctx;
  const row = db.first(db.q.selectFrom('sync_tokens').selectAll().where('profile_id', '=', profileId));
  return row ? toEnrolment(row) : null;
}

/** Tokens the server has not refused, opened for use. A token that cannot be opened is reported, not used. */
export function usableTokens(ctx: EngineContext): { tokens: UsableToken[]; problems: string[] } {
  const { db } = ctx;
  const tokens: UsableToken[] = [];
  const problems: string[] = [];
  for (const row of db.all(db.q.selectFrom('sync_tokens').selectAll().where('revoked_at', 'is', null).orderBy('enrolled_at'))) {
    try {
      tokens.push({ ...toEnrolment(row), token: openSealed(ctx.secrets, row.token_sealed) });
    } catch (error) {
      problems.push(`${row.person_name}: ${(error as Error).message}`);
    }
  }
  return { tokens, problems };
}

export function storeToken(ctx: EngineContext, enrolment: Omit<Enrolment, 'pullCursor' | 'revokedAt'>, token: string): void {
  const { db } = ctx;
  const row = {
    profile_id: enrolment.profileId,
    server_url: enrolment.serverUrl,
    token_id: enrolment.tokenId,
    token_sealed: ctx.secrets.seal(token),
    person_name: enrolment.personName,
    team: enrolment.team,
    role: enrolment.role,
    pull_cursor: 0,
    enrolled_at: ctx.clock.now(),
    revoked_at: null,
  };
  // Enrolling again (a new code after a revocation) replaces the old token and pulls from the start.
  db.run(db.q.insertInto('sync_tokens').values(row).onConflict((oc) => oc.column('profile_id').doUpdateSet(row)));
}

export function markRevoked(ctx: EngineContext, profileId: string): void {
  const { db } = ctx;
  db.run(db.q.updateTable('sync_tokens').set({ revoked_at: ctx.clock.now() }).where('profile_id', '=', profileId).where('revoked_at', 'is', null));
}

export function movePullCursor(ctx: EngineContext, profileId: string, cursor: number): void {
  const { db } = ctx;
  db.run(db.q.updateTable('sync_tokens').set({ pull_cursor: cursor }).where('profile_id', '=', profileId));
}
