// What a portfolio report shows, gathered into one plain structure so that the HTML builder is a pure
// function of it (and testable without a database).

export interface ReportEvidence {
  fileName: string;
  size: number;
  mediaType: string;
  sha256: string;
  /** The image inlined as a data: URI; null for other files and for images past the inline cap. */
  dataUri: string | null;
}

export interface ReportCriterion { title: string; points: number; maxPoints: number }

export interface ReportStage {
  id: string;
  title: string;
  weight: number;
  required: boolean;
  completed: boolean;
  evidence: ReportEvidence[];
  answer: { correct: boolean; attemptsUsed: number; attemptsAllowed: number | null } | null;
  quiz: { earned: number; possible: number; right: number; questions: number } | null;
  hints: Array<{ index: number; penalty: number }>;
  tools: string[];
  /** The written response, Markdown as the learner saved it. */
  response: { prompt: string; text: string } | null;
  review: { points: number | null; maxPoints: number | null; criteria: ReportCriterion[]; feedback: string; recipes: string[] } | null;
}

export interface ReportDecision { title: string; prompt: string; chosen: string; feedback: string | null; scoreChange: number; notTaken: string[] }

export interface BreakdownLine { label: string; weight: number; fraction: number | null; source: 'review' | 'check' | 'none'; points: number }

export interface ScoreBreakdown {
  stages: BreakdownLine[];
  decisions: Array<{ label: string; change: number }>;
  hints: Array<{ label: string; penalty: number }>;
  /** The score as recorded on the run (the review's), which the lines above explain. */
  final: number | null;
  passScore: number;
  passed: boolean | null;
}

export interface ReportData {
  reportId: string;
  generatedAt: number;
  appVersion: string;
  learnerName: string;
  mission: { code: string; title: string; summary: string | null; tier: string; track: string; objectives: string[]; story: string; packTitle: string; packVersion: string };
  run: { id: string; startedAt: number; submittedAt: number | null; elapsedMs: number; endedBy: 'learner' | 'deadline' | null };
  path: Array<{ title: string; kind: 'task' | 'decision'; choice: string | null }>;
  decisions: ReportDecision[];
  stages: ReportStage[];
  breakdown: ScoreBreakdown;
  reflection: { prompt: string; text: string } | null;
  review: { mentorName: string; reviewedAt: number; feedback: string } | null;
}
