// Reads a whole pack from a source and reports every problem at once. Content is handed to a sink as
// soon as it is valid, so an import can write it inside its transaction without holding the whole
// pack in memory; assets are streamed to `storeAsset` and never buffered.
import { compareCodeUnits } from '../../../../shared/text.ts';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { PackIssue } from '../../../../shared/pack/issues.ts';
import type { PackManifest } from '../../../../shared/pack/schema.ts';
import type { StoredBlob } from '../../blobs/blob-store.ts';
import { hashStream, sha256Of } from '../parse/read-text.ts';
import { buildManifest, SIGNATURE_FILE, verifyPackSignature, type SignatureVerdict, type TrustedSigner } from '../signature/pack-signature.ts';
import { DEFAULT_PACK_LIMITS, type PackLimits } from '../source/limits.ts';
import type { PackFile, PackSource } from '../source/pack-source.ts';
import { forEachConcurrent } from './concurrency.ts';
import { ReadContext } from './context.ts';
import { readManifest, readRecipe, readRubric, type LoadedRecipe, type LoadedRubric } from './read-library.ts';
import { readMission, type LoadedMission, type PrerequisiteReference } from './read-mission.ts';
import { parseMissionRef } from '../../../../shared/pack/mission-ref.ts';

export interface PackContentSink {
  manifest(manifest: PackManifest): void;
  rubric(rubric: LoadedRubric): void;
  recipe(recipe: LoadedRecipe): void;
  mission(mission: LoadedMission): void;
  asset(path: string, blob: StoredBlob): void;
}

/** What is installed already, so a pack may refer to another pack's missions, recipes and rubrics. */
export interface InstalledContent {
  hasMission(packId: string, code: string): boolean;
  hasRecipe(id: string): boolean;
  hasRubric(id: string): boolean;
}

/** Where mission assets go: a blob batch on import, a hash-only drain on validate. */
export interface AssetStore {
  stream(input: Readable, maxBytes: number): Promise<StoredBlob>;
  buffer(data: Buffer): Promise<StoredBlob>;
}

const HASH_ONLY: AssetStore = {
  stream: (input) => hashStream(input),
  buffer: async (data) => ({ sha256: sha256Of(data), size: data.length }),
};

export interface ReadPackOptions {
  assets?: AssetStore;
  sink?: PackContentSink;
  installed?: InstalledContent;
  trusted?: readonly TrustedSigner[];
  limits?: PackLimits;
  /** Called after each file is read, with the number read and the number in the pack. */
  onProgress?: (done: number, total: number) => void;
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
/** Files up to this size are read whole; larger ones are streamed so memory stays flat. */
const SMALL_FILE_BYTES = 256 * 1024;
/** Reads in flight at once: enough to keep a disk or USB stick busy, few enough to bound memory. */
const READ_CONCURRENCY = 8;

export async function readPack(source: PackSource, options: ReadPackOptions = {}): Promise<PackReadResult> {
  const ctx = new ReadContext(source, options.limits ?? DEFAULT_PACK_LIMITS, options.onProgress);
  const assets = options.assets ?? HASH_ONLY;
  const counts = { missions: 0, recipes: 0, rubrics: 0, assets: 0 };
  const missionFolders = new Set<string>();
  for (const file of source.files) {
    const inMission = MISSION_FILE.exec(file.path);
    if (inMission) missionFolders.add(`missions/${inMission[1]}`);
  }
  const storeFile = async (file: PackFile): Promise<void> => {
    let blob: StoredBlob;
    try {
      blob =
        file.size <= SMALL_FILE_BYTES
          ? await assets.buffer(await source.readBuffer(file.path))
          : await assets.stream(await source.openStream(file.path), ctx.limits.maxEntryBytes);
    } catch (error) {
      ctx.error(file.path, '', `damaged file: ${(error as Error).message}`);
      return;
    }
    ctx.hashes.set(file.path, blob.sha256);
    ctx.fileRead();
    if (MISSION_FILE.test(file.path)) {
      counts.assets++;
      options.sink?.asset(file.path, blob);
    } else if (file.path !== SIGNATURE_FILE) {
      warnStray(ctx, file.path);
    }
  };

  // Pass 1: every file that is not a pack-format text is hashed and (on import) stored.
  await forEachConcurrent(source.files.filter((file) => !isFormatText(file.path) && !isMissionMarkdown(file.path)), READ_CONCURRENCY, storeFile);

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
  await forEachConcurrent(filesMatching(source, /^recipes\/[^/]+\.md$/), READ_CONCURRENCY, async (file) => {
    const recipe = await readRecipe(ctx, file);
    if (!recipe) return;
    recipeIds.add(recipe.recipe.id);
    counts.recipes++;
    sink?.recipe(recipe);
  });
  const installed = options.installed;
  const known = {
    hasRecipe: (id: string) => recipeIds.has(id) || (installed?.hasRecipe(id) ?? false),
    hasRubric: (id: string) => rubricIds.has(id) || (installed?.hasRubric(id) ?? false),
  };
  const prerequisiteRefs: PrerequisiteReference[] = [];
  const prerequisites = new Map<string, string[]>();
  await forEachConcurrent([...missionFolders].sort(), READ_CONCURRENCY, async (folder) => {
    const mission = await readMission(ctx, folder, known, prerequisiteRefs);
    if (!mission) return;
    counts.missions++;
    prerequisites.set(mission.mission.code, mission.mission.prerequisites);
    sink?.mission(mission);
  });
  if (missionFolders.size === 0) ctx.error('missions', '', 'the pack has no missions (missions/<code>/mission.yaml)');
  // Markdown that no mission.yaml names is kept as an ordinary file, so links to it still resolve.
  const unread = source.files.filter((file) => isMissionMarkdown(file.path) && !ctx.hashes.has(file.path));
  await forEachConcurrent(unread, READ_CONCURRENCY, storeFile);

  if (manifest) {
    checkPrerequisites(ctx, manifest.id, prerequisiteRefs, new Set(prerequisites.keys()), installed);
    checkPrerequisiteCycles(ctx, new Map([...prerequisites].map(([code, refs]) => [code, ownCodes(refs, manifest.id)])));
  }

  const signatureText = ctx.paths.has(SIGNATURE_FILE) ? await ctx.readText(SIGNATURE_FILE) : null;
  ctx.hashes.delete(SIGNATURE_FILE);
  const signature = verifyPackSignature(signatureText, ctx.hashes, options.trusted ?? []);
  if (signature.status === 'tampered') ctx.error(SIGNATURE_FILE, '', signature.reason);

  return { manifest, issues: sortIssues(ctx.issues), signature, contentSha256: contentDigest(ctx.hashes), counts };
}

function isMissionMarkdown(path: string): boolean {
  return /^missions\/[^/]+\/.+\.md$/.test(path);
}

/** Concurrent reads finish in any order; people (and tests) want issues in file and line order. */
function sortIssues(issues: PackIssue[]): PackIssue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => compareCodeUnits(a.issue.file, b.issue.file) || (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.index - b.index)
    .map(({ issue }) => issue);
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

/** A bare code names a mission of this pack; `pack-id:CODE` one of another pack, already installed. */
function checkPrerequisites(ctx: ReadContext, packId: string, refs: readonly PrerequisiteReference[], ownCodes: ReadonlySet<string>, installed: InstalledContent | undefined): void {
  for (const ref of refs) {
    const target = parseMissionRef(ref.code, packId);
    if (!target) continue;
    if (target.packId === packId) {
      if (!ownCodes.has(target.code)) ctx.error(ref.file, ref.path, `mission "${target.code}" is not in this pack (missions/); a mission of another pack is named pack-id:${target.code}`, ref.line());
    } else if (!installed?.hasMission(target.packId, target.code)) {
      ctx.error(ref.file, ref.path, `mission "${target.code}" of pack "${target.packId}" is not installed`, ref.line());
    }
  }
}

/** The prerequisites inside this pack, by code: a mission of another pack cannot close a cycle here. */
function ownCodes(refs: readonly string[], packId: string): string[] {
  return refs.flatMap((ref) => {
    const target = parseMissionRef(ref, packId);
    return target && target.packId === packId ? [target.code] : [];
  });
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
