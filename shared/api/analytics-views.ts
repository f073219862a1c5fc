// The analytics dashboards: a mentor's view of the team's runs on this device (its own and those
// pulled by sync), or on the team server the whole organisation's. Shares are 0..1 and null when their
// base is empty. Every query is in shared/analytics/ and reads the analytics_* relations.

/** Which runs a dashboard counts. Every field narrows; none given is every run. */
export interface AnalyticsFilter {
  packId?: string;
  /** A pack version; only with packId. */
  version?: string;
  /** A mission code; only with packId. */
  missionCode?: string;
  track?: string;
  tier?: string;
  team?: string;
  /** Runs started at or after this time (epoch ms). */
  from?: number;
  /** Runs started before this time (epoch ms). */
  to?: number;
}

/** One mission version, as every device names it. */
export interface MissionKey { packId: string; version: string; code: string }

/** What the filters can choose from: everything the runs held name, with their counts. */
export interface AnalyticsOptions {
  missions: Array<MissionKey & { title: string; track: string; tier: string; runs: number }>;
  packs: Array<{ packId: string; versions: string[]; runs: number }>;
  tracks: string[];
  tiers: string[];
  teams: string[];
  runs: number;
}

/** Kept for the mission performance view's echo of its window. */
export type MissionPerformanceFilter = AnalyticsFilter;

export interface MissionPerformanceSummary {
  /** Runs started. */
  starts: number;
  /** Runs handed in at least once. */
  submissions: number;
  /** Runs a mentor has scored. */
  reviewed: number;
  passed: number;
  /** passed / reviewed. */
  passRate: number | null;
  /** Of the final scores of reviewed runs. */
  averageScore: number | null;
  medianScore: number | null;
  /** Active time of the runs handed in: time spent by runs given up on would skew it. */
  medianActiveMs: number | null;
  /** Runs that ran out of time: ended by the deadline, or locked (expired) at it. */
  deadlineEnded: number;
  /** deadlineEnded / starts. */
  deadlineShare: number | null;
}

export interface FunnelStage {
  stageId: string;
  title: string;
  kind: 'task' | 'decision';
  /** Runs that entered the stage. */
  reached: number;
  /** Runs abandoned or expired while on this stage. */
  droppedHere: number;
}

export interface HintUse {
  stageId: string;
  hintIndex: number;
  /** Runs that revealed this hint. */
  runs: number;
  /** runs / starts. */
  share: number;
}

export interface DecisionOption { optionId: string; runs: number; share: number }

export interface DecisionSplit {
  stageId: string;
  title: string;
  /** Runs with a decision taken here. */
  runs: number;
  /** Most taken first. */
  options: DecisionOption[];
}

export interface CheckFailure {
  stageId: string;
  title: string;
  /** Runs with at least one answer checked at this stage. */
  runsAttempted: number;
  /** Of those, runs none of whose attempts was correct. */
  runsNeverCorrect: number;
  failShare: number;
  attempts: number;
}

export interface MissionPerformanceView {
  mission: MissionKey;
  title: string;
  filter: AnalyticsFilter;
  summary: MissionPerformanceSummary;
  /** In the mission's stage order. */
  funnel: FunnelStage[];
  /** Most revealed first. */
  hints: HintUse[];
  /** In the mission's stage order. */
  decisions: DecisionSplit[];
  /** Most failed first. */
  checks: CheckFailure[];
}

/** Where one reviewed run stands among the reviewed runs of the same mission version. */
export interface RunBenchmark {
  /** Reviewed runs of the mission version compared, this one included. */
  cohort: number;
  /** Share of the cohort scoring lower, ties counted half, 0..100. */
  scorePercentile: number;
  /** Share of the cohort that took longer, ties counted half, 0..100 (higher is faster). */
  timePercentile: number;
  /** When the standing was taken (a review records it when it is finished). */
  at: number;
}

export interface CohortRun {
  runId: string;
  learnerId: string;
  learnerName: string;
  team: string | null;
  score: number;
  passed: boolean;
  activeMs: number;
  reviewedAt: number | null;
  scorePercentile: number;
  timePercentile: number;
}

/** The reviewed runs of one mission version, best score first, each placed in the cohort. */
export interface CohortView {
  mission: MissionKey;
  title: string;
  runs: CohortRun[];
  /** More reviewed runs than the list holds. */
  truncated: boolean;
  medianScore: number | null;
  medianActiveMs: number | null;
}

export type HeatmapStatus = 'in_progress' | 'submitted' | 'returned' | 'passed' | 'failed' | 'expired' | 'abandoned';

export interface HeatmapCell {
  /** Index into HeatmapView.missions. */
  mission: number;
  /** Index into HeatmapView.learners. */
  learner: number;
  /** The learner's most telling run of the mission: the best reviewed one, else the latest. */
  runId: string;
  status: HeatmapStatus;
  score: number | null;
  /** Runs the learner started of the mission. */
  runs: number;
}

export interface HeatmapView {
  missions: Array<MissionKey & { title: string }>;
  learners: Array<{ profileId: string; name: string; team: string | null }>;
  cells: HeatmapCell[];
  /** Learners beyond the first HEATMAP_MAX_LEARNERS by activity are left out. */
  truncated: boolean;
  /** events[weekday][hour]: weekday 0 = Sunday, in the time zone asked for. */
  activity: number[][];
  /** Minutes east of UTC the day and hour are counted in. */
  tzOffsetMinutes: number;
}

/** The runs active in one day × hour cell, most events first. */
export interface ActivityRun {
  runId: string;
  learnerId: string;
  status: HeatmapStatus;
  learnerName: string;
  missionTitle: string;
  events: number;
}

export interface OutcomeStats {
  /** Stage runs counted. */
  runs: number;
  /** Of those rubric-scored: mean fraction 0..1 and how many. */
  meanStageScore: number | null;
  scored: number;
  /** Mean answer checks tried at the stage. */
  meanAttempts: number | null;
  /** Mean hints revealed at the stage after the recipe was opened (without it: all the stage's). */
  meanHintsAfter: number | null;
  /** Mean active time on the stage of the stage runs that completed it. */
  meanActiveMs: number | null;
  completed: number;
}

export interface RecipeUsage {
  recipeId: string;
  title: string;
  type: string;
  opens: number;
  /** Distinct learners who opened it. */
  readers: number;
  /** Opens made from a stage of a run. */
  opensInStages: number;
  medianReadMs: number | null;
  /** For the stages it was opened from: stage runs where it was opened, and those of the same stages where it was not. */
  withRecipe: OutcomeStats;
  withoutRecipe: OutcomeStats;
}

export interface RecipeUsageView {
  recipes: RecipeUsage[];
  /** Below this many stage runs on either side, a difference is shown as too few to tell. */
  smallSample: number;
}
