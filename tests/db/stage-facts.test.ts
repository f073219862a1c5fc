// The stage facts, recipe openings and stage scores (db/migrations/0011) are kept by triggers: after
// any mix of inserts, updates and deletes of the tables they sum, they equal what the tables say,
// worked out here in JavaScript one row at a time.
import { afterEach, describe, expect, it } from 'vitest';
import type BetterSqlite3 from 'better-sqlite3';
import { engineTracker, missionsOf, recipeIdsOf, writeRuns } from '../engine/analytics/analytics-world.ts';
import { generateRuns, insertLearners } from '../engine/analytics/generate-runs.ts';

const engines = engineTracker();
afterEach(() => engines.closeAll());

const START = Date.UTC(2026, 9, 1);

interface Fact { run_id: string; stage_id: string; mission_id: number; completed: number; active_ms: number; attempts: number; hints: number; score: number | null }
interface Opening { run_id: string; stage_id: string; recipe_id: string; mission_id: number; first_open: number; hints_after: number }

function expected(sqlite: BetterSqlite3.Database): { facts: Fact[]; openings: Opening[] } {
  const all = <T>(text: string): T[] => sqlite.prepare(text).all() as T[];
  const runs = new Map(all<{ id: string; mission_id: number; status: string; submission: number }>('SELECT id, mission_id, status, submission FROM runs').map((r) => [r.id, r]));
  const stages = all<{ run_id: string; stage_id: string; completed_at: number | null; active_ms: number }>('SELECT run_id, stage_id, completed_at, active_ms FROM run_stages');
  const checks = all<{ run_id: string; stage_id: string }>('SELECT run_id, stage_id FROM check_attempts');
  const hints = all<{ run_id: string; stage_id: string; revealed_at: number }>('SELECT run_id, stage_id, revealed_at FROM hint_reveals');
  const reviews = all<{ id: string; run_id: string; submission: number; status: string; updated_at: number; breakdown_json: string | null }>('SELECT id, run_id, submission, status, updated_at, breakdown_json FROM reviews');
  const reads = all<{ run_id: string | null; stage_id: string | null; recipe_id: string; opened_at: number }>('SELECT run_id, stage_id, recipe_id, opened_at FROM recipe_reads');

  const scoreOf = (runId: string, stageId: string): number | null => {
    const run = runs.get(runId);
    if (run?.status !== 'reviewed') return null;
    const settling = reviews
      .filter((r) => r.run_id === runId && r.submission === run.submission && r.status === 'final' && r.breakdown_json !== null)
      .sort((a, b) => b.updated_at - a.updated_at || (a.id < b.id ? 1 : -1))[0];
    const lines = settling ? (JSON.parse(settling.breakdown_json ?? '{}') as { lines: Array<{ stageId: string; source: string; fraction: number | null }> }).lines : [];
    const fractions = lines.filter((l) => l.stageId === stageId && l.source === 'rubric' && l.fraction !== null).map((l) => l.fraction ?? 0);
    return fractions.length === 0 ? null : Math.max(...fractions);
  };
  const key = (row: { run_id: string; stage_id: string }): string => `${row.run_id}|${row.stage_id}`;
  const facts = stages.map((s) => ({
    run_id: s.run_id,
    stage_id: s.stage_id,
    mission_id: runs.get(s.run_id)?.mission_id ?? -1,
    completed: s.completed_at === null ? 0 : 1,
    active_ms: s.active_ms,
    attempts: checks.filter((c) => key(c) === key(s)).length,
    hints: hints.filter((h) => key(h) === key(s)).length,
    score: scoreOf(s.run_id, s.stage_id),
  }));
  const firsts = new Map<string, Opening>();
  for (const read of reads) {
    if (read.run_id === null || read.stage_id === null) continue;
    const id = `${read.run_id}|${read.stage_id}|${read.recipe_id}`;
    const held = firsts.get(id);
    if (!held || read.opened_at < held.first_open) {
      firsts.set(id, { run_id: read.run_id, stage_id: read.stage_id, recipe_id: read.recipe_id, mission_id: runs.get(read.run_id)?.mission_id ?? -1, first_open: read.opened_at, hints_after: 0 });
    }
  }
  const openings = [...firsts.values()].map((o) => ({ ...o, hints_after: hints.filter((h) => key(h) === key(o) && h.revealed_at > o.first_open).length }));
  return { facts, openings };
}

function held(sqlite: BetterSqlite3.Database): { facts: Fact[]; openings: Opening[] } {
  return {
    facts: sqlite.prepare('SELECT run_id, stage_id, mission_id, completed, active_ms, attempts, hints, score FROM stage_run_facts').all() as Fact[],
    openings: sqlite.prepare('SELECT run_id, stage_id, recipe_id, mission_id, first_open, hints_after FROM recipe_openings').all() as Opening[],
  };
}

function expectKept(sqlite: BetterSqlite3.Database): void {
  const order = <T extends { run_id: string; stage_id: string }>(rows: T[]): T[] =>
    [...rows].sort((a, b) => JSON.stringify([a.run_id, a.stage_id, 'recipe_id' in a ? a.recipe_id : '']).localeCompare(JSON.stringify([b.run_id, b.stage_id, 'recipe_id' in b ? b.recipe_id : ''])));
  const want = expected(sqlite);
  const got = held(sqlite);
  expect(order(got.facts)).toEqual(order(want.facts));
  expect(order(got.openings)).toEqual(order(want.openings));
}

describe('stage facts kept by triggers', () => {
  it('follow inserts, updates and deletes of stages, checks, hints, recipe reads, reviews and runs', async () => {
    const t = await engines.open();
    const { sqlite } = t.engine.ctx.db;
    const [mission] = missionsOf(t);
    if (!mission) throw new Error('the sample pack has no mission');
    const profiles = insertLearners(sqlite, 6, START);
    const runs = [...generateRuns({ missionId: mission.id, stages: mission.stages, profiles, count: 60, seed: 7, startAt: START, recipes: recipeIdsOf(t) })];
    writeRuns(t, runs);
    expect(held(sqlite).facts.length).toBeGreaterThan(100);
    expect(held(sqlite).openings.length).toBeGreaterThan(10);
    expect(held(sqlite).facts.some((f) => f.score !== null)).toBe(true);
    expectKept(sqlite);

    const reviewed = runs.find((r) => r.status === 'reviewed' && r.stageScores.length > 1);
    const withReads = runs.find((r) => r.recipeReads.length > 0 && r.hints.length > 0);
    if (!reviewed || !withReads) throw new Error('the generated runs lack a reviewed run or one with reads and hints');
    const run = (sql: string, ...params: unknown[]): void => void sqlite.prepare(sql).run(...params);

    // Progress on a stage, a stage left again (a decision reopened), checks and hints both ways.
    run('UPDATE run_stages SET completed_at = NULL, active_ms = active_ms + 5000 WHERE run_id = ?', reviewed.id);
    run('DELETE FROM run_stages WHERE run_id = ? AND stage_id = ?', withReads.id, withReads.path[withReads.path.length - 1]);
    run('DELETE FROM check_attempts WHERE run_id = ?', reviewed.id);
    const hint = withReads.hints[0];
    run('DELETE FROM hint_reveals WHERE run_id = ? AND stage_id = ? AND hint_index = ?', withReads.id, hint?.stageId, hint?.hintIndex);
    run("INSERT INTO hint_reveals (run_id, stage_id, hint_index, penalty, revealed_at) VALUES (?, ?, 99, 1, ?)", withReads.id, withReads.recipeReads[0]?.stageId, (withReads.recipeReads[0]?.openedAt ?? 0) + 1);
    expectKept(sqlite);

    // A read earlier than the first opening moves it; deleting every read of a recipe drops the opening.
    const read = withReads.recipeReads[0];
    run('INSERT INTO recipe_reads (id, profile_id, recipe_id, run_id, stage_id, opened_at, closed_at, active_ms) VALUES (?, ?, ?, ?, ?, ?, NULL, 0)', 'early-read', withReads.profileId, read?.recipeId, withReads.id, read?.stageId, (read?.openedAt ?? 0) - 60_000);
    expectKept(sqlite);
    run('DELETE FROM recipe_reads WHERE run_id = ? AND recipe_id = ?', withReads.id, read?.recipeId);
    expectKept(sqlite);

    // A newer final review replaces the scores; a resubmission clears them; a run reviewed again brings them back.
    const lines = reviewed.stageScores.map((s) => ({ stageId: s.stageId, source: 'rubric', fraction: 1 - s.fraction }));
    run("INSERT INTO reviews (id, run_id, reviewer_id, status, score, passed, created_at, updated_at, submission, outcome, breakdown_json) VALUES (?, ?, ?, 'final', 50, 0, ?, ?, ?, 'failed', ?)", 'newer', reviewed.id, reviewed.profileId, START * 2, START * 2, reviewed.submission, JSON.stringify({ lines }));
    expectKept(sqlite);
    expect(held(sqlite).facts.find((f) => f.run_id === reviewed.id && f.stage_id === lines[0]?.stageId)?.score).toBe(lines[0]?.fraction);
    run("UPDATE runs SET status = 'submitted', submission = submission + 1 WHERE id = ?", reviewed.id);
    expectKept(sqlite);
    expect(held(sqlite).facts.filter((f) => f.run_id === reviewed.id).every((f) => f.score === null)).toBe(true);
    run("UPDATE reviews SET submission = submission + 1, updated_at = updated_at + 1 WHERE id = 'newer'");
    run("UPDATE runs SET status = 'reviewed' WHERE id = ?", reviewed.id);
    expectKept(sqlite);
    run("DELETE FROM reviews WHERE id = 'newer'");
    expectKept(sqlite);

    // A transcript replaced whole, children first and stages last, as a pulled run is rewritten.
    sqlite.transaction(() => {
      for (const table of ['run_stages', 'hint_reveals', 'check_attempts']) run(`DELETE FROM ${table} WHERE run_id = ?`, withReads.id);
      run("INSERT INTO check_attempts (run_id, stage_id, kind, response_json, correct, fraction, attempted_at) VALUES (?, ?, 'answer', '\"x\"', 0, 0, 1)", withReads.id, withReads.path[0]);
      run('INSERT INTO hint_reveals (run_id, stage_id, hint_index, penalty, revealed_at) VALUES (?, ?, 0, 1, ?)', withReads.id, withReads.path[0], START);
      run('INSERT INTO run_stages (run_id, stage_id, seq, entered_at, entered_elapsed_ms, completed_at, active_ms) VALUES (?, ?, 1, 1, 0, 2, 700)', withReads.id, withReads.path[0]);
    })();
    expectKept(sqlite);
    expect(held(sqlite).facts.filter((f) => f.run_id === withReads.id)).toEqual([expect.objectContaining({ attempts: 1, hints: 1, active_ms: 700, completed: 1 })]);
  });
});
