// CTFd challenges as a pack draft: one mission per category (or only the `--group` one), stages in
// requirement order, and the report of every field kept aside, default filled and feature left out.
import type { z } from 'zod';
import type { missionSchema } from '../../../../../shared/pack/schema.ts';
import type { ConvertOptions } from '../convert.ts';
import { slugOf, UniqueIds } from '../draft-ids.ts';
import { ConvertError, type ConversionReport, type MissionDraft, type PackDraft } from '../pack-draft.ts';
import { CONVERTED_FROM_FILE } from '../write-pack-draft.ts';
import { DEFAULT_TRACK, trackOfCategory } from './category-track.ts';
import { challengeToStage } from './challenge-to-stage.ts';
import type { CtfdChallenge } from './ctfd-challenge.ts';
import { orderByRequirements } from './order-by-requirements.ts';

type Mission = z.input<typeof missionSchema>;
type Stage = Mission['stages'][number];

const DEFAULT_TIER = 'beginner';
const DEFAULT_PASS_SCORE = 70;
const NO_CATEGORY = 'Uncategorized';
const PACK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface PackSourceInfo {
  /** The source's name for the pack id and title (a folder or file name). */
  name: string;
  /** How the mission's `source` names the original: `CTFd export`, `ctfcli challenge.yml`. */
  kind: string;
}

export async function challengesToPack(challenges: readonly CtfdChallenge[], info: PackSourceInfo, options: ConvertOptions, report: ConversionReport): Promise<PackDraft> {
  const packId = options.packId ?? (slugOf(info.name) || 'ctfd-challenges');
  if (!PACK_ID.test(packId)) throw new ConvertError('--id', `"${packId}" is not a pack id: use lowercase letters, digits and single dashes`);
  if (challenges.length === 0) throw new ConvertError(info.name, 'holds no challenges');
  const categoryOf = (challenge: CtfdChallenge): string => challenge.category || NO_CATEGORY;
  const ordered = orderByRequirements(challenges, categoryOf, report);
  let groups = [...ordered.groups.keys()];
  if (options.group !== undefined) {
    const wanted = options.group.trim().toLowerCase();
    const chosen = groups.find((group) => group.toLowerCase() === wanted);
    if (chosen === undefined) throw new ConvertError('--group', `no challenge has the category "${options.group}"; the categories are: ${groups.join(', ')}`);
    groups = [chosen];
  }
  const codes = missionCodes(groups);
  refuseGroupCycles(groups, ordered.requiresGroups);
  const missions: MissionDraft[] = [];
  for (const group of groups) {
    const prerequisites: string[] = [];
    for (const other of [...(ordered.requiresGroups.get(group) ?? [])].sort()) {
      const code = codes.get(other);
      if (code === undefined) {
        report.unsupported.push({ where: `category "${group}"`, what: `its challenges require challenges of the category "${other}", which is not converted (--group): the requirement is left out` });
      } else {
        prerequisites.push(code);
        report.notes.push(`category "${group}": its challenges require challenges of "${other}", so mission ${codes.get(group) ?? ''} requires mission ${code} to be passed first`);
      }
    }
    missions.push(await missionOf(group, codes.get(group) ?? '', ordered.groups.get(group) ?? [], prerequisites, info, report));
  }
  return {
    manifest: { format: '1.1', id: packId, title: `${info.name} (converted from CTFd)`, version: '1.0.0', description: `Challenges converted from ${info.kind}.` },
    missions,
  };
}

async function missionOf(group: string, code: string, challenges: readonly CtfdChallenge[], prerequisites: string[], info: PackSourceInfo, report: ConversionReport): Promise<MissionDraft> {
  const at = `missions/${code}/mission.yaml`;
  const keptIn = `missions/${code}/${CONVERTED_FROM_FILE}`;
  const ids = new UniqueIds();
  const stages: Stage[] = [];
  const files: MissionDraft['files'] = [];
  const unmapped: Record<string, unknown> = {};
  for (const challenge of challenges) {
    const id = ids.take(slugOf(challenge.name).slice(0, 60).replace(/-+$/, '') || `challenge-${stages.length + 1}`);
    const converted = await challengeToStage(challenge, id, report);
    stages.push(converted.stage);
    files.push(...converted.files);
    const kept = { ...challenge.unmapped, ...(challenge.dynamic ? { dynamic_scoring: challenge.dynamic } : {}) };
    for (const [field, value] of Object.entries(kept)) {
      unmapped[`${challenge.where}: ${field}`] = value;
      report.unmapped.push({ where: `${challenge.where}: ${field}`, keptIn });
    }
  }
  stages.forEach((stage, i) => {
    const next = stages[i + 1];
    if (next && stage.kind === 'task') stage.next = next.id;
  });
  const track = trackOfCategory(group);
  if (track === null) report.defaults.push({ field: `${at}: track`, value: DEFAULT_TRACK, why: `the category "${group}" is not in the category table` });
  report.defaults.push({ field: `${at}: tier`, value: DEFAULT_TIER, why: 'CTFd has no difficulty level' });
  report.defaults.push({ field: `${at}: success.pass_score`, value: DEFAULT_PASS_SCORE, why: 'CTFd has no pass mark' });
  const authors = [...new Set(challenges.flatMap((challenge) => (challenge.author ? [challenge.author] : [])))];
  const mission: Mission = {
    code,
    title: group,
    summary: `${challenges.length} challenge(s) of the ${group} category.`,
    ...(authors.length > 0 ? { authors } : {}),
    source: { name: info.kind, note: `Converted from ${info.name}: one task per challenge.` },
    tier: DEFAULT_TIER,
    track: track ?? DEFAULT_TRACK,
    story: 'story.md',
    objectives: challenges.map((challenge) => `Solve "${challenge.name}"`),
    ...(prerequisites.length > 0 ? { prerequisites } : {}),
    success: { pass_score: DEFAULT_PASS_SCORE },
    start: stages[0]?.id ?? '',
    stages,
  };
  const story = `# ${group}\n\nThe challenges of the ${group} category, one task each. Find each flag and enter it.\n\n${challenges.map((c) => `- ${c.name} (${c.value} points)`).join('\n')}\n`;
  return { mission, files: [{ path: 'story.md', content: story }, ...files], unmapped };
}

/** `CTF-WEB`, `CTF-REVERSE-ENGINEERING`: one code per category, distinct even when names fold together. */
function missionCodes(groups: readonly string[]): Map<string, string> {
  const codes = new Map<string, string>();
  const taken = new UniqueIds();
  for (const group of groups) codes.set(group, taken.take(`CTF-${slugOf(group).toUpperCase().slice(0, 30).replace(/-+$/, '') || 'MISC'}`));
  return codes;
}

function refuseGroupCycles(groups: readonly string[], requires: Map<string, Set<string>>): void {
  const inPack = new Set(groups);
  const state = new Map<string, 'open' | 'done'>();
  const visit = (group: string, trail: string[]): void => {
    if (state.get(group) === 'done') return;
    if (state.get(group) === 'open') {
      const loop = [...trail.slice(trail.indexOf(group)), group];
      throw new ConvertError(`category "${group}"`, `the categories require each other's challenges in a circle (${loop.join(' → ')}); their missions could never be opened: convert them one at a time with --group`);
    }
    state.set(group, 'open');
    for (const other of requires.get(group) ?? []) if (inPack.has(other)) visit(other, [...trail, group]);
    state.set(group, 'done');
  };
  for (const group of groups) visit(group, []);
}
