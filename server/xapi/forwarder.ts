// Forwards each team's events to its Learning Record Store, in rounds inside the server process.
// Several server processes may share one database: a process claims a team with a lease (one row
// update that only one of them wins) and renews it before every request, so a team is forwarded by
// one process at a time. A watermark per team and device moves only after the LRS took a batch; a
// crash between the two sends that batch again, which the LRS ignores because statement ids are
// derived from the events.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { XapiStatement } from '../../shared/telemetry/xapi.ts';
import type { EventObjectType } from '../../shared/telemetry/verbs.ts';
import type { ServerDb } from '../db/open.ts';
import type { EventsTable } from '../db/schema.ts';
import type { Clock } from '../teams.ts';
import { postStatements, type LrsOutcome, type LrsTarget } from './lrs-client.ts';
import { openPassword, xapiKey, XapiKeyError } from './password-seal.ts';
import { lrsStatement, statementIdOf, uuidV5, EVENT_ID_NAMESPACE, type StoredEvent } from './statement.ts';
import { teamEvents } from './team-events.ts';

/** xAPI leaves the batch size to the LRS; 100 is well within what LRSs accept in one request. */
export const MAX_STATEMENTS_PER_REQUEST = 100;

export interface XapiForwarderOptions {
  db: ServerDb;
  /** Where xapi.key lives. */
  dataDir: string;
  clock: Clock;
  log: (line: string) => void;
  fetch?: typeof fetch;
  /** Between the end of one round and the start of the next. */
  intervalMs?: number;
  /** A team's events handled in one round at most, so one large backlog cannot hold a round long. */
  maxEventsPerRound?: number;
  batchSize?: number;
  requestTimeoutMs?: number;
  /** Longer than a request may take: a live process renews it before each one. */
  leaseMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  random?: () => number;
  /** Names this process in leases. */
  owner?: string;
}

export type TeamOutcome = 'forwarded' | 'idle' | 'busy' | 'retrying' | 'halted' | 'stopped' | 'error';

export interface TeamRound {
  teamId: string;
  outcome: TeamOutcome;
  /** Statements the LRS holds now (new, or ids it had already). */
  delivered: number;
  /** Events skipped: no valid statement could be made of them, or the LRS refused them one by one. */
  rejected: number;
}

export interface XapiForwarder {
  /** One round over every team that is due; a call during a round waits for that round. */
  runRound(): Promise<TeamRound[]>;
  /** Rounds every intervalMs until stop(). */
  start(): void;
  /** Stops the timer, aborts requests in flight and waits for the round to end. */
  stop(): Promise<void>;
}

interface Item {
  deviceId: string;
  seq: number;
  /** Where the device's watermark may move once this item is done. */
  advanceTo: number;
  statement: XapiStatement | null;
  /** Why no statement could be made. */
  problem?: string;
}

interface Work {
  items: Item[];
  /** Devices whose team events up to their acknowledged sequence are all forwarded already. */
  caughtUp: Map<string, number>;
}

class LeaseLost extends Error {}

export function createXapiForwarder(options: XapiForwarderOptions): XapiForwarder {
  const { db, clock } = options;
  const owner = options.owner ?? `xapi-${randomUUID()}`;
  const send = options.fetch ?? fetch;
  const intervalMs = options.intervalMs ?? 10_000;
  const budget = options.maxEventsPerRound ?? 1_000;
  const batchSize = Math.min(options.batchSize ?? MAX_STATEMENTS_PER_REQUEST, MAX_STATEMENTS_PER_REQUEST);
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const leaseMs = Math.max(options.leaseMs ?? 120_000, timeoutMs * 2);
  const backoffBase = options.backoffBaseMs ?? 5_000;
  const backoffCap = options.backoffCapMs ?? 15 * 60_000;
  const random = options.random ?? Math.random;
  const abort = new AbortController();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<TeamRound[]> | null = null;

  const log = (level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void => options.log(JSON.stringify({ level, message, ...fields }));

  const runRound = (): Promise<TeamRound[]> => {
    current ??= forwardDueTeams().finally(() => {
      current = null;
    });
    return current;
  };

  async function forwardDueTeams(): Promise<TeamRound[]> {
    const now = clock.now();
    const due = await db
      .selectFrom('xapi_targets')
      .select('team_id')
      .where('enabled', '=', 1)
      .where('halted_at', 'is', null)
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('team_id')
      .execute();
    const rounds: TeamRound[] = [];
    for (const { team_id: teamId } of due) {
      if (stopped) break;
      try {
        rounds.push(await forwardTeam(teamId));
      } catch (error) {
        // A database failure for one team leaves the others their turn; the next round tries again.
        log('error', 'xapi round failed', { team: teamId, error: error instanceof Error ? error.message : String(error) });
        rounds.push({ teamId, outcome: 'error', delivered: 0, rejected: 0 });
      }
    }
    return rounds;
  }

  async function forwardTeam(teamId: string): Promise<TeamRound> {
    const now = clock.now();
    const claim = await db
      .updateTable('xapi_targets')
      .set({ lease_owner: owner, lease_until: now + leaseMs })
      .where('team_id', '=', teamId)
      .where('enabled', '=', 1)
      .where('halted_at', 'is', null)
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .executeTakeFirst();
    const round: TeamRound = { teamId, outcome: 'busy', delivered: 0, rejected: 0 };
    if (Number(claim.numUpdatedRows) !== 1) return round;
    try {
      round.outcome = await forwardClaimed(teamId, round);
    } catch (error) {
      // The configuration changed under the round (set, off) or another process took over: stop here.
      if (!(error instanceof LeaseLost)) throw error;
      round.outcome = 'busy';
    } finally {
      await db.updateTable('xapi_targets').set({ lease_owner: null, lease_until: null }).where('team_id', '=', teamId).where('lease_owner', '=', owner).execute();
    }
    if (round.delivered > 0 || round.rejected > 0) log('info', 'xapi forwarded', { team: teamId, delivered: round.delivered, rejected: round.rejected, outcome: round.outcome });
    return round;
  }

  async function forwardClaimed(teamId: string, round: TeamRound): Promise<TeamOutcome> {
    const row = await db.selectFrom('xapi_targets').select(['endpoint', 'username', 'password', 'attempts']).where('team_id', '=', teamId).executeTakeFirstOrThrow();
    const attempts = Number(row.attempts);
    let target: LrsTarget;
    try {
      target = { endpoint: row.endpoint, username: row.username, password: openPassword(xapiKey(options.dataDir, { create: false }), teamId, row.password) };
    } catch (error) {
      if (!(error instanceof XapiKeyError)) throw error;
      await retryLater(teamId, attempts, error.message);
      return 'retrying';
    }
    const work = await collectWork(teamId);
    if (work.caughtUp.size > 0) await commit(teamId, work.caughtUp, 0, 0, null);
    if (work.items.length === 0) return 'idle';
    for (let start = 0; start < work.items.length; start += batchSize) {
      if (stopped) return 'stopped';
      const chunk = work.items.slice(start, start + batchSize);
      const unmappable = chunk.filter((item) => item.statement === null);
      let rejected = unmappable.length;
      let rejection = unmappable[0] ? `event ${unmappable[0].seq} of device ${unmappable[0].deviceId} was skipped: ${unmappable[0].problem}` : null;
      const statements = chunk.flatMap((item) => (item.statement ? [item.statement] : []));
      let failure: LrsOutcome | null = null;
      if (statements.length > 0) {
        await renewLease(teamId);
        const outcome = await postStatements(target, statements, { fetch: send, timeoutMs, signal: abort.signal });
        if (stopped) return 'stopped';
        if (outcome.kind === 'conflict' || outcome.kind === 'refused') {
          // One statement the LRS holds (409) or will not take (400) refuses the whole batch: send
          // them one by one, so the others still arrive and only that one is skipped.
          for (const statement of statements) {
            await renewLease(teamId);
            const one = statements.length === 1 ? outcome : await postStatements(target, [statement], { fetch: send, timeoutMs, signal: abort.signal });
            if (stopped) return 'stopped';
            if (one.kind === 'stored' || one.kind === 'conflict') continue;
            if (one.kind === 'refused') {
              rejected++;
              rejection = `statement ${statement.id} was refused and skipped: ${one.detail}`;
              continue;
            }
            failure = one;
            break;
          }
        } else if (outcome.kind !== 'stored') {
          failure = outcome;
        }
      }
      if (failure?.kind === 'auth') {
        await halt(teamId, failure.detail);
        return 'halted';
      }
      if (failure) {
        await retryLater(teamId, attempts, failure.detail);
        return 'retrying';
      }
      const progress = new Map<string, number>();
      for (const item of chunk) progress.set(item.deviceId, Math.max(progress.get(item.deviceId) ?? 0, item.advanceTo));
      const delivered = statements.length - (rejected - unmappable.length);
      await commit(teamId, progress, delivered, rejected, rejection);
      round.delivered += delivered;
      round.rejected += rejected;
    }
    return 'forwarded';
  }

  async function collectWork(teamId: string): Promise<Work> {
    // Least recently forwarded devices first, so a device with a large backlog cannot starve others.
    const devices = await db
      .selectFrom('devices as d')
      .leftJoin('xapi_progress as p', (join) => join.onRef('p.device_id', '=', 'd.device_id').on('p.team_id', '=', teamId))
      .select(['d.device_id', 'd.ack_seq', 'p.forwarded_seq'])
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('device_tokens as dt').innerJoin('people as pe', 'pe.id', 'dt.person_id').select(sql.lit(1).as('one')).whereRef('dt.device_id', '=', 'd.device_id').where('pe.team_id', '=', teamId)),
      )
      .where((eb) => eb('d.ack_seq', '>', eb.fn.coalesce('p.forwarded_seq', sql.lit(0))))
      .orderBy((eb) => eb.fn.coalesce('p.updated_at', sql.lit(0)))
      .orderBy('d.device_id')
      .execute();
    const work: Work = { items: [], caughtUp: new Map() };
    const usedIds = new Set<string>();
    let pending = devices.map((device) => ({ deviceId: device.device_id, ack: Number(device.ack_seq), after: Number(device.forwarded_seq ?? 0), last: null as Item | null }));
    let left = budget;
    // In passes: each device gets its share of what is left, and what a device with little to send
    // leaves goes to the others in the next pass.
    while (left > 0 && pending.length > 0) {
      const share = Math.max(batchSize, Math.ceil(left / pending.length));
      const unfinished: typeof pending = [];
      for (const device of pending) {
        if (left <= 0) break;
        const limit = Math.min(left, share);
        // Rows 1..ack_seq are committed with ack_seq in one transaction, so none below it is
        // missing: a sequence number without a row was withheld, or is another team's, and is passed over.
        const rows = await teamEvents(db, teamId)
          .selectAll('e')
          .where('e.device_id', '=', device.deviceId)
          .where('e.seq', '>', device.after)
          .where('e.seq', '<=', device.ack)
          .orderBy('e.seq')
          .limit(limit)
          .execute();
        left -= rows.length;
        for (const row of rows) {
          device.last = itemOf(row, usedIds);
          work.items.push(device.last);
        }
        if (rows.length === limit) {
          unfinished.push({ ...device, after: device.last!.seq });
        } else if (device.last) {
          // Nothing of the team's after this item up to ack_seq: once it is done, so is the device.
          device.last.advanceTo = device.ack;
        } else {
          work.caughtUp.set(device.deviceId, device.ack);
        }
      }
      pending = unfinished;
    }
    return work;
  }

  async function renewLease(teamId: string): Promise<void> {
    const renewed = await db.updateTable('xapi_targets').set({ lease_until: clock.now() + leaseMs }).where('team_id', '=', teamId).where('lease_owner', '=', owner).where('enabled', '=', 1).executeTakeFirst();
    if (Number(renewed.numUpdatedRows) !== 1) throw new LeaseLost();
  }

  /** Moves watermarks and counters together, and only while this process still holds the team. */
  async function commit(teamId: string, progress: Map<string, number>, delivered: number, rejected: number, rejection: string | null): Promise<void> {
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const renewed = await trx
        .updateTable('xapi_targets')
        .set((eb) => ({
          lease_until: now + leaseMs,
          attempts: 0,
          next_attempt_at: null,
          forwarded_count: eb('forwarded_count', '+', delivered),
          rejected_count: eb('rejected_count', '+', rejected),
          ...(delivered > 0 ? { last_success_at: now } : {}),
          ...(rejection ? { last_error: rejection, last_error_at: now } : {}),
        }))
        .where('team_id', '=', teamId)
        .where('lease_owner', '=', owner)
        .where('enabled', '=', 1)
        .executeTakeFirst();
      if (Number(renewed.numUpdatedRows) !== 1) throw new LeaseLost();
      for (const [deviceId, seq] of progress) {
        await trx
          .insertInto('xapi_progress')
          .values({ team_id: teamId, device_id: deviceId, forwarded_seq: seq, updated_at: now })
          .onConflict((oc) =>
            oc
              .columns(['team_id', 'device_id'])
              .doUpdateSet((eb) => ({ forwarded_seq: eb.ref('excluded.forwarded_seq'), updated_at: eb.ref('excluded.updated_at') }))
              // A watermark only moves forward.
              .where('xapi_progress.forwarded_seq', '<', seq),
          )
          .execute();
      }
    });
    if (rejection) log('warn', 'xapi event skipped', { team: teamId, rejected, error: rejection });
  }

  async function retryLater(teamId: string, attempts: number, detail: string): Promise<void> {
    const attempt = attempts + 1;
    // Exponential, capped, and jittered (half to all of the step) so processes and teams spread out.
    const step = Math.min(backoffCap, backoffBase * 2 ** Math.min(attempt - 1, 30));
    const waitMs = Math.round(step / 2 + (random() * step) / 2);
    const now = clock.now();
    await db.updateTable('xapi_targets').set({ attempts: attempt, next_attempt_at: now + waitMs, last_error: detail, last_error_at: now }).where('team_id', '=', teamId).where('lease_owner', '=', owner).execute();
    log('warn', 'xapi forwarding failed', { team: teamId, attempt, retryInMs: waitMs, error: detail });
  }

  async function halt(teamId: string, detail: string): Promise<void> {
    const now = clock.now();
    await db.updateTable('xapi_targets').set({ halted_at: now, last_error: detail, last_error_at: now }).where('team_id', '=', teamId).where('lease_owner', '=', owner).execute();
    log('error', 'xapi forwarding stopped', { team: teamId, error: detail });
  }

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      runRound()
        .catch((error: unknown) => log('error', 'xapi round failed', { error: error instanceof Error ? error.message : String(error) }))
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };

  return {
    runRound,
    start: schedule,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      abort.abort();
      await current?.catch(() => undefined);
    },
  };
}

function itemOf(row: EventsTable, usedIds: Set<string>): Item {
  const event: StoredEvent = {
    id: row.id,
    seq: Number(row.seq),
    deviceId: row.device_id,
    profileId: row.profile_id,
    verb: row.verb,
    objectType: row.object_type as EventObjectType,
    objectId: row.object_id,
    runId: row.run_id,
    occurredAt: Number(row.occurred_at),
    context: JSON.parse(row.context_json) as Record<string, unknown>,
    result: row.result_json === null ? null : (JSON.parse(row.result_json) as Record<string, unknown>),
  };
  // Two events with one id (a device that reuses ids) would make the LRS drop one of them.
  let id = statementIdOf(event);
  if (usedIds.has(id)) id = uuidV5(EVENT_ID_NAMESPACE, `${event.deviceId}/${event.seq}`);
  usedIds.add(id);
  try {
    return { deviceId: event.deviceId, seq: event.seq, advanceTo: event.seq, statement: lrsStatement(event, id) };
  } catch (error) {
    return { deviceId: event.deviceId, seq: event.seq, advanceTo: event.seq, statement: null, problem: error instanceof Error ? error.message : String(error) };
  }
}
