// Names the pack format needs and a KYPO export does not have: the pack id, the mission code and
// stage ids, all derived from titles so that converting the same file twice gives the same pack.
import { ConvertError } from '../pack-draft.ts';

const PACK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Room for a `-2` suffix within the format's 64 characters, and short enough to read in a path. */
const MAX_STAGE_ID = 48;

/** One training definition is one mission; its code only has to be valid and stable. */
export const KYPO_MISSION_CODE = 'KYPO-01';

/** Lowercase ASCII words joined by single dashes; accents dropped, everything else a separator. */
export function slugOf(text: string, maxLength = 64): string {
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

export function packIdOf(requested: string | undefined, title: string): string {
  if (requested !== undefined) {
    if (!PACK_ID.test(requested)) throw new ConvertError('--id', `"${requested}" is not a pack id: use lowercase letters, digits and single dashes (e.g. junior-hacker)`);
    return requested;
  }
  const slug = slugOf(title);
  if (slug === '') throw new ConvertError('title', `no pack id can be made from "${title}": give one with --id`);
  return slug;
}

/** Hands out unique stage ids: a title's slug, `level-<n>` when the title has no letters or digits. */
export class StageIds {
  private readonly used = new Set<string>();

  take(title: string, fallback: string): string {
    const base = slugOf(title, MAX_STAGE_ID) || fallback;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}-${n}`;
    this.used.add(id);
    return id;
  }
}
