// Names the pack format needs and another platform's content does not have (pack ids, mission codes,
// stage ids), derived from titles so that converting the same source twice gives the same pack.

/** Lowercase ASCII words joined by single dashes; accents dropped, everything else a separator. */
export function slugOf(text: string, maxLength = Number.POSITIVE_INFINITY): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}-${word}`;
    if (next.length > maxLength) return slug === '' ? word.slice(0, maxLength) : slug;
    slug = next;
  }
  return slug;
}

/** Hands out distinct ids: the base itself, then `<base>-2`, `<base>-3`, … */
export class UniqueIds {
  private readonly used = new Set<string>();

  take(base: string): string {
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}-${n}`;
    this.used.add(id);
    return id;
  }
}
