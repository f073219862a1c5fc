// The names a KYPO export lacks: the pack id, the mission code and stage ids (convert/draft-ids.ts).
import { slugOf, UniqueIds } from '../draft-ids.ts';
import { ConvertError } from '../pack-draft.ts';

const PACK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Room for a `-2` suffix within the format's 64 characters, and short enough to read in a path. */
const MAX_STAGE_ID = 48;

/** One training definition is one mission; its code only has to be valid and stable. */
export const KYPO_MISSION_CODE = 'KYPO-01';

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
  private readonly ids = new UniqueIds();

  take(title: string, fallback: string): string {
    return this.ids.take(slugOf(title, MAX_STAGE_ID) || fallback);
  }
}
