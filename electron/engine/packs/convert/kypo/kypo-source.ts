// A KYPO / CyberRangeCZ training definition as its export gives it (snake_case JSON), read and
// checked before anything is mapped. The platform's own import rules are kept (answer limit 0–100,
// max score 0–100, a level's hint penalties adding up to at most its max score) so a source the
// platform would refuse is refused here too, with the level named. Objects are loose: every field
// the converter does not read stays in the parsed value, to be kept verbatim as unmapped.
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { ConvertError } from '../pack-draft.ts';

/** Exports are a few hundred kilobytes at most (attachments are links): anything far larger is not one. */
export const MAX_KYPO_SOURCE_BYTES = 5 * 1024 * 1024;

/** The file a training's repository keeps its definition in, when a folder is named. */
export const KYPO_DEFINITION_FILE = 'training.json';

const nonBlank = z.string().refine((value) => value.trim() !== '', 'must not be empty');
const duration = z.number().int().min(0).nullish();

export const kypoHintSchema = z.looseObject({
  title: z.string().nullish(),
  content: nonBlank,
  hint_penalty: z.number().int().min(0).max(100).nullish(),
  order: z.number().int().min(0).default(0),
});

/** Newer exports write `{ technique_key }` objects; a plain string is taken as the key too. */
const mitreTechnique = z.union([z.string(), z.looseObject({ technique_key: z.string() })]);

const levelBase = {
  title: nonBlank,
  order: z.number().int().min(0),
  estimated_duration: duration,
};

export const kypoTrainingLevelSchema = z.looseObject({
  ...levelBase,
  // Exports before the rename called them game levels with a flag and an incorrect-flag limit.
  level_type: z.enum(['TRAINING_LEVEL', 'GAME_LEVEL']),
  answer: z.string().nullish(),
  flag: z.string().nullish(),
  answer_variable_name: z.string().nullish(),
  variant_answers: z.boolean().nullish(),
  content: z.string().nullish(),
  solution: z.string().nullish(),
  solution_penalized: z.boolean().default(true),
  hints: z.array(kypoHintSchema).nullish(),
  incorrect_answer_limit: z.number().int().min(0).max(100).nullish(),
  incorrect_flag_limit: z.number().int().min(0).max(100).nullish(),
  max_score: z.number().int().min(0).max(100),
  mitre_techniques: z.array(mitreTechnique).nullish(),
});

export const kypoInfoLevelSchema = z.looseObject({ ...levelBase, level_type: z.literal('INFO_LEVEL'), content: z.string().nullish() });

export const kypoAccessLevelSchema = z.looseObject({
  ...levelBase,
  level_type: z.literal('ACCESS_LEVEL'),
  passkey: nonBlank,
  cloud_content: z.string().nullish(),
  local_content: z.string().nullish(),
});

const kypoChoiceSchema = z.looseObject({ text: z.string(), correct: z.boolean().nullish(), order: z.number().int().min(0).default(0) });
const kypoOptionSchema = z.looseObject({ text: nonBlank, order: z.number().int().min(0) });
const kypoStatementSchema = z.looseObject({ text: nonBlank, order: z.number().int().min(0), correct_option_order: z.number().int().min(0).nullish() });

export const kypoQuestionSchema = z.looseObject({
  question_type: z.enum(['FFQ', 'MCQ', 'EMI']),
  text: nonBlank,
  points: z.number().int().min(0).default(0),
  penalty: z.number().int().min(0).default(0),
  order: z.number().int().min(0).default(0),
  answer_required: z.boolean().default(false),
  choices: z.array(kypoChoiceSchema).nullish(),
  extended_matching_options: z.array(kypoOptionSchema).nullish(),
  extended_matching_statements: z.array(kypoStatementSchema).nullish(),
});

export const kypoAssessmentLevelSchema = z.looseObject({
  ...levelBase,
  level_type: z.literal('ASSESSMENT_LEVEL'),
  assessment_type: z.enum(['TEST', 'QUESTIONNAIRE']),
  instructions: z.string().nullish(),
  questions: z.array(kypoQuestionSchema),
});

export const kypoDefinitionSchema = z.looseObject({
  title: nonBlank,
  description: z.string().nullish(),
  outcomes: z.array(z.string()).nullish(),
  estimated_duration: duration,
  levels: z.array(z.looseObject({ level_type: z.string() }), 'a training definition lists its `levels`'),
});

export type KypoHint = z.output<typeof kypoHintSchema>;
export type KypoTrainingLevel = z.output<typeof kypoTrainingLevelSchema>;
export type KypoInfoLevel = z.output<typeof kypoInfoLevelSchema>;
export type KypoAccessLevel = z.output<typeof kypoAccessLevelSchema>;
export type KypoQuestion = z.output<typeof kypoQuestionSchema>;
export type KypoAssessmentLevel = z.output<typeof kypoAssessmentLevelSchema>;
export type KypoLevel = KypoTrainingLevel | KypoInfoLevel | KypoAccessLevel | KypoAssessmentLevel;

/** A level with where it stood in the source's `levels` array, which the report names it by. */
export interface SourcedLevel {
  level: KypoLevel;
  /** The level as the file has it, before defaults: what unmapped fields are taken from. */
  raw: Record<string, unknown>;
  /** `levels[3]`: its position in the source file, not its `order`. */
  where: string;
}

export interface KypoSource {
  /** The file read (training.json when a folder was named). */
  file: string;
  definition: z.output<typeof kypoDefinitionSchema>;
  /** The definition as the file has it. */
  raw: Record<string, unknown>;
  /** Sorted by `order`, as the platform plays them (ties keep the file's order). */
  levels: SourcedLevel[];
}

const LEVEL_SCHEMAS = {
  TRAINING_LEVEL: kypoTrainingLevelSchema,
  GAME_LEVEL: kypoTrainingLevelSchema,
  INFO_LEVEL: kypoInfoLevelSchema,
  ACCESS_LEVEL: kypoAccessLevelSchema,
  ASSESSMENT_LEVEL: kypoAssessmentLevelSchema,
} as const;

export async function readKypoSource(source: string): Promise<KypoSource> {
  const file = await definitionFile(source);
  const json = parseJson(file, await readFile(file, 'utf8'));
  if (isRecord(json) && Array.isArray(json.phases) && !('levels' in json)) {
    throw new ConvertError(basename(file), 'is an adaptive training definition (phases, tasks and decision matrices): only linear training definitions, with levels, are converted');
  }
  const definition = parseWith(kypoDefinitionSchema, json, basename(file));
  const levels = definition.levels.map((raw, i): SourcedLevel => {
    const where = `levels[${i}]`;
    const schema = (LEVEL_SCHEMAS as Record<string, z.ZodType<KypoLevel> | undefined>)[raw.level_type];
    if (schema === undefined) {
      throw new ConvertError(labelOf(where, raw), `unknown level type "${raw.level_type}": this converter reads ${Object.keys(LEVEL_SCHEMAS).join(', ')}`);
    }
    const label = labelOf(where, raw);
    const read = withQuestionsParsed(raw, label);
    const level = parseWith(schema, read, label);
    if (isTrainingLevel(level)) checkHintPenalties(level, label);
    return { level, raw: read, where };
  });
  levels.sort((a, b) => a.level.order - b.level.order);
  return { file, definition, raw: json as Record<string, unknown>, levels };
}

export function isTrainingLevel(level: KypoLevel): level is KypoTrainingLevel {
  return level.level_type === 'TRAINING_LEVEL' || level.level_type === 'GAME_LEVEL';
}

/** How the report names a level: its place in the file and its title. */
export function labelOf(where: string, level: Record<string, unknown>): string {
  return typeof level.title === 'string' && level.title.trim() !== '' ? `${where} "${level.title.trim()}"` : where;
}

// Older exports wrote an assessment's questions as one JSON string; read it as the list it holds.
function withQuestionsParsed(raw: Record<string, unknown>, label: string): Record<string, unknown> {
  if (raw.level_type !== 'ASSESSMENT_LEVEL' || typeof raw.questions !== 'string') return raw;
  try {
    return { ...raw, questions: JSON.parse(raw.questions) as unknown };
  } catch (error) {
    throw new ConvertError(label, `its questions are written as text that is not valid JSON (${(error as Error).message})`);
  }
}

// The platform refuses a level whose hints could take more than it is worth; so does the pack format.
function checkHintPenalties(level: KypoTrainingLevel, label: string): void {
  const total = (level.hints ?? []).reduce((sum, hint) => sum + (hint.hint_penalty ?? 0), 0);
  if (total > level.max_score) {
    throw new ConvertError(label, `its hint penalties add up to ${total} points but the level is worth ${level.max_score} (max_score): the platform refuses such a level, so it cannot be converted`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function definitionFile(source: string): Promise<string> {
  let info = await statOrNull(source);
  if (info === null) throw new ConvertError(source, 'no such file or folder');
  let file = source;
  if (info.isDirectory()) {
    file = join(source, KYPO_DEFINITION_FILE);
    info = await statOrNull(file);
    if (info === null || !info.isFile()) throw new ConvertError(source, `the folder holds no ${KYPO_DEFINITION_FILE}: name the exported training definition (a .json file)`);
  }
  if (!info.isFile()) throw new ConvertError(source, 'not a file: name the exported training definition (a .json file)');
  if (info.size > MAX_KYPO_SOURCE_BYTES) {
    throw new ConvertError(file, `is ${info.size.toLocaleString('en')} bytes; a training definition is at most ${MAX_KYPO_SOURCE_BYTES.toLocaleString('en')} bytes, so this is not one`);
  }
  return file;
}

async function statOrNull(path: string): Promise<Awaited<ReturnType<typeof stat>> | null> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new ConvertError(basename(file), `is not valid JSON (${(error as Error).message}): a KYPO training definition is the JSON file its export gives`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  throw new ConvertError(where, `is not a KYPO training definition as its export writes it: ${issues.join('; ')}`);
}
