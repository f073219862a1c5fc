// How the run screen words numbers and rules: file sizes, dates, the evidence rule, the countdown's
// level and attempts. Pure, so the panels stay about layout.
import type { EvidenceRuleView, PathEntry, RunView, StageView, TimerView } from '../../../shared/api/views.ts';

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(size < 10 * 1024 ? 1 : 0)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Penalties of the hints revealed so far, over the whole run. */
export function hintPenaltyTotal(run: RunView): number {
  let total = 0;
  for (const stage of run.stages) if (stage.kind === 'task') for (const hint of stage.hints) if (hint.revealed) total += hint.penalty;
  return total;
}

/** Stage points the hints revealed so far take off their own stages (format 1.1 `penalty_points`). */
export function hintStagePointTotal(run: RunView): number {
  let total = 0;
  for (const stage of run.stages) if (stage.kind === 'task') for (const hint of stage.hints) if (hint.revealed) total += hint.penaltyPoints ?? 0;
  return total;
}

/** The hint penalties in words: "−15 points", "−30 stage points", both, or "0 points". */
export function describeHintPenalties(run: RunView): string {
  const points = hintPenaltyTotal(run);
  const stagePoints = hintStagePointTotal(run);
  const parts = [points > 0 ? `−${points} points` : '', stagePoints > 0 ? `−${stagePoints} stage points` : ''].filter(Boolean);
  return parts.length === 0 ? '0 points' : parts.join(' · ');
}

/** The evidence rule in words, e.g. "Accepted: .png, .txt · up to 5 files · 50 MB each". */
export function describeEvidenceRule(rule: EvidenceRuleView): string {
  const accepted = rule.accept && rule.accept.length > 0 ? `Accepted: ${rule.accept.join(', ')}` : 'Any file type';
  return `${accepted} · up to ${plural(rule.maxFiles, 'file')} · ${rule.maxSizeMb} MB each`;
}

/** Why these files cannot be attached, checked before anything is sent; null when they can. */
export function evidenceProblem(rule: EvidenceRuleView, attached: number, files: readonly { name: string; size: number }[]): string | null {
  if (files.length === 0) return null;
  if (rule.accept && rule.accept.length > 0) {
    const accepted = rule.accept.map((a) => a.toLowerCase());
    const wrong = files.filter((f) => !accepted.includes(/\.[^.]+$/.exec(f.name)?.[0]?.toLowerCase() ?? ''));
    if (wrong.length > 0) {
      return `${wrong.map((f) => `“${f.name}”`).join(', ')} ${wrong.length === 1 ? 'is' : 'are'} not accepted here. This stage takes ${rule.accept.join(', ')} files.`;
    }
  }
  const room = rule.maxFiles - attached;
  if (files.length > room) {
    return room <= 0
      ? `This stage takes at most ${plural(rule.maxFiles, 'file')} and ${attached === 1 ? 'one is' : 'all are'} attached. Remove one first.`
      : `This stage takes at most ${plural(rule.maxFiles, 'file')}; ${attached} attached, so you can add ${room} more (you chose ${files.length}).`;
  }
  const tooLarge = files.find((f) => f.size > rule.maxSizeMb * 1024 * 1024);
  if (tooLarge) return `“${tooLarge.name}” is larger than this stage's limit of ${rule.maxSizeMb} MB.`;
  return null;
}

export type CountdownLevel = 'normal' | 'warning' | 'danger';

/** Warning from 75 % of the time used, danger from 90 % or the last five minutes. */
export function countdownLevel(timer: TimerView, remainingMs: number): CountdownLevel {
  const used = timer.limitMs > 0 ? (timer.limitMs - remainingMs) / timer.limitMs : 1;
  if (used >= 0.9 || remainingMs <= 5 * 60_000) return 'danger';
  if (used >= 0.75) return 'warning';
  return 'normal';
}

/** Wrong tries left on an answer check, or null when they are not limited. */
export function attemptsLeft(answer: { attemptsAllowed: number | null; attemptsUsed: number }): number | null {
  return answer.attemptsAllowed === null ? null : Math.max(0, answer.attemptsAllowed - answer.attemptsUsed);
}

/** Stage texts usually open with their own title; the panel shows the title already, so drop the repeat. */
export function withoutLeadingTitle(markdown: string, title: string): string {
  const match = /^\s*#\s+(.+?)\s*#*\s*(?:\r?\n|$)/.exec(markdown);
  return match && match[1]?.trim().toLowerCase() === title.trim().toLowerCase() ? markdown.slice(match[0].length) : markdown;
}

/** A path entry's name: decisions without a title of their own are called "Decision", not by their long prompt. */
export function entryTitle(stages: readonly StageView[], entry: PathEntry): string {
  if (entry.kind === 'task') return entry.title;
  return stages.find((s) => s.id === entry.stageId)?.title ?? 'Decision';
}
