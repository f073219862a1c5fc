// Reads the challenges of a CTFd export zip (Admin → Backup): db/<table>.json files holding
// `{"count", "results", "meta"}` and uploads/<folder>/<file>. The archive is opened with the pack
// importer's zip hardening (limits, path checks, overlapping entries), and only the challenge tables
// are read: users, teams, tokens, submissions and config never leave the archive.
import { DEFAULT_PACK_LIMITS } from '../../source/limits.ts';
import { unsafePathReason } from '../../source/pack-path.ts';
import { PackSourceError, type PackSource } from '../../source/pack-source.ts';
import { openZipSource } from '../../source/zip-source.ts';
import { ConvertError } from '../pack-draft.ts';
import type { CtfdChallenge, CtfdFile, CtfdHint, CtfdRequirement } from './ctfd-challenge.ts';
import { flagOf, hintOf } from './read-challenge-yml.ts';
import { count, isFields, list, text, type Fields } from './source-values.ts';

/** The tables a conversion reads; every other table of the export is left unread. */
export const CHALLENGE_TABLES = ['challenges', 'dynamic_challenge', 'flags', 'hints', 'tags', 'topics', 'challenge_topics', 'files', 'solutions'] as const;
type Table = (typeof CHALLENGE_TABLES)[number];
/** A big event's challenge tables stay far below this; the JSON is read into memory. */
const MAX_TABLE_BYTES = 32 * 1024 * 1024;
const MAPPED = new Set(['id', 'name', 'description', 'connection_info', 'max_attempts', 'value', 'category', 'type', 'requirements', 'logic', 'initial', 'minimum', 'decay', 'function']);
const DYNAMIC_FIELDS = ['initial', 'minimum', 'decay', 'function'] as const;

export interface CtfdExport {
  challenges: CtfdChallenge[];
  /** The export's other tables, named (not read) for the report. */
  unreadTables: string[];
}

export async function readCtfdExport(zipPath: string): Promise<CtfdExport> {
  let source: PackSource;
  try {
    source = await openZipSource(zipPath, DEFAULT_PACK_LIMITS);
  } catch (error) {
    if (error instanceof PackSourceError) throw new ConvertError(zipPath, `the export is refused: ${error.issues.slice(0, 5).map((issue) => `${issue.file}${issue.file ? ': ' : ''}${issue.message}`).join('; ')}`);
    throw error;
  }
  try {
    const paths = source.files.map((file) => file.path);
    const root = exportRoot(paths);
    if (root === null) throw new ConvertError(zipPath, 'is not a CTFd export: it has no db/challenges.json');
    const tables = new Map<Table, Fields[]>();
    for (const table of CHALLENGE_TABLES) tables.set(table, await readTable(source, `${root}db/${table}.json`, paths));
    const unreadTables = paths.filter((path) => path.startsWith(`${root}db/`) && !CHALLENGE_TABLES.some((table) => path === `${root}db/${table}.json`)).map((path) => path.slice(root.length)).sort();
    const challenges = await challengesOf(tables, source, root, paths);
    return { challenges, unreadTables };
  } finally {
    await source.close();
  }
}

/** `db/` at the root, or inside one top folder when someone zipped the unpacked export again. */
function exportRoot(paths: readonly string[]): string | null {
  if (paths.includes('db/challenges.json')) return '';
  const nested = paths.find((path) => /^[^/]+\/db\/challenges\.json$/.test(path));
  return nested === undefined ? null : nested.slice(0, nested.indexOf('/') + 1);
}

async function readTable(source: PackSource, path: string, paths: readonly string[]): Promise<Fields[]> {
  if (!paths.includes(path)) return [];
  const size = source.files.find((file) => file.path === path)?.size ?? 0;
  if (size > MAX_TABLE_BYTES) throw new ConvertError(path, `is ${size} bytes, more than a challenge table can be`);
  let data: unknown;
  try {
    data = JSON.parse((await source.readBuffer(path)).toString('utf8'));
  } catch (error) {
    throw new ConvertError(path, `is not valid JSON: ${(error as Error).message}`);
  }
  const rows = isFields(data) ? data.results : data;
  if (!Array.isArray(rows)) throw new ConvertError(path, 'should hold {"count", "results": [...]} as CTFd exports it');
  return rows.map((row, i) => {
    if (!isFields(row)) throw new ConvertError(`${path} #${i}`, 'each result should be an object');
    return row;
  });
}

function byChallenge(rows: readonly Fields[]): Map<number, Fields[]> {
  const map = new Map<number, Fields[]>();
  for (const row of rows) {
    const id = Number(row.challenge_id);
    map.set(id, [...(map.get(id) ?? []), row]);
  }
  return map;
}

async function challengesOf(tables: Map<Table, Fields[]>, source: PackSource, root: string, paths: readonly string[]): Promise<CtfdChallenge[]> {
  const rowsOf = (table: Table): Fields[] => tables.get(table) ?? [];
  const flags = byChallenge(rowsOf('flags'));
  const hints = byChallenge(rowsOf('hints'));
  const tags = byChallenge(rowsOf('tags'));
  const files = byChallenge(rowsOf('files').filter((row) => (row.type ?? 'challenge') === 'challenge'));
  const solutions = byChallenge(rowsOf('solutions'));
  const topicNames = new Map(rowsOf('topics').map((row) => [Number(row.id), String(row.value ?? '')]));
  const topics = byChallenge(rowsOf('challenge_topics'));
  const dynamicRows = new Map(rowsOf('dynamic_challenge').map((row) => [Number(row.id), row]));
  const challenges: CtfdChallenge[] = [];
  const sorted = [...rowsOf('challenges')].sort((a, b) => Number(a.id) - Number(b.id));
  for (const row of sorted) {
    const id = Number(row.id);
    const where = `db/challenges.json id ${String(row.id)}`;
    if (!Number.isInteger(id)) throw new ConvertError(where, '`id` should be a whole number');
    const name = text(where, 'name', row.name).trim();
    if (name === '') throw new ConvertError(where, '`name` is empty');
    const type = text(where, 'type', row.type, 'standard');
    // CTFd before 3.7 kept dynamic scoring in its own table; later versions in the challenge row.
    const older = dynamicRows.get(id) ?? {};
    const dynamic = type === 'dynamic' ? dynamicScoring(row, older) : undefined;
    const unmapped: Fields = {};
    for (const [key, value] of Object.entries(row)) if (!MAPPED.has(key) && value !== null && value !== '') unmapped[key] = value;
    for (const [key, value] of Object.entries(requirementsObject(where, row.requirements))) if (key !== 'prerequisites') unmapped[`requirements.${key}`] = value;
    const hintRows = (hints.get(id) ?? []).sort((a, b) => Number(a.id) - Number(b.id));
    const solution = (solutions.get(id) ?? []).find((s) => typeof s.content === 'string' && s.content.trim() !== '');
    // A hidden solution is for the organisers: it stays out of the pack, converted-from note included.
    if (solution && solution.state === 'hidden') unmapped.solution = 'hidden in CTFd: not copied into the pack';
    const connection = typeof row.connection_info === 'string' ? row.connection_info.trim() : '';
    challenges.push({
      where,
      id,
      name,
      category: text(where, 'category', row.category, '').trim(),
      description: text(where, 'description', row.description, ''),
      // A dynamic challenge's `value` is what it had decayed to when exported; `initial` is its worth.
      value: count(where, 'value', dynamic?.initial ?? row.value, 0),
      type,
      attempts: count(where, 'max_attempts', row.max_attempts, 0),
      logic: text(where, 'logic', row.logic, 'any'),
      flags: (flags.get(id) ?? []).sort((a, b) => Number(a.id) - Number(b.id)).map((flag, i) => flagOf(where, `flags[${i}]`, flag)),
      hints: hintRows.map((hint, i): CtfdHint => hintOf(where, `hints[${i}]`, hint, requirementIds(`db/hints.json id ${String(hint.id)}`, hint.requirements).length > 0)),
      tags: (tags.get(id) ?? []).map((tag) => String(tag.value ?? '').trim()).filter((tag) => tag !== ''),
      topics: (topics.get(id) ?? []).map((link) => topicNames.get(Number(link.topic_id)) ?? '').filter((topic) => topic.trim() !== ''),
      files: await uploadsOf(where, name, files.get(id) ?? [], source, root, paths),
      requirements: requirementIds(where, row.requirements).map((required): CtfdRequirement => ({ id: required })),
      ...(solution && solution.state !== 'hidden' ? { solution: { markdown: String(solution.content), visible: true } } : {}),
      ...(dynamic ? { dynamic } : {}),
      ...(connection ? { connectionInfo: connection } : {}),
      unmapped,
    });
  }
  return challenges;
}

function dynamicScoring(row: Fields, older: Fields): Fields {
  const scoring: Fields = {};
  for (const field of DYNAMIC_FIELDS) {
    const value = row[field] ?? older[field];
    if (value !== undefined && value !== null) scoring[field] = value;
  }
  return scoring;
}

/** `{ prerequisites: [ids] }`, the same as a JSON string (exports of CTFd 2.0 and 2.1), or null. */
export function requirementIds(where: string, value: unknown): number[] {
  const requirements = requirementsObject(where, value);
  return list(where, 'requirements.prerequisites', requirements.prerequisites).map((id) => {
    const number = Number(id);
    if (!Number.isInteger(number)) throw new ConvertError(where, `\`requirements\` names ${JSON.stringify(id)}, not a challenge id`);
    return number;
  });
}

function requirementsObject(where: string, value: unknown): Fields {
  let requirements = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return {};
    try {
      requirements = JSON.parse(value);
    } catch {
      throw new ConvertError(where, `\`requirements\` is neither an object nor JSON: ${JSON.stringify(value.slice(0, 80))}`);
    }
  }
  if (requirements === null || requirements === undefined) return {};
  if (!isFields(requirements)) throw new ConvertError(where, '`requirements` should be {"prerequisites": [...]}');
  return requirements;
}

async function uploadsOf(where: string, challenge: string, rows: readonly Fields[], source: PackSource, root: string, paths: readonly string[]): Promise<CtfdFile[]> {
  const files: CtfdFile[] = [];
  for (const row of [...rows].sort((a, b) => Number(a.id) - Number(b.id))) {
    const location = text(where, 'files.location', row.location);
    const unsafe = unsafePathReason(location) ?? (location.includes('\\') ? 'backslash in the path' : null);
    if (unsafe) throw new ConvertError(where, `challenge "${challenge}": the file "${location}" is refused: ${unsafe}`);
    const entry = `${root}uploads/${location}`;
    if (!paths.includes(entry)) throw new ConvertError(where, `challenge "${challenge}": the file "${location}" is not in the export's uploads folder`);
    let data: Buffer;
    try {
      // Read now: the archive is closed once the tables are read.
      data = await source.readBuffer(entry);
    } catch (error) {
      throw new ConvertError(entry, `cannot be read from the export: ${(error as Error).message}`);
    }
    files.push({ name: location.split('/').pop() ?? location, from: entry, read: () => Promise.resolve(data) });
  }
  return files;
}
