// The mission pack format (DESIGN.md "Mission pack format"), 1.0 and 1.1, written once as zod schemas:
// a 1.0 pack is a valid 1.1 pack, and 1.1 only adds fields. The importer, the CLI's `pack schema`
// (JSON Schema for editors) and the author's guide (docs/pack-format.md) all derive from it.
import { z } from 'zod';
import { MAX_RESPONSE_CHARS } from '../response-words.ts';
import { MISSION_REF_PATTERN } from './mission-ref.ts';
import { answerRegExp, checkAnswerPattern } from './pattern-safety.ts';
import { ANSWER_LOGIC, ANSWER_MATCH, HINT_ORDER, ON_ATTEMPTS_EXHAUSTED, ON_DEADLINE, PACK_FORMATS, QUESTION_SCORING, RECIPE_TYPES, STAGE_PARTS, TEXT_MATCH, TIERS, TRACKS } from './vocabulary.ts';

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

/** Free words a stage or recipe is labelled with: MITRE ATT&CK technique ids, a CTF category, topics. */
const tags = z.array(z.string().trim().min(1, 'a tag must not be empty').max(100, 'a tag is at most 100 characters')).max(50, 'at most 50 tags');

export const packManifestSchema = z.strictObject({
  format: z
    .string()
    .refine((v) => (PACK_FORMATS as readonly string[]).includes(v), { message: `this app reads pack formats ${PACK_FORMATS.join(' and ')}: a pack written for a newer format needs a newer Outpost` })
    .optional()
    .describe('The pack format the pack is written for: 1.0 (the default) or 1.1'),
  id: slug,
  title: text,
  version: semver,
  description: z.string().optional(),
  authors: z.array(text).optional(),
  license: z.string().optional(),
  min_app_version: semver.optional(),
});

export const hintSchema = z
  .strictObject({
    title: text.optional().describe('A short name shown before the hint is opened (format 1.1)'),
    text: text.describe('The hint, in Markdown'),
    penalty: z.number().min(0).max(100).default(0).describe('Points taken off the final score (0 to 100) when revealed'),
    penalty_points: z.number().min(0).optional().describe("Points of this stage's weight taken off the stage when revealed (format 1.1)"),
    after_minutes: z.number().min(0).optional(),
  })
  .refine((hint) => !(hint.penalty > 0 && (hint.penalty_points ?? 0) > 0), { message: 'give `penalty` (points of the final score) or `penalty_points` (points of the stage), not both', path: ['penalty_points'] });

export const evidenceRuleSchema = z.strictObject({
  required: z.boolean().default(false),
  max_files: z.number().int().min(1).max(100).default(10),
  accept: z.array(z.string().regex(/^\.[A-Za-z0-9]+$/, 'a file extension with its dot, e.g. .pcap')).optional(),
  max_size_mb: z.number().positive().max(2048).default(50),
});

/** One accepted answer: a value, or a pattern that must match the whole (trimmed) answer. */
export const acceptedAnswerSchema = z
  .strictObject({
    value: z.union([z.string().min(1), z.number()]).optional(),
    pattern: z.string().optional(),
    match: z.enum(ANSWER_MATCH).default('exact'),
  })
  .superRefine((answer, ctx) => checkAccepted(answer, ctx));

export const answerSchema = z
  .strictObject({
    value: z.union([z.string().min(1), z.number()]).optional(),
    pattern: z.string().optional(),
    match: z.enum(ANSWER_MATCH).default('exact'),
    accept: z.array(acceptedAnswerSchema).min(1, 'list at least one accepted answer').max(50, 'at most 50 accepted answers').optional().describe('Several accepted answers, each with its own match rule (format 1.1)'),
    logic: z.enum(ANSWER_LOGIC).default('any').describe('any: one accepted answer completes the check; all: each must be given (format 1.1)'),
    attempts: z.number().int().min(0).max(100).optional().describe('Wrong tries allowed; 0 or absent: unlimited'),
    on_attempts_exhausted: z.enum(ON_ATTEMPTS_EXHAUSTED).default('close').describe("close: the check scores 0; show_solution: the stage's solution is shown and the right answer still accepted (format 1.1)"),
  })
  .superRefine((answer, ctx) => {
    const has = (answer.value !== undefined ? 1 : 0) + (answer.pattern !== undefined ? 1 : 0) + (answer.accept !== undefined ? 1 : 0);
    if (has !== 1) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of `value`, `pattern` or `accept`' });
      return;
    }
    if (answer.accept === undefined) checkAccepted(answer, ctx);
    if (answer.logic === 'all' && (answer.accept?.length ?? 1) < 2) ctx.addIssue({ code: 'custom', path: ['logic'], message: '`logic: all` needs at least two accepted answers in `accept`' });
  });

function checkAccepted(answer: { value?: string | number; pattern?: string; match: (typeof ANSWER_MATCH)[number] }, ctx: z.RefinementCtx): void {
  const has = (answer.value !== undefined ? 1 : 0) + (answer.pattern !== undefined ? 1 : 0);
  if (has !== 1) {
    ctx.addIssue({ code: 'custom', message: 'give exactly one of `value` or `pattern`' });
    return;
  }
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
}

const choiceSchema = z.strictObject({ text, correct: z.boolean().default(false) });
const questionBase = {
  id: stageId,
  text,
  points: z.number().min(0).default(1).describe('0: the question is not scored (a survey question)'),
  required: z.boolean().default(true).describe('false: the quiz can be submitted without it (format 1.1)'),
};
const scoring = z.enum(QUESTION_SCORING).describe('all_or_nothing: the points only when wholly right; partial: in proportion (format 1.1)');

export const questionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...questionBase, kind: z.literal('single'), choices: z.array(choiceSchema).min(2) }),
  z.strictObject({
    ...questionBase,
    kind: z.literal('multiple'),
    penalty: z.number().min(0).default(0),
    scoring: scoring.default('partial'),
    choices: z.array(choiceSchema).min(2),
  }),
  z.strictObject({
    ...questionBase,
    kind: z.literal('text'),
    // Absent only on an unscored question: a free answer nothing is compared with.
    accept: z.array(z.union([text, z.number()])).min(1, 'list at least one accepted answer').optional(),
    match: z.enum(TEXT_MATCH).default('ignore-case'),
  }),
  z.strictObject({
    ...questionBase,
    kind: z.literal('matching'),
    pairs: z.array(z.strictObject({ left: text, right: text })).min(2, 'a matching question needs at least two pairs').max(26, 'at most 26 pairs'),
    distractors: z.array(text).max(26).default([]).describe('Right-hand items that match nothing'),
    scoring: scoring.default('partial'),
  }),
  z.strictObject({
    ...questionBase,
    kind: z.literal('rating'),
    points: z.literal(0, 'a rating question is not scored: its points are 0').default(0),
    scale: z.strictObject({ min: z.number().int().min(0).max(10).default(1), max: z.number().int().min(1).max(10).default(5) }).default({ min: 1, max: 5 }),
    labels: z.strictObject({ low: text.optional(), high: text.optional() }).optional(),
  }),
]);

/** A stage's worked solution: `penalized` sets the stage's score to 0 once shown. */
export const solutionSchema = z.strictObject({
  body: markdownRef.describe('The solution, in a Markdown file of the mission folder'),
  penalized: z.boolean().default(true),
});

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
  hint_order: z.enum(HINT_ORDER).default('in_order').describe('in_order: each hint after the one before; any: in any order (format 1.1)'),
  solution: solutionSchema.optional().describe('A worked solution the learner may open (format 1.1)'),
  part: z.enum(STAGE_PARTS).default('training').describe('Which total the stage counts in besides the final score: training or assessment (format 1.1)'),
  tags: tags.default([]).describe('e.g. MITRE ATT&CK technique ids (T1110), a CTF category and topics (format 1.1)'),
  estimated_minutes: z.number().int().positive().max(7 * 24 * 60).optional().describe('How long the stage usually takes (format 1.1)'),
  recipes: z.array(slug).default([]),
  tools: z.array(text).default([]),
  next: stageId.optional(),
  answer: answerSchema.optional(),
  questions: z.array(questionSchema).min(1).optional(),
  response: responseSchema.optional(),
  rubric: slug.optional().describe('The rubric a mentor scores this stage with; without it, the mission\'s'),
}).superRefine((stage, ctx) => {
  if (stage.answer?.on_attempts_exhausted === 'show_solution' && !stage.solution) {
    ctx.addIssue({ code: 'custom', path: ['answer', 'on_attempts_exhausted'], message: '`show_solution` needs the stage to have a `solution`' });
  }
  stage.hints.forEach((hint, i) => {
    if ((hint.penalty_points ?? 0) > stage.weight) {
      ctx.addIssue({ code: 'custom', path: ['hints', i, 'penalty_points'], message: `the hint takes ${hint.penalty_points} points but the stage is worth ${stage.weight} (its weight)` });
    }
  });
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

/** Where a mission came from, when it was written for another platform or by someone else. */
export const sourceSchema = z.strictObject({
  name: text.describe('The original work or platform, e.g. a KYPO training definition'),
  url: z.string().url('give a full address, e.g. https://example.org/training').optional(),
  note: z.string().optional(),
});

/** What an optional reflection without a `prompt` of its own asks. */
export const DEFAULT_REFLECTION_PROMPT = 'What did you learn, and what would you do differently next time?';

export const missionSchema = z.strictObject({
  code: missionCode,
  title: text,
  summary: z.string().optional(),
  authors: z.array(text).optional().describe('Who wrote the mission (format 1.1)'),
  license: z.string().trim().min(1).optional().describe('The licence the mission is shared under, e.g. CC-BY-4.0 (format 1.1)'),
  source: sourceSchema.optional().describe('The work the mission was adapted from (format 1.1)'),
  tier: z.enum(TIERS),
  track: z.enum(TRACKS),
  story: markdownRef,
  objectives: z.array(text).min(1),
  estimated_minutes: z.number().int().positive().optional(),
  time_limit_minutes: z.number().int().positive().max(7 * 24 * 60).optional(),
  on_deadline: z.enum(ON_DEADLINE).default('submit'),
  prerequisites: z.array(prerequisiteRef).default([]),
  reflection: z
    .strictObject({ required: z.boolean().default(false), prompt: text.optional(), min_words: z.number().int().min(0).default(0) })
    .refine((reflection) => !reflection.required || reflection.prompt !== undefined, { message: 'a required reflection needs a `prompt`', path: ['prompt'] })
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
export type AcceptedAnswer = z.output<typeof acceptedAnswerSchema>;
export type Solution = z.output<typeof solutionSchema>;
export type Question = z.output<typeof questionSchema>;
export type ResponseRule = z.output<typeof responseSchema>;
export type TaskStage = z.output<typeof taskStageSchema>;
export type DecisionOption = z.output<typeof decisionOptionSchema>;
export type DecisionStage = z.output<typeof decisionStageSchema>;
export type Stage = z.output<typeof stageSchema>;
export type Mission = z.output<typeof missionSchema>;
export type RecipeFrontMatter = z.output<typeof recipeFrontMatterSchema>;
export type Rubric = z.output<typeof rubricSchema>;
