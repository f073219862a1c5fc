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
  /** Markdown per stage id, for task stages that have a `solution`. */
  solutions: Map<string, string>;
}

/** A prerequisite, checked once every mission of the pack is read. */
export interface PrerequisiteReference {
  code: string;
  file: string;
  path: string;
  /** Computed only if the reference turns out broken: locating lines costs a second parse. */
  line: () => number | undefined;
}

/** Recipes and rubrics are read before missions, so references to them are checked on the spot. */
export interface KnownContent {
  hasRecipe(id: string): boolean;
  hasRubric(id: string): boolean;
}

export async function readMission(ctx: ReadContext, folder: string, known: KnownContent, prerequisites: PrerequisiteReference[]): Promise<LoadedMission | null> {
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
  if (!checkReferences(ctx, mission, yaml, known)) ok = false;
  mission.prerequisites.forEach((code, i) => {
    prerequisites.push({ code, file, path: `prerequisites[${i}]`, line: () => yaml.lineOf(['prerequisites', i]) });
  });

  const story = await readMarkdown(ctx, folder, mission.story, yaml, ['story']);
  const bodies = new Map<string, string>();
  for (const [i, stage] of mission.stages.entries()) {
    if (!stage.body) continue;
    const body = await readMarkdown(ctx, folder, stage.body, yaml, ['stages', i, 'body']);
    if (body === null) ok = false;
    else bodies.set(stage.id, body);
  }
  const solutions = new Map<string, string>();
  for (const [i, stage] of mission.stages.entries()) {
    if (stage.kind !== 'task' || !stage.solution) continue;
    const solution = await readMarkdown(ctx, folder, stage.solution.body, yaml, ['stages', i, 'solution', 'body']);
    if (solution === null) ok = false;
    else solutions.set(stage.id, solution);
  }
  if (story === null || !ok) return null;
  return { file, folder, mission, story, bodies, solutions };
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

function checkReferences(ctx: ReadContext, mission: Mission, yaml: YamlFile, known: KnownContent): boolean {
  let ok = true;
  const missing = (what: string, id: string, where: string, at: Array<string | number>): void => {
    ctx.error(yaml.file, formatFieldPath(at), `${what} "${id}" is neither in this pack (${where}) nor installed`, yaml.lineOf(at));
    ok = false;
  };
  if (mission.rubric && !known.hasRubric(mission.rubric)) missing('rubric', mission.rubric, 'rubrics/', ['rubric']);
  mission.stages.forEach((stage, i) => {
    if (stage.kind !== 'task') return;
    if (stage.rubric && !known.hasRubric(stage.rubric)) missing('rubric', stage.rubric, 'rubrics/', ['stages', i, 'rubric']);
    stage.recipes.forEach((id, j) => {
      if (!known.hasRecipe(id)) missing('recipe', id, 'recipes/', ['stages', i, 'recipes', j]);
    });
  });
  return ok;
}
