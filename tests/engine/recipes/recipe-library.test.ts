import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecipeFacets } from '../../../shared/api/recipe-views.ts';
import { engineWithSamplePack, learner, type TestEngine } from '../../support/engine-fixture.ts';

let t: TestEngine;
let profileId: string;
beforeEach(async () => {
  t = await engineWithSamplePack();
  profileId = await learner(t);
});
afterEach(() => t.engine.close());

interface Row { recipe_id: string; title: string; type: string; level: string | null; skills: string[]; body: string }

/** The current recipes as stored, for an oracle written without SQL. */
function currentRows(): Row[] {
  const { db } = t.engine.ctx;
  const rows = db.all(db.q.selectFrom('recipes').selectAll().orderBy('id'));
  const newest = new Map(rows.map((row) => [row.recipe_id, row]));
  return [...newest.values()].map((row) => ({ recipe_id: row.recipe_id, title: row.title, type: row.type, level: row.level, skills: JSON.parse(row.skills_json) as string[], body: row.body_md }));
}

/** Every word found, literally and ignoring case, in the title, type, level, a skill or the body. */
function oracle(search: string, rows = currentRows()): string[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const hit = (row: Row, word: string) => [row.title, row.type, row.level ?? '', row.body, ...row.skills].some((text) => text.toLowerCase().includes(word));
  return rows.filter((row) => words.every((word) => hit(row, word))).map((row) => row.recipe_id).sort();
}

function count<T extends string>(values: T[]): Array<{ value: T; count: number }> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, n]) => ({ value, count: n }));
}

function facetsOf(rows: Row[]): RecipeFacets {
  const byValue = <T extends { value: string }>(a: T, b: T) => a.value.localeCompare(b.value);
  return {
    types: count(rows.map((r) => r.type)).sort(byValue) as RecipeFacets['types'],
    levels: count(rows.flatMap((r) => (r.level ? [r.level] : []))).sort(byValue) as RecipeFacets['levels'],
    skills: count(rows.flatMap((r) => [...new Set(r.skills)])).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)),
  };
}

/** A recipe as a pack would add it: in the installed version, or in a newer one imported later. */
function addRecipe(recipeId: string, fields: { title: string; body?: string; skills?: string[]; type?: string; level?: string | null }, newerVersion = false): void {
  const { db } = t.engine.ctx;
  const installed = db.first(db.q.selectFrom('pack_versions').selectAll().orderBy('id', 'desc').limit(1));
  if (!installed) throw new Error('no pack installed');
  const { id, ...copy } = installed;
  const version = newerVersion ? { pack_version_id: db.run(db.q.insertInto('pack_versions').values({ ...copy, version: '99.0.0', imported_at: installed.imported_at + 1 })).lastInsertRowid } : { pack_version_id: id };
  db.run(
    db.q.insertInto('recipes').values({
      pack_version_id: version.pack_version_id,
      recipe_id: recipeId,
      title: fields.title,
      type: fields.type ?? 'concept',
      level: fields.level === undefined ? 'beginner' : fields.level,
      minutes: 5,
      skills_json: JSON.stringify(fields.skills ?? []),
      body_md: fields.body ?? 'Plain text.',
      file_path: `recipes/${recipeId}.md`,
    }),
  );
}

describe('recipes.library', () => {
  it('lists every current recipe by title with empty marks, and facets counting them', async () => {
    const view = await t.call('recipes.library', { profileId });
    const rows = currentRows();
    expect(view.total).toBe(20);
    expect(view.recipes.map((r) => r.title)).toEqual(rows.map((r) => r.title).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(view.recipes.every((r) => !r.marks.completed && r.marks.helpful === null && r.timesOpened === 0 && r.activeMs === 0 && r.lastOpenedAt === null)).toBe(true);
    expect(view.facets).toEqual(facetsOf(rows));
    expect(view.facets.skills[0]).toEqual({ value: 'incident-response', count: 3 });
  });

  it('filters by type, skill and level in the engine, each facet counting without its own filter', async () => {
    const rows = currentRows();
    const tools = await t.call('recipes.library', { profileId, type: 'tool' });
    expect(tools.recipes.map((r) => r.id).sort()).toEqual(rows.filter((r) => r.type === 'tool').map((r) => r.recipe_id).sort());
    expect(tools.facets.types).toEqual(facetsOf(rows).types);
    expect(tools.facets.skills).toEqual(facetsOf(rows.filter((r) => r.type === 'tool')).skills);
    expect(tools.total).toBe(20);

    const both = await t.call('recipes.library', { profileId, type: 'tool', level: 'intermediate' });
    expect(both.recipes.map((r) => r.id).sort()).toEqual(['hashcat-cracking-basics', 'nmap-service-discovery', 'subdomain-enumeration']);
    expect(both.facets.levels).toEqual(facetsOf(rows.filter((r) => r.type === 'tool')).levels);
    expect(both.facets.types).toEqual(facetsOf(rows.filter((r) => r.level === 'intermediate')).types);

    const skill = await t.call('recipes.library', { profileId, skill: 'attack-surface' });
    expect(skill.recipes.map((r) => r.id).sort()).toEqual(['nmap-service-discovery', 'subdomain-enumeration']);
    // A skill is matched whole: a part of one names nothing.
    expect((await t.call('recipes.library', { profileId, skill: 'attack' })).recipes).toEqual([]);
    const none = await t.call('recipes.library', { profileId, skill: 'no-such-skill', type: 'tool' });
    expect(none.recipes).toEqual([]);
    expect(none.facets.skills).toEqual(facetsOf(rows.filter((r) => r.type === 'tool')).skills);
    expect(none.facets.types).toEqual([]);
  });

  it('searches title, type, level, skills and body text, every word required', async () => {
    for (const search of ['wireshark', 'Invoke-AtomicTest', 'splunk failed', 'ADVANCED', 'communication', 'chain-of-custody', 'kerberos ticket', '   ', 'zzz-nothing']) {
      const view = await t.call('recipes.library', { profileId, search });
      expect(view.recipes.map((r) => r.id).sort(), search).toEqual(oracle(search));
    }
    expect((await t.call('recipes.library', { profileId, search: 'Invoke-AtomicTest' })).recipes.map((r) => r.id)).toEqual(['detection-testing-with-atomic-tests']);
    const combined = await t.call('recipes.library', { profileId, search: 'incident', type: 'communication' });
    expect(combined.recipes.map((r) => r.id).sort()).toEqual(oracle('incident').filter((id) => currentRows().find((r) => r.recipe_id === id)?.type === 'communication'));
  });

  it('matches LIKE’s own characters and quotes literally', async () => {
    addRecipe('percent-recipe', { title: 'Reach 100% coverage' });
    addRecipe('underscore-recipe', { title: 'Snake names', body: 'Name it user_name.' });
    addRecipe('quote-recipe', { title: 'Quotes', body: `It's "quoted" here; --` });
    addRecipe('backslash-recipe', { title: 'Paths', body: 'C:\\Temp\\x' });
    addRecipe('odd-skill', { title: 'Odd skill', skills: ['50%_off'] });
    for (const search of ['%', '_', '100%', 'user_name', "'", '"', `It's`, '\\', '--', "%' OR 1=1 --", '%_%', '50%_off']) {
      const view = await t.call('recipes.library', { profileId, search });
      expect(view.recipes.map((r) => r.id).sort(), search).toEqual(oracle(search));
    }
    expect((await t.call('recipes.library', { profileId, search: '100%' })).recipes.map((r) => r.id)).toEqual(['percent-recipe']);
    expect((await t.call('recipes.library', { profileId, search: 'user_name' })).recipes.map((r) => r.id)).toEqual(['underscore-recipe']);
    // A "_" is not a wildcard: "user-name" and "username" do not match "user_name".
    expect((await t.call('recipes.library', { profileId, search: 'userxname' })).recipes).toEqual([]);
    expect((await t.call('recipes.library', { profileId, skill: '50%_off' })).recipes.map((r) => r.id)).toEqual(['odd-skill']);
    expect((await t.call('recipes.library', { profileId, skill: "x' OR '1'='1" })).recipes).toEqual([]);
    // The tables are all still there.
    expect((await t.call('recipes.library', { profileId })).total).toBe(25);
  });

  it('shows each recipe once, from its newest import', async () => {
    addRecipe('sigma-rule-basics', { title: 'Sigma rules, second edition', type: 'technical', level: 'advanced', skills: ['sigma'] }, true);
    const view = await t.call('recipes.library', { profileId, search: 'sigma' });
    const sigma = view.recipes.filter((r) => r.id === 'sigma-rule-basics');
    expect(sigma).toHaveLength(1);
    expect(sigma[0]).toMatchObject({ title: 'Sigma rules, second edition', level: 'advanced', skills: ['sigma'] });
    expect((await t.call('recipes.library', { profileId })).total).toBe(20);
    // The old edition's skills no longer count.
    expect((await t.call('recipes.library', { profileId, skill: 'detection-as-code' })).recipes).toEqual([]);
  });

  it('carries the caller’s marks and reading, and no one else’s', async () => {
    await t.call('recipes.get', { profileId, recipeId: 'sigma-rule-basics' });
    t.clock.advance(90_000);
    await t.call('recipes.close', { profileId, recipeId: 'sigma-rule-basics' });
    t.clock.advance(60_000);
    const lastOpen = t.clock.now();
    await t.call('recipes.get', { profileId, recipeId: 'sigma-rule-basics' });
    t.clock.advance(30_000);
    await t.call('recipes.close', { profileId, recipeId: 'sigma-rule-basics' });
    await t.call('recipes.complete', { profileId, recipeId: 'sigma-rule-basics', completed: true });
    await t.call('recipes.helpful', { profileId, recipeId: 'sigma-rule-basics', helpful: false });
    await t.call('recipes.rate', { profileId, recipeId: 'sigma-rule-basics', rating: 2 });

    const mine = (await t.call('recipes.library', { profileId, search: 'sigma' })).recipes[0];
    expect(mine).toMatchObject({ id: 'sigma-rule-basics', timesOpened: 2, activeMs: 120_000, lastOpenedAt: lastOpen, marks: { completed: true, helpful: false, rating: 2 } });

    const other = await learner(t, 'Grace Other');
    const theirs = (await t.call('recipes.library', { profileId: other, search: 'sigma' })).recipes[0];
    expect(theirs).toMatchObject({ timesOpened: 0, activeMs: 0, lastOpenedAt: null, marks: { completed: false, helpful: null, rating: null } });
  });

  it('refuses unbounded or malformed filters before any query', async () => {
    await expect(t.engine.call('recipes.library', { profileId, search: 'x'.repeat(201) })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.engine.call('recipes.library', { profileId, skill: 's'.repeat(101) })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.engine.call('recipes.library', { profileId, skill: '' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.engine.call('recipes.library', { profileId, type: "tool' OR 1=1" })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.engine.call('recipes.library', { profileId, level: 'expert' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.engine.call('recipes.library', { profileId, search: 42 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.engine.call('recipes.library', { profileId, orderBy: 'title' })).rejects.toMatchObject({ code: 'invalid_input' });
    // Many words: only the first ones are used, and the answer still comes.
    const many = Array.from({ length: 60 }, () => 'a').join(' ');
    expect((await t.call('recipes.library', { profileId, search: many })).recipes.length).toBe(oracle('a').length);
  });
});
