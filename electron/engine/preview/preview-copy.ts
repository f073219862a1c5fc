// The author's folder as the preview imports it: a private copy whose pack.yaml carries a preview
// version. The importer refuses the same id and version with different content, so every save is
// installed as the next preview version (`1.2.0-preview.3`) beside the last, in the throw-away data
// folder only; the author's own files are never written.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

// A semver core with an optional pre-release or build part, as pack.yaml's `version` holds it.
const VERSION_LINE = /^(version:[ \t]*)(['"]?)(\d+\.\d+\.\d+)(?:[-+][0-9A-Za-z.+-]*)?\2([ \t]*(?:#.*)?)$/m;

/** The preview version for import number `n`; null when the line is not a plain semver (the validator says why). */
export function previewVersionLine(packYaml: string, n: number): string | null {
  if (!VERSION_LINE.test(packYaml)) return null;
  // Same line, same place: the line numbers of validation errors stay the author's.
  return packYaml.replace(VERSION_LINE, (_all, key: string, quote: string, core: string, tail: string) => `${key}${quote}${core}-preview.${n}${quote}${tail}`);
}

/**
 * Copies `packDir` to `target` for import number `n`. Version control folders stay behind, and so
 * does a signature: the copy's pack.yaml differs from what was signed, and a preview is never trusted.
 */
export async function copyForPreview(packDir: string, target: string, n: number): Promise<void> {
  await cp(packDir, target, {
    recursive: true,
    filter: (source) => {
      const name = basename(source);
      if (name === '.git' || name === '.hg' || name === '.svn') return false;
      return source !== join(packDir, 'signature');
    },
  });
  const manifest = join(target, 'pack.yaml');
  let text: string;
  try {
    text = await readFile(manifest, 'utf8');
  } catch {
    // No pack.yaml: the import reports it, with the author's file name.
    return;
  }
  const rewritten = previewVersionLine(text, n);
  if (rewritten !== null) await writeFile(manifest, rewritten);
}
