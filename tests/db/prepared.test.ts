import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.ts';
import { preparedInsert, preparedLookup2, preparedUpdate } from '../../db/prepared.ts';
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

  it('looks rows up by two parameters, whatever order the query uses them in', () => {
    const db = openDatabase(join(tempDir(), 'l.db'));
    const insert = preparedInsert(db, 'teams', ['id', 'name', 'created_at']);
    insert({ id: 't1', name: 'Blue', created_at: 1 });
    insert({ id: 't2', name: 'Blue', created_at: 2 });
    // The second marker is used first in the SQL: binding must follow the markers, not the SQL.
    const byNameAndTime = preparedLookup2(db, (time, name) => db.q.selectFrom('teams').select('id').where('name', '=', name as never).where('created_at', '=', time as never));
    expect(byNameAndTime(2, 'Blue')).toEqual({ id: 't2' });
    expect(byNameAndTime(1, 'Blue')).toEqual({ id: 't1' });
    expect(byNameAndTime(1, 'Red')).toBeUndefined();
    expect(() => preparedLookup2(db, (a) => db.q.selectFrom('teams').select('id').where('id', '=', a as never))).toThrow(/each of its 2 parameters once/);
    db.close();
  });

  it('refuses an upsert clause that would add parameters of its own', () => {
    const db = openDatabase(join(tempDir(), 'q.db'));
    expect(() => preparedInsert(db, 'settings', ['key', 'value'], (b) => b.onConflict((oc) => oc.column('key').doUpdateSet({ value: 'fixed' })))).toThrow(/one parameter per column/);
    db.close();
  });
});
