import { describe, expect, it } from 'vitest';
import type { ServerDb } from '../../server/db/open.ts';
import { MISSION, profileRecordOf, pushRecords, reviewRecordOf, runRecordOf, transcript } from './analytics-fixture.ts';
import { testServer } from './sync-server.ts';
import { DATABASES } from './support/databases.ts';

async function runRow(db: ServerDb, runId: string) {
  return db.selectFrom('analytics_runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
}

async function childCounts(db: ServerDb, runId: string): Promise<Record<string, number>> {
  const tables = ['analytics_run_stages', 'analytics_hints', 'analytics_decisions', 'analytics_checks', 'analytics_stage_scores', 'analytics_recipe_reads'] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const rows = await db.selectFrom(table).select('run_id').where('run_id', '=', runId).execute();
    counts[table] = rows.length;
  }
  return counts;
}

describe.each(DATABASES)('analytics tables kept from pushes on %s', (database) => {
  it('fills a run\'s rows from its transcript, names the learner and team, and a final review settles it', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const mo = await t.device('blue', 'Mo', 'mentor');
    const reads = [
      { id: 'read-1', recipeId: 'reading-auth-logs', title: 'Reading auth logs', type: 'guide', stageId: 'recon', openedAt: 1_700_000_000_010, activeMs: 45_000 },
      { id: 'read-2', recipeId: 'sigma-rule-basics', title: 'Sigma basics', type: 'howto', stageId: null, openedAt: 1_700_000_000_020, activeMs: 0 },
    ];
    await pushRecords(t, ana, [profileRecordOf('p-ana', 'Ana Lima'), runRecordOf(transcript('run-1', 'p-ana', { recipeReads: reads }))]);

    expect(await runRow(t.server.db, 'run-1')).toMatchObject({
      profile_id: 'p-ana',
      learner_name: 'Ana Lima',
      team: 'blue',
      pack_id: MISSION.packId,
      pack_version: MISSION.version,
      mission_code: MISSION.code,
      mission_title: 'Triage the alert',
      track: 'blue',
      tier: 'foundation',
      status: 'submitted',
      started_at: 1_700_000_000_000,
      elapsed_ms: 600_000,
      submission: 1,
      final_score: null,
      passed: null,
      ended_by: 'learner',
    });
    expect(await childCounts(t.server.db, 'run-1')).toEqual({ analytics_run_stages: 2, analytics_hints: 1, analytics_decisions: 1, analytics_checks: 2, analytics_stage_scores: 0, analytics_recipe_reads: 2 });
    const stages = await t.server.db.selectFrom('analytics_stages').select(['stage_id', 'title', 'kind', 'position']).orderBy('position').execute();
    expect(stages).toEqual([
      { stage_id: 'recon', title: 'Recon', kind: 'task', position: 0 },
      { stage_id: 'choose', title: 'Choose', kind: 'decision', position: 1 },
      { stage_id: 'report', title: 'Report', kind: 'task', position: 2 },
    ]);
    expect(await t.server.db.selectFrom('analytics_recipes').selectAll().orderBy('recipe_id').execute()).toEqual([
      { recipe_id: 'reading-auth-logs', title: 'Reading auth logs', type: 'guide' },
      { recipe_id: 'sigma-rule-basics', title: 'Sigma basics', type: 'howto' },
    ]);
    expect(await t.server.db.selectFrom('analytics_recipe_reads').selectAll().where('read_id', '=', 'read-1').executeTakeFirst()).toEqual({ read_id: 'read-1', profile_id: 'p-ana', recipe_id: 'reading-auth-logs', run_id: 'run-1', stage_id: 'recon', opened_at: 1_700_000_000_010, active_ms: 45_000 });

    // A draft changes nothing; the final review of the latest submission does.
    await pushRecords(t, mo, [reviewRecordOf('rev-1', 'run-1', { status: 'draft', outcome: null, score: null })]);
    expect((await runRow(t.server.db, 'run-1'))?.status).toBe('submitted');
    await pushRecords(t, mo, [reviewRecordOf('rev-1', 'run-1', { score: 82.5, updatedAt: 1_700_001_000_000 })]);
    expect(await runRow(t.server.db, 'run-1')).toMatchObject({ status: 'reviewed', final_score: 82.5, passed: 1, reviewed_at: 1_700_001_000_000 });
    // Only the rubric-scored lines are stage scores.
    expect(await t.server.db.selectFrom('analytics_stage_scores').select(['stage_id', 'fraction']).where('run_id', '=', 'run-1').execute()).toEqual([{ stage_id: 'recon', fraction: 0.75 }]);

    // A later name for the learner reaches the runs held.
    await pushRecords(t, ana, [profileRecordOf('p-ana', 'Ana L.')]);
    expect((await runRow(t.server.db, 'run-1'))?.learner_name).toBe('Ana L.');
    // The learner's own snapshot after pulling the review keeps it reviewed, with its stage scores.
    await pushRecords(t, ana, [runRecordOf(transcript('run-1', 'p-ana', { status: 'reviewed', finalScore: 82.5, updatedAt: 1_700_002_000_000 }))]);
    expect(await runRow(t.server.db, 'run-1')).toMatchObject({ status: 'reviewed', final_score: 82.5 });
    expect(await childCounts(t.server.db, 'run-1')).toMatchObject({ analytics_stage_scores: 1, analytics_recipe_reads: 2 });
  });

  it('applies a review that came before its run\'s transcript, and a returned run scores nothing', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const mo = await t.device('blue', 'Mo', 'mentor');
    // The server holds the run (an old app's snapshot analytics cannot read) when the review arrives.
    await pushRecords(t, ana, [runRecordOf({ id: 'run-1', profileId: 'p-ana', missionId: 1, status: 'submitted' })]);
    expect(await runRow(t.server.db, 'run-1')).toBeUndefined();
    await pushRecords(t, mo, [reviewRecordOf('rev-1', 'run-1', { outcome: 'failed', score: 40 })]);
    await pushRecords(t, ana, [runRecordOf(transcript('run-1', 'p-ana'))]);
    expect(await runRow(t.server.db, 'run-1')).toMatchObject({ status: 'reviewed', final_score: 40, passed: 0, learner_name: 'Ana' });

    // Returned for rework: no score; the resubmission is not settled by the first review.
    await pushRecords(t, mo, [reviewRecordOf('rev-2', 'run-1', { outcome: 'returned', score: null, updatedAt: 1_700_001_500_000 })]);
    expect(await runRow(t.server.db, 'run-1')).toMatchObject({ status: 'returned', final_score: null, passed: null });
    expect((await childCounts(t.server.db, 'run-1')).analytics_stage_scores).toBe(0);
    await pushRecords(t, ana, [runRecordOf(transcript('run-1', 'p-ana', { submission: 2, updatedAt: 1_700_003_000_000 }))]);
    expect(await runRow(t.server.db, 'run-1')).toMatchObject({ status: 'submitted', submission: 2, final_score: null });
  });

  it('never lets a late, older snapshot overwrite a newer one', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const older = transcript('run-1', 'p-ana', { status: 'in_progress', updatedAt: 1_700_000_100_000 });
    const newer = transcript('run-1', 'p-ana', { status: 'submitted', updatedAt: 1_700_000_900_000 });
    await pushRecords(t, ana, [runRecordOf(newer)]);
    await pushRecords(t, ana, [runRecordOf(older)]);
    expect(await runRow(t.server.db, 'run-1')).toMatchObject({ status: 'submitted', submission: 1, transcript_updated_at: 1_700_000_900_000 });
    // A lower submission loses even with a later clock (the learner's clock may be wrong).
    await pushRecords(t, ana, [runRecordOf(transcript('run-1', 'p-ana', { status: 'in_progress', submission: 0, updatedAt: 1_800_000_000_000 }))]);
    expect((await runRow(t.server.db, 'run-1'))?.status).toBe('submitted');
    // An older review does not undo a newer one either.
    const mo = await t.device('blue', 'Mo', 'mentor');
    await pushRecords(t, mo, [reviewRecordOf('rev-1', 'run-1', { score: 90, updatedAt: 1_700_002_000_000 })]);
    await pushRecords(t, mo, [reviewRecordOf('rev-1', 'run-1', { score: 10, outcome: 'failed', updatedAt: 1_700_001_000_000 })]);
    expect(await runRow(t.server.db, 'run-1')).toMatchObject({ status: 'reviewed', final_score: 90, passed: 1 });
  });

  it('an old app\'s transcript (no mission names, no reads) borrows the names another run brought', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    await pushRecords(t, ana, [runRecordOf(transcript('run-old', 'p-ana', { withInfo: false }))]);
    expect(await runRow(t.server.db, 'run-old')).toMatchObject({ mission_title: MISSION.code, track: '', tier: '' });
    await pushRecords(t, ana, [runRecordOf(transcript('run-new', 'p-ana'))]);
    expect(await runRow(t.server.db, 'run-old')).toMatchObject({ mission_title: 'Triage the alert', track: 'blue', tier: 'foundation' });
    await pushRecords(t, ana, [runRecordOf(transcript('run-old-2', 'p-ana', { withInfo: false }))]);
    expect(await runRow(t.server.db, 'run-old-2')).toMatchObject({ mission_title: 'Triage the alert', track: 'blue' });
  });

  it('one learner\'s mission names cannot rename other people\'s runs, and honest stages come back', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const rex = await t.device('red', 'Rex');
    await pushRecords(t, ana, [runRecordOf(transcript('run-ana', 'p-ana'))]);
    const forged = { ...transcript('run-rex', 'p-rex'), missionInfo: { title: 'Pwned', track: 'red', tier: 'x', stages: [{ stageId: 'fake', title: 'Fake', kind: 'task' as const, position: 0 }] } };
    await pushRecords(t, rex, [runRecordOf(forged)]);
    expect(await runRow(t.server.db, 'run-ana')).toMatchObject({ mission_title: 'Triage the alert', track: 'blue', tier: 'foundation' });
    expect(await runRow(t.server.db, 'run-rex')).toMatchObject({ mission_title: 'Pwned', track: 'red' });
    await pushRecords(t, ana, [runRecordOf(transcript('run-ana-2', 'p-ana'))]);
    const stages = await t.server.db.selectFrom('analytics_stages').select('stage_id').orderBy('position').execute();
    expect(stages.map((s) => s.stage_id)).toEqual(['recon', 'choose', 'report']);
  });

  it('skips and logs hostile payloads without failing the push or touching other runs', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const ben = await t.device('blue', 'Ben');
    await pushRecords(t, ben, [runRecordOf(transcript('run-ben', 'p-ben'))]);
    const before = await runRow(t.server.db, 'run-ben');
    const good = transcript('run-ok', 'p-ana');
    const hostile = [
      // Beyond what a bigint holds, a fraction of a millisecond, a NUL PostgreSQL refuses.
      { ...transcript('run-h1', 'p-ana'), run: { ...good.run, started_at: 1e300 } },
      { ...transcript('run-h2', 'p-ana'), stages: [{ ...good.stages[0]!, active_ms: 1.5 }] },
      { ...transcript('run-h3', 'p-ana'), decisions: [{ stage_id: 'choose\u0000', option_id: 'x', score_delta: 0, taken_at: 1 }] },
      // Naming another learner's run inside its own record, or another run than the record's.
      { ...transcript('run-h4', 'p-ana'), id: 'run-ben' },
      { ...transcript('run-h5', 'p-ana'), recipeReads: [{ id: 'r', recipeId: 'x'.repeat(5_000), title: 't', type: 't', stageId: null, openedAt: 1, activeMs: 1 }] },
      { ...transcript('run-h6', 'p-ana'), hints: 'many' },
      // Twice the same stage in the mission's list: the database would refuse the second row.
      { ...transcript('run-h7', 'p-ana'), missionInfo: { title: 'T', track: 'blue', tier: 'x', stages: [{ stageId: 's', title: 'a', kind: 'task', position: 0 }, { stageId: 's', title: 'b', kind: 'task', position: 1 }] } },
    ];
    const records = [...hostile.map((payload, index) => runRecordOf(payload, `run-h${index + 1}`)), runRecordOf(good)];
    const answer = await t.post('/v1/push', { deviceId: ana.deviceId, events: { fromSeq: 1, toSeq: 0, items: [] }, records }, ana.token);
    expect(answer.status).toBe(200);
    expect(answer.body.acceptedRecords).toHaveLength(records.length);
    // Every snapshot is held for pulls; analytics took the good one and the one whose duplicate stage it settles.
    expect(await t.count('records')).toBe(records.length + 1);
    const runs = await t.server.db.selectFrom('analytics_runs').select('run_id').orderBy('run_id').execute();
    expect(runs.map((row) => row.run_id)).toEqual(['run-ben', 'run-h7', 'run-ok']);
    expect(await runRow(t.server.db, 'run-ben')).toEqual(before);
    const skipped = t.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'a record was left out of analytics');
    expect(skipped.map((line) => line.recordId)).toEqual(['run-h1', 'run-h2', 'run-h3', 'run-h4', 'run-h5', 'run-h6']);
    expect(String(skipped[3]?.reason)).toContain('carries run run-ben');

    // A review of a mentor with a poisoned breakdown still settles the run, its bad lines left out.
    const mo = await t.device('blue', 'Mo', 'mentor');
    const review = reviewRecordOf('rev-ok', 'run-ok', { lines: [{ stageId: 'recon', source: 'rubric', fraction: 7 }, { stageId: 'report', source: 'rubric', fraction: 0.5 }] });
    const bad = { ...reviewRecordOf('rev-bad', 'run-ok'), payload: { ...reviewRecordOf('rev-bad', 'run-ok').payload, score: 'lots' } };
    expect((await t.post('/v1/push', { deviceId: mo.deviceId, events: { fromSeq: 1, toSeq: 0, items: [] }, records: [bad, review] }, mo.token)).status).toBe(200);
    expect(await runRow(t.server.db, 'run-ok')).toMatchObject({ status: 'reviewed', final_score: 82 });
    expect(await t.server.db.selectFrom('analytics_stage_scores').select(['stage_id', 'fraction']).where('run_id', '=', 'run-ok').execute()).toEqual([{ stage_id: 'report', fraction: 0.5 }]);
  });

  it('a retried push changes nothing, and a claim on the review topic is not a review', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const mo = await t.device('blue', 'Mo', 'mentor');
    const record = runRecordOf(transcript('run-1', 'p-ana'));
    await pushRecords(t, ana, [record]);
    await pushRecords(t, ana, [record]);
    expect(await childCounts(t.server.db, 'run-1')).toMatchObject({ analytics_run_stages: 2, analytics_checks: 2 });
    const claim = { topic: 'review' as const, recordId: 'claim:run-1', idempotencyKey: 'claim-1', payload: { kind: 'claim', runId: 'run-1', profileId: 'p-mo', claimedAt: 1, released: false, at: 1 } };
    await pushRecords(t, mo, [claim]);
    expect(t.logs.some((line) => line.includes('left out of analytics'))).toBe(false);
    expect((await runRow(t.server.db, 'run-1'))?.status).toBe('submitted');
  });
});
