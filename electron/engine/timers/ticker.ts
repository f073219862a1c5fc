// The once-a-second work: bring every run that is on screen up to date (its deadline warnings and
// actions included) and tell the screen its timer; now and then sweep timed runs that are not on
// screen, so a deadline passes even while nobody looks at the run.
import type { EngineContext } from '../context.ts';
import { refreshRun } from '../runs/run-session.ts';
import { timerView } from './settle.ts';

const SWEEP_EVERY_MS = 30_000;
const lastSweep = new WeakMap<EngineContext, number>();

export function tickRuns(ctx: EngineContext): void {
  const { db } = ctx;
  const onScreen = new Set(ctx.runClock.openRuns());
  for (const runId of onScreen) {
    const row = db.first(db.q.selectFrom('runs').select(['profile_id', 'status']).where('id', '=', runId));
    if (!row || row.status !== 'in_progress') {
      ctx.runClock.close(runId);
      continue;
    }
    const { definition, run } = refreshRun(ctx, row.profile_id, runId);
    const timer = timerView(definition, run);
    if (timer) ctx.push('timer.tick', { runId, timer });
    if (run.status !== 'in_progress') ctx.runClock.close(runId);
  }
  const now = ctx.clock.now();
  if (now - (lastSweep.get(ctx) ?? 0) < SWEEP_EVERY_MS) return;
  lastSweep.set(ctx, now);
  const timed = db.all(
    db.q.selectFrom('runs').select(['runs.id', 'runs.profile_id']).where('runs.status', '=', 'in_progress').where('runs.deadline_at', 'is not', null),
  );
  for (const run of timed) if (!onScreen.has(run.id)) refreshRun(ctx, run.profile_id, run.id);
}
