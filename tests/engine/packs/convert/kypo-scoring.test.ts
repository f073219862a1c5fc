// A converted KYPO training scores as the platform scores it. The hand-made definition, played through
// the API to submission; the expected numbers are worked out by the platform's rule by hand:
//   level score = max_score − hint penalties taken; 0 once a penalised solution was shown;
//   assessment = Σ points of the questions answered right; training and assessment totals apart.
import { describe, expect, it } from 'vitest';
import type { MethodName, InputOf, OutputOf } from '../../../../shared/api/contract.ts';
import type { RunView } from '../../../../shared/api/views.ts';
import { openEngine } from '../../../../electron/engine/engine.ts';
import { importPack } from '../../../../electron/engine/packs/import-pack.ts';
import { computeScore } from '../../../../electron/engine/runs/run-score.ts';
import { findRun } from '../../../../electron/engine/runs/run-store.ts';
import { learner, missionIdOf, taskOf, TestClock, type TestEngine } from '../../../support/engine-fixture.ts';
import { tempDir } from '../../../support/temp.ts';
import { ATTACK_SC_MONGODB, convertInto, HAND_MADE, JUNIOR_HACKER, kypoFile, levelNamed } from './kypo-support.ts';

async function engineWith(source: string): Promise<TestEngine> {
  const { out } = await convertInto(source);
  const dataDir = tempDir();
  const clock = new TestClock();
  const engine = openEngine({ dataDir, clock, log: () => undefined });
  const outcome = await importPack(out, { db: engine.ctx.db, dataDir });
  if (outcome.status === 'failed') throw new Error(`converted pack failed to import: ${JSON.stringify(outcome.issues)}`);
  return {
    engine,
    clock,
    dataDir,
    pushed: [],
    call: <M extends MethodName>(method: M, input: InputOf<M>) => engine.call(method, input) as Promise<OutputOf<M>>,
  };
}

interface Played {
  t: TestEngine;
  profileId: string;
  runId: string;
  run: RunView;
}

async function startRun(source: string): Promise<Played> {
  const t = await engineWith(source);
  const profileId = await learner(t);
  const run = await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'KYPO-01') });
  return { t, profileId, runId: run.id, run };
}

function totalsOf({ t, runId }: Played): ReturnType<typeof computeScore> {
  const run = findRun(t.engine.ctx, runId);
  if (!run) throw new Error('no run');
  return computeScore(t.engine.ctx, t.engine.ctx.missions.get(run.mission_id), run);
}

async function answer(p: Played, stageId: string, text: string): Promise<boolean> {
  return (await p.t.call('checks.answer', { profileId: p.profileId, runId: p.runId, stageId, answer: text })).correct;
}

async function complete(p: Played, stageId: string): Promise<void> {
  await p.t.call('stages.complete', { profileId: p.profileId, runId: p.runId, stageId });
}

async function hint(p: Played, stageId: string): Promise<void> {
  await p.t.call('hints.reveal', { profileId: p.profileId, runId: p.runId, stageId });
}

/** The knowledge check: `right` says which of its four questions to answer right. */
async function knowledgeCheck(p: Played, right: { single: boolean; multiple: boolean; text: boolean; matching: boolean }): Promise<void> {
  const view = await p.t.call('runs.get', { profileId: p.profileId, runId: p.runId });
  const quiz = taskOf(view, 'knowledge-check').quiz;
  const matching = quiz?.questions.find((q) => q.id === 'q4');
  if (!matching) throw new Error('no matching question');
  const rights: Record<string, string> = { nmap: 'scans ports', john: 'cracks passwords', scp: 'copies files' };
  const pairs = matching.lefts.map((left) => matching.choices.indexOf(right.matching ? (rights[left] as string) : 'edits text'));
  await p.t.call('checks.quiz', {
    profileId: p.profileId,
    runId: p.runId,
    stageId: 'knowledge-check',
    responses: { q1: [right.single ? 1 : 0], q2: right.multiple ? [0, 1] : [0], q3: right.text ? 'FCrackZip' : 'john', q4: pairs },
  });
  await complete(p, 'knowledge-check');
}

async function feedbackAndSubmit(p: Played): Promise<RunView> {
  await p.t.call('checks.quiz', { profileId: p.profileId, runId: p.runId, stageId: 'feedback', responses: { q1: 'Nothing', q2: [1] } });
  await complete(p, 'feedback');
  await complete(p, 'debrief');
  return p.t.call('runs.submit', { profileId: p.profileId, runId: p.runId });
}

describe('a converted KYPO training scores as the platform does', () => {
  it('hints taken, a wrong case, a penalised solution: training 42 of 100, assessment 14 of 20', async () => {
    const p = await startRun(HAND_MADE);
    try {
      expect(await answer(p, 'get-access', 'start')).toBe(true);
      await complete(p, 'get-access');
      // Find the port (20): both hints, 3 + 5 points → 12.
      await hint(p, 'find-the-port');
      await hint(p, 'find-the-port');
      expect(await answer(p, 'find-the-port', '2048')).toBe(false);
      expect(await answer(p, 'find-the-port', '2049')).toBe(true);
      await complete(p, 'find-the-port');
      // Crack the password (30): the answer's case matters; no hint → 30.
      expect(await answer(p, 'crack-the-password', 'ihatemyjob')).toBe(false);
      expect(await answer(p, 'crack-the-password', 'IhateMyJob')).toBe(true);
      await complete(p, 'crack-the-password');
      // Exfiltrate (50): the penalised solution is shown → 0, though the answer is still taken.
      await p.t.call('solution.show', { profileId: p.profileId, runId: p.runId, stageId: 'exfiltrate' });
      expect(await answer(p, 'exfiltrate', 'Secret-42')).toBe(true);
      await complete(p, 'exfiltrate');
      // Knowledge check (20): single 4 + text 5 + matching 5 right, multiple (6) half right → 0.
      await knowledgeCheck(p, { single: true, multiple: false, text: true, matching: true });
      const submitted = await feedbackAndSubmit(p);
      const score = totalsOf(p);
      expect(score.totals).toEqual({ training: { points: 42, max: 100 }, assessment: { points: 14, max: 20 } });
      // The one final score beside them: (42 + 14) ÷ 120.
      expect(submitted.score.auto).toBeCloseTo((56 / 120) * 100, 1);
      expect(submitted.score.passed).toBe(false);
    } finally {
      p.t.engine.close();
    }
  });

  it('an unpenalised solution after a hint, attempts run out: training 40 of 100, assessment 20 of 20', async () => {
    const p = await startRun(HAND_MADE);
    try {
      await answer(p, 'get-access', 'start');
      await complete(p, 'get-access');
      // Find the port (20): no hint → 20.
      expect(await answer(p, 'find-the-port', '2049')).toBe(true);
      await complete(p, 'find-the-port');
      // Crack the password (30): a 10-point hint, then the unpenalised solution → 20.
      await hint(p, 'crack-the-password');
      await p.t.call('solution.show', { profileId: p.profileId, runId: p.runId, stageId: 'crack-the-password' });
      expect(await answer(p, 'crack-the-password', 'IhateMyJob')).toBe(true);
      await complete(p, 'crack-the-password');
      // Exfiltrate (50): two wrong answers use up the limit; the platform then shows the (penalised)
      // solution and still takes the answer → 0.
      expect(await answer(p, 'exfiltrate', 'secret-42')).toBe(false);
      expect(await answer(p, 'exfiltrate', 'Secret 42')).toBe(false);
      const view = await p.t.call('runs.get', { profileId: p.profileId, runId: p.runId });
      expect(taskOf(view, 'exfiltrate').solution).not.toBeNull();
      expect(await answer(p, 'exfiltrate', 'Secret-42')).toBe(true);
      await complete(p, 'exfiltrate');
      await knowledgeCheck(p, { single: true, multiple: true, text: true, matching: true });
      const submitted = await feedbackAndSubmit(p);
      expect(totalsOf(p).totals).toEqual({ training: { points: 40, max: 100 }, assessment: { points: 20, max: 20 } });
      expect(submitted.score.auto).toBeCloseTo((60 / 120) * 100, 1);
    } finally {
      p.t.engine.close();
    }
  });

  it('takes an answer converted from one with spaces around it however the learner spaces it, but never in another case', async () => {
    const p = await startRun(kypoFile((d) => {
      levelNamed(d, 'Find the port').flag = ' 2049\t';
    }));
    try {
      await answer(p, 'get-access', 'start');
      await complete(p, 'get-access');
      expect(await answer(p, 'find-the-port', '2049 ')).toBe(true);
      await complete(p, 'find-the-port');
      expect(await answer(p, 'crack-the-password', '  IHATEMYJOB')).toBe(false);
      expect(await answer(p, 'crack-the-password', '  IhateMyJob')).toBe(true);
    } finally {
      p.t.engine.close();
    }
  });

  it('a real training with a final test, attack-sc-mongodb: training 30 of 50, assessment 75 of 100', async () => {
    const p = await startRun(ATTACK_SC_MONGODB);
    try {
      await answer(p, 'get-access', 'start');
      await complete(p, 'get-access');
      // Network reconnaissance (50): the first hint costs 20 → 30.
      await hint(p, 'network-reconnaissance');
      expect(await answer(p, 'network-reconnaissance', '3306,27017')).toBe(true);
      await complete(p, 'network-reconnaissance');
      // The per-sandbox levels have no answer check here and count for nothing.
      for (const stageId of ['mysql-password-brute-force', 'mongodb-unauthenticated-access', 'telnet-password-guessing', 'privilege-escalation']) await complete(p, stageId);
      const view = await p.t.call('runs.get', { profileId: p.profileId, runId: p.runId });
      const questions = taskOf(view, 'final-assessment').quiz?.questions ?? [];
      const matching = questions.find((q) => q.id === 'q3');
      if (!matching) throw new Error('no matching question');
      const tools: Record<string, string> = { 'Port scanning': 'nmap', 'Brute-forcing MySQL': 'hydra', 'Accessing unauthenticated MongoDB': 'mongosh', 'Querying MySQL database': 'mysql' };
      // q1 right (25), q2 wrong (0), q3 all matched (25), q4 as written (25) → 75.
      await p.t.call('checks.quiz', {
        profileId: p.profileId,
        runId: p.runId,
        stageId: 'final-assessment',
        responses: { q1: [1], q2: [2], q3: matching.lefts.map((left) => matching.choices.indexOf(tools[left] as string)), q4: 'sudo less /home/alice/flag.txt' },
      });
      await complete(p, 'final-assessment');
      const submitted = await p.t.call('runs.submit', { profileId: p.profileId, runId: p.runId });
      expect(totalsOf(p).totals).toEqual({ training: { points: 30, max: 50 }, assessment: { points: 75, max: 100 } });
      expect(submitted.score.auto).toBeCloseTo(70, 5);
    } finally {
      p.t.engine.close();
    }
  });

  it('a real training, junior hacker, played whole: 100 of 100 less the hints taken (2 + 4 + 4)', async () => {
    const p = await startRun(JUNIOR_HACKER);
    try {
      await answer(p, 'get-access', 'start');
      await complete(p, 'get-access');
      const levels: Array<[string, string, number]> = [
        ['getting-to-know-the-environment', '--help', 0],
        ['looking-for-server-s-ip-address', '2049', 2],
        ['connect-to-the-server', 'ssh admin@10.1.26.9', 0],
        ['find-interesting-files', 'invoices2019.zip', 1],
        ['crack-the-password-to-the-zip', 'IhateMyJob', 0],
        ['disable-access-to-the-server-for-an-authorized', 'passwd admin', 0],
      ];
      for (const [stageId, flag, hints] of levels) {
        for (let i = 0; i < hints; i++) await hint(p, stageId);
        expect(await answer(p, stageId, flag)).toBe(true);
        await complete(p, stageId);
      }
      const submitted = await p.t.call('runs.submit', { profileId: p.profileId, runId: p.runId });
      // Hints opened in their order: IP address 2 + 4, interesting files 4 (order 0) → 10 points.
      expect(totalsOf(p).totals).toEqual({ training: { points: 90, max: 100 }, assessment: { points: 0, max: 0 } });
      expect(submitted.score.auto).toBeCloseTo(90, 5);
      expect(submitted.score.passed).toBe(true);
    } finally {
      p.t.engine.close();
    }
  });
});
