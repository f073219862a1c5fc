// The portfolio's methods of the API table, kept beside the feature so the handler table stays thin:
// list, read, and the desktop app's save dialogs for the zip and a report's PDF.
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { ApiHandlers } from '../../../shared/api/contract.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { SIGNED_IN } from '../../../shared/api/roles.ts';
import { requireAccess, requireOwnProfile } from '../access/authorize.ts';
import type { EngineContext } from '../context.ts';
import { listPortfolio, portfolioOwner, portfolioZip, portfolioZipName, readPortfolioReport } from './entries.ts';

type PortfolioHandlers = Pick<ApiHandlers, 'portfolio.list' | 'portfolio.get' | 'portfolio.export' | 'portfolio.pdf'>;

export function portfolioHandlers(ctx: EngineContext): PortfolioHandlers {
  return {
    'portfolio.list': ({ profileId, learnerId }) => listPortfolio(ctx, portfolioOwner(ctx, profileId, learnerId)),
    'portfolio.get': async ({ profileId, entryId }) => ({ html: (await readPortfolioReport(ctx, profileId, entryId)).html.toString('utf8') }),
    'portfolio.export': async ({ profileId, learnerId }) => {
      const owner = portfolioOwner(ctx, profileId, learnerId);
      if (ctx.host.kind === 'browser') throw new ApiError('unavailable', 'In browser mode, download the zip instead.');
      const path = await ctx.host.chooseSavePath({ title: 'Export the portfolio', defaultName: portfolioZipName(ctx, owner), extensions: ['zip'] });
      if (path) await pipeline(portfolioZip(ctx, owner), createWriteStream(path));
      return { path };
    },
    'portfolio.pdf': async ({ profileId, entryId }) => {
      const { entry } = await readPortfolioReport(ctx, profileId, entryId);
      const print = ctx.host.printToPdf;
      if (!print) throw new ApiError('unavailable', 'Here, open the report and use the browser\'s Print to save it as a PDF.');
      const row = ctx.db.first(ctx.db.q.selectFrom('portfolio_reports').select('file_path').where('id', '=', entryId));
      if (!row) throw new ApiError('not_found', 'There is no such portfolio report.');
      const path = await ctx.host.chooseSavePath({ title: 'Save the report as PDF', defaultName: entry.fileName.replace(/\.html$/, '.pdf'), extensions: ['pdf'] });
      if (path) await writeFile(path, await print(join(ctx.dataDir, row.file_path)));
      return { path };
    },
  };
}

const downloadQuery = z.strictObject({ profileId: z.string().min(1).max(100), learnerId: z.string().min(1).max(100).optional() });

/**
 * Browser mode's download of the whole portfolio (GET /api/download/portfolio): the same roles as
 * `portfolio.export`, checked before anything is read.
 */
export function portfolioDownload(ctx: EngineContext, query: unknown): { fileName: string; stream: Readable } {
  const who = requireAccess(ctx.session, SIGNED_IN, 'download a portfolio');
  const parsed = downloadQuery.safeParse(query);
  if (!parsed.success) throw new ApiError('invalid_input', 'A portfolio download needs profileId (and, for a mentor or an admin, learnerId) in its query.');
  requireOwnProfile(who, parsed.data);
  ctx.session.touch();
  const owner = portfolioOwner(ctx, parsed.data.profileId, parsed.data.learnerId);
  return { fileName: portfolioZipName(ctx, owner), stream: portfolioZip(ctx, owner) };
}
