// One CTFd challenge as a task stage of its category's mission: the description as the stage text,
// `value` as the weight, flags as the answer check, hints with their cost in stage points, files as
// assets the text links to, category, tags and topics as tags.
import type { z } from 'zod';
import type { hintSchema, taskStageSchema } from '../../../../../shared/pack/schema.ts';
import { ConvertError, type ConversionReport, type DraftFile } from '../pack-draft.ts';
import type { CtfdChallenge } from './ctfd-challenge.ts';
import { flagsToAnswer } from './flags-to-answer.ts';

type TaskStage = z.input<typeof taskStageSchema>;
type Hint = z.input<typeof hintSchema>;

const MAX_TAGS = 50;
const MAX_TAG_CHARS = 100;

export interface ConvertedStage {
  stage: TaskStage;
  files: DraftFile[];
}

export async function challengeToStage(challenge: CtfdChallenge, id: string, report: ConversionReport): Promise<ConvertedStage> {
  const named = `${challenge.where} (challenge "${challenge.name}")`;
  const files: DraftFile[] = [];
  const assetLinks: string[] = [];
  const taken = new Set<string>();
  for (const file of challenge.files) {
    const name = uniqueName(assetName(file.name), taken);
    files.push({ path: `assets/${id}/${name}`, content: await file.read() });
    assetLinks.push(`- [${name.replace(/([\\[\]])/g, '\\$1')}](../assets/${id}/${encodeURIComponent(name)})`);
  }
  const body = stageMarkdown(challenge, assetLinks, named, report);
  files.push({ path: `stages/${id}.md`, content: body });
  const stage: TaskStage = {
    id,
    kind: 'task',
    title: challenge.name,
    body: `stages/${id}.md`,
    weight: challenge.value,
  };
  const hints = hintsOf(challenge, named, report);
  if (hints.length > 0) {
    stage.hints = hints;
    // CTFd opens hints in any order unless one names another as its prerequisite.
    stage.hint_order = challenge.hints.some((hint) => hint.requires) ? 'in_order' : 'any';
  }
  if (challenge.solution?.visible) {
    files.push({ path: `stages/${id}-solution.md`, content: challenge.solution.markdown });
    // CTFd shows a solution without taking points for it.
    stage.solution = { body: `stages/${id}-solution.md`, penalized: false };
  }
  const tags = tagsOf(challenge);
  if (tags.length > 0) stage.tags = tags;
  const answer = flagsToAnswer(challenge, report);
  if (answer) stage.answer = answer;
  if (challenge.dynamic) {
    report.unsupported.push({ where: named, what: `dynamic scoring (${JSON.stringify(challenge.dynamic)}) is not imitated: the stage is worth the challenge's ${challenge.value} points for every learner` });
  }
  return { stage, files };
}

function hintsOf(challenge: CtfdChallenge, named: string, report: ConversionReport): Hint[] {
  const hints: Hint[] = [];
  challenge.hints.forEach((hint, i) => {
    const where = `${named}, hint ${i + 1}`;
    if (hint.content.trim() === '') {
      report.unsupported.push({ where, what: 'the hint is empty: left out' });
      return;
    }
    // Refused rather than clamped: a hint dearer than its challenge is a mistake in the source, and
    // clamping would quietly change what the hint costs.
    if (hint.cost > challenge.value) throw new ConvertError(where, `the hint costs ${hint.cost} points but the challenge is worth ${challenge.value}`);
    hints.push({ text: hint.content.trim(), ...(hint.title ? { title: hint.title } : {}), ...(hint.cost > 0 ? { penalty_points: hint.cost } : {}) });
  });
  return hints;
}

function tagsOf(challenge: CtfdChallenge): string[] {
  const tags: string[] = [];
  for (const tag of [challenge.category, ...challenge.tags, ...challenge.topics]) {
    const clean = tag.trim().slice(0, MAX_TAG_CHARS).trim();
    if (clean !== '' && !tags.includes(clean) && tags.length < MAX_TAGS) tags.push(clean);
  }
  return tags;
}

/** Links written for the platform's own pages (`/files/…`, `../x`) would point outside the pack. */
const LOCAL_LINK = /(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

function stageMarkdown(challenge: CtfdChallenge, assetLinks: string[], named: string, report: ConversionReport): string {
  let rewritten = 0;
  const description = challenge.description.replace(LOCAL_LINK, (whole, _image: string, label: string, target: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//') || target.startsWith('#')) return whole;
    rewritten++;
    return `${label || 'link'} (\`${target.replaceAll('`', '')}\` on the original platform)`;
  });
  if (rewritten > 0) report.notes.push(`${named}: ${rewritten} link(s) of the description pointed at the original platform's pages and are now plain text`);
  const parts = [description.trim() === '' ? `*${challenge.name}* has no description in the source.` : description.trim()];
  if (challenge.connectionInfo) parts.push(`**Connection:** ${challenge.connectionInfo.includes('`') ? challenge.connectionInfo : `\`${challenge.connectionInfo}\``}`);
  if (assetLinks.length > 0) parts.push(`**Files**\n\n${assetLinks.join('\n')}`);
  return `${parts.join('\n\n')}\n`;
}

/** A file name the pack writer and every file system accept: no separators, no leading dot. */
function assetName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_').trim();
  return clean === '' ? 'file' : clean.slice(0, 150);
}

function uniqueName(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}${ext}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}
