// The mission performance dashboard (a mentor's view of one mission version across the team's runs on
// this device: its own and those pulled by sync). Shares are 0..1 and null when their base is empty.

export interface MissionPerformanceFilter {
  /** Runs started at or after this time (epoch ms). */
  from?: number;
  /** Runs started before this time (epoch ms). */
  to?: number;
}

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
  missionId: number;
  code: string;
  title: string;
  packVersion: string;
  filter: MissionPerformanceFilter;
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
