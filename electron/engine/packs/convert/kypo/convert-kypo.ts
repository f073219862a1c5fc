// `outpost pack convert <file> --from kypo`: a KYPO / CyberRangeCZ training definition (the JSON its
// export gives, older exports too) as a one-mission pack in format 1.1.
//
// Levels are played in `order`, not in the file's order. The info levels before the first training
// level are the mission's story. Every other level becomes a stage, chained in that order:
// - an access level: a briefing stage worth 0 whose answer is the passkey;
// - a training level (game level): a task stage scored as the platform scores it (map-training-level.ts);
// - an assessment level: a quiz stage in the assessment total (map-assessment-level.ts);
// - an info level after the first training level: a stage worth 0 where it stands, so a closing
//   info level is the mission's debrief, its last stage.
// Source fields with no place in the pack are kept verbatim in converted-from.md and listed in the
// report; the tier, track, pass score and version the source has no word for are filled and flagged.
import { basename } from 'node:path';
import type { ConvertOptions } from '../convert.ts';
import { ConvertError, type Conversion, type DraftFile, type MissionDraft, type PackDraft } from '../pack-draft.ts';
import { KYPO_MISSION_CODE, packIdOf, StageIds } from './kypo-ids.ts';
import { convertedFromPath, KypoReport } from './kypo-report.ts';
import { isTrainingLevel, readKypoSource, type KypoInfoLevel, type KypoSource, type SourcedLevel } from './kypo-source.ts';
import { mapAssessmentLevel } from './map-assessment-level.ts';
import { mapAccessLevel, mapInfoLevel, storyOf } from './map-text-levels.ts';
import { mapTrainingLevel } from './map-training-level.ts';
import type { MappedStage, StageDraft } from './stage-draft.ts';

const MAPPED_DEFINITION_FIELDS = ['title', 'description', 'outcomes', 'levels', 'estimated_duration'] as const;

const DEFAULT_TIER = 'intermediate';
const DEFAULT_TRACK = 'offensive';
const DEFAULT_PASS_SCORE = 70;
const DEFAULT_VERSION = '1.0.0';

export async function convertKypo(source: string, options: ConvertOptions): Promise<Conversion> {
  const kypo = await readKypoSource(source);
  const code = KYPO_MISSION_CODE;
  const report = new KypoReport(convertedFromPath(code));
  const { definition } = kypo;
  const title = definition.title.trim();
  const packId = packIdOf(options.packId, title);
  report.keepUnmapped('', kypo.raw, MAPPED_DEFINITION_FIELDS);
  if (kypo.raw.variant_sandboxes === true) report.unsupportedAt('variant_sandboxes', 'sandboxes generated per learner, each with its own answers: Outpost has one answer per check');

  noteSharedOrders(kypo, report);
  const { storyLevels, stageLevels } = splitStory(kypo);
  const mapped = mapStages(stageLevels, report);
  if (mapped.length === 0) throw new ConvertError(basename(kypo.file), 'has no level to play: a mission needs at least one stage');
  const stages = chain(mapped.map((m) => m.stage));
  const files: DraftFile[] = [{ path: 'story.md', content: storyOf(storyLevels, title, definition.description, report) }, ...mapped.flatMap((m) => m.files)];

  const missionFile = `missions/${code}/mission.yaml`;
  const outcomes = (definition.outcomes ?? []).map((outcome) => outcome.trim()).filter((outcome) => outcome !== '');
  const objectives = outcomes.length > 0 ? outcomes : [`Complete the training "${title}"`];
  if (outcomes.length === 0) report.filled(`${missionFile}: objectives`, objectives, 'the training definition lists no outcomes');
  report.filled(`${missionFile}: tier`, DEFAULT_TIER, 'KYPO has no difficulty tier');
  report.filled(`${missionFile}: track`, DEFAULT_TRACK, 'KYPO has no track; most of its trainings are offensive');
  report.filled(`${missionFile}: success.pass_score`, DEFAULT_PASS_SCORE, 'KYPO has no pass mark');
  report.filled('pack.yaml: version', DEFAULT_VERSION, 'a training definition has no version');
  report.note('KYPO compares an answer exactly as typed; Outpost trims whitespace from both ends of the answer first, and still matches case exactly');
  if (stages.some((stage) => (stage.hints ?? []).length > 0)) report.note('hints may be opened in any order, as on the platform; each takes its penalty from its own stage only');

  const mission: MissionDraft['mission'] = {
    code,
    title,
    ...(definition.description?.trim() ? { summary: definition.description.trim() } : {}),
    source: { name: `KYPO training definition "${title}"`, note: `Converted from ${basename(kypo.file)}` },
    tier: DEFAULT_TIER,
    track: DEFAULT_TRACK,
    story: 'story.md',
    objectives,
    ...estimatedMinutes(kypo),
    success: { pass_score: DEFAULT_PASS_SCORE },
    start: (stages[0] as StageDraft).id,
    stages,
  };
  const draft: PackDraft = {
    manifest: { format: '1.1', id: packId, title, version: DEFAULT_VERSION, ...(definition.description?.trim() ? { description: definition.description.trim() } : {}) },
    missions: [{ mission, files, unmapped: report.unmapped }],
  };
  return { draft, report: report.build(source) };
}

/** The info levels before the first training level (all of them before any other level, when there is none). */
function splitStory(kypo: KypoSource): { storyLevels: Array<{ sourced: SourcedLevel; level: KypoInfoLevel }>; stageLevels: SourcedLevel[] } {
  const firstTraining = kypo.levels.findIndex((s) => isTrainingLevel(s.level));
  const firstPlayed = kypo.levels.findIndex((s) => s.level.level_type !== 'INFO_LEVEL');
  const cut = firstTraining >= 0 ? firstTraining : firstPlayed >= 0 ? firstPlayed : kypo.levels.length;
  const storyLevels: Array<{ sourced: SourcedLevel; level: KypoInfoLevel }> = [];
  const stageLevels: SourcedLevel[] = [];
  kypo.levels.forEach((sourced, i) => {
    if (i < cut && sourced.level.level_type === 'INFO_LEVEL') storyLevels.push({ sourced, level: sourced.level });
    else stageLevels.push(sourced);
  });
  return { storyLevels, stageLevels };
}

function mapStages(levels: readonly SourcedLevel[], report: KypoReport): MappedStage[] {
  const ids = new StageIds();
  return levels.map((sourced, i) => {
    const { level } = sourced;
    const id = ids.take(level.title, `level-${i + 1}`);
    if (isTrainingLevel(level)) return mapTrainingLevel(sourced, level, id, report);
    switch (level.level_type) {
      case 'INFO_LEVEL':
        return mapInfoLevel(sourced, level, id, report);
      case 'ACCESS_LEVEL':
        return mapAccessLevel(sourced, level, id, report);
      case 'ASSESSMENT_LEVEL':
        return mapAssessmentLevel(sourced, level, id, report);
    }
  });
}

function noteSharedOrders(kypo: KypoSource, report: KypoReport): void {
  for (let i = 1; i < kypo.levels.length; i++) {
    const [before, after] = [kypo.levels[i - 1] as SourcedLevel, kypo.levels[i] as SourcedLevel];
    if (before.level.order === after.level.order) report.note(`${before.where} and ${after.where} share order ${after.level.order}: they are played in the file's order`);
  }
}

/** Each stage leads to the next, as the platform plays its levels one after another. */
function chain(stages: StageDraft[]): StageDraft[] {
  return stages.map((stage, i) => {
    const next = stages[i + 1];
    return next ? { ...stage, next: next.id } : stage;
  });
}

function estimatedMinutes(kypo: KypoSource): { estimated_minutes?: number } {
  const total = kypo.definition.estimated_duration ?? 0;
  const summed = kypo.levels.reduce((sum, s) => sum + (s.level.estimated_duration ?? 0), 0);
  const minutes = total > 0 ? total : summed;
  return minutes > 0 ? { estimated_minutes: minutes } : {};
}
