// Checks the links and images of a pack's Markdown: relative targets must exist in the pack, and
// nothing may be loaded from outside it (DESIGN.md: "nothing outside the pack is ever loaded").
import { posix } from 'node:path';
import type { ReadContext } from './context.ts';

const LINK = /(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

export function checkMarkdownLinks(ctx: ReadContext, file: string, markdown: string): void {
  for (const match of markdown.matchAll(LINK)) {
    const isImage = match[1] === '!';
    const target = match[2] ?? '';
    const line = markdown.slice(0, match.index).split('\n').length;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) {
      if (isImage) ctx.warn(file, '', `remote image "${target}" will not be shown: images must be files in the pack`, line);
      continue;
    }
    if (target.startsWith('#')) continue;
    const resolved = posix.normalize(posix.join(posix.dirname(file), safeDecode(target.split('#')[0] ?? '')));
    if (resolved.startsWith('..') || posix.isAbsolute(target)) {
      ctx.error(file, '', `link "${target}" points outside the pack`, line);
    } else if (!ctx.paths.has(resolved)) {
      ctx.warn(file, '', `link "${target}" names a file that is not in the pack (${resolved})`, line);
    }
  }
}

function safeDecode(target: string): string {
  try {
    return decodeURI(target);
  } catch {
    return target;
  }
}
