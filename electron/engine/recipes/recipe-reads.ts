// Each opening of a recipe is a read (recipe_reads): who opened it, from which run and stage, and the
// active time it stayed on screen. Analytics measure a recipe's effect on the stages it was read
// from, so a read is written when it opens, its time is settled into the row at every focus change,
// and it is closed when the reader closes, another recipe opens, or the person at the PC changes.
import { findRun, queueRunSnapshot } from '../runs/run-store.ts';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../shared/api/errors.ts';
import type { EngineContext } from '../context.ts';
import { readingClockOf, type OpenRead } from './reading-clock.ts';
import { recordRecipeEvent } from './recipes.ts';

export interface ReadPlace {
  profileId: string;
  recipeId: string;
  runId: string | null;
  stageId: string | null;
}

/** Opens a read, closing any other the same person had open (one reader at a time); returns its id. */
export function openRead(ctx: EngineContext, place: ReadPlace): string {
  const clock = readingClockOf(ctx);
  return ctx.db.transaction(() => {
    for (const read of clock.openReads()) if (read.profileId === place.profileId) closeOpenRead(ctx, read);
    const readId = randomUUID();
    ctx.db.run(
      ctx.db.q.insertInto('recipe_reads').values({
        id: readId,
        profile_id: place.profileId,
        recipe_id: place.recipeId,
        run_id: place.runId,
        stage_id: place.stageId,
        opened_at: ctx.clock.now(),
        closed_at: null,
        active_ms: 0,
      }),
    );
    recordRecipeEvent(ctx, 'recipe.opened', place.profileId, place.recipeId, place.runId, { stageId: place.stageId, readId });
    clock.start({ readId, profileId: place.profileId, recipeId: place.recipeId, runId: place.runId });
    return readId;
  });
}

/** Closes the read of this recipe the person has open; an error when there is none. */
export function closeRead(ctx: EngineContext, profileId: string, recipeId: string): void {
  const read = readingClockOf(ctx).openReads().find((r) => r.profileId === profileId && r.recipeId === recipeId);
  if (!read) throw new ApiError('invalid_state', `The recipe "${recipeId}" is not open.`);
  ctx.db.transaction(() => closeOpenRead(ctx, read));
}

/** Adds the active time since the last settlement to every open read (before focus changes). */
export function settleReads(ctx: EngineContext): void {
  const clock = readingClockOf(ctx);
  ctx.db.transaction(() => {
    for (const read of clock.openReads()) addActiveTime(ctx, read.readId, clock.take(read.readId));
  });
}

/** Closes the reads of everyone but `profileId` (of everyone when null): the person at the PC changed. */
export function closeReadsExcept(ctx: EngineContext, profileId: string | null): void {
  const others = readingClockOf(ctx).openReads().filter((read) => read.profileId !== profileId);
  if (others.length === 0) return;
  ctx.db.transaction(() => {
    for (const read of others) closeOpenRead(ctx, read);
  });
}

function addActiveTime(ctx: EngineContext, readId: string, ms: number): void {
  if (ms <= 0) return;
  const { db } = ctx;
  db.run(db.q.updateTable('recipe_reads').set((eb) => ({ active_ms: eb('active_ms', '+', ms) })).where('id', '=', readId));
}

function closeOpenRead(ctx: EngineContext, read: OpenRead): void {
  const { db } = ctx;
  const clock = readingClockOf(ctx);
  addActiveTime(ctx, read.readId, clock.take(read.readId));
  db.run(db.q.updateTable('recipe_reads').set({ closed_at: ctx.clock.now() }).where('id', '=', read.readId));
  const row = db.first(db.q.selectFrom('recipe_reads').select('active_ms').where('id', '=', read.readId));
  recordRecipeEvent(ctx, 'recipe.closed', read.profileId, read.recipeId, read.runId, { activeMs: row?.active_ms ?? 0, readId: read.readId });
  clock.stop(read.readId);
  // The run's snapshot carries its readings to the team's server (run-transcript.ts): a reading closed
  // after the run's last act, in a submitted run's summary say, still reaches it.
  const run = read.runId === null ? undefined : findRun(ctx, read.runId);
  if (run) queueRunSnapshot(ctx, run);
}
