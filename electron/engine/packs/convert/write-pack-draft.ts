// Writes a converter's draft as a pack folder: pack.yaml, missions/<code>/mission.yaml with its
// Markdown and files, and converted-from.md beside a mission whose source had fields the pack has
// no place for (Markdown, because a mission's Markdown is never served to learners as a file: the
// source's fields may hold answers). Written into a sibling folder first and moved into place only once the pack
// validates, so a failed conversion leaves nothing at the destination.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { hasErrors, type PackIssue } from '../../../../shared/pack/issues.ts';
import { validatePack } from '../validate-pack.ts';
import { ConvertError, type PackDraft } from './pack-draft.ts';

export const CONVERTED_FROM_FILE = 'converted-from.md';

export interface WrittenPack {
  dir: string;
  /** validatePack's warnings on the written pack (its errors stop the write). */
  warnings: PackIssue[];
}

export async function writePackDraft(draft: PackDraft, outDir: string): Promise<WrittenPack> {
  if (await hasEntries(outDir)) throw new ConvertError(outDir, 'the output folder exists and is not empty: name a new folder');
  const staging = join(dirname(outDir), `.${basename(outDir)}.converting-${randomBytes(4).toString('hex')}`);
  try {
    await writeDraft(draft, staging);
    const report = await validatePack(staging);
    if (hasErrors(report.issues)) {
      const first = report.issues.filter((issue) => issue.severity === 'error').slice(0, 5).map((issue) => `${issue.file}${issue.path ? ` ${issue.path}` : ''}: ${issue.message}`);
      throw new ConvertError('the converted pack', `does not validate, so nothing was written:\n  ${first.join('\n  ')}`);
    }
    await rmdir(outDir).catch(() => undefined);
    await rename(staging, outDir);
    return { dir: outDir, warnings: report.issues };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function writeDraft(draft: PackDraft, root: string): Promise<void> {
  await mkdir(root, { recursive: true });
  await writeFile(join(root, 'pack.yaml'), stringify(draft.manifest, { lineWidth: 0 }));
  const codes = new Set<string>();
  for (const mission of draft.missions) {
    const code = mission.mission.code;
    if (codes.has(code)) throw new ConvertError(`mission ${code}`, 'two missions would have the same code');
    codes.add(code);
    const folder = join(root, 'missions', code);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'mission.yaml'), stringify(mission.mission, { lineWidth: 0 }));
    for (const file of mission.files) {
      const relative = safeRelative(file.path);
      if (relative === null || relative === 'mission.yaml' || relative === CONVERTED_FROM_FILE) throw new ConvertError(`mission ${code}`, `the file name "${file.path}" would land outside its folder or over a file the pack needs`);
      await mkdir(dirname(join(folder, relative)), { recursive: true });
      await writeFile(join(folder, relative), file.content, { flag: 'wx' });
    }
    if (Object.keys(mission.unmapped).length > 0) {
      const note = `# Converted from another platform\n\nThe fields of the source with no place in an Outpost pack, kept as they were.\n\n\`\`\`yaml\n${stringify(mission.unmapped, { lineWidth: 0 })}\`\`\`\n`;
      await writeFile(join(folder, CONVERTED_FROM_FILE), note);
    }
  }
}

/** A relative path with plain segments only: no absolute path, drive, `..`, empty or hidden segment. */
function safeRelative(path: string): string | null {
  const parts = path.replaceAll('\\', '/').split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..' || part.startsWith('.') || /[:\0]/.test(part))) return null;
  return parts.join('/');
}

async function hasEntries(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length > 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
