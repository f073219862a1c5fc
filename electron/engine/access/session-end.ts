// When the person at the PC changes (a sign-out, someone else signing in, or the PC left idle), the
// runs they had on screen stop counting active time: their time is settled and they are closed, as
// if the run screen had been left.
import type { EngineContext } from '../context.ts';
import { refreshRun } from '../runs/run-session.ts';
import { labSettings } from './lab-settings.ts';

export function closeRunsOf(ctx: EngineContext, profileId: string): void {
  const { db } = ctx;
  for (const runId of ctx.runClock.openRuns()) {
    const row = db.first(db.q.selectFrom('runs').select(['profile_id', 'status']).where('id', '=', runId));
    if (row?.profile_id !== profileId) continue;
    if (row.status === 'in_progress') refreshRun(ctx, profileId, runId);
    ctx.runClock.close(runId);
  }
}

export function signOut(ctx: EngineContext): void {
  const who = ctx.session.current();
  if (who) closeRunsOf(ctx, who.profileId);
  ctx.session.signOut();
}

/** Signs out whoever left the PC idle for longer than the lab allows; true when it did. */
export function signOutIfIdle(ctx: EngineContext): boolean {
  const minutes = labSettings(ctx).idleMinutes;
  if (minutes === 0 || ctx.session.idleMs() < minutes * 60_000) return false;
  signOut(ctx);
  return true;
}
