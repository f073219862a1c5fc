// A team's LRS as whoever runs the server configures it (`outpost-server xapi set|off|status`).
// The password is sealed before it is stored and never read back out by these commands.
import type { ServerDb } from '../db/open.ts';
import { SyncError } from '../errors.ts';
import { systemClock, type Clock } from '../teams.ts';
import { sealPassword, xapiKey } from './password-seal.ts';
import { teamBacklog } from './team-events.ts';

export interface XapiTargetInput {
  endpoint: string;
  username: string;
  password: string;
}

/** The LRS's xAPI base URL, without a trailing slash; statements go to `<endpoint>/statements`. */
export function parseEndpoint(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new SyncError('invalid_input', `The LRS endpoint must be an http(s) URL, not "${text}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SyncError('invalid_input', `The LRS endpoint must be an http(s) URL, not ${url.protocol} one.`);
  // Credentials in the URL would show in `xapi status` and in logs: they go in --username and the password file.
  if (url.username || url.password) throw new SyncError('invalid_input', 'Give the LRS credentials with --username and --password-file, not in the endpoint URL.');
  if (url.search || url.hash) throw new SyncError('invalid_input', 'The LRS endpoint is a base URL without a query or fragment; statements go to <endpoint>/statements.');
  return url.href.replace(/\/+$/, '');
}

function checkCredentials(username: string, password: string): void {
  // Basic auth joins the two with a colon: a colon in the username would move the split.
  if (!username || username.length > 200 || username.includes(':') || /[\p{Cc}]/u.test(username)) {
    throw new SyncError('invalid_input', 'The LRS username is 1 to 200 characters, without a colon or control characters.');
  }
  if (!password || password.length > 1_000 || /[\r\n]/.test(password)) throw new SyncError('invalid_input', 'The LRS password is 1 to 1,000 characters on one line.');
}

async function teamIdOf(db: ServerDb, teamName: string): Promise<string> {
  const team = await db.selectFrom('teams').select('id').where('name', '=', teamName.trim()).executeTakeFirst();
  if (!team) throw new SyncError('not_found', `No team named "${teamName}".`);
  return team.id;
}

/**
 * Sets (or replaces) a team's LRS and turns forwarding on. New settings end a stop for refused
 * credentials and any wait after failures. A new endpoint starts from the team's first event: that
 * LRS holds none of them yet.
 */
export async function setXapiTarget(db: ServerDb, dataDir: string, teamName: string, input: XapiTargetInput, clock: Clock = systemClock): Promise<{ endpoint: string; endpointChanged: boolean }> {
  const endpoint = parseEndpoint(input.endpoint);
  checkCredentials(input.username, input.password);
  const teamId = await teamIdOf(db, teamName);
  const password = sealPassword(xapiKey(dataDir, { create: true }), teamId, input.password);
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    const held = await trx.selectFrom('xapi_targets').select('endpoint').where('team_id', '=', teamId).executeTakeFirst();
    const endpointChanged = held !== undefined && held.endpoint !== endpoint;
    // Clearing the lease makes a round in progress stop at its next step, under the old settings.
    const settings = { endpoint, username: input.username, password, enabled: 1, updated_at: now, lease_owner: null, lease_until: null, attempts: 0, next_attempt_at: null, halted_at: null, last_error: null, last_error_at: null };
    if (!held) {
      await trx.insertInto('xapi_targets').values({ team_id: teamId, created_at: now, ...settings }).execute();
    } else {
      await trx
        .updateTable('xapi_targets')
        .set({ ...settings, ...(endpointChanged ? { forwarded_count: 0, rejected_count: 0, last_success_at: null } : {}) })
        .where('team_id', '=', teamId)
        .execute();
    }
    if (endpointChanged) await trx.deleteFrom('xapi_progress').where('team_id', '=', teamId).execute();
    return { endpoint, endpointChanged };
  });
}

/** Turns forwarding off; the settings and how far forwarding got stay for `xapi set`. */
export async function disableXapiTarget(db: ServerDb, teamName: string, clock: Clock = systemClock): Promise<void> {
  const teamId = await teamIdOf(db, teamName);
  const result = await db.updateTable('xapi_targets').set({ enabled: 0, updated_at: clock.now(), lease_owner: null, lease_until: null }).where('team_id', '=', teamId).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new SyncError('not_found', `Team "${teamName}" forwards to no LRS.`);
}

export interface XapiTargetStatus {
  team: string;
  endpoint: string;
  enabled: boolean;
  /** The LRS refused the credentials; nothing is sent until `xapi set`. */
  halted: boolean;
  forwarded: number;
  rejected: number;
  backlog: number;
  attempts: number;
  nextAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
}

export async function xapiStatus(db: ServerDb): Promise<XapiTargetStatus[]> {
  const rows = await db
    .selectFrom('xapi_targets as x')
    .innerJoin('teams as t', 't.id', 'x.team_id')
    // Never the password, and not the username either: status output ends up in tickets and chats.
    .select(['t.name', 'x.team_id', 'x.endpoint', 'x.enabled', 'x.halted_at', 'x.forwarded_count', 'x.rejected_count', 'x.attempts', 'x.next_attempt_at', 'x.last_success_at', 'x.last_error', 'x.last_error_at'])
    .orderBy('t.name')
    .execute();
  const nullable = (value: number | string | null): number | null => (value === null ? null : Number(value));
  return Promise.all(
    rows.map(async (row) => ({
      team: row.name,
      endpoint: row.endpoint,
      enabled: Number(row.enabled) === 1,
      halted: row.halted_at !== null,
      forwarded: Number(row.forwarded_count),
      rejected: Number(row.rejected_count),
      backlog: await teamBacklog(db, row.team_id),
      attempts: Number(row.attempts),
      nextAttemptAt: nullable(row.next_attempt_at),
      lastSuccessAt: nullable(row.last_success_at),
      lastError: row.last_error,
      lastErrorAt: nullable(row.last_error_at),
    })),
  );
}
