// What the mentor's review screens get from the engine: the queue, the scoring sheet, the score
// breakdown the one scoring rule explains, drafts, suggestions and the history of submissions.
import type { ProfileView, RubricView, RunView } from './views.ts';

export type ReviewQueueStatus = 'waiting' | 'claimed' | 'draft' | 'returned' | 'reviewed';
export interface ReviewQueueItem {
  runId: string; missionId: number; missionCode: string; missionTitle: string; packId: string; packTitle: string;
  learnerId: string; learnerName: string;
  submittedAt: number; elapsedMs: number; autoScore: number | null;
  /** 1 for the first submission, 2 after one rework, … */
  submission: number;
  status: ReviewQueueStatus;
  claimedBy: { profileId: string; name: string; claimedAt: number } | null;
  /** How the run ended (RunView.submission's `by`): 'learner' | 'deadline'. */
  endedBy: 'learner' | 'deadline' | null;
}
export interface ScoreLine {
  stageId: string; title: string; weight: number; required: boolean; done: boolean;
  source: 'rubric' | 'auto' | 'pending' | 'unweighted';
  points: number | null; maxPoints: number | null; fraction: number | null;
  /** weight × fraction ÷ total weight × 100, the points this stage adds to the base. */
  contribution: number | null;
  /** What the fraction lost before it counted: hints' stage points, a penalised solution shown (format 1.1). */
  deductions?: { hintPoints: number; solutionShown: boolean };
  part?: 'training' | 'assessment';
}
export interface ScoreBreakdown {
  lines: ScoreLine[];
  decisionChanges: Array<{ stageId: string; title: string; optionLabel: string; change: number }>;
  /** `stagePoints`: a format 1.1 hint's cost in its stage's points, already taken in the stage's line. */
  hintPenalties: Array<{ stageId: string; title: string; hint: number; penalty: number; stagePoints?: number }>;
  base: number | null; raw: number | null; score: number | null; passScore: number;
  passed: boolean | null; missingRequired: string[]; pendingReview: string[];
  /** Stage points (weight × fraction) in the training and the assessment parts, beside the one score. */
  totals?: ScoreTotals;
}
export interface PartTotal { points: number; max: number }
export interface ScoreTotals { training: PartTotal; assessment: PartTotal }
export interface ReviewStageDraft { stageId: string; criteria: Record<string, number>; comment: string; recipeIds: string[] }
export interface ReviewDraft { stages: ReviewStageDraft[]; overall: string; savedAt: number | null }
export interface RecipeSuggestion { recipeId: string; title: string; stageId: string; why: string }
export interface ReviewHistoryEntry {
  submission: number; submittedAt: number; endedBy: 'learner' | 'deadline' | null; outcome: 'returned' | 'passed' | 'failed' | 'pending';
  score: number | null; reviewerName: string | null; comment: string; at: number | null;
  /** What the learner changed since the submission before (empty for the first). */
  changes: string[];
}
export interface EvidenceContentView { evidenceId: string; fileName: string; mediaType: string; size: number; sha256: string; kind: 'image' | 'text' | 'binary'; /** text: at most 256 KB, UTF-8 */ text: string | null; truncated: boolean; /** image only, base64 */ dataBase64: string | null }
export interface ReviewSheet {
  /** The learner's run as built for the learner. */
  run: RunView;
  learner: ProfileView;
  submission: number;
  claim: ReviewQueueItem['claimedBy'];
  /** The rubric of each task stage on the path (the stage's own `rubric:` or the mission's), by stage id. */
  rubrics: Record<string, RubricView>;
  /** What each decision offered and which option was taken. */
  decisions: Array<{ stageId: string; title: string; prompt: string; chosen: string; notChosen: string[] }>;
  draft: ReviewDraft;
  /** Computed from the draft: what the score would be now. */
  breakdown: ScoreBreakdown;
  /** From the lowest-scoring stages: their recipes and recipes sharing their skills, each with why. */
  suggestions: RecipeSuggestion[];
  history: ReviewHistoryEntry[];
}
