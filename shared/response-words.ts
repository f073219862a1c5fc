// How a stage's written response is counted and when it blocks the stage, shared by the engine and
// the screens so that the count beside the editor and the rule that refuses "Complete stage" agree.
import { countWords } from './text.ts';

/** The longest response a learner may save, in characters. */
export const MAX_RESPONSE_CHARS = 20_000;

/**
 * The words the learner wrote. Lines kept exactly as the template has them (its headings, its empty
 * bullets) are not counted: a template left untouched is not a response.
 */
export function countResponseWords(text: string, template: string | null | undefined): number {
  if (!template) return countWords(text);
  const unchanged = new Map<string, number>();
  for (const line of template.split(/\r?\n/)) {
    const key = line.trim();
    if (key) unchanged.set(key, (unchanged.get(key) ?? 0) + 1);
  }
  let words = 0;
  for (const line of text.split(/\r?\n/)) {
    const key = line.trim();
    const left = unchanged.get(key) ?? 0;
    if (left > 0) unchanged.set(key, left - 1);
    else words += countWords(line);
  }
  return words;
}

/** The fewest words that satisfy a required response: at least one, whatever `min_words` says. */
export function wordsNeeded(minWords: number): number {
  return Math.max(minWords, 1);
}

/** Why the response keeps its stage open, in words a learner can act on; null when it does not. */
export function responseBlocker(rule: { required: boolean; minWords: number }, words: number): string | null {
  if (!rule.required) return null;
  const needed = wordsNeeded(rule.minWords);
  if (words >= needed) return null;
  if (words === 0) return needed === 1 ? 'Write your response.' : `Write your response: at least ${needed} words.`;
  return `Write at least ${needed} words in your response (${words} so far).`;
}
