// `outpost pack preview <dir> [--port N] [--no-open]`: plays a pack folder as a learner would, in the
// browser, on a throw-away data folder, re-importing it on every save. Runs until Ctrl+C, then
// removes the data folder.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatIssue } from '../../shared/pack/issues.ts';
import type { PreviewStatusView } from '../../shared/api/contract.ts';
import { openBrowser } from '../web/open-browser.ts';
import { startPreviewMode, type PreviewMode } from '../web/preview/preview-mode.ts';
import { UsageError, type CommandContext } from './command.ts';

const ROOT = join(import.meta.dirname, '../..');

export interface PreviewCommandDeps {
  /** Resolves when the author stops the preview; Ctrl+C or a termination signal unless a test says. */
  stopped?: (mode: PreviewMode) => Promise<void>;
  openBrowser?: (url: string) => void;
  staticDir?: string;
}

export async function previewCommand(ctx: CommandContext, args: string[], deps: PreviewCommandDeps = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { port: { type: 'string', default: '0' }, 'no-open': { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const [dir, extra] = positionals;
  if (!dir) throw new UsageError('pack preview needs a pack folder');
  if (extra !== undefined) throw new UsageError(`pack preview takes one folder, not also "${extra}"`);
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) throw new UsageError(`--port must be a port number, not "${values.port}"`);
  const staticDir = deps.staticDir ?? join(ROOT, 'out/renderer');
  const mode = await startPreviewMode({ packDir: dir, port, staticDir, onReload: (status) => report(ctx, status) });
  report(ctx, mode.first);
  ctx.out(`Previewing ${dir}: open ${mode.url}`);
  ctx.out('Saved changes are imported again at once. Press Ctrl+C to stop; the preview data is then removed.');
  if (!values['no-open']) (deps.openBrowser ?? openBrowser)(mode.url);
  // Should the process end some other way than through close() (an uncaught error), the throw-away
  // data folder still goes: nothing of a preview outlives it.
  const removeLeftovers = (): void => rmSync(mode.dataDir, { recursive: true, force: true });
  process.once('exit', removeLeftovers);
  try {
    await (deps.stopped ?? untilSignal)(mode);
  } finally {
    await mode.close();
    process.off('exit', removeLeftovers);
  }
  return 0;
}

function report(ctx: CommandContext, status: PreviewStatusView): void {
  if (status.state === 'ready') ctx.out(`imported ${status.packId ?? ''} as ${status.version ?? ''}: ${status.missionCode ?? 'no mission'} on screen`);
  else for (const issue of status.issues) ctx.err(formatIssue(issue));
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
