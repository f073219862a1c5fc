// The fixed word lists of the pack format (DESIGN.md "Vocabulary"), shared by the schema, the engine and the UI.

export const TIERS = ['beginner', 'intermediate', 'advanced', 'mastery'] as const;
export type Tier = (typeof TIERS)[number];

export const TRACKS = ['defender', 'offensive', 'grc', 'innovation', 'leadership'] as const;
export type Track = (typeof TRACKS)[number];

export const RECIPE_TYPES = ['technical', 'analysis', 'tool', 'concept', 'communication'] as const;
export type RecipeType = (typeof RECIPE_TYPES)[number];

export const ON_DEADLINE = ['submit', 'lock', 'none'] as const;
export type OnDeadline = (typeof ON_DEADLINE)[number];

export const ANSWER_MATCH = ['exact', 'ignore-case', 'trimmed'] as const;
export type AnswerMatch = (typeof ANSWER_MATCH)[number];
