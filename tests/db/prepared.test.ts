import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.ts';
import { preparedInsert, preparedUpdate } from '../../db/prepared.ts';
import { tempDir } from '../support/temp.ts';

describe('statements compiled once', () => {
  it('insert, upsert and update rows with values bound in column order', () => {
    const db = openDatabase(join(tempDir(), 'p.db'));
    const insert = preparedInsert(db, 'teams', ['name', 'id', 'created_at']);
    insert({ id: 't1', name: 'Blue team', created_at: 5 });
    const upsert = preparedInsert(db, 'settings', ['key', 'value'], (b) => b.onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))));
    upsert({ key: 'k', value: 'one' });
    upsert({ key: 'k', value: 'two' });
    const rename = preparedUpdate(db, 'teams', ['name', 'created_at'], 'id');
    expect(rename({ name: 'Red team', created_at: 9 }, 't1').changes).toBe(1);
    expect(db.all(db.q.selectFrom('teams').selectAll())).toEqual([{ id: 't1', name: 'Red team', created_at: 9 }]);
    expect(db.all(db.q.selectFrom('settings').selectAll())).toEqual([{ key: 'k', value: 'two' }]);
    db.close();
  });

  it('refuses an upsert clause that would add parameters of its own', () => {
    const db = openDatabase(join(tempDir(), 'q.db'));
    expect(() => preparedInsert(db, 'settings', ['key', 'value'], (b) => b.onConflict((oc) => oc.column('key').doUpdateSet({ value: 'fixed' })))).toThrow(/one parameter per column/);
    db.close();
  });
});
