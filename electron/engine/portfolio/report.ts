// Writes a passed run's portfolio report into the learner's portfolio folder
// (<data folder>/portfolio/<profile id>/<mission code>-<date>.html) and records it. The report is
// derived data, written again from the run's records whenever asked: the act records a
// `portfolio.generated` event and no outbox row, since the records it is made from travel already.
import { randomUUID, createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../../../shared/api/errors.ts';
import type { PortfolioEntryView } from '../../../shared/api/views.ts';
import type { EngineContext } from '../context.ts';
import { recordEvent } from '../telemetry/record-event.ts';
import { entryById } from './entries.ts';
import { buildReportHtml } from './report-html.ts';
import { inlineEvidence, snapshotReport } from './report-gather.ts';

export const PORTFOLIO_FOLDER = 'portfolio';

export async function generatePortfolioReport(ctx: EngineContext, runId: string): Promise<PortfolioEntryView> {
  const { db } = ctx;
  const { data, existing } = db.transaction(() => {
    const run = db.first(db.q.selectFrom('runs').selectAll().where('id', '=', runId));
    if (!run) throw new ApiError('not_found', `There is no run ${runId}.`);
    if (run.status !== 'reviewed' || run.passed !== 1) throw new ApiError('invalid_state', 'Only a passed run has a portfolio report.', { status: run.status });
    const existing = db.first(db.q.selectFrom('portfolio_reports').select(['id', 'file_path']).where('run_id', '=', runId));
    return { data: snapshotReport(ctx, ctx.missions.get(run.mission_id), run, existing?.id ?? randomUUID()), existing };
  });
  // The images are read outside any transaction: a write lock is never held across file reads.
  await inlineEvidence(ctx, data);
  const html = Buffer.from(buildReportHtml(data), 'utf8');
  const profileId = db.first(db.q.selectFrom('runs').select('profile_id').where('id', '=', runId))?.profile_id ?? '';
  const relative = existing?.file_path ?? freeReportPath(ctx, profileId, data.mission.code, data.review?.reviewedAt ?? data.generatedAt);
  await writeWhole(join(ctx.dataDir, relative), html);
  const sha256 = createHash('sha256').update(html).digest('hex');
  const now = ctx.clock.now();
  db.transaction(() => {
    db.run(
      db.q
        .insertInto('portfolio_reports')
        .values({ id: data.reportId, run_id: runId, profile_id: profileId, file_path: relative, sha256, size: html.length, created_at: now })
        .onConflict((oc) => oc.column('run_id').doUpdateSet({ sha256, size: html.length, created_at: now })),
    );
    recordEvent(ctx, { verb: 'portfolio.generated', objectType: 'run', objectId: runId, profileId, runId, context: { reportId: data.reportId, missionCode: data.mission.code }, result: { sha256 } });
  });
  const entry = entryById(ctx, data.reportId);
  if (!entry) throw new ApiError('internal', 'The portfolio report was not recorded.');
  return entry;
}

/** `portfolio/<profile>/<CODE>-<yyyy-mm-dd>.html`, with `-2`, `-3`… when the mission was passed twice that day. */
function freeReportPath(ctx: EngineContext, profileId: string, code: string, at: number): string {
  const safeCode = code.replace(/[^A-Za-z0-9-]/g, '-');
  const date = new Date(at).toISOString().slice(0, 10);
  const taken = new Set(ctx.db.all(ctx.db.q.selectFrom('portfolio_reports').select('file_path').where('profile_id', '=', profileId)).map((r) => r.file_path));
  for (let n = 1; ; n++) {
    const path = `${PORTFOLIO_FOLDER}/${profileId}/${safeCode}-${date}${n === 1 ? '' : `-${n}`}.html`;
    if (!taken.has(path)) return path;
  }
}

/** Written beside its place and renamed into it, so a reader never sees half a report. */
async function writeWhole(path: string, bytes: Buffer): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const temporary = `${path}.${randomUUID()}.part`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}
