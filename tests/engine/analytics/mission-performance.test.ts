import { afterEach, describe, expect, it } from 'vitest';
import type { AnalyticsFilter, MissionKey, MissionPerformanceView } from '../../../shared/api/analytics-views.ts';
import { missionPerformance } from '../../../shared/analytics/mission-performance.ts';
import { learner, staff, type TestEngine } from '../../support/engine-fixture.ts';
import { codeOf } from '../../support/review-fixture.ts';
import { engineTracker, missionsOf, sourceOf, writeRuns, type WorldStage } from './analytics-world.ts';
import { generateRuns, insertLearners, RETIRED_STAGE, type GeneratedRun } from './generate-runs.ts';

const engines = engineTracker();
afterEach(() => engines.closeAll());
const open = (): Promise<TestEngine> => engines.open();
const write = writeRuns;
type Stage = WorldStage;

const median = (values: number[]): number | null => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const h = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[h] ?? 0) : ((sorted[h - 1] ?? 0) + (sorted[h] ?? 0)) / 2;
};

const countBy = (keys: string[]): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
};

type Expected = Omit<MissionPerformanceView, 'mission' | 'title' | 'filter'>;

function performance(t: TestEngine, mission: MissionKey, filter: AnalyticsFilter = {}): Promise<MissionPerformanceView> {
  return missionPerformance(sourceOf(t), mission, filter);
}

/** The dashboard's answers worked out from the generated objects, by counting them one by one. */
function expected(all: readonly GeneratedRun[], missionId: number, stages: readonly Stage[], from?: number, to?: number): Expected {
  const runs = all.filter((r) => r.missionId === missionId && (from === undefined || r.startedAt >= from) && (to === undefined || r.startedAt < to));
  const reviewed = runs.filter((r) => r.status === 'reviewed' && r.finalScore !== null);
  const scores = reviewed.map((r) => r.finalScore ?? 0);
  const passed = reviewed.filter((r) => r.passed === 1).length;
  const deadlineEnded = runs.filter((r) => r.endedBy === 'deadline' || r.status === 'expired').length;
  const position = new Map(stages.map((s) => [s.stageId, s.position]));
  const pos = (id: string): number => position.get(id) ?? Number.MAX_SAFE_INTEGER;
  const titleOf = (id: string): string => stages.find((s) => s.stageId === id)?.title ?? id;

  const reached = countBy(runs.flatMap((r) => r.path));
  const dropped = countBy(runs.filter((r) => (r.status === 'abandoned' || r.status === 'expired') && r.currentStageId !== null).map((r) => r.currentStageId ?? ''));
  const funnel = stages.map((s) => ({ stageId: s.stageId, title: s.title, kind: s.kind, reached: reached.get(s.stageId) ?? 0, droppedHere: dropped.get(s.stageId) ?? 0 }));
  if (reached.has(RETIRED_STAGE) || dropped.has(RETIRED_STAGE)) {
    funnel.push({ stageId: RETIRED_STAGE, title: RETIRED_STAGE, kind: 'task', reached: reached.get(RETIRED_STAGE) ?? 0, droppedHere: dropped.get(RETIRED_STAGE) ?? 0 });
  }

  const hintCounts = countBy(runs.flatMap((r) => r.hints.map((h) => `${h.stageId}\n${h.hintIndex}`)));
  const hints = [...hintCounts.entries()]
    .map(([key, n]) => {
      const [stageId = '', index = '0'] = key.split('\n');
      return { stageId, hintIndex: Number(index), runs: n, share: n / runs.length };
    })
    .sort((a, b) => b.runs - a.runs || pos(a.stageId) - pos(b.stageId) || a.hintIndex - b.hintIndex);

  const decisions = stages
    .filter((s) => runs.some((r) => r.decisions.some((d) => d.stageId === s.stageId)))
    .map((s) => {
      const taken = runs.flatMap((r) => r.decisions.filter((d) => d.stageId === s.stageId).map((d) => d.optionId));
      return {
        stageId: s.stageId,
        title: s.title,
        runs: taken.length,
        options: [...countBy(taken).entries()]
          .map(([optionId, n]) => ({ optionId, runs: n, share: n / taken.length }))
          .sort((a, b) => b.runs - a.runs || (a.optionId < b.optionId ? -1 : 1)),
      };
    });

  const checkStages = [...new Set(runs.flatMap((r) => r.attempts.map((a) => a.stageId)))];
  const checks = checkStages
    .map((stageId) => {
      const tried = runs.filter((r) => r.attempts.some((a) => a.stageId === stageId));
      const never = tried.filter((r) => r.attempts.every((a) => a.stageId !== stageId || a.correct === 0)).length;
      const attempts = tried.reduce((n, r) => n + r.attempts.filter((a) => a.stageId === stageId).length, 0);
      return { stageId, title: titleOf(stageId), runsAttempted: tried.length, runsNeverCorrect: never, failShare: never / tried.length, attempts };
    })
    .sort((a, b) => b.failShare - a.failShare || b.runsNeverCorrect - a.runsNeverCorrect || pos(a.stageId) - pos(b.stageId));

  return {
    summary: {
      starts: runs.length,
      submissions: runs.filter((r) => r.submission > 0).length,
      reviewed: reviewed.length,
      passed,
      passRate: reviewed.length === 0 ? null : passed / reviewed.length,
      averageScore: scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length,
      medianScore: median(scores),
      medianActiveMs: median(runs.filter((r) => r.submission > 0).map((r) => r.elapsedMs)),
      deadlineEnded,
      deadlineShare: runs.length === 0 ? null : deadlineEnded / runs.length,
    },
    funnel,
    hints,
    decisions,
    checks,
  };
}

function withoutHeader(view: MissionPerformanceView): Expected {
  const { summary, funnel, hints, decisions, checks } = view;
  return { summary: { ...summary, averageScore: summary.averageScore === null ? null : Number(summary.averageScore.toFixed(9)) }, funnel, hints, decisions, checks };
}

function rounded(e: Expected): Expected {
  return { ...e, summary: { ...e.summary, averageScore: e.summary.averageScore === null ? null : Number(e.summary.averageScore.toFixed(9)) } };
}

const START = Date.UTC(2026, 9, 1);

describe('mission performance dashboard', () => {
  it('matches answers counted from a generated team of runs, and leaves other versions out', async () => {
    const t = await open();
    const [a, b] = missionsOf(t);
    if (!a || !b) throw new Error('the sample pack has two missions');
    const profiles = insertLearners(t.engine.ctx.db.sqlite, 25, START);
    const runs = [
      ...generateRuns({ missionId: a.id, stages: a.stages, profiles, count: 400, seed: 7, startAt: START }),
      ...generateRuns({ missionId: b.id, stages: b.stages, profiles, count: 150, seed: 8, startAt: START }),
    ];
    write(t, runs);
    const want = expected(runs, a.id, a.stages);
    // The generator must have made every case the dashboard distinguishes, or the comparison proves little.
    expect(want.summary.reviewed).toBeGreaterThan(50);
    expect(want.summary.passed).toBeGreaterThan(0);
    expect(want.summary.deadlineEnded).toBeGreaterThan(0);
    expect(want.funnel.some((s) => s.stageId === RETIRED_STAGE && s.droppedHere > 0)).toBe(true);
    expect(want.decisions.length).toBeGreaterThan(0);
    expect(want.checks.some((c) => c.runsNeverCorrect > 0 && c.runsNeverCorrect < c.runsAttempted)).toBe(true);

    const got = await performance(t, a.key);
    expect(got.mission).toEqual(a.key);
    expect(withoutHeader(got)).toEqual(rounded(want));
    expect(got.summary.starts).toBe(400);
    // Every run of the other version shows up under its own mission only.
    expect(withoutHeader(await performance(t, b.key))).toEqual(rounded(expected(runs, b.id, b.stages)));
  });

  it('counts only runs started in [from, to)', async () => {
    const t = await open();
    const [a] = missionsOf(t);
    if (!a) throw new Error('no mission');
    const profiles = insertLearners(t.engine.ctx.db.sqlite, 5, START);
    const runs = [...generateRuns({ missionId: a.id, stages: a.stages, profiles, count: 200, seed: 11, startAt: START })];
    write(t, runs);
    const from = runs[50]?.startedAt ?? 0;
    const to = runs[150]?.startedAt ?? 0;
    const got = await performance(t, a.key, { from, to });
    expect(got.summary.starts).toBe(100);
    expect(got.filter).toEqual({ from, to });
    expect(withoutHeader(got)).toEqual(rounded(expected(runs, a.id, a.stages, from, to)));
    expect((await performance(t, a.key, { from })).summary.starts).toBe(150);
    expect((await performance(t, a.key, { to })).summary.starts).toBe(150);
    expect((await performance(t, a.key, { from: to })).summary.starts).toBe(50);
    expect((await performance(t, a.key, { from: to, to })).summary.starts).toBe(0);
  });

  it('answers an empty mission with zeros and nulls, its stages listed', async () => {
    const t = await open();
    const [a] = missionsOf(t);
    if (!a) throw new Error('no mission');
    const got = await performance(t, a.key);
    expect(got.summary).toEqual({
      starts: 0, submissions: 0, reviewed: 0, passed: 0, passRate: null, averageScore: null, medianScore: null, medianActiveMs: null, deadlineEnded: 0, deadlineShare: null,
    });
    expect(got.funnel.map((s) => s.stageId)).toEqual(a.stages.map((s) => s.stageId));
    expect(got.funnel.every((s) => s.reached === 0 && s.droppedHere === 0)).toBe(true);
    expect([got.hints, got.decisions, got.checks]).toEqual([[], [], []]);
  });

  it('answers a single reviewed run exactly', async () => {
    const t = await open();
    const [a] = missionsOf(t);
    if (!a) throw new Error('no mission');
    const [profile = ''] = insertLearners(t.engine.ctx.db.sqlite, 1, START);
    const first = a.stages.find((s) => s.kind === 'task')?.stageId ?? '';
    write(t, [{
      id: 'only', profileId: profile, missionId: a.id, status: 'reviewed', startedAt: START, elapsedMs: 1_234_567, submission: 1, endedBy: 'deadline',
      finalScore: 64.5, passed: 0, currentStageId: null, path: a.stages.map((s) => s.stageId), decisions: [],
      hints: [{ stageId: first, hintIndex: 0 }], attempts: [{ stageId: first, correct: 0 }, { stageId: first, correct: 0 }],
      stageScores: [], recipeReads: [], stageTimes: [], hintTimes: [START],
    }]);
    const got = await performance(t, a.key);
    expect(got.summary).toEqual({
      starts: 1, submissions: 1, reviewed: 1, passed: 0, passRate: 0, averageScore: 64.5, medianScore: 64.5, medianActiveMs: 1_234_567, deadlineEnded: 1, deadlineShare: 1,
    });
    expect(got.funnel.every((s) => s.reached === 1 && s.droppedHere === 0)).toBe(true);
    expect(got.hints).toEqual([{ stageId: first, hintIndex: 0, runs: 1, share: 1 }]);
    expect(got.checks).toEqual([{ stageId: first, title: a.stages.find((s) => s.stageId === first)?.title, runsAttempted: 1, runsNeverCorrect: 1, failShare: 1, attempts: 2 }]);
    expect(got.decisions).toEqual([]);
  });

  it('lists no decision splits for runs that took no decisions', async () => {
    const t = await open();
    const [a] = missionsOf(t);
    if (!a) throw new Error('no mission');
    const profiles = insertLearners(t.engine.ctx.db.sqlite, 3, START);
    const runs = [...generateRuns({ missionId: a.id, stages: a.stages, profiles, count: 60, seed: 3, startAt: START, withDecisions: false })];
    write(t, runs);
    const got = await performance(t, a.key);
    expect(got.decisions).toEqual([]);
    expect(withoutHeader(got)).toEqual(rounded(expected(runs, a.id, a.stages)));
  });

  it('is for mentors and admins only, and refuses bad input', async () => {
    const t = await open();
    const [a] = missionsOf(t);
    if (!a) throw new Error('no mission');
    const call = (input: unknown): Promise<unknown> => t.engine.call('analytics.missionPerformance', input as never);
    expect(await codeOf(call({ mission: a.key, filter: {} }))).toBe('forbidden');
    await learner(t);
    expect(await codeOf(call({ mission: a.key, filter: {} }))).toBe('forbidden');
    await staff(t, 'mentor');
    const view = await t.call('analytics.missionPerformance', { mission: a.key, filter: {} });
    expect(view.funnel).toHaveLength(a.stages.length);
    // A mission version nobody holds is an empty dashboard, not an error: the server may name one this device never imported.
    const unknown = await t.call('analytics.missionPerformance', { mission: { ...a.key, code: "M' OR 1=1 --" }, filter: {} });
    expect(unknown.summary.starts).toBe(0);
    expect(unknown.funnel).toEqual([]);
    expect(await codeOf(call({ mission: a.key, filter: { from: 10, to: 5 } }))).toBe('invalid_input');
    expect(await codeOf(call({ mission: a.key, filter: { from: -1 } }))).toBe('invalid_input');
    expect(await codeOf(call({ mission: { ...a.key, code: 'x'.repeat(201) }, filter: {} }))).toBe('invalid_input');
    expect(await codeOf(call({ mission: a.key, filter: { runs: 'all' } }))).toBe('invalid_input');
    expect(await codeOf(call({ mission: a.key }))).toBe('invalid_input');
    await staff(t, 'admin');
    expect(await codeOf(call({ mission: a.key, filter: { from: 0, to: Date.UTC(2030, 0, 1) } }))).toBe('ok');
  });
});
