// Crash safety: a child process plays an endless stream of learner calls on a real data folder and
// is killed with SIGKILL in the middle of it. The database it leaves must be sound, open normally,
// and hold every act whole: the change, its event and its outbox row, or none of them.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/connection.ts';
import { BlobStore } from '../../electron/engine/blobs/blob-store.ts';
import { databaseFile } from '../../electron/engine/host/data-dir.ts';

const CHILD = join(import.meta.dirname, 'crash-child.ts');

// Data folders made inside the tests, removed after the file (tempDir() registers its clean-up with
// afterAll, which does not run when it is called from inside a test).
const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});
function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-crash-'));
  dataDirs.push(dir);
  return dir;
}

interface Killed {
  /** Calls the child reported complete before the kill. */
  calls: number;
  /** Lines of calls that failed inside the engine rather than being refused. */
  internal: string[];
}

/** Starts the child on `dataDir`, waits for `killAfter` completed calls, then kills it with SIGKILL. */
function runAndKill(dataDir: string, seed: number, killAfter: number): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let calls = 0;
    let pending = '';
    let stderr = '';
    let killed = false;
    const internal: string[] = [];
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child made only ${calls} calls in 15 s; stderr: ${stderr.slice(-2000)}`));
    }, 15_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        calls += 1;
        if (line.split(' ')[1] === 'internal') internal.push(line);
      }
      if (!killed && calls >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timeout);
      if (!killed || signal !== 'SIGKILL') reject(new Error(`the child ended on its own (code ${code}, signal ${signal}) after ${calls} calls: ${stderr.slice(-2000)}`));
      else resolve({ calls, internal });
    });
  });
}

function count(db: Db, sql: string): number {
  return (db.sqlite.prepare(sql).get() as { n: number }).n;
}

/** Rows that break a rule; each query returns the offenders, so a failure names them. */
function offenders(db: Db, sql: string): unknown[] {
  return db.sqlite.prepare(sql).all();
}

/** Everything a crash must not break, checked on the database the killed child left. */
function expectConsistent(dataDir: string): void {
  const db = openDatabase(databaseFile(dataDir));
  try {
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);

    // Each act of the stream happened at least once, so the checks below are not vacuous.
    for (const table of ['runs', 'run_stages', 'hint_reveals', 'check_attempts', 'evidence', 'reflections', 'decisions']) {
      expect(count(db, `SELECT count(*) AS n FROM ${table}`), `rows in ${table}`).toBeGreaterThan(0);
    }

    // A revealed hint has exactly one 'hint.revealed' event for its run, stage and index, and back.
    expect(offenders(db, `
      SELECT h.run_id, h.stage_id, h.hint_index, count(e.seq) AS events FROM hint_reveals h
      LEFT JOIN events e ON e.run_id = h.run_id AND e.verb = 'hint.revealed'
        AND json_extract(e.context_json, '$.stageId') = h.stage_id AND json_extract(e.context_json, '$.index') = h.hint_index
      GROUP BY h.run_id, h.stage_id, h.hint_index HAVING count(e.seq) <> 1`)).toEqual([]);
    expect(count(db, `SELECT count(*) AS n FROM events WHERE verb = 'hint.revealed'`)).toBe(count(db, 'SELECT count(*) AS n FROM hint_reveals'));

    // Every check attempt has exactly one 'check.answered' event: answers by their attempt number,
    // quizzes (one per stage) by their stage; and there is no event without its attempt.
    expect(offenders(db, `
      WITH attempts AS (
        SELECT a.*, row_number() OVER (PARTITION BY a.run_id, a.stage_id, a.kind ORDER BY a.id) AS attempt FROM check_attempts a)
      SELECT a.id, a.run_id, a.stage_id, a.kind, count(e.seq) AS events FROM attempts a
      LEFT JOIN events e ON e.run_id = a.run_id AND e.verb = 'check.answered'
        AND e.object_id LIKE '%/' || a.stage_id AND json_extract(e.context_json, '$.kind') = a.kind
        AND (a.kind = 'quiz' OR json_extract(e.context_json, '$.attempt') = a.attempt)
      GROUP BY a.id HAVING count(e.seq) <> 1`)).toEqual([]);
    expect(count(db, `SELECT count(*) AS n FROM events WHERE verb = 'check.answered'`)).toBe(count(db, 'SELECT count(*) AS n FROM check_attempts'));

    // Every evidence file has its 'evidence.added' event, its outbox row and its blob on disk.
    expect(offenders(db, `
      SELECT v.id, (SELECT count(*) FROM events e WHERE e.verb = 'evidence.added' AND e.object_id = v.id AND e.run_id = v.run_id) AS events,
        (SELECT count(*) FROM outbox o WHERE o.topic = 'evidence' AND o.record_id = v.id) AS outbox
      FROM evidence v WHERE events <> 1 OR outbox <> 1`)).toEqual([]);
    expect(offenders(db, `SELECT e.object_id FROM events e WHERE e.verb = 'evidence.added' AND NOT EXISTS (SELECT 1 FROM evidence v WHERE v.id = e.object_id)`)).toEqual([]);
    const blobs = new BlobStore(dataDir);
    const missing = db.sqlite.prepare('SELECT DISTINCT sha256 FROM evidence').pluck().all().filter((sha) => !existsSync(blobs.pathOf(sha as string)));
    expect(missing).toEqual([]);

    // Every run has exactly one 'mission.started' event and one outbox snapshot, and the snapshot
    // agrees with the run on what acts change together with it: its status and its current stage.
    expect(offenders(db, `
      SELECT r.id, (SELECT count(*) FROM events e WHERE e.verb = 'mission.started' AND e.run_id = r.id) AS started,
        (SELECT count(*) FROM outbox o WHERE o.topic = 'run' AND o.record_id = r.id) AS outbox
      FROM runs r WHERE started <> 1 OR outbox <> 1`)).toEqual([]);
    // A run knows where its events begin: at its own mission.started event.
    expect(offenders(db, `
      SELECT r.id, r.first_event_seq FROM runs r
      WHERE r.first_event_seq IS NOT (SELECT e.seq FROM events e WHERE e.verb = 'mission.started' AND e.run_id = r.id)`)).toEqual([]);
    expect(offenders(db, `
      SELECT r.id, r.status, r.current_stage_id, o.payload_json FROM runs r JOIN outbox o ON o.topic = 'run' AND o.record_id = r.id
      WHERE json_extract(o.payload_json, '$.status') IS NOT r.status OR json_extract(o.payload_json, '$.currentStageId') IS NOT r.current_stage_id`)).toEqual([]);
    // A run's end is recorded with it: abandoned runs have their event, submitted runs theirs.
    expect(offenders(db, `
      SELECT r.id, r.status, (SELECT count(*) FROM events e WHERE e.run_id = r.id AND e.verb = 'mission.abandoned') AS abandoned,
        (SELECT count(*) FROM events e WHERE e.run_id = r.id AND e.verb IN ('mission.submitted', 'mission.auto-submitted')) AS submitted
      FROM runs r WHERE abandoned <> (r.status = 'abandoned') OR submitted <> (r.status = 'submitted')`)).toEqual([]);

    // The path: each stage on it was entered once with its event; each decision taken once with its event.
    expect(offenders(db, `
      SELECT s.run_id, s.stage_id, (SELECT count(*) FROM events e WHERE e.run_id = s.run_id AND e.verb = 'stage.entered' AND e.object_id LIKE '%/' || s.stage_id) AS events
      FROM run_stages s WHERE events <> 1`)).toEqual([]);
    expect(offenders(db, `
      SELECT r.id, r.current_stage_id FROM runs r WHERE r.status = 'in_progress' AND r.current_stage_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM run_stages s WHERE s.run_id = r.id AND s.stage_id = r.current_stage_id AND s.completed_at IS NULL)`)).toEqual([]);
    expect(offenders(db, `
      SELECT d.run_id, d.stage_id, (SELECT count(*) FROM events e WHERE e.run_id = d.run_id AND e.verb = 'decision.taken' AND e.object_id LIKE '%/' || d.stage_id) AS events
      FROM decisions d WHERE events <> 1`)).toEqual([]);

    // Each reflection has its outbox snapshot, holding the saved text, and at least one event.
    expect(offenders(db, `
      SELECT f.run_id, o.payload_json FROM reflections f LEFT JOIN outbox o ON o.topic = 'reflection' AND o.record_id = f.run_id
      WHERE o.id IS NULL OR json_extract(o.payload_json, '$.text') IS NOT f.text
        OR NOT EXISTS (SELECT 1 FROM events e WHERE e.run_id = f.run_id AND e.verb = 'reflection.saved')`)).toEqual([]);

    // Each written response has its outbox snapshot, holding the saved text, and at least one event;
    // a completed stage whose response is required was completed with enough words.
    expect(offenders(db, `
      SELECT r.run_id, r.stage_id, o.payload_json FROM stage_responses r LEFT JOIN outbox o ON o.topic = 'response' AND o.record_id = r.run_id || '/' || r.stage_id
      WHERE o.id IS NULL OR json_extract(o.payload_json, '$.text') IS NOT r.text OR json_extract(o.payload_json, '$.words') IS NOT r.word_count
        OR NOT EXISTS (SELECT 1 FROM events e WHERE e.run_id = r.run_id AND e.verb = 'response.saved' AND e.object_id LIKE '%/' || r.stage_id)`)).toEqual([]);
    expect(offenders(db, `
      SELECT s.run_id, s.stage_id, json_extract(st.value, '$.response.min_words') AS needed, r.word_count FROM run_stages s
        JOIN runs ru ON ru.id = s.run_id
        JOIN missions m ON m.id = ru.mission_id
        JOIN json_each(m.definition_json, '$.stages') st ON json_extract(st.value, '$.id') = s.stage_id
        LEFT JOIN stage_responses r ON r.run_id = s.run_id AND r.stage_id = s.stage_id
      WHERE s.completed_at IS NOT NULL AND json_extract(st.value, '$.response.required') = 1
        AND coalesce(r.word_count, 0) < max(json_extract(st.value, '$.response.min_words'), 1)`)).toEqual([]);

    // Every profile has its outbox row; no event refers to a run that does not exist.
    expect(offenders(db, `SELECT p.id FROM profiles p WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.topic = 'profile' AND o.record_id = p.id)`)).toEqual([]);
    expect(offenders(db, `SELECT e.seq, e.verb, e.run_id FROM events e WHERE e.run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = e.run_id)`)).toEqual([]);
  } finally {
    db.close();
  }
}

describe('an engine killed with SIGKILL in the middle of a stream of calls', () => {
  it.each([
    { killAfter: 180, seed: 11 },
    { killAfter: 400, seed: 23 },
    { killAfter: 650, seed: 37 },
  ])('leaves a sound database with every act whole when killed after $killAfter calls', async ({ killAfter, seed }) => {
    const dataDir = freshDataDir();
    const killed = await runAndKill(dataDir, seed, killAfter);
    expect(killed.calls).toBeGreaterThanOrEqual(killAfter);
    expect(killed.internal).toEqual([]);
    expectConsistent(dataDir);
  });

  it('opens the crashed data folder again, carries on, and stays whole through a second and third kill', async () => {
    const dataDir = freshDataDir();
    for (const [round, killAfter] of [220, 300, 380].entries()) {
      const killed = await runAndKill(dataDir, 100 + round, killAfter);
      expect(killed.internal).toEqual([]);
      expectConsistent(dataDir);
    }
  });
});
