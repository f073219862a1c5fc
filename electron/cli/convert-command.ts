// `outpost pack convert <source> --from kypo|ctfd --out <dir>`: another platform's content as a pack,
// and a report of every field with no place in it and every default filled in.
import { convertSource } from '../engine/packs/convert/convert.ts';
import { ConvertError, CONVERT_SOURCES, type ConversionReport, type ConvertSource } from '../engine/packs/convert/pack-draft.ts';
import { writePackDraft } from '../engine/packs/convert/write-pack-draft.ts';
import { formatIssue } from '../../shared/pack/issues.ts';
import { UsageError, type CommandContext } from './command.ts';

export async function convertCommand(ctx: CommandContext, source: string, flags: { from?: string; out?: string; json: boolean; id?: string; group?: string }): Promise<number> {
  if (!flags.from || !(CONVERT_SOURCES as readonly string[]).includes(flags.from)) throw new UsageError(`pack convert needs --from ${CONVERT_SOURCES.join('|')}`);
  if (!flags.out) throw new UsageError('pack convert needs --out <dir> (a new folder)');
  try {
    const { draft, report } = await convertSource(flags.from as ConvertSource, source, { packId: flags.id, group: flags.group });
    const written = await writePackDraft(draft, flags.out);
    if (flags.json) ctx.out(JSON.stringify({ ok: true, out: written.dir, pack: { id: draft.manifest.id, version: draft.manifest.version, missions: draft.missions.length }, report, warnings: written.warnings }, null, 2));
    else printConversion(ctx, report, written.dir, draft.missions.length, written.warnings.map(formatIssue));
    return 0;
  } catch (error) {
    if (!(error instanceof ConvertError)) throw error;
    if (flags.json) ctx.out(JSON.stringify({ ok: false, error: error.message }, null, 2));
    else ctx.err(`outpost: cannot convert ${source}: ${error.message}`);
    return 1;
  }
}

function printConversion(ctx: CommandContext, report: ConversionReport, dir: string, missions: number, warnings: string[]): void {
  for (const line of warnings) ctx.out(line);
  for (const field of report.unmapped) ctx.out(`kept, no place in the pack: ${field.where} → ${field.keptIn}`);
  for (const filled of report.defaults) ctx.out(`default filled in: ${filled.field} = ${JSON.stringify(filled.value)} (${filled.why})`);
  for (const gap of report.unsupported) ctx.out(`not supported: ${gap.where}: ${gap.what}`);
  for (const note of report.notes) ctx.out(`note: ${note}`);
  ctx.out(`converted ${report.source} (${report.from}) into ${dir}: ${missions} mission(s); check the defaults above, then \`outpost pack validate ${dir}\``);
}
