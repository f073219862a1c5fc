// A KYPO training level (a game level in older exports) as a task stage, scored as the platform
// scores it: the level is worth `max_score`; each hint taken costs its `hint_penalty` of those points;
// showing a penalised solution leaves 0; the answer is compared exactly (case matters); after
// `incorrect_answer_limit` wrong answers the platform shows the solution and still takes the answer.
import { trimAnswer } from '../../../../../shared/pack/answer-match.ts';
import { ConvertError, type DraftFile } from '../pack-draft.ts';
import { labelOf, type KypoTrainingLevel, type SourcedLevel } from './kypo-source.ts';
import type { KypoReport } from './kypo-report.ts';
import { byOrder, markdown, minutesOf, rawList, type MappedStage, type StageDraft } from './stage-draft.ts';

const MAPPED_FIELDS = [
  'title', 'level_type', 'order', 'estimated_duration', 'answer', 'flag', 'variant_answers', 'content', 'solution', 'solution_penalized',
  'hints', 'incorrect_answer_limit', 'incorrect_flag_limit', 'max_score', 'mitre_techniques',
] as const;
const MAPPED_HINT_FIELDS = ['title', 'content', 'hint_penalty', 'order'] as const;

export function mapTrainingLevel(sourced: SourcedLevel, level: KypoTrainingLevel, id: string, report: KypoReport): MappedStage {
  const label = labelOf(sourced.where, level);
  report.keepUnmapped(sourced.where, sourced.raw, MAPPED_FIELDS);
  rawList(sourced.raw, 'mitre_techniques').forEach((technique, i) => report.keepUnmapped(`${sourced.where}.mitre_techniques[${i}]`, technique, ['technique_key']));
  const files: DraftFile[] = [{ path: `stages/${id}.md`, content: markdown(nonBlankOr(level.content, level.title)) }];
  const variant = isVariant(level);
  const answer = variant ? null : staticAnswer(level, label, report);
  const stage: StageDraft = {
    id,
    kind: 'task',
    title: level.title.trim(),
    body: `stages/${id}.md`,
    // Without its answer the level cannot be checked, so it cannot earn its points here.
    weight: variant ? 0 : level.max_score,
    hints: hintsOf(sourced, level, variant, report),
    hint_order: 'any',
  };
  const tags = techniquesOf(level);
  if (tags.length > 0) stage.tags = tags;
  const minutes = minutesOf(level.estimated_duration);
  if (minutes !== undefined) stage.estimated_minutes = minutes;
  const solution = level.solution?.trim() ? level.solution : null;
  if (solution !== null) {
    // The platform writes the level's answer where a solution says ${ANSWER}.
    files.push({ path: `solutions/${id}.md`, content: markdown(answer === null ? solution : solution.replaceAll('${ANSWER}', answer)) });
    stage.solution = { body: `solutions/${id}.md`, penalized: level.solution_penalized };
  } else {
    report.note(`${label} has no solution: when its attempts run out the stage closes at 0 instead of showing one`);
  }
  if (answer !== null) {
    stage.answer = {
      accept: [{ value: answer, match: 'exact' }],
      attempts: level.incorrect_answer_limit ?? level.incorrect_flag_limit ?? 0,
      on_attempts_exhausted: solution !== null ? 'show_solution' : 'close',
    };
  } else {
    const name = level.answer_variable_name?.trim();
    report.unsupportedAt(
      label,
      `per-sandbox answers (variant_answers${name ? `, answer_variable_name "${name}"` : ''}): each learner's sandbox had its own answer, so the stage has no answer check and is worth 0: its ${level.max_score} point${level.max_score === 1 ? '' : 's'} (max_score) and its hint penalties are not counted; give it an answer to score it`,
    );
  }
  return { stage, files };
}

function isVariant(level: KypoTrainingLevel): boolean {
  const answer = level.answer ?? level.flag;
  return level.variant_answers === true || ((answer === null || answer === undefined) && Boolean(level.answer_variable_name?.trim()));
}

// The platform compares the answer as typed; Outpost trims Unicode whitespace from both sides of the
// learner's answer and of the value, so surrounding spaces in the source could never be typed apart.
function staticAnswer(level: KypoTrainingLevel, label: string, report: KypoReport): string {
  const answer = level.answer ?? level.flag;
  if (answer === null || answer === undefined) throw new ConvertError(label, 'has no answer (`answer`, or `flag` in older exports) and no per-sandbox answer');
  const trimmed = trimAnswer(answer);
  if (trimmed === '') throw new ConvertError(label, 'its answer is blank: no typed answer could match it');
  if (trimmed !== answer) report.note(`${label}: the answer ${JSON.stringify(answer)} has spaces around it; the platform wanted them typed, Outpost trims them, so the answer is "${trimmed}"`);
  return trimmed;
}

// A stage worth 0 has no points for a hint to take: a per-sandbox level's penalties are kept as unmapped.
function hintsOf(sourced: SourcedLevel, level: KypoTrainingLevel, variant: boolean, report: KypoReport): NonNullable<StageDraft['hints']> {
  const raw = rawList(sourced.raw, 'hints');
  return byOrder(level.hints ?? []).map(({ item, index }) => {
    report.keepUnmapped(`${sourced.where}.hints[${index}]`, raw[index] ?? {}, variant ? MAPPED_HINT_FIELDS.filter((f) => f !== 'hint_penalty') : MAPPED_HINT_FIELDS);
    const title = item.title?.trim();
    return { ...(title ? { title } : {}), text: item.content, ...(variant ? {} : { penalty_points: item.hint_penalty ?? 0 }) };
  });
}

function techniquesOf(level: KypoTrainingLevel): string[] {
  const keys = (level.mitre_techniques ?? []).map((technique) => (typeof technique === 'string' ? technique : technique.technique_key).trim());
  return [...new Set(keys.filter((key) => key !== ''))];
}

function nonBlankOr(text: string | null | undefined, fallback: string): string {
  return text?.trim() ? text : fallback;
}
