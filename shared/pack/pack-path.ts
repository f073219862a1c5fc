// Resolving a relative link from a Markdown file of a pack to another file of the same pack. Pure, so
// the renderer resolves links the same way the importer checked them.

/** `missions/A/stages/x.md` + `../assets/log.txt` → `missions/A/assets/log.txt`; null when it leaves the pack. */
export function resolvePackLink(fromFile: string, target: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/') || target.startsWith('//')) return null;
  const clean = target.split('#')[0]?.split('?')[0] ?? '';
  if (clean === '') return null;
  let decoded: string;
  try {
    decoded = decodeURI(clean);
  } catch {
    decoded = clean;
  }
  const parts = fromFile.split('/').slice(0, -1);
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else {
      parts.push(segment);
    }
  }
  return parts.join('/');
}
