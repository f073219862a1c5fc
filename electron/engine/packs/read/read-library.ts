// Reads the pack-wide content that missions refer to: pack.yaml, rubrics/<id>.yaml, recipes/<id>.md.
import { gt as semverGreater } from 'semver';
import { APP_VERSION } from '../../../../shared/app-version.ts';
import { packManifestSchema, recipeFrontMatterSchema, rubricSchema, type PackManifest, type RecipeFrontMatter, type Rubric } from '../../../../shared/pack/schema.ts';
import { parseYamlFile, splitFrontMatter, validateYaml } from '../parse/yaml-file.ts';
import type { ReadContext } from './context.ts';
import { checkMarkdownLinks } from './markdown-links.ts';

export interface LoadedRubric {
  file: string;
  rubric: Rubric;
  /** Sum over criteria of each criterion's highest level (DESIGN.md). */
  maxPoints: number;
}

export interface LoadedRecipe {
  file: string;
  recipe: RecipeFrontMatter;
  body: string;
}

export async function readManifest(ctx: ReadContext): Promise<PackManifest | null> {
  if (!ctx.paths.has('pack.yaml')) {
    ctx.error('pack.yaml', '', 'pack.yaml is missing: a pack has a pack.yaml at its root');
    return null;
  }
  const text = await ctx.readText('pack.yaml');
  if (text === null) return null;
  const yaml = parseYamlFile('pack.yaml', text, ctx.issues);
  const manifest = yaml && validateYaml(packManifestSchema, yaml, ctx.issues);
  if (yaml && manifest?.min_app_version && semverGreater(manifest.min_app_version, APP_VERSION)) {
    ctx.error('pack.yaml', 'min_app_version', `this pack needs Outpost ${manifest.min_app_version} or newer; this is ${APP_VERSION}`, yaml.lineOf(['min_app_version']));
    return null;
  }
  return manifest ?? null;
}

export async function readRubric(ctx: ReadContext, file: string): Promise<LoadedRubric | null> {
  const text = await ctx.readText(file);
  const yaml = text === null ? null : parseYamlFile(file, text, ctx.issues);
  const rubric = yaml && validateYaml(rubricSchema, yaml, ctx.issues);
  if (!yaml || !rubric) return null;
  const expected = fileStem(file);
  if (rubric.id !== expected) {
    ctx.error(file, 'id', `rubric id "${rubric.id}" must equal the file name "${expected}"`, yaml.lineOf(['id']));
    return null;
  }
  const ids = new Set<string>();
  let ok = true;
  rubric.criteria.forEach((criterion, i) => {
    if (ids.has(criterion.id)) {
      ctx.error(file, `criteria[${i}].id`, `criterion id "${criterion.id}" is used twice`, yaml.lineOf(['criteria', i, 'id']));
      ok = false;
    }
    ids.add(criterion.id);
  });
  const maxPoints = rubric.criteria.reduce((sum, c) => sum + Math.max(...c.levels.map((level) => level.points)), 0);
  if (maxPoints <= 0) {
    ctx.error(file, 'criteria', 'the rubric maximum is 0: at least one level must give points', yaml.lineOf(['criteria']));
    ok = false;
  }
  return ok ? { file, rubric, maxPoints } : null;
}

export async function readRecipe(ctx: ReadContext, file: string): Promise<LoadedRecipe | null> {
  const text = await ctx.readText(file);
  if (text === null) return null;
  const parts = splitFrontMatter(text);
  if (!parts) {
    ctx.error(file, '', 'a recipe starts with YAML front matter between two `---` lines', 1);
    return null;
  }
  const yaml = parseYamlFile(file, parts.yaml, ctx.issues, parts.firstLine);
  const recipe = yaml && validateYaml(recipeFrontMatterSchema, yaml, ctx.issues);
  if (!yaml || !recipe) return null;
  const expected = fileStem(file);
  if (recipe.id !== expected) {
    ctx.error(file, 'id', `recipe id "${recipe.id}" must equal the file name "${expected}"`, yaml.lineOf(['id']));
    return null;
  }
  if (parts.body.trim() === '') ctx.warn(file, '', 'the recipe has no body');
  checkMarkdownLinks(ctx, file, parts.body);
  return { file, recipe, body: parts.body };
}

export function fileStem(file: string): string {
  const name = file.split('/').pop() ?? file;
  return name.replace(/\.(md|ya?ml)$/, '');
}
