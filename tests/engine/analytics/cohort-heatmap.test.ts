import { afterEach, describe, expect, it } from 'vitest';
import { cohortOf, percentile, runBenchmark } from '../../../shared/analytics/cohort.ts';
import { activityRuns, heatmap } from '../../../shared/analytics/heatmap.ts';
import { analyticsOptions } from '../../../shared/analytics/options.ts';
import { learner, staff, type TestEngine } from '../../support/engine-fixture.ts';
import { codeOf } from '../../support/review-fixture.ts';
import { engineTracker, missionsOf, sourceOf, writeRuns, type WorldMission } from './analytics-world.ts';
import { generateRuns, insertLearners, type GeneratedRun } from './generate-runs.ts';

const engines = engineTracker();
afterEach(() => engines.closeAll());

const START = Date.UTC(2026, 9, 1);

async function world(count = 300): Promise<{ t: TestEngine; a: WorldMission; b: WorldMission; runs: GeneratedRun[]; profiles: string[] }> {
  const t = await engines.open();
  const [a, b] = missionsOf(t);
  if (!a || !b) throw new Error('the sample pack has two missions');
  const profiles = insertLearners(t.engine.ctx.db.sqlite, 12, START);
  const runs = [
    ...generateRuns({ missionId: a.id, stages: a.stages, profiles, count, seed: 21, startAt: START }),
    ...generateRuns({ missionId: b.id, stages: b.stages, profiles, count: Math.round(count / 3), seed: 22, startAt: START }),
  ];
  writeRuns(t, runs);
  return { t, a, b, runs, profiles };
}

/** Percentile rank counted the slow way: every other member compared one by one. */
function slowPercentile(values: number[], v: number, higherIsBetter: boolean): number {
  const below = values.filter((x) => (higherIsBetter ? x < v : x > v)).length;
  const same = values.filter((x) => x === v).length;
  return Math.round(((below + same / 2) / values.length) * 1000) / 10;
}

describe('benchmark scoring', () => {
  it('places every reviewed run by score and time among its mission version only', async () => {
    const { t, a, runs } = await world();
    const cohort = runs.filter((r) => r.missionId === a.id && r.status === 'reviewed' && r.finalScore !== null);
    expect(cohort.length).toBeGreaterThan(60);
    const scores = cohort.map((r) => r.finalScore ?? 0);
    const times = cohort.map((r) => r.elapsedMs);
    for (const run of cohort.slice(0, 25)) {
      const got = await runBenchmark(sourceOf(t), run.id, 5);
      expect(got).toEqual({
        cohort: cohort.length,
        scorePercentile: slowPercentile(scores, run.finalScore ?? 0, true),
        timePercentile: slowPercentile(times, run.elapsedMs, false),
        at: 5,
      });
    }
    const view = await cohortOf(sourceOf(t), a.key);
    expect(view.runs).toHaveLength(cohort.length);
    expect(view.truncated).toBe(false);
    // Best first, then faster first.
    const order = [...cohort].sort((x, y) => (y.finalScore ?? 0) - (x.finalScore ?? 0) || x.elapsedMs - y.elapsedMs || (x.id < y.id ? -1 : 1));
    expect(view.runs.map((r) => r.runId)).toEqual(order.map((r) => r.id));
    for (const row of view.runs) {
      const run = cohort.find((r) => r.id === row.runId);
      expect(row.scorePercentile).toBe(slowPercentile(scores, run?.finalScore ?? -1, true));
      expect(row.timePercentile).toBe(slowPercentile(times, run?.elapsedMs ?? -1, false));
      expect(row.passed).toBe(run?.passed === 1);
    }
  });

  it('has no standing for a run that is not reviewed, and a lone run stands at the middle', async () => {
    const { t, runs } = await world(40);
    const open = runs.find((r) => r.status !== 'reviewed');
    expect(await runBenchmark(sourceOf(t), open?.id ?? '', 1)).toBeNull();
    expect(await runBenchmark(sourceOf(t), 'no-such-run', 1)).toBeNull();
    expect(percentile(0, 1, 1)).toBe(50);
    expect(percentile(3, 1, 4)).toBe(87.5);
  });

  it('lists the cohort of a team only when filtered, still placed against the whole version', async () => {
    const { t, a, runs, profiles } = await world();
    const team = profiles.slice(0, 4);
    t.engine.ctx.db.sqlite.prepare(`UPDATE profiles SET remote_team = 'Blue' WHERE id IN (${team.map(() => '?').join(',')})`).run(...team);
    const whole = await cohortOf(sourceOf(t), a.key);
    const blue = await cohortOf(sourceOf(t), a.key, { team: 'Blue' });
    const expected = runs.filter((r) => r.missionId === a.id && r.status === 'reviewed' && team.includes(r.profileId));
    expect(blue.runs.map((r) => r.runId).sort()).toEqual(expected.map((r) => r.id).sort());
    for (const row of blue.runs) expect(row).toEqual(whole.runs.find((w) => w.runId === row.runId));
    expect(blue.runs.every((r) => r.team === 'Blue')).toBe(true);
  });
});

describe('completion heatmap', () => {
  it('shows each learner\'s best reviewed run of each mission, else the latest, with the run count', async () => {
    const { t, a, b, runs } = await world(200);
    const view = await heatmap(sourceOf(t), {}, 0);
    expect(view.missions.map((m) => m.code).sort()).toEqual([a.key.code, b.key.code].sort());
    const expectedCells = new Map<string, { runId: string; runs: number }>();
    for (const mission of [a, b]) {
      for (const profileId of new Set(runs.map((r) => r.profileId))) {
        const mine = runs.filter((r) => r.missionId === mission.id && r.profileId === profileId);
        if (mine.length === 0) continue;
        const reviewed = mine.filter((r) => r.status === 'reviewed' && r.finalScore !== null);
        const pool = reviewed.length > 0 ? reviewed : mine;
        const best = [...pool].sort((x, y) => (y.finalScore ?? -1) - (x.finalScore ?? -1) || y.startedAt - x.startedAt || (x.id < y.id ? -1 : 1))[0];
        expectedCells.set(`${mission.key.code}|${profileId}`, { runId: best?.id ?? '', runs: mine.length });
      }
    }
    expect(view.cells).toHaveLength(expectedCells.size);
    for (const cell of view.cells) {
      const mission = view.missions[cell.mission];
      const person = view.learners[cell.learner];
      const want = expectedCells.get(`${mission?.code}|${person?.profileId}`);
      expect({ runId: cell.runId, runs: cell.runs }).toEqual(want);
      const run = runs.find((r) => r.id === cell.runId);
      const status = run?.status === 'reviewed' ? (run.passed === 1 ? 'passed' : 'failed') : run?.status;
      expect(cell.status).toBe(status);
      expect(cell.score).toBe(run?.finalScore ?? null);
    }
    expect(view.learners.map((l) => l.name)).toEqual([...view.learners.map((l) => l.name)].sort((x, y) => x.localeCompare(y)));
  });

  it('counts the runs\' timed acts by weekday and hour in the time zone asked for, and lists the runs behind a cell', async () => {
    const { t, runs } = await world(30);
    const { sqlite } = t.engine.ctx.db;
    // Every act the generated runs recorded, at the times the writer gives them (generate-runs.ts).
    const events: Array<{ runId: string; at: number }> = runs.flatMap((run) => [
      ...run.path.map((_, seq) => ({ runId: run.id, at: run.startedAt + seq })),
      ...run.hintTimes.map((at) => ({ runId: run.id, at })),
      ...run.attempts.map(() => ({ runId: run.id, at: run.startedAt })),
      ...run.decisions.map(() => ({ runId: run.id, at: run.startedAt })),
    ]);
    // And hints spread over days and hours, so that every offset moves acts across cells.
    const insert = sqlite.prepare('INSERT INTO hint_reveals (run_id, stage_id, hint_index, penalty, revealed_at) VALUES (?, ?, 0, 0, ?)');
    let n = 0;
    for (const run of runs.slice(0, 25)) {
      for (let i = 0; i < 8; i++) {
        const at = Date.UTC(2026, 10, 1 + ((n * 7) % 23), (n * 5) % 24, (n * 13) % 60);
        insert.run(run.id, `spread-${n}`, at);
        events.push({ runId: run.id, at });
        n++;
      }
    }
    for (const offset of [0, 330, -480]) {
      const view = await heatmap(sourceOf(t), {}, offset);
      const want = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
      for (const e of events) {
        const local = new Date(e.at + offset * 60_000);
        const day = want[local.getUTCDay()];
        if (day) day[local.getUTCHours()] = (day[local.getUTCHours()] ?? 0) + 1;
      }
      expect(view.activity).toEqual(want);
      expect(view.tzOffsetMinutes).toBe(offset);
    }
    const cellOf = (at: number): string => `${new Date(at).getUTCDay()}|${new Date(at).getUTCHours()}`;
    const runsIn = new Map<string, Map<string, number>>();
    for (const e of events) {
      const cell = runsIn.get(cellOf(e.at)) ?? new Map<string, number>();
      cell.set(e.runId, (cell.get(e.runId) ?? 0) + 1);
      runsIn.set(cellOf(e.at), cell);
    }
    // A quiet cell lists every run in it; the busiest lists its 20 busiest runs, most acts first.
    const cells = [...runsIn.entries()].sort(([, a], [, b]) => a.size - b.size);
    for (const [cell, perRun] of [cells[0], cells[cells.length - 1]].filter((c) => c !== undefined)) {
      const [day = 0, hourOfDay = 0] = cell.split('|').map(Number);
      const listed = await activityRuns(sourceOf(t), {}, 0, day, hourOfDay);
      const want = [...perRun.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).slice(0, 20);
      expect(listed.map((r) => [r.runId, r.events])).toEqual(want);
      // Each names its learner and where the run stands, so the screen knows where it opens.
      for (const row of listed) {
        const run = runs.find((r) => r.id === row.runId);
        expect(row.learnerId).toBe(run?.profileId);
        expect(row.status).toBe(run?.status === 'reviewed' ? (run.passed === 1 ? 'passed' : 'failed') : run?.status);
      }
    }
    expect(cells[cells.length - 1]?.[1].size).toBeGreaterThan(20);
  });

  it('filters by pack, mission, track, tier, team and period, and offers what the runs name', async () => {
    const { t, a, b, runs, profiles } = await world(120);
    t.engine.ctx.db.sqlite.prepare("UPDATE profiles SET remote_team = 'Red' WHERE id = ?").run(profiles[0]);
    const options = await analyticsOptions(sourceOf(t));
    expect(options.runs).toBe(runs.length);
    expect(options.missions.map((m) => m.code).sort()).toEqual([a.key.code, b.key.code].sort());
    expect(options.missions.find((m) => m.code === a.key.code)?.runs).toBe(runs.filter((r) => r.missionId === a.id).length);
    expect(options.teams).toEqual(['Red']);
    expect(options.packs).toEqual([{ packId: a.key.packId, versions: [a.key.version], runs: runs.length }]);

    const onlyA = await heatmap(sourceOf(t), { packId: a.key.packId, missionCode: a.key.code }, 0);
    expect(onlyA.missions.map((m) => m.code)).toEqual([a.key.code]);
    const red = await heatmap(sourceOf(t), { team: 'Red' }, 0);
    expect(red.learners.map((l) => l.profileId)).toEqual([profiles[0]]);
    const track = options.tracks[0] ?? '';
    const byTrack = await heatmap(sourceOf(t), { track }, 0);
    expect(byTrack.cells.length).toBeGreaterThan(0);
    expect(await heatmap(sourceOf(t), { tier: 'no-such-tier' }, 0)).toMatchObject({ cells: [], missions: [], learners: [] });
    const late = runs.filter((r) => r.startedAt >= (runs[60]?.startedAt ?? 0) && r.missionId === a.id);
    const period = await heatmap(sourceOf(t), { from: runs[60]?.startedAt ?? 0, missionCode: a.key.code, packId: a.key.packId }, 0);
    expect(period.cells.reduce((sum, c) => sum + c.runs, 0)).toBe(late.length);
  });

  it('is for staff only and refuses bad arguments clearly', async () => {
    const t = await engines.open();
    expect(await codeOf(t.engine.call('analytics.heatmap', { filter: {}, tzOffsetMinutes: 0 }))).toBe('forbidden');
    await learner(t);
    expect(await codeOf(t.engine.call('analytics.heatmap', { filter: {}, tzOffsetMinutes: 0 }))).toBe('forbidden');
    expect(await codeOf(t.engine.call('analytics.options', {}))).toBe('forbidden');
    await staff(t, 'mentor');
    expect((await t.call('analytics.heatmap', { filter: {}, tzOffsetMinutes: 60 })).cells).toEqual([]);
    const bad = (input: unknown): Promise<string> => codeOf(t.engine.call('analytics.heatmap', input as never));
    expect(await bad({ filter: {}, tzOffsetMinutes: 15 * 60 })).toBe('invalid_input');
    expect(await bad({ filter: {}, tzOffsetMinutes: 0.5 })).toBe('invalid_input');
    // Not a quarter hour: no time zone is 7 minutes from UTC.
    expect(await bad({ filter: {}, tzOffsetMinutes: 7 })).toBe('invalid_input');
    expect(await bad({ filter: { version: '1.0.0' }, tzOffsetMinutes: 0 })).toBe('invalid_input');
    expect(await bad({ filter: { team: '' }, tzOffsetMinutes: 0 })).toBe('invalid_input');
    expect(await bad({ filter: { from: 5, to: 4 }, tzOffsetMinutes: 0 })).toBe('invalid_input');
    expect(await codeOf(t.engine.call('analytics.activityRuns', { filter: {}, tzOffsetMinutes: 0, weekday: 7, hour: 0 }))).toBe('invalid_input');
    expect(await codeOf(t.engine.call('analytics.activityRuns', { filter: {}, tzOffsetMinutes: 0, weekday: 0, hour: 24 }))).toBe('invalid_input');
  });
});
