import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalyticsOptions, HeatmapView, MissionPerformanceView } from '../../shared/api/analytics-views.ts';
import { MISSION, pushRecords, reviewRecordOf, runRecordOf, transcript } from './analytics-fixture.ts';
import { testServer } from './sync-server.ts';
import { DATABASES } from './support/databases.ts';

const CLI = join(import.meta.dirname, '../../server/cli.ts');

describe.each(DATABASES)('outpost-server analytics on %s', (kind) => {
  it('prints every team\'s dashboards as JSON or CSV, and refuses a question it cannot ask', async () => {
    const t = await testServer(kind);
    const ana = await t.device('blue', 'Ana');
    const rex = await t.device('red', 'Rex');
    const mo = await t.device('blue', 'Mo', 'mentor');
    await pushRecords(t, ana, [runRecordOf(transcript('a-1', 'p-ana', { startedAt: Date.UTC(2026, 10, 2, 9) }))]);
    await pushRecords(t, rex, [runRecordOf(transcript('r-1', 'p-rex', { startedAt: Date.UTC(2026, 10, 20, 9) })), runRecordOf(transcript('r-2', 'p-rex', { status: 'abandoned', startedAt: Date.UTC(2026, 10, 21, 9) }))]);
    await pushRecords(t, mo, [reviewRecordOf('rev-a', 'a-1', { score: 88 })]);
    const where = ['--data-dir', t.dataDir, ...(t.database ? ['--database', t.database] : [])];
    const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, 'analytics', ...args, ...where], { encoding: 'utf8' });

    const options = cli('options');
    expect(options.status).toBe(0);
    const opts = JSON.parse(options.stdout) as AnalyticsOptions;
    expect(opts.teams).toEqual(['blue', 'red']);
    expect(opts.runs).toBe(3);

    const mission = cli('mission', '--pack', MISSION.packId, '--version', MISSION.version, '--mission', MISSION.code, '--from', '2026-11-15');
    expect(mission.status, mission.stderr).toBe(0);
    expect((JSON.parse(mission.stdout) as MissionPerformanceView).summary).toMatchObject({ starts: 2, submissions: 1 });
    const blue = cli('mission', '--pack', MISSION.packId, '--version', MISSION.version, '--mission', MISSION.code, '--team', 'blue');
    expect((JSON.parse(blue.stdout) as MissionPerformanceView).summary).toMatchObject({ starts: 1, reviewed: 1, passed: 1 });

    const heatmap = JSON.parse(cli('heatmap', '--tz=-120').stdout) as HeatmapView;
    expect(heatmap.learners.map((l) => l.team)).toEqual(['blue', 'red']);
    expect(heatmap.tzOffsetMinutes).toBe(-120);

    const csv = cli('heatmap', '--csv');
    expect(csv.status).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('packId,version,missionCode,missionTitle,learnerId,learnerName,team,runId,status,score,runs');
    expect(lines.slice(1).sort()).toEqual([
      `${MISSION.packId},${MISSION.version},${MISSION.code},Triage the alert,p-ana,Ana,blue,a-1,passed,88,1`,
      `${MISSION.packId},${MISSION.version},${MISSION.code},Triage the alert,p-rex,Rex,red,r-2,abandoned,,2`,
    ]);
    const cohortCsv = cli('cohort', '--pack', MISSION.packId, '--version', MISSION.version, '--mission', MISSION.code, '--csv');
    expect(cohortCsv.stdout.split('\n')[1]).toMatch(/^a-1,p-ana,Ana,blue,88,true,/);
    // A name a spreadsheet would run as a formula is written as text.
    await t.server.db.updateTable('analytics_runs').set({ learner_name: '=SUM(1,2)' }).where('profile_id', '=', 'p-ana').execute();
    expect(cli('heatmap', '--csv', '--team', 'blue').stdout.split('\n')[1]).toContain(`,p-ana,"'=SUM(1,2)",blue,`);

    expect(cli('leaderboard')).toMatchObject({ status: 2, stderr: expect.stringContaining('No view "leaderboard"') });
    expect(cli('mission', '--pack', MISSION.packId)).toMatchObject({ status: 2, stderr: expect.stringContaining('give --pack, --version and --mission') });
    expect(cli('recipes', '--from', 'soon')).toMatchObject({ status: 2, stderr: expect.stringContaining('--from must be a date') });
    expect(cli('recipes', '--from', '2026-12-01', '--to', '2026-11-01')).toMatchObject({ status: 2, stderr: expect.stringContaining('ends before it starts') });
    expect(cli('heatmap', '--tz', '9999')).toMatchObject({ status: 2, stderr: expect.stringContaining('--tz must be minutes east of UTC, a multiple of 15') });
  });
});
