import { describe, expect, it } from 'vitest';
import type { AnalyticsOptions, CohortView, HeatmapView, MissionPerformanceView, RecipeUsageView } from '../../shared/api/analytics-views.ts';
import { MISSION, pushRecords, reviewRecordOf, runRecordOf, transcript } from './analytics-fixture.ts';
import { testServer, type Device, type TestServer } from './sync-server.ts';
import { DATABASES } from './support/databases.ts';

const READ = { id: 'read-b', recipeId: 'reading-auth-logs', title: 'Reading auth logs', type: 'guide', stageId: 'recon', openedAt: 1_700_000_000_010, activeMs: 30_000 };

/** Blue: Ana (two runs, one reviewed), Ben (one); red: Rex (three). Mentors Mo (blue) and Ria (red). */
async function twoTeams(t: TestServer): Promise<{ mo: Device; ria: Device; ana: Device }> {
  const ana = await t.device('blue', 'Ana');
  const ben = await t.device('blue', 'Ben');
  const rex = await t.device('red', 'Rex');
  const mo = await t.device('blue', 'Mo', 'mentor');
  const ria = await t.device('red', 'Ria', 'mentor');
  await pushRecords(t, ana, [runRecordOf(transcript('a-1', 'p-ana', { recipeReads: [READ] })), runRecordOf(transcript('a-2', 'p-ana', { status: 'in_progress', startedAt: 1_700_100_000_000 }))]);
  await pushRecords(t, ben, [runRecordOf(transcript('b-1', 'p-ben'))]);
  await pushRecords(t, rex, [1, 2, 3].map((n) => runRecordOf(transcript(`r-${n}`, 'p-rex', { recipeReads: [{ ...READ, id: `read-r${n}` }] }))));
  await pushRecords(t, mo, [reviewRecordOf('rev-a', 'a-1', { score: 90 })]);
  await pushRecords(t, ria, [reviewRecordOf('rev-r', 'r-1', { score: 50, outcome: 'failed' })]);
  return { mo, ria, ana };
}

describe.each(DATABASES)('a mentor\'s analytics routes on %s', (database) => {
  it('answer over the mentor\'s own team only, whatever the request names', async () => {
    const t = await testServer(database);
    const { mo, ria } = await twoTeams(t);

    const options = await t.post('/v1/analytics/options', {}, mo.token);
    expect(options.status).toBe(200);
    const opts = options.body as unknown as AnalyticsOptions;
    expect(opts.runs).toBe(3);
    expect(opts.teams).toEqual(['blue']);
    expect(opts.missions).toEqual([{ ...MISSION, title: 'Triage the alert', track: 'blue', tier: 'foundation', runs: 3 }]);

    const mission = (await t.post('/v1/analytics/mission', { mission: MISSION }, mo.token)).body as unknown as MissionPerformanceView;
    expect(mission.summary).toMatchObject({ starts: 3, submissions: 2, reviewed: 1, passed: 1 });
    expect(mission.filter.team).toBe('blue');
    const red = (await t.post('/v1/analytics/mission', { mission: MISSION }, ria.token)).body as unknown as MissionPerformanceView;
    expect(red.summary).toMatchObject({ starts: 3, reviewed: 1, passed: 0 });

    const heatmap = (await t.post('/v1/analytics/heatmap', { filter: {}, tzOffsetMinutes: 60 }, mo.token)).body as unknown as HeatmapView;
    expect(heatmap.learners.map((l) => [l.name, l.team])).toEqual([['Ana', 'blue'], ['Ben', 'blue']]);
    expect(heatmap.tzOffsetMinutes).toBe(60);

    const recipes = (await t.post('/v1/analytics/recipes', {}, mo.token)).body as unknown as RecipeUsageView;
    expect(recipes.recipes.map((r) => [r.recipeId, r.opens, r.readers])).toEqual([['reading-auth-logs', 1, 1]]);

    const cohort = (await t.post('/v1/analytics/cohort', { mission: MISSION }, mo.token)).body as unknown as CohortView;
    expect(cohort.runs.map((r) => r.runId)).toEqual(['a-1']);

    // Naming another team is refused, not quietly answered for it.
    const other = await t.post('/v1/analytics/mission', { mission: MISSION, filter: { team: 'red' } }, mo.token);
    expect(other.status).toBe(403);
    expect(other.body.message).toMatch(/own team/);
    const own = await t.post('/v1/analytics/recipes', { filter: { team: 'blue' } }, mo.token);
    expect(own.status).toBe(200);
  });

  it('refuses learners, strangers and bad arguments with a clear message', async () => {
    const t = await testServer(database);
    const { mo, ana } = await twoTeams(t);
    for (const route of ['/v1/analytics/options', '/v1/analytics/mission', '/v1/analytics/heatmap', '/v1/analytics/recipes', '/v1/analytics/cohort']) {
      const learner = await t.post(route, { mission: MISSION }, ana.token);
      expect(learner.status, route).toBe(403);
      expect(learner.body.message).toMatch(/mentor/);
      expect((await t.post(route, {}, undefined)).status, route).toBe(401);
    }
    const cases: Array<[string, unknown, RegExp]> = [
      ['/v1/analytics/mission', {}, /mission: /],
      ['/v1/analytics/mission', { mission: { ...MISSION, code: '' } }, /mission\.code/],
      ['/v1/analytics/recipes', { filter: { from: 'yesterday' } }, /filter\.from/],
      ['/v1/analytics/recipes', { filter: { from: 10, to: 5 } }, /ends before it starts/],
      ['/v1/analytics/recipes', { filter: { version: '1.0.0' } }, /needs its pack/],
      ['/v1/analytics/heatmap', { tzOffsetMinutes: 30.5 }, /tzOffsetMinutes/],
      ['/v1/analytics/heatmap', { filter: { packId: "x'; drop table analytics_runs; --" }, extra: 1 }, /extra|Unrecognized/i],
      ['/v1/analytics/options', { team: 'red' }, /team|Unrecognized/i],
    ];
    for (const [route, body, message] of cases) {
      const answer = await t.post(route, body, mo.token);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.code).toBe('invalid_input');
      expect(String(answer.body.message)).toMatch(message);
    }
    // A value that looks like SQL is only a value.
    const quoted = await t.post('/v1/analytics/recipes', { filter: { packId: "x'; drop table analytics_runs; --" } }, mo.token);
    expect(quoted.status).toBe(200);
    expect((quoted.body as unknown as RecipeUsageView).recipes).toEqual([]);
    expect(await t.server.db.selectFrom('analytics_runs').select('run_id').execute()).toHaveLength(6);
  });
});
