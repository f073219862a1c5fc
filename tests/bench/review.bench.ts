// Benchmark: mentor review on a lab with 10,000 submitted runs. Figures are printed beside their
// targets, never asserted:
//   - `reviews.queue` through engine.call, the whole queue, one learner's and the claimed ones, among
//     40,000 reviewed runs (target p90 < 100 ms);
//   - `reviews.open` of a run with 20 evidence files (target p90 < 200 ms).
// The runs are seeded with raw prepared inserts, as the engine benchmark does; the run that is
// opened is played through the API like a learner's.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { engineWithSamplePack, learner, staff, type TestEngine } from '../support/engine-fixture.ts';
import { installReviewPack, playAndSubmit, reviewPackFiles } from '../support/review-fixture.ts';
import { percentile } from './percentile.ts';

const SEED_RUNS = 10_000;
/** Runs already reviewed beside them, as a lab that has worked for a while keeps. */
const SEED_REVIEWED = 40_000;
const SEED_LEARNERS = 500;
const CLAIMED_EVERY = 7;
const QUEUE_CALLS = 40;
const OPEN_CALLS = 40;
const EVIDENCE_FILES = 20;

export async function benchReview(log: (line: string) => void): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-bench-review-'));
  const t = await engineWithSamplePack({ dataDir });
  try {
    const seedStart = performance.now();
    const mentorId = seed(t);
    log(`review seed ${SEED_RUNS.toLocaleString('en')} submitted and ${SEED_REVIEWED.toLocaleString('en')} reviewed runs of ${SEED_LEARNERS} learners: ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const runId = await runWithEvidence(t);
    await t.call('profiles.select', { profileId: mentorId, passphrase: 'correct horse battery staple' });

    const whole = await time(QUEUE_CALLS, () => t.engine.call('reviews.queue', {}));
    const items = (await t.engine.call('reviews.queue', {})) as unknown[];
    report(log, `reviews.queue, whole queue (${items.length.toLocaleString('en')} runs)`, whole, 100);
    const one = t.engine.ctx.db.first(t.engine.ctx.db.q.selectFrom('profiles').select('id').where('display_name', '=', 'Seeded learner 3'));
    report(log, 'reviews.queue, one learner', await time(QUEUE_CALLS, () => t.engine.call('reviews.queue', { learnerId: one?.id })), 100);
    report(log, 'reviews.queue, status claimed', await time(QUEUE_CALLS, () => t.engine.call('reviews.queue', { status: 'claimed' })), 100);
    report(log, `reviews.open, ${EVIDENCE_FILES} evidence files`, await time(OPEN_CALLS, () => t.engine.call('reviews.open', { runId })), 200);
  } finally {
    t.engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Learners, a mentor, and SEED_RUNS submitted runs of the sample missions; every seventh claimed. */
function seed(t: TestEngine): string {
  const { sqlite } = t.engine.ctx.db;
  const missions = (sqlite.prepare('SELECT id FROM missions').all() as Array<{ id: number }>).map((row) => row.id);
  const now = t.clock.now();
  const insertProfile = sqlite.prepare("INSERT INTO profiles (id, display_name, role, team_id, created_at, archived_at) VALUES (?, ?, 'learner', NULL, ?, NULL)");
  const insertRun = sqlite.prepare(`INSERT INTO runs (id, profile_id, mission_id, status, started_at, elapsed_ms, clock_checked_at, current_stage_id, submitted_at, updated_at, ended_by, ended_at, missing_json, submission)
    VALUES (?, ?, ?, 'submitted', ?, ?, ?, NULL, ?, ?, 'learner', ?, '[]', 1)`);
  const insertClaim = sqlite.prepare('INSERT INTO review_claims (run_id, profile_id, claimed_at) VALUES (?, ?, ?)');
  const mentorId = randomUUID();
  sqlite.transaction(() => {
    sqlite.prepare("INSERT INTO profiles (id, display_name, role, team_id, created_at, archived_at) VALUES (?, 'Bench mentor', 'mentor', NULL, ?, NULL)").run(mentorId, now);
    const learners = Array.from({ length: SEED_LEARNERS }, (_, i) => {
      const id = randomUUID();
      insertProfile.run(id, `Seeded learner ${i}`, now);
      return id;
    });
    for (let r = 0; r < SEED_RUNS; r++) {
      const id = randomUUID();
      const submittedAt = now - (SEED_RUNS - r) * 60_000;
      insertRun.run(id, learners[r % SEED_LEARNERS], missions[r % missions.length], submittedAt - 3_600_000, 3_000_000, submittedAt, submittedAt, submittedAt, submittedAt);
      if (r % CLAIMED_EVERY === 0) insertClaim.run(id, mentorId, submittedAt);
    }
    for (let r = 0; r < SEED_REVIEWED; r++) {
      const id = randomUUID();
      const submittedAt = now - (SEED_REVIEWED - r) * 120_000;
      insertRun.run(id, learners[r % SEED_LEARNERS], missions[r % missions.length], submittedAt - 3_600_000, 3_000_000, submittedAt, submittedAt, submittedAt, submittedAt);
    }
    sqlite.prepare("UPDATE runs SET status = 'reviewed', passed = 1, final_score = 80 WHERE rowid > (SELECT max(rowid) FROM runs) - ?").run(SEED_REVIEWED);
  })();
  return mentorId;
}

/** One learner's run of REV-01 with EVIDENCE_FILES files on its first stage, submitted. */
async function runWithEvidence(t: TestEngine): Promise<string> {
  await installReviewPack(t, reviewPackFiles(), t.dataDir);
  const mentor = await staff(t, 'mentor', 'Timing Mentor', false);
  const { db } = t.engine.ctx;
  // The seeded mentor takes the fixture mentor's passphrase hash.
  const secret = db.first(db.q.selectFrom('profile_secrets').selectAll().where('profile_id', '=', mentor));
  const seeded = db.first(db.q.selectFrom('profiles').select('id').where('display_name', '=', 'Bench mentor'));
  if (secret && seeded) db.run(db.q.insertInto('profile_secrets').values({ ...secret, profile_id: seeded.id }));
  const learnerId = await learner(t, 'Timed Learner');
  const started = await t.call('runs.start', { profileId: learnerId, missionId: (await t.call('catalog.list', { profileId: learnerId })).find((m) => m.code === 'REV-01')?.missionId ?? 0 });
  for (let i = 0; i < EVIDENCE_FILES; i++) {
    const body = Buffer.from(`${i}: ${'log line with some words in it\n'.repeat(200)}`);
    await t.engine.uploadEvidence({ profileId: learnerId, runId: started.id, stageId: 'triage', fileName: `part-${i}.log` }, Readable.from([body]));
  }
  await t.call('runs.abandon', { profileId: learnerId, runId: started.id });
  // playAndSubmit starts its own run: move the files onto it.
  const run = await playAndSubmit(t, learnerId);
  db.run(db.q.updateTable('evidence').set({ run_id: run.id }).where('run_id', '=', started.id));
  return run.id;
}

interface Timing { p50: number; p90: number; n: number }

async function time(n: number, call: () => Promise<unknown>): Promise<Timing> {
  await call();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  return { p50: percentile(samples, 50), p90: percentile(samples, 90), n };
}

function report(log: (line: string) => void, name: string, timing: Timing, targetMs: number): void {
  log(`review ${name}: p50 ${timing.p50.toFixed(1)} ms, p90 ${timing.p90.toFixed(1)} ms over ${timing.n} calls (target < ${targetMs} ms; p90/target ${(timing.p90 / targetMs).toFixed(2)})`);
}
