// The fixed word lists of the pack format (DESIGN.md "Vocabulary"), shared by the schema, the engine and the UI.

export const TIERS = ['beginner', 'intermediate', 'advanced', 'mastery'] as const;
export type Tier = (typeof TIERS)[number];

export const TRACKS = ['defender', 'offensive', 'grc', 'innovation', 'leadership'] as const;
export type Track = (typeof TRACKS)[number];

export const RECIPE_TYPES = ['technical', 'analysis', 'tool', 'concept', 'communication'] as const;
export type RecipeType = (typeof RECIPE_TYPES)[number];

export const ON_DEADLINE = ['submit', 'lock', 'none'] as const;
export type OnDeadline = (typeof ON_DEADLINE)[number];

/** How a text question compares the input with each accepted answer: always the whole input. */
export const TEXT_MATCH = ['exact', 'ignore-case', 'trimmed'] as const;
export type TextMatch = (typeof TEXT_MATCH)[number];

// `contains` turns the check into a search, which also accepts an input listing several guesses. An
// answer's author opts into that for one check; a text question, with its list of accepted answers,
// would be too easy to game that way, so it does not offer it.
export const ANSWER_MATCH = [...TEXT_MATCH, 'contains'] as const;
export type AnswerMatch = (typeof ANSWER_MATCH)[number];

/** The pack formats this app reads; 1.1 only adds fields to 1.0. */
export const PACK_FORMATS = ['1.0', '1.1'] as const;

/** Several accepted answers: any one completes the check, or each must be given. */
export const ANSWER_LOGIC = ['any', 'all'] as const;
export type AnswerLogic = (typeof ANSWER_LOGIC)[number];

/** When the wrong tries run out: the check scores 0, or the solution is shown and the answer still taken. */
export const ON_ATTEMPTS_EXHAUSTED = ['close', 'show_solution'] as const;

export const HINT_ORDER = ['in_order', 'any'] as const;

/** A stage counts in the training total or the assessment total, besides the final score. */
export const STAGE_PARTS = ['training', 'assessment'] as const;
export type StagePart = (typeof STAGE_PARTS)[number];

export const QUESTION_SCORING = ['all_or_nothing', 'partial'] as const;
