// The app's sync: push what the server lacks, pull what came for this device's profiles, and say
// truthfully how it went. Never more than one sync at a time (a second request joins the one under
// way, and one more follows it); after a failure it tries again by itself with exponential backoff
// and jitter up to a cap, and at once when the network returns.
import type { SyncStatusView } from '../../../shared/api/sync-views.ts';
import type { EngineContext } from '../context.ts';
import { generatePortfolioReport } from '../portfolio/report.ts';
import { fetchTeamEvidence, isUploaded, uploadFilesOf } from './evidence-sync.ts';
import { ownerOfRow } from './outbox-owner.ts';
import { readSetting, writeSetting } from '../settings.ts';
import { applyPulled, retryInbox } from './pull-apply.ts';
import { acknowledge, ackedSeq, pendingEvents, pushEvents, recordsBatch, setAsideRefused } from './push-out.ts';
import { callServer, SyncFailure } from './sync-http.ts';
import { enrolments, markRevoked, movePullCursor, serverUrlOf, usableTokens, type UsableToken } from './sync-tokens.ts';

const LAST_SUCCESS = 'sync.last_success_at';
const LAST_ERROR = 'sync.last_error';
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 10 * 60_000;
/** Between syncs when all is well: results reach the mentor without anyone pressing a button. */
const QUIET_INTERVAL_MS = 2 * 60_000;

export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
  // "Equal jitter": never sooner than half the delay, so a lab of PCs spreads out without hammering.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class SyncClient {
  private readonly ctx: EngineContext;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private offline = false;
  private nextAttemptAt: number | null = null;
  private readonly random: () => number;
  private readonly stopper = new AbortController();
  /** Moves on with every published change, so a screen can drop an answer older than an event it has. */
  private version = 0;

  constructor(ctx: EngineContext, random: () => number = Math.random) {
    this.ctx = ctx;
    this.random = random;
  }

  status(): SyncStatusView {
    const { db } = this.ctx;
    const lastSuccess = readSetting(this.ctx, LAST_SUCCESS);
    // Only what an enrolled profile will send: an admin's or a never-enrolled learner's records stay
    // on this PC and are not "pending".
    const enrolled = new Set(enrolments(this.ctx).filter((e) => e.revokedAt === null).map((e) => e.profileId));
    const outbox = db.all(db.q.selectFrom('outbox').selectAll()).filter((row) => {
      const owner = ownerOfRow(this.ctx, row, JSON.parse(row.payload_json) as Record<string, unknown>);
      return owner !== null && enrolled.has(owner);
    });
    let pendingBytes = 0;
    for (const row of outbox) {
      if (row.topic !== 'evidence') continue;
      const payload = JSON.parse(row.payload_json) as { size?: unknown; removedAt?: unknown; sha256?: unknown };
      if (typeof payload.size === 'number' && payload.removedAt === null && typeof payload.sha256 === 'string' && !isUploaded(this.ctx, payload.sha256)) pendingBytes += payload.size;
    }
    const waiting = [
      ...outbox.filter((row) => row.last_error !== null).map((row) => ({ what: `${row.topic} ${row.record_id}`, reason: row.last_error ?? '' })),
      ...db.all(db.q.selectFrom('sync_inbox').select(['topic', 'record_id', 'waiting_for']).orderBy('received_at').limit(50)).map((row) => ({ what: `${row.topic} ${row.record_id}`, reason: `waits for ${row.waiting_for}` })),
    ];
    return {
      version: this.version,
      serverUrl: serverUrlOf(this.ctx),
      enrolments: enrolments(this.ctx).map((e) => ({ profileId: e.profileId, name: e.personName, team: e.team, role: e.role, revoked: e.revokedAt !== null })),
      running: this.running !== null,
      offline: this.offline,
      pendingEvents: pendingEvents(this.ctx),
      pendingRecords: outbox.length,
      pendingBytes,
      lastSuccessAt: lastSuccess === null ? null : Number(lastSuccess),
      lastError: readSetting(this.ctx, LAST_ERROR),
      nextAttemptAt: this.nextAttemptAt,
      waiting,
    };
  }

  /** Starts a sync, or joins the one under way (and asks for one more after it, for what came meanwhile). */
  syncNow(): Promise<SyncStatusView> {
    if (this.running) {
      this.again = true;
      return this.running.then(() => this.status());
    }
    this.running = this.runLoop().finally(() => {
      this.running = null;
      this.publish();
    });
    this.publish();
    // Read after the loop has let go, so the answer never says "running".
    return this.running.then(() => this.status());
  }

  /** Starts a sync in the background (the timer, an enrolment): nobody waits for its answer. */
  kick(): void {
    this.syncNow().catch((error: unknown) => {
      if (!this.stopper.signal.aborted) this.ctx.log('background sync failed', error);
    });
  }

  /** The engine is closing: the request under way is cut, and nothing more is written. */
  stop(): void {
    this.stopper.abort();
  }

  /** The network came back: skip the backoff. */
  networkReturned(): void {
    if (serverUrlOf(this.ctx) === null || this.nextAttemptAt === null || this.failures === 0) return;
    this.nextAttemptAt = this.ctx.clock.now();
    this.kick();
  }

  /** Called every second by the engine's timer: starts a sync when one is due. */
  tick(): void {
    if (this.running || serverUrlOf(this.ctx) === null) return;
    const now = this.ctx.clock.now();
    if (this.nextAttemptAt === null) this.nextAttemptAt = now + QUIET_INTERVAL_MS;
    if (now >= this.nextAttemptAt) this.kick();
  }

  private async runLoop(): Promise<void> {
    do {
      this.again = false;
      await this.once();
    } while (this.again);
  }

  private async once(): Promise<void> {
    const ctx = this.ctx;
    if (this.stopper.signal.aborted) return;
    const serverUrl = serverUrlOf(ctx);
    if (serverUrl === null) return;
    try {
      const problems = await syncOnce(ctx, serverUrl, this.stopper.signal);
      this.failures = 0;
      this.offline = false;
      this.nextAttemptAt = ctx.clock.now() + QUIET_INTERVAL_MS;
      writeSetting(this.ctx, LAST_SUCCESS, String(ctx.clock.now()));
      writeSetting(this.ctx, LAST_ERROR, problems.length > 0 ? problems.join(' ') : null);
    } catch (error) {
      if (this.stopper.signal.aborted) return;
      this.failures++;
      this.offline = error instanceof SyncFailure && error.kind === 'offline';
      this.nextAttemptAt = ctx.clock.now() + retryDelayMs(this.failures, this.random);
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof SyncFailure)) ctx.log('sync failed', error);
      writeSetting(this.ctx, LAST_ERROR, error instanceof SyncFailure ? message : `Sync failed inside Outpost: ${message}`);
    }
  }

  private publish(): void {
    if (this.stopper.signal.aborted) return;
    this.version++;
    try {
      this.ctx.push('sync.status', this.status());
    } catch (error) {
      // A closed engine has no one to tell.
      if (this.ctx.db.sqlite.open) this.ctx.log('sync status could not be published', error);
    }
  }
}

/**
 * One full pass. Returns problems that did not stop it (a revoked token, a record set aside); throws
 * what did (the server unreachable or failing), leaving everything not acknowledged in place.
 */
export async function syncOnce(ctx: EngineContext, serverUrl: string, signal?: AbortSignal): Promise<string[]> {
  const { tokens, problems } = usableTokens(ctx);
  const live: UsableToken[] = [];
  const revoked = async <T>(token: UsableToken, work: () => Promise<T>): Promise<T | null> => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof SyncFailure) || error.kind !== 'unauthorized') throw error;
      markRevoked(ctx, token.profileId);
      problems.push(`The server no longer accepts ${token.personName}'s enrolment: ask for a new code and enrol again.`);
      return null;
    }
  };
  for (const token of tokens) if (token.serverUrl === serverUrl) live.push(token);
  const enrolled = new Set(live.map((token) => token.profileId));
  const remote = new Set(ctx.db.all(ctx.db.q.selectFrom('profiles').select('id').where('remote_team', 'is not', null)).map((row) => row.id));

  // Events: any valid token of this device sends all of them.
  for (const token of live) {
    if ((await revoked(token, () => pushEvents(ctx, serverUrl, token, enrolled, signal))) !== null) break;
    enrolled.delete(token.profileId);
  }
  const passed: string[] = [];
  for (const token of live) {
    if (!enrolled.has(token.profileId)) continue;
    const pushed = await revoked(token, () => pushRecords(ctx, serverUrl, token, remote, problems, signal));
    if (pushed === null) continue;
    const pulled = await revoked(token, () => pullRecords(ctx, serverUrl, token, passed, problems, signal));
    if (pulled !== null && token.role === 'mentor') await revoked(token, () => fetchTeamEvidence(ctx, serverUrl, token.token, problems, signal));
  }
  for (const runId of passed) await generatePortfolioReport(ctx, runId).catch((error: unknown) => ctx.log(`portfolio report of run ${runId} failed`, error));
  return problems;
}

async function pushRecords(ctx: EngineContext, serverUrl: string, token: UsableToken, remote: ReadonlySet<string>, problems: string[], signal?: AbortSignal): Promise<void> {
  for (;;) {
    const { records, refused } = recordsBatch(ctx, token.profileId, remote);
    setAsideRefused(ctx, refused);
    for (const { reason } of refused) problems.push(reason);
    if (records.length === 0) return;
    const fromSeq = ackedSeq(ctx) + 1;
    const events = { fromSeq, toSeq: fromSeq - 1, items: [] };
    try {
      await uploadFilesOf(ctx, serverUrl, token.token, records, signal);
      const answer = await callServer(serverUrl, '/v1/push', { deviceId: ctx.deviceId, events, records }, { token: token.token, signal });
      acknowledge(ctx, answer.acceptedRecords);
    } catch (error) {
      if (!(error instanceof SyncFailure) || error.kind !== 'refused') throw error;
      // One record the server will not take must not hold up the rest: find it by sending singly.
      if (records.length === 1) {
        setAsideRefused(ctx, [{ id: outboxIdOf(ctx, records[0]!.idempotencyKey), reason: error.message }]);
        problems.push(error.message);
        continue;
      }
      for (const record of records) {
        try {
          await uploadFilesOf(ctx, serverUrl, token.token, [record], signal);
          const answer = await callServer(serverUrl, '/v1/push', { deviceId: ctx.deviceId, events, records: [record] }, { token: token.token, signal });
          acknowledge(ctx, answer.acceptedRecords);
        } catch (single) {
          if (!(single instanceof SyncFailure) || single.kind !== 'refused') throw single;
          setAsideRefused(ctx, [{ id: outboxIdOf(ctx, record.idempotencyKey), reason: single.message }]);
          problems.push(single.message);
        }
      }
    }
  }
}

function outboxIdOf(ctx: EngineContext, key: string): number {
  const { db } = ctx;
  return db.first(db.q.selectFrom('outbox').select('id').where('idempotency_key', '=', key))?.id ?? -1;
}

async function pullRecords(ctx: EngineContext, serverUrl: string, token: UsableToken, passed: string[], problems: string[], signal?: AbortSignal): Promise<true> {
  let cursor = token.pullCursor;
  for (;;) {
    const answer = await callServer(serverUrl, '/v1/pull', { cursor }, { token: token.token, signal });
    for (const item of answer.items) {
      const applied = applyPulled(ctx, token, item);
      if (applied.kind === 'refused') problems.push(`A record from the server was refused: ${applied.reason}.`);
      if (applied.kind === 'applied' && applied.passedRunId) passed.push(applied.passedRunId);
    }
    // Moved only after the page is applied: a crash in between applies it again, harmlessly.
    if (answer.cursor > cursor) movePullCursor(ctx, token.profileId, answer.cursor);
    cursor = answer.cursor;
    if (!answer.more) break;
  }
  // A run pulled in this pass may be what a waiting reflection needed; twice covers run → evidence.
  for (let pass = 0; pass < 2; pass++) {
    for (const applied of retryInbox(ctx, token)) if (applied.kind === 'applied' && applied.passedRunId) passed.push(applied.passedRunId);
  }
  return true;
}

const clients = new WeakMap<EngineContext, SyncClient>();

/** The engine's one sync client: the timer, the screens and the bridge all reach the same one. */
export function syncClientOf(ctx: EngineContext): SyncClient {
  let client = clients.get(ctx);
  if (!client) {
    client = new SyncClient(ctx);
    clients.set(ctx, client);
  }
  return client;
}
