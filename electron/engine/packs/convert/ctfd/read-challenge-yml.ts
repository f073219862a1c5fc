// Reads ctfcli `challenge.yml` files: one file, or a folder holding one per challenge folder. The
// files a challenge names are read from beside its challenge.yml and must stay inside that folder.
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { parseDocument } from 'yaml';
import { DEFAULT_PACK_LIMITS } from '../../source/limits.ts';
import { unsafePathReason } from '../../source/pack-path.ts';
import { ConvertError } from '../pack-draft.ts';
import type { CtfdChallenge, CtfdFile, CtfdFlag, CtfdHint, CtfdRequirement } from './ctfd-challenge.ts';
import { count, isFields, list, text, words, type Fields } from './source-values.ts';

const CHALLENGE_FILE = /^challenge\.ya?ml$/;
/** A challenges repository holds dozens, a big event a few hundred; more is not a challenges folder. */
const MAX_CHALLENGES = 2_000;
const MAX_DEPTH = 6;
const MAX_YAML_BYTES = DEFAULT_PACK_LIMITS.maxTextBytes;
const MAX_ALIASES = 50;
/** Folders a challenges repository keeps beside its challenges that never hold one. */
const SKIPPED_FOLDERS = new Set(['node_modules', '__pycache__', '__MACOSX']);

/** The fields a challenge.yml maps into the pack; every other one is kept in converted-from.md. */
const MAPPED = new Set(['name', 'author', 'category', 'description', 'value', 'type', 'connection_info', 'attempts', 'max_attempts', 'flags', 'topics', 'tags', 'files', 'hints', 'requirements', 'logic', 'solution']);

export async function readChallengeYmls(source: string): Promise<CtfdChallenge[]> {
  const info = await stat(source).catch(() => null);
  if (info === null) throw new ConvertError(source, 'no such file or folder');
  if (info.isFile()) return [await readChallengeYml(source, basename(source))];
  const paths = await findChallengeFiles(source);
  if (paths.length === 0) throw new ConvertError(source, 'holds no challenge.yml (looked in its folders, up to six deep)');
  const challenges: CtfdChallenge[] = [];
  for (const path of paths) challenges.push(await readChallengeYml(join(source, path), path.split(sep).join('/')));
  return challenges;
}

async function findChallengeFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = (await readdir(join(root, dir), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
      const path = dir === '' ? entry.name : join(dir, entry.name);
      if (entry.isFile() && CHALLENGE_FILE.test(entry.name)) {
        found.push(path);
        if (found.length > MAX_CHALLENGES) throw new ConvertError(root, `holds more than ${MAX_CHALLENGES} challenge.yml files: convert a smaller folder`);
      } else if (entry.isDirectory() && depth < MAX_DEPTH) {
        await walk(path, depth + 1);
      }
    }
  };
  await walk('', 0);
  return found;
}

export async function readChallengeYml(path: string, where: string): Promise<CtfdChallenge> {
  const info = await stat(path);
  if (info.size > MAX_YAML_BYTES) throw new ConvertError(where, `is ${info.size} bytes, more than a challenge.yml can be (${MAX_YAML_BYTES})`);
  const data = parseYaml(where, await readFile(path, 'utf8'));
  return challengeFromYml(data, where, dirname(path));
}

function parseYaml(where: string, source: string): Fields {
  const doc = parseDocument(source, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0].line;
    throw new ConvertError(where, `is not valid YAML${line === undefined ? '' : ` (line ${line})`}: ${error.message.split('\n')[0]}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    throw new ConvertError(where, `is not valid YAML: ${(e as Error).message}`);
  }
  if (!isFields(data)) throw new ConvertError(where, 'should hold a mapping of challenge fields (name, category, flags…)');
  return data;
}

async function challengeFromYml(data: Fields, where: string, folder: string): Promise<CtfdChallenge> {
  const name = text(where, 'name', data.name).trim();
  if (name === '') throw new ConvertError(where, '`name` is empty');
  const type = text(where, 'type', data.type, 'standard');
  const extra = isFields(data.extra) ? data.extra : undefined;
  const dynamic = type === 'dynamic' && extra ? extra : undefined;
  // CTFd creates a dynamic challenge worth its `extra.initial`; `value` is the older spelling.
  const value = count(where, 'value', dynamic?.initial ?? data.value, Number.NaN);
  if (Number.isNaN(value)) throw new ConvertError(where, `challenge "${name}" has no \`value\` (its points)`);
  const unmapped: Fields = {};
  for (const [key, field] of Object.entries(data)) if (!MAPPED.has(key) && !(key === 'extra' && dynamic)) unmapped[key] = field;
  const solution = await readSolution(where, folder, data.solution, unmapped);
  // `anonymize` (show a locked challenge by name or not) has no place in a pack: kept aside.
  if (isFields(data.requirements)) for (const [key, field] of Object.entries(data.requirements)) if (key !== 'prerequisites') unmapped[`requirements.${key}`] = field;
  const author = data.author === undefined || data.author === null ? undefined : text(where, 'author', data.author).trim() || undefined;
  return {
    where,
    name,
    category: text(where, 'category', data.category, '').trim(),
    description: text(where, 'description', data.description, ''),
    value,
    type,
    attempts: count(where, 'attempts', data.attempts ?? data.max_attempts, 0),
    logic: text(where, 'logic', data.logic, 'any'),
    flags: list(where, 'flags', data.flags).map((flag, i) => flagOf(where, `flags[${i}]`, flag)),
    hints: list(where, 'hints', data.hints).map((hint, i) => hintOf(where, `hints[${i}]`, hint)),
    tags: words(where, 'tags', data.tags),
    topics: words(where, 'topics', data.topics),
    files: await filesOf(where, folder, list(where, 'files', data.files)),
    requirements: requirementsOf(where, data.requirements),
    ...(solution ? { solution } : {}),
    ...(author ? { author } : {}),
    ...(dynamic ? { dynamic } : {}),
    ...(typeof data.connection_info === 'string' && data.connection_info.trim() !== '' ? { connectionInfo: data.connection_info.trim() } : {}),
    unmapped,
  };
}

export function flagOf(where: string, field: string, flag: unknown): CtfdFlag {
  if (!isFields(flag)) return { type: 'static', content: text(where, field, flag), data: '' };
  return { type: text(where, `${field}.type`, flag.type, 'static'), content: text(where, `${field}.content`, flag.content), data: text(where, `${field}.data`, flag.data, '') };
}

export function hintOf(where: string, field: string, hint: unknown, requires = false): CtfdHint {
  if (!isFields(hint)) return { content: text(where, field, hint), cost: 0, requires };
  const title = hint.title === undefined || hint.title === null ? '' : text(where, `${field}.title`, hint.title).trim();
  return { content: text(where, `${field}.content`, hint.content), cost: count(where, `${field}.cost`, hint.cost, 0), requires, ...(title ? { title } : {}) };
}

/** `[names or ids]`, or ctfcli's newer `{ prerequisites: [...], anonymize }`. */
export function requirementsOf(where: string, value: unknown): CtfdRequirement[] {
  const items = isFields(value) ? list(where, 'requirements.prerequisites', value.prerequisites) : list(where, 'requirements', value);
  return items.map((item, i) => {
    if (typeof item === 'number' && Number.isInteger(item)) return { id: item };
    return { name: text(where, `requirements[${i}]`, item).trim() };
  });
}

async function readSolution(where: string, folder: string, value: unknown, unmapped: Fields): Promise<CtfdChallenge['solution']> {
  if (value === undefined || value === null) return undefined;
  const fields = isFields(value) ? value : { path: value };
  const state = text(where, 'solution.state', fields.state, 'visible');
  // A hidden solution is for the organisers: a learner must not get it, so it stays out of the pack.
  if (state === 'hidden') {
    unmapped.solution = value;
    return undefined;
  }
  const path = text(where, 'solution.path', fields.path);
  const [file] = await readInside(where, folder, path, 'solution');
  if (!file) throw new ConvertError(where, `the solution "${path}" is a folder, not a Markdown file`);
  return { markdown: Buffer.from(await file.read()).toString('utf8'), visible: true };
}

async function filesOf(where: string, folder: string, paths: unknown[]): Promise<CtfdFile[]> {
  const files: CtfdFile[] = [];
  for (const [i, path] of paths.entries()) files.push(...(await readInside(where, folder, text(where, `files[${i}]`, path), 'file')));
  return files;
}

/**
 * A file (or every file of a folder) named relative to the challenge's folder, refused if it leaves
 * it. `seen` holds the folders already read: a link back to one of them would never end.
 */
async function readInside(where: string, folder: string, path: string, what: string, seen = new Set<string>()): Promise<CtfdFile[]> {
  const cleaned = path.replaceAll('\\', '/').replace(/^\.\//, '').replace(/\/+$/, '');
  const unsafe = isAbsolute(path) ? 'absolute path' : unsafePathReason(cleaned);
  if (unsafe) throw new ConvertError(where, `the ${what} "${path}" is refused: ${unsafe}`);
  const full = join(folder, cleaned);
  const inFolder = await realpath(full).catch(() => null);
  if (inFolder === null) throw new ConvertError(where, `the ${what} "${path}" does not exist beside the challenge.yml`);
  const root = await realpath(folder);
  const inside = relative(root, inFolder);
  if (inside.startsWith('..') || isAbsolute(inside)) throw new ConvertError(where, `the ${what} "${path}" leads outside the challenge's folder (a symbolic link)`);
  const info = await lstat(inFolder);
  if (info.isDirectory()) {
    if (seen.has(inFolder)) throw new ConvertError(where, `the ${what} "${path}" leads back into a folder already read (a symbolic link loop)`);
    seen.add(inFolder);
    const names = (await readdir(inFolder)).filter((name) => !name.startsWith('.')).sort();
    const nested: CtfdFile[] = [];
    for (const name of names) nested.push(...(await readInside(where, folder, `${cleaned}/${name}`, what, seen)));
    return nested;
  }
  if (info.size > DEFAULT_PACK_LIMITS.maxEntryBytes) throw new ConvertError(where, `the ${what} "${path}" is larger than a pack file may be`);
  return [{ name: cleaned.split('/').pop() ?? cleaned, from: `${where}: ${cleaned}`, read: () => readFile(inFolder) }];
}
