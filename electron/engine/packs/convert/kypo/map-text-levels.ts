// KYPO levels that are read rather than solved: an info level inside the training (after the first
// training level; the ones before it make the story) and the access level, where the learner connects
// to the sandbox and types the passkey it names. Both are task stages worth 0: they count in no score.
import { trimAnswer } from '../../../../../shared/pack/answer-match.ts';
import { ConvertError } from '../pack-draft.ts';
import { labelOf, type KypoAccessLevel, type KypoInfoLevel, type SourcedLevel } from './kypo-source.ts';
import type { KypoReport } from './kypo-report.ts';
import { markdown, minutesOf, type MappedStage, type StageDraft } from './stage-draft.ts';

const MAPPED_INFO_FIELDS = ['title', 'level_type', 'order', 'estimated_duration', 'content'] as const;
// `local_content` is what a learner on a local sandbox reads instead: Outpost has one text per stage.
const MAPPED_ACCESS_FIELDS = ['title', 'level_type', 'order', 'estimated_duration', 'passkey', 'cloud_content'] as const;

export function mapInfoLevel(sourced: SourcedLevel, level: KypoInfoLevel, id: string, report: KypoReport): MappedStage {
  report.keepUnmapped(sourced.where, sourced.raw, MAPPED_INFO_FIELDS);
  const stage = textStage(id, level.title, level.estimated_duration);
  return { stage, files: [{ path: `stages/${id}.md`, content: markdown(level.content?.trim() ? level.content : level.title) }] };
}

export function mapAccessLevel(sourced: SourcedLevel, level: KypoAccessLevel, id: string, report: KypoReport): MappedStage {
  report.keepUnmapped(sourced.where, sourced.raw, MAPPED_ACCESS_FIELDS);
  const passkey = trimAnswer(level.passkey);
  if (passkey === '') throw new ConvertError(labelOf(sourced.where, level), 'its passkey is blank');
  const stage: StageDraft = { ...textStage(id, level.title, level.estimated_duration), answer: { accept: [{ value: passkey, match: 'exact' }] } };
  return { stage, files: [{ path: `stages/${id}.md`, content: markdown(level.cloud_content?.trim() ? level.cloud_content : level.title) }] };
}

/** The story: the info levels before the first training level, each under its title. */
export function storyOf(levels: ReadonlyArray<{ sourced: SourcedLevel; level: KypoInfoLevel }>, title: string, description: string | null | undefined, report: KypoReport): string {
  for (const { sourced } of levels) report.keepUnmapped(sourced.where, sourced.raw, MAPPED_INFO_FIELDS);
  if (levels.length === 0) return markdown(`# ${title}${description?.trim() ? `\n\n${description.trim()}` : ''}`);
  return levels.map(({ level }) => markdown(`# ${level.title.trim()}${level.content?.trim() ? `\n\n${level.content.trim()}` : ''}`)).join('\n');
}

function textStage(id: string, title: string, duration: number | null | undefined): StageDraft {
  const stage: StageDraft = { id, kind: 'task', title: title.trim(), body: `stages/${id}.md`, weight: 0 };
  const minutes = minutesOf(duration);
  if (minutes !== undefined) stage.estimated_minutes = minutes;
  return stage;
}
