// Reads a whole pack from a source and reports every problem at once. Content is handed to a sink as
// soon as it is valid, so an import can write it inside its transaction without holding the whole
// pack in memory; assets are streamed to `storeAsset` and never buffered.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { PackIssue } from '../../../../shared/pack/issues.ts';
import type { PackManifest } from '../../../../shared/pack/schema.ts';
import type { StoredBlob } from '../../blobs/blob-store.ts';
import { hashStream } from '../parse/read-text.ts';
import { buildManifest, SIGNATURE_FILE, verifyPackSignature, type SignatureVerdict, type TrustedSigner } from '../signature/pack-signature.ts';
import { DEFAULT_PACK_LIMITS, type PackLimits } from '../source/limits.ts';
import type { PackSource } from '../source/pack-source.ts';
import { ReadContext } from './context.ts';
import { readManifest, readRecipe, readRubric, type LoadedRecipe, type LoadedRubric } from './read-library.ts';
import { readMission, type LoadedMission, type MissionReference } from './read-mission.ts';

export interface PackContentSink {
  manifest(manifest: PackManifest): void;
  rubric(rubric: LoadedRubric): void;
  recipe(recipe: LoadedRecipe): void;
  mission(mission: LoadedMission): void;
  asset(path: string, blob: StoredBlob): void;
}

/** What is installed already, so a pack may refer to another pack's missions, recipes and rubrics. */
export interface InstalledContent {
  hasMission(code: string): boolean;
  hasRecipe(id: string): boolean;
  hasRubric(id: string): boolean;
}

export interface ReadPackOptions {
  /** Where mission files (Markdown, assets) go: a blob batch on import, a hash-only drain on validate. */
  storeAsset?: (stream: Readable, maxBytes: number) => Promise<StoredBlob>;
  sink?: PackContentSink;
  installed?: InstalledContent;
  trusted?: readonly TrustedSigner[];
  limits?: PackLimits;
}

export interface PackReadResult {
  manifest: PackManifest | null;
  issues: PackIssue[];
  signature: SignatureVerdict;
  /** SHA-256 of the file manifest: the identity of this pack's content. */
  contentSha256: string;
  counts: { missions: number; recipes: number; rubrics: number; assets: number };
}

const MISSION_FILE = /^missions\/([^/]+)\/(.+)$/;

export async function readPack(source: PackSource, options: ReadPackOptions = {}): Promise<PackReadResult> {
  const ctx = new ReadContext(source, options.limits ?? DEFAULT_PACK_LIMITS);
  const storeAsset = options.storeAsset ?? ((stream: Readable) => hashStream(stream));
  const counts = { missions: 0, recipes: 0, rubrics: 0, assets: 0 };
  const missionFolders = new Set<string>();

  // Pass 1: stream every file that is not a pack-format text, hashing (and on import storing) it.
  for (const file of source.files) {
    const inMission = MISSION_FILE.exec(file.path);
    if (inMission) missionFolders.add(`missions/${inMission[1]}`);
    if (isFormatText(file.path)) continue;
    let blob: StoredBlob;
    try {
      blob = await storeAsset(await source.openStream(file.path), ctx.limits.maxEntryBytes);
    } catch (error) {
      ctx.error(file.path, '', `damaged file: ${(error as Error).message}`);
      continue;
    }
    ctx.hashes.set(file.path, blob.sha256);
    if (inMission) {
      counts.assets++;
      options.sink?.asset(file.path, blob);
    } else if (file.path !== SIGNATURE_FILE) {
      warnStray(ctx, file.path);
    }
  }

  // Pass 2: the texts, in dependency order, so the sink sees rubrics and recipes before missions.
  const manifest = await readManifest(ctx);
  const sink = manifest ? options.sink : undefined;
  if (manifest) sink?.manifest(manifest);
  const rubricIds = new Set<string>();
  for (const file of filesMatching(source, /^rubrics\/[^/]+\.ya?ml$/)) {
    const rubric = await readRubric(ctx, file);
    if (!rubric) continue;
    if (rubricIds.has(rubric.rubric.id)) ctx.error(file, 'id', `rubric id "${rubric.rubric.id}" is used twice`);
    rubricIds.add(rubric.rubric.id);
    counts.rubrics++;
    sink?.rubric(rubric);
  }
  const recipeIds = new Set<string>();
  for (const file of filesMatching(source, /^recipes\/[^/]+\.md$/)) {
    const recipe = await readRecipe(ctx, file);
    if (!recipe) continue;
    recipeIds.add(recipe.recipe.id);
    counts.recipes++;
    sink?.recipe(recipe);
  }
  const refs: MissionReference[] = [];
  const prerequisites = new Map<string, string[]>();
  for (const folder of [...missionFolders].sort()) {
    const mission = await readMission(ctx, folder, refs);
    if (!mission) continue;
    counts.missions++;
    prerequisites.set(mission.mission.code, mission.mission.prerequisites);
    sink?.mission(mission);
  }
  if (missionFolders.size === 0) ctx.error('missions', '', 'the pack has no missions (missions/<code>/mission.yaml)');

  checkReferences(ctx, refs, { missions: prerequisites, recipes: recipeIds, rubrics: rubricIds }, options.installed);
  checkPrerequisiteCycles(ctx, prerequisites);

  const signatureText = ctx.paths.has(SIGNATURE_FILE) ? await ctx.readText(SIGNATURE_FILE) : null;
  ctx.hashes.delete(SIGNATURE_FILE);
  const signature = verifyPackSignature(signatureText, ctx.hashes, options.trusted ?? []);
  if (signature.status === 'tampered') ctx.error(SIGNATURE_FILE, '', signature.reason);

  return { manifest, issues: ctx.issues, signature, contentSha256: contentDigest(ctx.hashes), counts };
}

function isFormatText(path: string): boolean {
  return (
    path === 'pack.yaml' ||
    /^missions\/[^/]+\/mission\.yaml$/.test(path) ||
    /^recipes\/[^/]+\.md$/.test(path) ||
    /^rubrics\/[^/]+\.ya?ml$/.test(path)
  );
}

function warnStray(ctx: ReadContext, path: string): void {
  if (/^(recipes|rubrics)\//.test(path)) {
    ctx.warn(path, '', 'not a recipe (.md) or rubric (.yaml); it is ignored');
  }
}

function filesMatching(source: PackSource, pattern: RegExp): string[] {
  return source.files.map((file) => file.path).filter((path) => pattern.test(path));
}

interface PackIds {
  missions: ReadonlyMap<string, unknown>;
  recipes: ReadonlySet<string>;
  rubrics: ReadonlySet<string>;
}

function checkReferences(ctx: ReadContext, refs: readonly MissionReference[], ids: PackIds, installed?: InstalledContent): void {
  for (const ref of refs) {
    const found =
      ref.kind === 'recipe'
        ? ids.recipes.has(ref.id) || installed?.hasRecipe(ref.id)
        : ref.kind === 'rubric'
          ? ids.rubrics.has(ref.id) || installed?.hasRubric(ref.id)
          : ids.missions.has(ref.id) || installed?.hasMission(ref.id);
    if (!found) {
      const where = ref.kind === 'recipe' ? 'recipes/' : ref.kind === 'rubric' ? 'rubrics/' : 'missions/';
      ctx.error(ref.file, ref.path, `${ref.kind} "${ref.id}" is neither in this pack (${where}) nor installed`, ref.line);
    }
  }
}

function checkPrerequisiteCycles(ctx: ReadContext, graph: ReadonlyMap<string, readonly string[]>): void {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (code: string, trail: string[]): void => {
    state.set(code, 'open');
    for (const next of graph.get(code) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = [...trail.slice(trail.indexOf(next)), next].join(' → ');
        ctx.error(`missions/${code}/mission.yaml`, 'prerequisites', `prerequisites form a cycle: ${cycle}`);
      } else if (!state.has(next) && graph.has(next)) {
        visit(next, [...trail, next]);
      }
    }
    state.set(code, 'done');
  };
  for (const code of graph.keys()) if (!state.has(code)) visit(code, [code]);
}

function contentDigest(hashes: ReadonlyMap<string, string>): string {
  return createHash('sha256').update(buildManifest(hashes)).digest('hex');
}
