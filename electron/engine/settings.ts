// The `settings` table: this installation's small named values (lab settings, sync state, keys).
import type { EngineContext } from './context.ts';

export function readSetting(ctx: EngineContext, key: string): string | null {
  const { db } = ctx;
  return db.first(db.q.selectFrom('settings').select('value').where('key', '=', key))?.value ?? null;
}

/** Sets the value, or removes the key when it is null. */
export function writeSetting(ctx: EngineContext, key: string, value: string | null): void {
  const { db } = ctx;
  if (value === null) db.run(db.q.deleteFrom('settings').where('key', '=', key));
  else db.run(db.q.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })));
}
