// A mission is known by its pack and its code: two packs may both have a SOC-01, and passing one must
// not pass the other. A prerequisite written `CODE` names a mission of the same pack; `pack-id:CODE`
// names one of another pack.

export interface MissionRef {
  packId: string;
  code: string;
}

export const MISSION_REF_PATTERN = /^(?:([a-z0-9]+(?:-[a-z0-9]+)*):)?([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)$/;

/** The mission a prerequisite names, read in the pack that names it; null if it is not a reference. */
export function parseMissionRef(ref: string, ownPackId: string): MissionRef | null {
  const match = MISSION_REF_PATTERN.exec(ref);
  if (!match?.[2]) return null;
  return { packId: match[1] ?? ownPackId, code: match[2] };
}

/** One string per mission of a pack (all its versions share it): the key progress is kept under. */
export function missionKey(ref: MissionRef): string {
  return `${ref.packId}:${ref.code}`;
}
