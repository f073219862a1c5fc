// Format 1.1's answer, hint and solution rules through the API, and the score they make: each case
// here fails without its rule.
import { afterEach, describe, expect, it } from 'vitest';
import type { ScoreBreakdown, ScoreLine } from '../../../shared/api/review-views.ts';
import type { RunView, TaskStageView } from '../../../shared/api/views.ts';
import { importPack } from '../../../electron/engine/packs/import-pack.ts';
import { runBreakdown } from '../../../electron/engine/review/breakdown.ts';
import { loadRun } from '../../../electron/engine/runs/run-store.ts';
import { engineWithSamplePack, learner, missionIdOf, type TestEngine } from '../../support/engine-fixture.ts';
import { writePackFolder } from '../../support/pack-fixture.ts';
import { tempDir } from '../../support/temp.ts';
import { format11Files, MISSION_CODE } from './format-1-1-pack.ts';

let t: TestEngine | undefined;
afterEach(() => t?.engine.close());

async function startRun(options: { findSolutionPenalized?: boolean } = {}): Promise<{ t: TestEngine; profileId: string; runId: string }> {
  t = await engineWithSamplePack();
  const outcome = await importPack(writePackFolder(tempDir(), format11Files(options)), { db: t.engine.ctx.db, dataDir: t.dataDir });
  expect(outcome.status, JSON.stringify(outcome)).toBe('imported');
  const profileId = await learner(t);
  const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, MISSION_CODE) })).id;
  return { t, profileId, runId };
}

function task(view: RunView, stageId: string): TaskStageView {
  const stage = view.stages.find((s) => s.id === stageId);
  if (stage?.kind !== 'task') throw new Error(`no task ${stageId}`);
  return stage;
}

describe('format 1.1 answers', () => {
  it('takes any of several accepted answers, each under its own match rule', async () => {
    const { t, profileId, runId } = await startRun();
    const answer = (text: string) => t.call('checks.answer', { profileId, runId, stageId: 'find', answer: text });
    // `exact` minds case; the pattern's `ignore-case` does not, and matches the whole trimmed answer.
    expect(await answer('ab-12')).toMatchObject({ correct: false, accepted: false, attemptsLeft: 1 });
    expect(await answer('\u00a0ALT-77\r\n')).toMatchObject({ correct: true, accepted: true, found: 1, needed: 1, done: true, attemptsLeft: 1 });
  });

  it('with `logic: all` needs each accepted answer once, and a repeat costs no try', async () => {
    const { t, profileId, runId } = await startRun();
    await t.call('checks.answer', { profileId, runId, stageId: 'find', answer: 'Ab-12' });
    await t.call('stages.complete', { profileId, runId, stageId: 'find' });
    const answer = (text: string) => t.call('checks.answer', { profileId, runId, stageId: 'both', answer: text });
    expect(await answer('second')).toMatchObject({ correct: false, accepted: true, found: 1, needed: 2, done: false, attemptsLeft: null });
    await expect(answer(' second ')).rejects.toMatchObject({ code: 'rule_violation', message: expect.stringContaining('already') });
    // `attempts: 0` is unlimited: many wrong tries leave the check open.
    for (let i = 0; i < 12; i++) expect(await answer(`guess ${i}`)).toMatchObject({ correct: false, done: false, attemptsLeft: null });
    expect(await answer('first')).toMatchObject({ correct: true, found: 2, needed: 2, done: true });
    const view = await t.call('runs.get', { profileId, runId });
    expect(task(view, 'both').answer).toMatchObject({ attemptsAllowed: null, attemptsUsed: 12, found: 2, needed: 2, correct: true });
  });

  it('shows the solution when the tries run out under show_solution, still takes the answer, and scores the stage 0', async () => {
    const { t, profileId, runId } = await startRun();
    const answer = (text: string) => t.call('checks.answer', { profileId, runId, stageId: 'find', answer: text });
    let view = await t.call('runs.get', { profileId, runId });
    expect(task(view, 'find').solution).toEqual({ penalized: true, shown: false, body: null });
    expect(await answer('nope')).toMatchObject({ solutionShown: false, done: false });
    expect(await answer('nope again')).toMatchObject({ solutionShown: true, done: false, attemptsLeft: 0 });
    view = await t.call('runs.get', { profileId, runId });
    expect(task(view, 'find').solution).toEqual({ penalized: true, shown: true, body: 'The flag is `Ab-12`.\n' });
    // The solution is out: hints would teach nothing and cost points.
    expect(task(view, 'find').hints.every((h) => h.closed)).toBe(true);
    await expect(t.call('hints.reveal', { profileId, runId, stageId: 'find' })).rejects.toMatchObject({ code: 'rule_violation', message: expect.stringContaining('solution') });
    expect(await answer('Ab-12')).toMatchObject({ correct: true, done: true });
    const breakdown = await finishAndScore(t, profileId, runId, { both: ['first', 'second'], closing: 'x1', quiz: [0] });
    expect(breakdown.find?.fraction).toBe(0);
    expect(breakdown.find?.deductions).toEqual({ hintPoints: 0, solutionShown: true });
  });

  it('closes a check at 0 when its one try is wrong, and then refuses its hints without charging them', async () => {
    const { t, profileId, runId } = await startRun();
    await passFindAndBoth(t, profileId, runId);
    expect(await t.call('checks.answer', { profileId, runId, stageId: 'closing', answer: 'x2' })).toMatchObject({ correct: false, done: true, attemptsLeft: 0, solutionShown: false });
    await expect(t.call('hints.reveal', { profileId, runId, stageId: 'closing' })).rejects.toMatchObject({ code: 'rule_violation', message: expect.stringContaining('no tries left') });
    const { db } = t.engine.ctx;
    expect(db.all(db.q.selectFrom('hint_reveals').select('stage_id').where('run_id', '=', runId))).toEqual([]);
  });
});

describe('format 1.1 hints and solutions', () => {
  it('refuses a pack whose solution file is missing, naming it, and installs nothing', async () => {
    t = await engineWithSamplePack();
    const files = format11Files();
    delete files['missions/FMT-11/solutions/find.md'];
    const outcome = await importPack(writePackFolder(tempDir(), files), { db: t.engine.ctx.db, dataDir: t.dataDir });
    expect(outcome.status).toBe('failed');
    expect(JSON.stringify(outcome)).toContain('names solutions/find.md, but missions/FMT-11/solutions/find.md is not in the pack');
    const { db } = t.engine.ctx;
    expect(db.all(db.q.selectFrom('missions').select('id').where('code', '=', MISSION_CODE))).toEqual([]);
  });

  it('opens hints in any order where the stage allows it, with their titles, Markdown and stage points', async () => {
    const { t, profileId, runId } = await startRun();
    let view = await t.call('runs.get', { profileId, runId });
    expect(task(view, 'find').hints.map((h) => ({ title: h.title, penaltyPoints: h.penaltyPoints, text: h.text, waitingForPrevious: h.waitingForPrevious }))).toEqual([
      { title: 'Where to look', penaltyPoints: 20, text: undefined, waitingForPrevious: false },
      { title: 'What to run', penaltyPoints: 30, text: undefined, waitingForPrevious: false },
    ]);
    view = await t.call('hints.reveal', { profileId, runId, stageId: 'find', index: 1 });
    expect(task(view, 'find').hints.map((h) => h.revealed)).toEqual([false, true]);
    expect(task(view, 'find').hints[1]?.text).toBe('Run `ls -la`.');
    await expect(t.call('hints.reveal', { profileId, runId, stageId: 'find', index: 1 })).rejects.toMatchObject({ code: 'rule_violation', message: 'Hint 2 is revealed already.' });
    await expect(t.call('hints.reveal', { profileId, runId, stageId: 'find', index: 5 })).rejects.toMatchObject({ code: 'invalid_input' });
    // Right answer after one hint of 30 points on a stage worth 100: 70 % of the stage.
    await t.call('checks.answer', { profileId, runId, stageId: 'find', answer: 'Ab-12' });
    const breakdown = await finishAndScore(t, profileId, runId, { both: ['first', 'second'], closing: 'x1', quiz: [0] });
    expect(breakdown.find?.fraction).toBe(0.7);
    // The breakdown says why: the stage's line names its deduction, the hint's line its stage points.
    expect(breakdown.find?.deductions).toEqual({ hintPoints: 30, solutionShown: false });
    expect(breakdown.hints).toEqual([{ stageId: 'find', title: 'Find the flag', hint: 2, penalty: 0, stagePoints: 30 }]);
  });

  it('keeps in-order hints in order', async () => {
    const { t, profileId, runId } = await startRun();
    await passFindAndBoth(t, profileId, runId);
    // `closing` has one hint; naming a later one than the next is refused on an in-order stage.
    await expect(t.call('hints.reveal', { profileId, runId, stageId: 'closing', index: 1 })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('shows a solution on request once; an unpenalised one costs nothing, and its text stays out of the view until then', async () => {
    const { t, profileId, runId } = await startRun({ findSolutionPenalized: false });
    let view = await t.call('runs.get', { profileId, runId });
    expect(JSON.stringify(view)).not.toContain('The flag is');
    view = await t.call('solution.show', { profileId, runId, stageId: 'find' });
    expect(task(view, 'find').solution).toEqual({ penalized: false, shown: true, body: 'The flag is `Ab-12`.\n' });
    await expect(t.call('solution.show', { profileId, runId, stageId: 'find' })).rejects.toMatchObject({ code: 'invalid_state' });
    // Only the stage on screen: a later stage's solution is not the learner's to open yet.
    await expect(t.call('solution.show', { profileId, runId, stageId: 'both' })).rejects.toMatchObject({ code: 'invalid_state', message: expect.stringContaining('not the current stage') });
    await t.call('checks.answer', { profileId, runId, stageId: 'find', answer: 'Ab-12' });
    const breakdown = await finishAndScore(t, profileId, runId, { both: ['first', 'second'], closing: 'x1', quiz: [0] });
    expect(breakdown.find?.fraction).toBe(1);
    const verbs = t.engine.ctx.db.all(t.engine.ctx.db.q.selectFrom('events').select('verb').where('run_id', '=', runId)).map((e) => e.verb);
    expect(verbs.filter((v) => v === 'solution.shown')).toHaveLength(1);
  });

  it("credits the mission's authors, licence and source in its briefing", async () => {
    const { t, profileId } = await startRun();
    const briefing = await t.call('catalog.briefing', { profileId, missionId: await missionIdOf(t, profileId, MISSION_CODE) });
    expect(briefing.attribution).toEqual({ authors: ['A. Author'], license: 'CC-BY-4.0', source: { name: 'A converted training', url: 'https://example.org/training', note: null } });
    const sample = await t.call('catalog.briefing', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') });
    expect(sample.attribution).toBeNull();
    expect(briefing.reflection).toMatchObject({ required: false, prompt: expect.stringContaining('What did you learn') });
  });

  it('reports the training and the assessment totals apart, in stage points', async () => {
    const { t, profileId, runId } = await startRun();
    await t.call('hints.reveal', { profileId, runId, stageId: 'find', index: 0 });
    await t.call('checks.answer', { profileId, runId, stageId: 'find', answer: 'Ab-12' });
    await finishAndScore(t, profileId, runId, { both: ['first', 'second'], closing: 'x2', quiz: [1] });
    const view = await t.call('runs.get', { profileId, runId });
    // find 100 − 20, both 50, closing 0 of 50: 130 of 200; the quiz is wrong: 0 of 20.
    expect(view.score.totals).toEqual({ training: { points: 130, max: 200 }, assessment: { points: 0, max: 20 } });
    // The one score: (80 + 50 + 0 + 0) ÷ 220 × 100.
    expect(view.score.auto).toBeCloseTo((130 / 220) * 100, 2);
  });
});

/** Answers the first two stages right and moves on to `closing`. */
async function passFindAndBoth(t: TestEngine, profileId: string, runId: string): Promise<void> {
  await t.call('checks.answer', { profileId, runId, stageId: 'find', answer: 'Ab-12' });
  await t.call('stages.complete', { profileId, runId, stageId: 'find' });
  await t.call('checks.answer', { profileId, runId, stageId: 'both', answer: 'first' });
  await t.call('checks.answer', { profileId, runId, stageId: 'both', answer: 'second' });
  await t.call('stages.complete', { profileId, runId, stageId: 'both' });
}

/** Finishes the run from wherever it is and submits it; the auto-scored breakdown per stage. */
async function finishAndScore(t: TestEngine, profileId: string, runId: string, answers: { both: string[]; closing: string; quiz: number[] }): Promise<Record<string, ScoreLine> & { hints: ScoreBreakdown['hintPenalties'] }> {
  let view = await t.call('runs.get', { profileId, runId });
  for (;;) {
    const current = view.currentStageId;
    if (current === null) break;
    const stage = task(view, current);
    if (!stage.answer?.done && current === 'both') for (const text of answers.both) await t.call('checks.answer', { profileId, runId, stageId: current, answer: text }).catch(() => undefined);
    if (!stage.answer?.done && current === 'closing') await t.call('checks.answer', { profileId, runId, stageId: current, answer: answers.closing });
    if (current === 'quiz') await t.call('checks.quiz', { profileId, runId, stageId: current, responses: { q1: answers.quiz } });
    view = await t.call('stages.complete', { profileId, runId, stageId: current });
  }
  view = await t.call('runs.submit', { profileId, runId });
  // Every weighted stage checks itself: the run is scored at submission.
  expect(view.score.auto).not.toBeNull();
  const run = loadRun(t.engine.ctx, profileId, runId);
  const { lines, hintPenalties } = runBreakdown(t.engine.ctx, t.engine.ctx.missions.get(run.mission_id), run, new Map(), new Map());
  return Object.assign(Object.fromEntries(lines.map((line) => [line.stageId, line])), { hints: hintPenalties });
}
