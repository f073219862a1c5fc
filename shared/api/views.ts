// What the API returns: views shaped for the screens. Expected answers, correct choices and unrevealed
// hint texts never appear in any of these types (DESIGN.md "Auto-checked stages").
import type { PackIssue } from '../pack/issues.ts';
import type { OnDeadline, RecipeType, Tier, Track } from '../pack/vocabulary.ts';
import type { StageRange } from '../pack/path-lengths.ts';
import type { ScoreBreakdown, ScoreTotals } from './review-views.ts';
import type { RunBenchmark } from './analytics-views.ts';

export type ProfileRole = 'learner' | 'mentor' | 'admin';
export interface ProfileView { id: string; displayName: string; role: ProfileRole; createdAt: number }

export type MissionStatus = 'locked' | 'available' | 'in_progress' | 'submitted' | 'passed' | 'failed' | 'expired';
export type RunStatus = 'in_progress' | 'submitted' | 'returned' | 'reviewed' | 'expired' | 'abandoned';

export interface MissionCard {
  missionId: number;
  code: string;
  title: string;
  summary: string | null;
  track: Track;
  tier: Tier;
  timeLimitMinutes: number | null;
  estimatedMinutes: number | null;
  status: MissionStatus;
  /** Prerequisite codes not yet passed, when locked. */
  lockedBy: string[];
  lockedReason: string | null;
  packTitle: string;
  packVersion: string;
  activeRunId: string | null;
  bestScore: number | null;
}

export interface RubricView {
  id: string;
  title: string;
  maxPoints: number;
  criteria: Array<{ id: string; title: string; description: string | null; levels: Array<{ points: number; label: string }> }>;
}

export interface MissionBriefing extends MissionCard {
  packVersionId: number;
  folder: string;
  story: string;
  storyPath: string;
  objectives: string[];
  onDeadline: OnDeadline;
  passScore: number;
  rubric: RubricView | null;
  prerequisites: Array<{ code: string; title: string | null; passed: boolean }>;
  reflection: { required: boolean; prompt: string; minWords: number } | null;
  /** Fewest and most task stages on a path from start to an end (shared/pack/path-lengths.ts). */
  tasksOnPath: StageRange;
  decisionsOnPath: StageRange;
  autoChecked: boolean;
  /** Files under the mission's assets/ folder, for a list of links beside the story. */
  assets: MissionAssetView[];
  /** This profile's runs of this mission (its pack and code, any version), newest first. */
  earlierRuns: RunSummary[];
  /** Who wrote the mission, under which licence, adapted from what (format 1.1); null when the pack says nothing. */
  attribution: { authors: string[]; license: string | null; source: { name: string; url: string | null; note: string | null } | null } | null;
}

export interface MissionAssetView { path: string; name: string; size: number; mediaType: string }

export interface TimerView {
  limitMs: number;
  elapsedMs: number;
  remainingMs: number;
  onDeadline: OnDeadline;
  /** Thresholds already announced: 50, 75, 90 (percent used) and 'five-minutes'. */
  warnings: string[];
}

export interface HintView {
  index: number;
  /** Shown before the hint is revealed, when the author named it. */
  title: string | null;
  /** Points off the final score (0 to 100). */
  penalty: number;
  /** Points off this stage's weight, when the author counts the penalty in stage points. */
  penaltyPoints: number | null;
  revealed: boolean;
  /** Markdown; present only once revealed. */
  text?: string;
  /** Milliseconds until the delay allows it; 0 when it can be revealed now (if the previous one is). */
  availableInMs: number;
  /** The previous hint must be revealed first (never when the stage's hints open in any order). */
  waitingForPrevious: boolean;
  /** Closed: the stage's check is over or its solution is shown, so a hint would only cost points. */
  closed: boolean;
}

export interface EvidenceFileView { id: string; fileName: string; size: number; mediaType: string; sha256: string; addedAt: number }
export interface EvidenceRuleView { required: boolean; maxFiles: number; accept: string[] | null; maxSizeMb: number }

/**
 * A quiz question as the learner sees it: nothing says which choice is correct or which right-hand
 * item goes with which left-hand one.
 */
export interface QuestionView {
  id: string;
  kind: 'single' | 'multiple' | 'text' | 'matching' | 'rating';
  text: string;
  /** 0: not scored (any answer is recorded). */
  points: number;
  /** False: the quiz may be submitted without it. */
  required: boolean;
  /** The choices; for a matching question the right-hand items, distractors among them, in an order fixed per run. */
  choices: string[];
  /** A matching question's left-hand items, in the pack's order (empty for other kinds). */
  lefts: string[];
  /** A rating question's scale and the labels of its ends. */
  rating: { min: number; max: number; low: string | null; high: string | null } | null;
}

export interface AnswerState {
  /** Wrong tries allowed; null when unlimited. */
  attemptsAllowed: number | null;
  /** Wrong tries so far. */
  attemptsUsed: number;
  /** Every try so far, the right ones included. */
  tries: number;
  correct: boolean;
  done: boolean;
  /** Accepted answers found, of those needed (several with `logic: all`, else 1). */
  found: number;
  needed: number;
}

/** A stage's worked solution: its text only once the learner has seen it. */
export interface SolutionView {
  /** Seeing it sets the stage's score to 0. */
  penalized: boolean;
  shown: boolean;
  body: string | null;
}

export interface QuizResult {
  /** Points earned over points possible; null when no question is scored (a questionnaire): it counts as no check. */
  fraction: number | null;
  earned: number;
  possible: number;
  questions: QuestionResult[];
}

/**
 * One question's outcome, with the learner's own response and what was wrong in it. Nothing here
 * names a choice the learner did not pick: which unpicked choices were right stays in the engine.
 */
export interface QuestionResult {
  id: string;
  /** recorded: an unscored question's answer, neither right nor wrong; skipped: an optional question left unanswered. */
  outcome: 'right' | 'partial' | 'wrong' | 'recorded' | 'skipped';
  earned: number;
  /**
   * The choices the learner picked, by index (empty for a text question); for a matching question the
   * choice given to each left-hand item, in order; for a rating question the one value given.
   */
  picked: number[];
  /** Of those, the ones that were wrong; for a matching question the left-hand items paired wrongly, by index. */
  wrongPicks: number[];
  /** A text question's answer as the learner gave it (null for a choice question). */
  answer: string | null;
}

/** A stage's written response: the pack's rule and what the learner has saved so far. */
export interface StageResponseView {
  prompt: string;
  minWords: number;
  /** Markdown the editor starts from while nothing is saved. */
  template: string | null;
  required: boolean;
  /** The saved text; empty while nothing is saved. */
  text: string;
  /** Words the learner wrote (lines kept unchanged from the template do not count). */
  words: number;
  savedAt: number | null;
  /** The run is in progress and the stage not completed: the learner may still change it. */
  editable: boolean;
}

export interface TaskStageView {
  kind: 'task';
  id: string;
  title: string;
  body: string;
  /** Where the body's Markdown file is in the pack: its relative links resolve from here. */
  bodyPath: string;
  weight: number;
  required: boolean;
  completed: boolean;
  evidence: { rule: EvidenceRuleView | null; files: EvidenceFileView[] };
  hints: HintView[];
  recipeIds: string[];
  tools: { suggested: string[]; used: string[] };
  answer: AnswerState | null;
  solution: SolutionView | null;
  quiz: { questions: QuestionView[]; result: QuizResult | null } | null;
  /** Format 1.1 labels: ATT&CK technique ids, a CTF category, topics. */
  tags: string[];
  estimatedMinutes: number | null;
  /** The total it counts in besides the final score. */
  part: 'training' | 'assessment';
  response: StageResponseView | null;
  /** Why the stage cannot be completed yet; empty when it can. */
  blockers: string[];
  /** Time the learner spent on the stage with the run on screen and focused. */
  activeMs: number;
}

export interface DecisionStageView {
  kind: 'decision';
  id: string;
  title: string;
  prompt: string;
  body: string | null;
  bodyPath: string | null;
  /** Only the options whose conditions hold. */
  options: Array<{ id: string; label: string }>;
  taken: { optionId: string; label: string; feedback: string | null } | null;
}

export type StageView = TaskStageView | DecisionStageView;

export interface PathEntry { stageId: string; kind: 'task' | 'decision'; title: string; completed: boolean; choice: string | null }

export interface ReviewStageView {
  stageId: string;
  title: string;
  fraction: number | null;
  points: number | null;
  maxPoints: number | null;
  feedback: string;
  recipeIds: string[];
  criteria: Array<{ id: string; title: string; points: number; maxPoints: number }>;
}

export interface ReviewView {
  reviewerName: string; feedback: string; score: number | null; passed: boolean | null; reviewedAt: number; stages: ReviewStageView[];
  /** Where the run stood among the reviewed runs of its mission version the mentor's device held when the review was finished. */
  benchmark: RunBenchmark | null;
}

export interface RunView {
  id: string;
  profileId: string;
  missionId: number;
  missionCode: string;
  missionTitle: string;
  packVersionId: number;
  folder: string;
  status: RunStatus;
  startedAt: number;
  submittedAt: number | null;
  timer: TimerView | null;
  currentStageId: string | null;
  pathComplete: boolean;
  allowBack: boolean;
  path: PathEntry[];
  stages: StageView[];
  reflection: { text: string; wordCount: number; required: boolean; prompt: string; minWords: number } | null;
  score: {
    auto: number | null;
    final: number | null;
    passed: boolean | null;
    /** Once handed in: stage points in the training and the assessment parts (weight × fraction), beside the score. */
    totals: ScoreTotals | null;
  };
  review: ReviewView | null;
  /** How the run ended; null while it is in progress, and for an abandoned run. */
  submission: SubmissionView | null;
  /** The score's lines, set once the run is reviewed: the learner sees what the mentor saw. */
  breakdown: ScoreBreakdown | null;
  /** The mentor's comment while the run is returned for rework. */
  reworkComment: string | null;
}

/** A submission checklist item that was not done. */
export interface MissingItem { key: string; label: string; detail: string | null }

/**
 * Who ended a run and when: the learner's submission, or the deadline (the run's status says whether
 * it was submitted or locked then), and what the submission checklist lacked at that moment. `missing`
 * is null for runs that ended before it was recorded.
 */
export interface SubmissionView { by: 'learner' | 'deadline'; at: number; missing: MissingItem[] | null }

/** One run in a profile's history: the mission version it was pinned to, its time and its result. */
export interface RunSummary {
  id: string;
  missionId: number;
  missionCode: string;
  missionTitle: string;
  packId: string;
  packTitle: string;
  packVersion: string;
  status: RunStatus;
  startedAt: number;
  submittedAt: number | null;
  /** Active time on the run (time on screen while it was in progress). */
  elapsedMs: number;
  finalScore: number | null;
  passed: boolean | null;
}

export interface ChecklistItem { key: string; label: string; done: boolean; detail: string | null }
export interface SubmissionChecklist { ready: boolean; items: ChecklistItem[] }

/** What saving a reflection answers: it autosaves as the learner types, so it answers small. */
export interface ReflectionSaved { wordCount: number; savedAt: number }

/** What saving a stage's response answers: it autosaves as the learner types, so it answers small. */
export interface ResponseSaved { stageId: string; words: number; savedAt: number }

export interface AnswerResult {
  /** The check is answered: one accepted answer given, or with `logic: all` each of them. */
  correct: boolean;
  /** This answer was one of the accepted ones (with `logic: all`, possibly not the last). */
  accepted: boolean;
  /** Accepted answers found so far, and how many the check needs. */
  found: number;
  needed: number;
  attemptsLeft: number | null;
  done: boolean;
  /** The stage's solution is shown (the tries ran out under `show_solution`, or the learner asked). */
  solutionShown: boolean;
}

export interface RecipeSummary {
  id: string;
  title: string;
  type: RecipeType;
  minutes: number | null;
  level: Tier | null;
  skills: string[];
  recommended: boolean;
  /** Why it is recommended for the stage, in words a learner reads (empty when not ranked for a stage). */
  reasons: string[];
}
export interface RecipeView extends RecipeSummary { body: string; packVersionId: number; filePath: string }

export interface PackSummary {
  packVersionId: number;
  packId: string;
  version: string;
  title: string;
  description: string | null;
  missions: number;
  signature: { status: 'unsigned' | 'signed'; signer: string | null; trusted: boolean };
  importedAt: number;
}

export interface ImportReport {
  status: 'imported' | 'unchanged' | 'failed';
  packId: string | null;
  version: string | null;
  signature: { status: 'unsigned' | 'signed' | 'tampered'; signer: string | null; trusted: boolean } | null;
  /** The version was installed already and this import added or updated its signature. */
  signatureRecorded: boolean;
  /** The newest version installed before, which this one now replaces in every library (null: a new pack or an older version). */
  replaces: { version: string; missions: number; signature: 'unsigned' | 'signed'; signer: string | null } | null;
  counts: { missions: number; recipes: number; rubrics: number; assets: number } | null;
  issues: PackIssue[];
}

export interface FileView { mediaType: string; size: number; dataBase64: string }

export interface AppState {
  lastProfileId: string | null;
  /** Who is signed in now (null at the profile picker). */
  session: ProfileView | null;
  /** False on a new installation: its first step is to create the admin. */
  adminExists: boolean;
  resumableRunId: string | null;
  version: string;
  transport: 'electron' | 'browser';
}

/** What an admin sets for this lab PC. */
export interface LabSettings {
  /** Minutes without activity after which the PC returns to the profile picker; 0: never. */
  idleMinutes: number;
}

/** A passed run's portfolio report, as the Portfolio screen lists it. */
export interface PortfolioEntryView {
  id: string;
  runId: string;
  profileId: string;
  missionCode: string;
  missionTitle: string;
  packTitle: string;
  packVersion: string;
  score: number | null;
  reviewerName: string | null;
  reviewedAt: number | null;
  /** The report file's name in the learner's portfolio folder, e.g. `SOC-01-2026-11-30.html`. */
  fileName: string;
  size: number;
  sha256: string;
  createdAt: number;
}

/** Where the desktop app saved a portfolio export or a report's PDF; null when the dialog was cancelled. */
export interface SavedFile { path: string | null }

export interface PackKeyView { packId: string; keyId: string; name: string; origin: 'first-signed-version' | 'admin' }

export * from './analytics-views.ts';
export * from './review-views.ts';
export * from './sync-views.ts';
