// The shapes a KYPO level is mapped into: one task stage of the mission, with its Markdown files.
import type { z } from 'zod';
import type { questionSchema, taskStageSchema } from '../../../../../shared/pack/schema.ts';
import type { DraftFile } from '../pack-draft.ts';

export type StageDraft = z.input<typeof taskStageSchema>;
export type QuestionDraft = z.input<typeof questionSchema>;

export interface MappedStage {
  stage: StageDraft;
  files: DraftFile[];
}

/** Longest stage estimate the format takes: a week. */
const MAX_STAGE_MINUTES = 7 * 24 * 60;

export function markdown(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** A KYPO duration of 0 means "not estimated"; the format wants a positive whole number or nothing. */
export function minutesOf(duration: number | null | undefined): number | undefined {
  return duration !== null && duration !== undefined && duration > 0 ? Math.min(duration, MAX_STAGE_MINUTES) : undefined;
}

/** Sorted by `order` as the platform shows them; equal orders keep the file's order. */
export function byOrder<T extends { order: number }>(items: readonly T[]): Array<{ item: T; index: number }> {
  return items.map((item, index) => ({ item, index })).sort((a, b) => a.item.order - b.item.order);
}

export function rawList(raw: Record<string, unknown>, key: string): Array<Record<string, unknown>> {
  const value = raw[key];
  return Array.isArray(value) ? value.map((entry) => (typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {})) : [];
}
