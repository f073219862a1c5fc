// The portfolio as the screens read it: a learner's reports, one report's HTML, and the whole folder
// as one zip. A learner reads only their own; a mentor or an admin may read any learner's.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import yazl from 'yazl';
import { ApiError } from '../../../shared/api/errors.ts';
import { allows, STAFF } from '../../../shared/api/roles.ts';
import type { PortfolioEntryView } from '../../../shared/api/views.ts';
import type { EngineContext } from '../context.ts';

function entries(ctx: EngineContext) {
  const { db } = ctx;
  return db.q
    .selectFrom('portfolio_reports as p')
    .innerJoin('runs as r', 'r.id', 'p.run_id')
    .innerJoin('missions as m', 'm.id', 'r.mission_id')
    .innerJoin('pack_versions as v', 'v.id', 'm.pack_version_id')
    .select(['p.id', 'p.run_id', 'p.profile_id', 'p.file_path', 'p.sha256', 'p.size', 'p.created_at', 'm.code', 'm.title', 'v.title as pack_title', 'v.version', 'r.final_score', 'r.reviewed_at'])
    .select((eb) =>
      eb
        .selectFrom('reviews as w')
        .innerJoin('profiles as mentor', 'mentor.id', 'w.reviewer_id')
        .select('mentor.display_name')
        .whereRef('w.run_id', '=', 'p.run_id')
        .where('w.status', '=', 'final')
        .orderBy('w.updated_at', 'desc')
        .limit(1)
        .as('reviewer_name'),
    );
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof entries>['executeTakeFirstOrThrow']>>;

function toView(row: EntryRow): PortfolioEntryView {
  return {
    id: row.id,
    runId: row.run_id,
    profileId: row.profile_id,
    missionCode: row.code,
    missionTitle: row.title,
    packTitle: row.pack_title,
    packVersion: row.version,
    score: row.final_score,
    reviewerName: row.reviewer_name ?? null,
    reviewedAt: row.reviewed_at,
    fileName: basename(row.file_path),
    size: row.size,
    sha256: row.sha256,
    createdAt: row.created_at,
  };
}

export function entryById(ctx: EngineContext, entryId: string): PortfolioEntryView | null {
  const row = ctx.db.first(entries(ctx).where('p.id', '=', entryId));
  return row ? toView(row) : null;
}

/** Whose portfolio the caller may read: their own, or, for a mentor or an admin, the learner they name. */
export function portfolioOwner(ctx: EngineContext, profileId: string, learnerId: string | undefined): string {
  if (learnerId === undefined || learnerId === profileId) return profileId;
  if (!allows(STAFF, ctx.session.current()?.role ?? null)) throw new ApiError('forbidden', 'Only a mentor or an admin may read another person\'s portfolio.');
  return learnerId;
}

export function listPortfolio(ctx: EngineContext, ownerId: string): PortfolioEntryView[] {
  return ctx.db.all(entries(ctx).where('p.profile_id', '=', ownerId).orderBy('p.created_at', 'desc').orderBy('p.id')).map(toView);
}

/** The report's file, for its owner or a mentor or an admin; anyone else learns only that they may not. */
export async function readPortfolioReport(ctx: EngineContext, profileId: string, entryId: string): Promise<{ entry: PortfolioEntryView; html: Buffer }> {
  const row = ctx.db.first(ctx.db.q.selectFrom('portfolio_reports').select(['profile_id', 'file_path']).where('id', '=', entryId));
  if (!row || (row.profile_id !== profileId && !allows(STAFF, ctx.session.current()?.role ?? null))) {
    throw new ApiError(row ? 'forbidden' : 'not_found', row ? 'This portfolio report belongs to another profile.' : 'There is no such portfolio report.');
  }
  const entry = entryById(ctx, entryId);
  const html = await readFile(join(ctx.dataDir, row.file_path)).catch(() => null);
  if (!entry || !html) throw new ApiError('not_found', 'The report file is missing from the portfolio folder.');
  return { entry, html };
}

/** Every report of the owner in one zip, streamed as it is made. */
export function portfolioZip(ctx: EngineContext, ownerId: string): Readable {
  const zip = new yazl.ZipFile();
  // yazl's output is a PassThrough; its typings name only the older stream interface.
  const output = zip.outputStream as Readable;
  const list = listPortfolio(ctx, ownerId);
  void (async () => {
    try {
      for (const entry of list) {
        const row = ctx.db.first(ctx.db.q.selectFrom('portfolio_reports').select('file_path').where('id', '=', entry.id));
        if (!row) continue;
        zip.addBuffer(await readFile(join(ctx.dataDir, row.file_path)), entry.fileName, { mtime: new Date(entry.createdAt) });
      }
      zip.end();
    } catch (error) {
      output.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return output;
}

export function portfolioZipName(ctx: EngineContext, ownerId: string): string {
  const name = ctx.db.first(ctx.db.q.selectFrom('profiles').select('display_name').where('id', '=', ownerId))?.display_name ?? 'learner';
  return `portfolio-${name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'learner'}.zip`;
}
