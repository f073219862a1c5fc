// The mission pack format v1 (DESIGN.md "Mission pack format"), written once as zod schemas. The
// importer, the CLI's `pack schema` (JSON Schema for editors) and the author's guide all derive from it.
import { z } from 'zod';
import { MAX_RESPONSE_CHARS } from '../response-words.ts';
import { MISSION_REF_PATTERN } from './mission-ref.ts';
import { answerRegExp, checkAnswerPattern } from './pattern-safety.ts';
import { ANSWER_MATCH, ON_DEADLINE, RECIPE_TYPES, TEXT_MATCH, TIERS, TRACKS } from './vocabulary.ts';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and single dashes (e.g. soc-standard)');
const missionCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$/, 'use capitals and digits with a dash (e.g. SIEM-03)');
const prerequisiteRef = z
  .string()
  .regex(MISSION_REF_PATTERN, 'name a mission of this pack by its code (SIEM-01), or of another pack as pack-id:CODE (defender-basics:SIEM-01)');
const stageId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use lowercase letters, digits, dashes or underscores (e.g. verify-block)');
const semver = z
  .string()
  .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/, 'use a semantic version such as 1.2.0');
const text = z.string().trim().min(1, 'must not be empty');
/** A Markdown file path relative to the mission folder, e.g. `stages/triage.md`. */
const markdownRef = z
  .string()
  .regex(/^(?![/\\])(?!.*\.\.)[A-Za-z0-9_./-]+\.md$/, 'name a .md file inside the mission folder (e.g. stages/triage.md)');
const flagValue = z.union([z.boolean(), z.string(), z.number()]);
const flags = z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/, 'flag names are lowercase'), flagValue);

export const packManifestSchema = z.strictObject({
  id: slug,
  title: text,
  version: semver,
  description: z.string().optional(),
  authors: z.array(text).optional(),
  license: z.string().optional(),
  min_app_version: semver.optional(),
});

export const hintSchema = z.strictObject({
  text,
  penalty: z.number().min(0).max(100).default(0),
  after_minutes: z.number().min(0).optional(),
});

export const evidenceRuleSchema = z.strictObject({
  required: z.boolean().default(false),
  max_files: z.number().int().min(1).max(100).default(10),
  accept: z.array(z.string().regex(/^\.[A-Za-z0-9]+$/, 'a file extension with its dot, e.g. .pcap')).optional(),
  max_size_mb: z.number().positive().max(2048).default(50),
});

export const answerSchema = z
  .strictObject({
    value: z.union([z.string().min(1), z.number()]).optional(),
    pattern: z.string().optional(),
    match: z.enum(ANSWER_MATCH).default('exact'),
    attempts: z.number().int().min(1).max(100).optional(),
  })
  .superRefine((answer, ctx) => {
    const has = (answer.value !== undefined ? 1 : 0) + (answer.pattern !== undefined ? 1 : 0);
    if (has !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of `value` or `pattern`' });
    if (answer.pattern !== undefined) {
      const verdict = checkAnswerPattern(answer.pattern);
      if (!verdict.ok) ctx.addIssue({ code: 'custom', path: ['pattern'], message: verdict.reason });
      // A search for something that can be empty is found in every answer.
      else if (answer.match === 'contains' && answerRegExp(answer.pattern, { search: true, ignoreCase: true }).test('')) {
        ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'with `match: contains` the pattern must not match an empty answer: it would accept almost any answer' });
      }
    }
    if (answer.match === 'contains' && typeof answer.value === 'string' && answer.value.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'with `match: contains` the value must not be blank: it would accept any answer' });
    }
  });

const choiceSchema = z.strictObject({ text, correct: z.boolean().default(false) });
const questionBase = { id: stageId, text, points: z.number().positive().default(1) };

export const questionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...questionBase, kind: z.literal('single'), choices: z.array(choiceSchema).min(2) }),
  z.strictObject({
    ...questionBase,
    kind: z.literal('multiple'),
    penalty: z.number().min(0).default(0),
    choices: z.array(choiceSchema).min(2),
  }),
  z.strictObject({
    ...questionBase,
    kind: z.literal('text'),
    accept: z.array(z.union([text, z.number()])).min(1, 'list at least one accepted answer'),
    match: z.enum(TEXT_MATCH).default('ignore-case'),
  }),
]);

/** Longest `response.template`: half of what a learner may save, so the skeleton leaves room to write. */
export const MAX_RESPONSE_TEMPLATE_CHARS = MAX_RESPONSE_CHARS / 2;
/** Most `response.min_words`: more than a response of at most 20,000 characters can comfortably hold is a typo. */
export const MAX_RESPONSE_MIN_WORDS = 2_000;

export const responseSchema = z
  .strictObject({
    prompt: text.describe('What the learner is asked to write, shown above the editor'),
    min_words: z
      .number()
      .int('`min_words` must be a whole number of words')
      .min(0, '`min_words` must not be negative')
      .max(MAX_RESPONSE_MIN_WORDS, `\`min_words\` can be at most ${MAX_RESPONSE_MIN_WORDS.toLocaleString('en')}: a response holds at most ${MAX_RESPONSE_CHARS.toLocaleString('en')} characters`)
      .default(0)
      .describe('Fewest words before the stage can be completed (lines kept unchanged from the template do not count)'),
    template: z
      .string()
      .max(MAX_RESPONSE_TEMPLATE_CHARS, `\`template\` is too long: at most ${MAX_RESPONSE_TEMPLATE_CHARS.toLocaleString('en')} characters, so the learner has room to write`)
      .optional()
      .describe('Markdown the editor starts from, e.g. the headings of a ticket'),
    required: z.boolean().default(true).describe('When true, the stage cannot be completed without the response'),
  })
  .describe('A written response (ticket, report, memo) the learner writes in the stage, in Markdown');

export const taskStageSchema = z.strictObject({
  id: stageId,
  kind: z.literal('task'),
  title: text,
  body: markdownRef,
  weight: z.number().min(0).default(1),
  required: z.boolean().default(true),
  evidence: evidenceRuleSchema.optional(),
  hints: z.array(hintSchema).default([]),
  recipes: z.array(slug).default([]),
  tools: z.array(text).default([]),
  next: stageId.optional(),
  answer: answerSchema.optional(),
  questions: z.array(questionSchema).min(1).optional(),
  response: responseSchema.optional(),
  rubric: slug.optional().describe('The rubric a mentor scores this stage with; without it, the mission\'s'),
});

export const decisionOptionSchema = z.strictObject({
  id: stageId,
  label: text,
  next: stageId.optional(),
  set: flags.optional(),
  score: z.number().min(-100).max(100).optional(),
  when: flags.optional(),
  feedback: z.string().optional(),
});

export const decisionStageSchema = z.strictObject({
  id: stageId,
  kind: z.literal('decision'),
  title: text.optional(),
  prompt: text,
  body: markdownRef.optional(),
  options: z.array(decisionOptionSchema).min(1, 'a decision needs at least one option'),
});

export const stageSchema = z.discriminatedUnion('kind', [taskStageSchema, decisionStageSchema]);

export const missionSchema = z.strictObject({
  code: missionCode,
  title: text,
  summary: z.string().optional(),
  tier: z.enum(TIERS),
  track: z.enum(TRACKS),
  story: markdownRef,
  objectives: z.array(text).min(1),
  estimated_minutes: z.number().int().positive().optional(),
  time_limit_minutes: z.number().int().positive().max(7 * 24 * 60).optional(),
  on_deadline: z.enum(ON_DEADLINE).default('submit'),
  prerequisites: z.array(prerequisiteRef).default([]),
  reflection: z
    .strictObject({ required: z.boolean().default(false), prompt: text, min_words: z.number().int().min(0).default(0) })
    .optional(),
  success: z.strictObject({ pass_score: z.number().min(0).max(100) }).default({ pass_score: 70 }),
  rubric: slug.optional(),
  allow_back: z.boolean().default(false),
  start: stageId,
  stages: z.array(stageSchema).min(1),
});

export const recipeFrontMatterSchema = z.strictObject({
  id: slug,
  title: text,
  type: z.enum(RECIPE_TYPES),
  skills: z.array(z.string().min(1)).default([]),
  tags: z.array(z.string().min(1)).default([]),
  minutes: z.number().int().positive().max(600).optional(),
  level: z.enum(TIERS).optional(),
});

export const rubricSchema = z.strictObject({
  id: slug,
  title: text,
  description: z.string().optional(),
  criteria: z
    .array(
      z.strictObject({
        id: slug,
        title: text,
        description: z.string().optional(),
        levels: z.array(z.strictObject({ points: z.number().min(0), label: text, description: z.string().optional() })).min(1),
      }),
    )
    .min(1),
});

export type PackManifest = z.output<typeof packManifestSchema>;
export type Hint = z.output<typeof hintSchema>;
export type EvidenceRule = z.output<typeof evidenceRuleSchema>;
export type AnswerCheck = z.output<typeof answerSchema>;
export type Question = z.output<typeof questionSchema>;
export type ResponseRule = z.output<typeof responseSchema>;
export type TaskStage = z.output<typeof taskStageSchema>;
export type DecisionOption = z.output<typeof decisionOptionSchema>;
export type DecisionStage = z.output<typeof decisionStageSchema>;
export type Stage = z.output<typeof stageSchema>;
export type Mission = z.output<typeof missionSchema>;
export type RecipeFrontMatter = z.output<typeof recipeFrontMatterSchema>;
export type Rubric = z.output<typeof rubricSchema>;
