// The reflection at the end of a mission: saved as a draft on every change, checked against the
// mission's minimum length at submission.
import { perDb, preparedInsert, preparedLookup } from '../../../db/prepared.ts';
import type { ReflectionSaved } from '../../../shared/api/views.ts';
import { countWords } from '../../../shared/text.ts';
import type { EngineContext } from '../context.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { requireEditable, type RunRow } from '../runs/run-store.ts';
import { recordEvent } from '../telemetry/record-event.ts';

const upsertReflection = perDb((db) =>
  preparedInsert(db, 'reflections', ['run_id', 'text', 'word_count', 'updated_at'], (insert) =>
    insert.onConflict((oc) =>
      oc.column('run_id').doUpdateSet((eb) => ({ text: eb.ref('excluded.text'), word_count: eb.ref('excluded.word_count'), updated_at: eb.ref('excluded.updated_at') })),
    ),
  ),
);

export function saveReflection(ctx: EngineContext, definition: MissionDefinition, run: RunRow, text: string): ReflectionSaved {
  requireEditable(run, 'change the reflection');
  const now = ctx.clock.now();
  const wordCount = countWords(text);
  upsertReflection(ctx.db)({ run_id: run.id, text, word_count: wordCount, updated_at: now });
  recordEvent(ctx, { verb: 'reflection.saved', objectType: 'mission', objectId: definition.code, profileId: run.profile_id, runId: run.id, context: { wordCount } });
  enqueueOutbox(ctx, 'reflection', run.id, { runId: run.id, text, wordCount, updatedAt: now });
  return { wordCount, savedAt: now };
}

const reflectionById = perDb((db) => preparedLookup(db, (runId) => db.q.selectFrom('reflections').select(['text', 'word_count']).where('run_id', '=', runId as never)));

export function reflectionOf(ctx: EngineContext, runId: string): { text: string; wordCount: number } | null {
  const row = reflectionById(ctx.db)(runId);
  return row ? { text: row.text, wordCount: row.word_count } : null;
}
