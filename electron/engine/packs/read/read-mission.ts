// Reads one mission folder: mission.yaml, its Markdown texts, and the rules of its stage graph.
import { posix } from 'node:path';
import { formatFieldPath } from '../../../../shared/pack/issues.ts';
import { checkMission } from '../../../../shared/pack/mission-rules.ts';
import { missionSchema, type Mission } from '../../../../shared/pack/schema.ts';
import { parseYamlFile, validateYaml, type YamlFile } from '../parse/yaml-file.ts';
import type { ReadContext } from './context.ts';
import { checkMarkdownLinks } from './markdown-links.ts';

export interface LoadedMission {
  file: string;
  /** `missions/<code>`, the base for the Markdown's relative links. */
  folder: string;
  mission: Mission;
  story: string;
  /** Markdown per stage id, for stages that have a `body`. */
  bodies: Map<string, string>;
}

/** A reference from a mission to something outside it, checked once the whole pack is read. */
export interface MissionReference {
  kind: 'recipe' | 'rubric' | 'mission';
  id: string;
  file: string;
  path: string;
  line: number | undefined;
}

export async function readMission(ctx: ReadContext, folder: string, refs: MissionReference[]): Promise<LoadedMission | null> {
  const file = `${folder}/mission.yaml`;
  if (!ctx.paths.has(file)) {
    ctx.error(file, '', `${folder} has no mission.yaml`);
    return null;
  }
  const text = await ctx.readText(file);
  const yaml = text === null ? null : parseYamlFile(file, text, ctx.issues);
  const mission = yaml && validateYaml(missionSchema, yaml, ctx.issues);
  if (!yaml || !mission) return null;

  const folderCode = folder.split('/').pop();
  let ok = true;
  if (mission.code !== folderCode) {
    ctx.error(file, 'code', `mission code "${mission.code}" must equal its folder name "${folderCode}"`, yaml.lineOf(['code']));
    ok = false;
  }
  for (const issue of checkMission(mission)) {
    const push = issue.severity === 'error' ? ctx.error.bind(ctx) : ctx.warn.bind(ctx);
    push(file, formatFieldPath(issue.path), issue.message, yaml.lineOf(issue.path));
    if (issue.severity === 'error') ok = false;
  }
  collectReferences(mission, yaml, refs);

  const story = await readMarkdown(ctx, folder, mission.story, yaml, ['story']);
  const bodies = new Map<string, string>();
  for (const [i, stage] of mission.stages.entries()) {
    if (!stage.body) continue;
    const body = await readMarkdown(ctx, folder, stage.body, yaml, ['stages', i, 'body']);
    if (body === null) ok = false;
    else bodies.set(stage.id, body);
  }
  if (story === null || !ok) return null;
  return { file, folder, mission, story, bodies };
}

async function readMarkdown(ctx: ReadContext, folder: string, ref: string, yaml: YamlFile, at: Array<string | number>): Promise<string | null> {
  const path = posix.normalize(posix.join(folder, ref));
  if (!path.startsWith(`${folder}/`)) {
    ctx.error(yaml.file, formatFieldPath(at), `"${ref}" is outside the mission folder`, yaml.lineOf(at));
    return null;
  }
  if (!ctx.paths.has(path)) {
    ctx.error(yaml.file, formatFieldPath(at), `names ${ref}, but ${path} is not in the pack`, yaml.lineOf(at));
    return null;
  }
  const text = await ctx.readText(path);
  if (text !== null) checkMarkdownLinks(ctx, path, text);
  return text;
}

function collectReferences(mission: Mission, yaml: YamlFile, refs: MissionReference[]): void {
  const add = (kind: MissionReference['kind'], id: string, at: Array<string | number>): void => {
    refs.push({ kind, id, file: yaml.file, path: formatFieldPath(at), line: yaml.lineOf(at) });
  };
  if (mission.rubric) add('rubric', mission.rubric, ['rubric']);
  mission.prerequisites.forEach((code, i) => add('mission', code, ['prerequisites', i]));
  mission.stages.forEach((stage, i) => {
    if (stage.kind === 'task') stage.recipes.forEach((id, j) => add('recipe', id, ['stages', i, 'recipes', j]));
  });
}
