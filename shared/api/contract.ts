// The one API table (STYLE.md "one contract table, many transports"): method name → input schema →
// output type. Electron IPC, the HTTP bridge, the renderer client and the JSON Schema listing are all
// derived from it, so adding a method means adding one line here and one handler in the engine.
import { z } from 'zod';
import { RECIPE_TYPES, TIERS, TRACKS } from '../pack/vocabulary.ts';
import { MAX_RESPONSE_CHARS } from '../response-words.ts';
import { ADMIN, ANYONE, MAX_PASSPHRASE_LENGTH, SIGNED_IN, STAFF, type Access } from './roles.ts';
import type * as V from './views.ts';
import type * as R from './recipe-views.ts';
import type * as A from './analytics-views.ts';
import type { BundleExportView, BundleImportView } from '../sync/bundle.ts';
import type { PackIssue } from '../pack/issues.ts';

interface MethodSpec<I extends z.ZodType, O> {
  /** Who may call it; the engine refuses everyone else before the handler runs, on every transport. */
  roles: Access;
  input: I;
  /** Phantom: carries the output type; never read at run time. */
  output?: O;
  summary: string;
}

function method<O>() {
  return <I extends z.ZodType>(roles: Access, input: I, summary: string): MethodSpec<I, O> => ({ roles, input, summary });
}

const id = z.string().min(1).max(100);
const profileId = id;
const runId = id;
const stageId = z.string().min(1).max(64);
const withRun = { profileId, runId };
const analyticsText = z.string().min(1).max(200);
const missionKey = z.strictObject({ packId: analyticsText, version: analyticsText, code: analyticsText });
const epochMs = z.number().int().nonnegative().max(8_640_000_000_000_000);
const analyticsFilter = z.strictObject({
  packId: analyticsText.optional(),
  version: analyticsText.optional(),
  missionCode: analyticsText.optional(),
  track: analyticsText.optional(),
  tier: analyticsText.optional(),
  team: analyticsText.optional(),
  from: epochMs.optional(),
  to: epochMs.optional(),
});
// Every time zone is whole quarter hours from UTC (the activity map counts acts per quarter hour).
const tzOffsetMinutes = z.number().int().multipleOf(15).min(-14 * 60).max(14 * 60);
// Not trimmed: a passphrase is compared exactly as typed.
const passphrase = z.string().min(1).max(MAX_PASSPHRASE_LENGTH);

export const API = {
  'app.state': method<V.AppState>()(ANYONE, z.strictObject({}), 'Last profile, a run to offer for resume, app version'),
  'app.focus': method<null>()(ANYONE, z.strictObject({ focused: z.boolean() }), 'The window gained or lost focus (active time, telemetry)'),
  'app.activity': method<null>()(SIGNED_IN, z.strictObject({}), 'The person at the screen is still there (keys, pointer): the idle sign-out waits'),
  'lab.settings': method<V.LabSettings>()(ANYONE, z.strictObject({}), 'This lab PC\'s settings'),
  'lab.updateSettings': method<V.LabSettings>()(ADMIN, z.strictObject({ idleMinutes: z.number().int().min(0).max(24 * 60) }), 'Change this lab PC\'s settings'),

  'profiles.list': method<V.ProfileView[]>()(ANYONE, z.strictObject({}), 'Profiles on this machine'),
  // A learner profile is open to anyone; a mentor or admin profile needs an admin signed in (or, for
  // the first admin of a new installation, nobody at all) and a passphrase: the handler checks both.
  'profiles.create': method<V.ProfileView>()(
    ANYONE,
    z.strictObject({ displayName: z.string().trim().min(1).max(80), role: z.enum(['learner', 'mentor', 'admin']).default('learner'), passphrase: passphrase.optional() }),
    'Add a profile (a mentor or admin: by an admin, with a passphrase)',
  ),
  'profiles.select': method<V.ProfileView>()(ANYONE, z.strictObject({ profileId, passphrase: passphrase.optional() }), 'Sign in as a profile (a mentor or admin gives the passphrase)'),
  'profiles.signOut': method<null>()(ANYONE, z.strictObject({}), 'Nobody is working: back to the profile picker'),

  'catalog.list': method<V.MissionCard[]>()(
    SIGNED_IN,
    z.strictObject({ profileId, track: z.enum(TRACKS).optional(), tier: z.enum(TIERS).optional(), search: z.string().max(200).optional() }),
    'Missions by track and tier with this profile\'s status',
  ),
  // With a run of the caller's, the briefing of the version that run is pinned to, even once a newer one is installed.
  'catalog.briefing': method<V.MissionBriefing>()(
    SIGNED_IN,
    z.strictObject({ profileId, missionId: z.number().int().positive(), runId: runId.optional() }),
    'A mission\'s briefing (of a run\'s pinned version, when a run is named)',
  ),

  'runs.list': method<V.RunSummary[]>()(SIGNED_IN, z.strictObject({ profileId }), 'This profile\'s runs'),
  'runs.start': method<V.RunView>()(SIGNED_IN, z.strictObject({ profileId, missionId: z.number().int().positive() }), 'Start a run (pinned to this mission version)'),
  'runs.get': method<V.RunView>()(SIGNED_IN, z.strictObject(withRun), 'The whole state of a run'),
  'runs.open': method<V.RunView>()(SIGNED_IN, z.strictObject(withRun), 'The run is on screen: its active time counts'),
  'runs.close': method<null>()(SIGNED_IN, z.strictObject(withRun), 'The run left the screen'),
  'runs.abandon': method<V.RunView>()(SIGNED_IN, z.strictObject(withRun), 'Give up a run in progress'),
  'runs.checklist': method<V.SubmissionChecklist>()(SIGNED_IN, z.strictObject(withRun), 'What is missing before submission'),
  'runs.submit': method<V.RunView>()(SIGNED_IN, z.strictObject(withRun), 'Submit: checks, then freezes the run'),

  'stages.complete': method<V.RunView>()(SIGNED_IN, z.strictObject({ ...withRun, stageId }), 'Finish a task stage and move on'),
  'stages.tools': method<V.RunView>()(
    SIGNED_IN,
    z.strictObject({ ...withRun, stageId, tools: z.array(z.string().trim().min(1).max(60)).max(30) }),
    'Record the tools used on a stage',
  ),
  'decisions.take': method<V.RunView>()(SIGNED_IN, z.strictObject({ ...withRun, stageId, optionId: stageId }), 'Take a decision (final unless the mission allows going back)'),
  'decisions.back': method<V.RunView>()(SIGNED_IN, z.strictObject(withRun), 'Undo the last decision, where the mission allows it'),
  'hints.reveal': method<V.RunView>()(
    SIGNED_IN,
    z.strictObject({ ...withRun, stageId, index: z.number().int().min(0).max(99).optional() }),
    'Reveal a hint of a stage: the next one, or the one at `index` where the stage opens them in any order (its penalty applies)',
  ),
  'solution.show': method<V.RunView>()(SIGNED_IN, z.strictObject({ ...withRun, stageId }), 'Show the stage\'s worked solution (a penalised one sets the stage\'s score to 0)'),
  'checks.answer': method<V.AnswerResult>()(SIGNED_IN, z.strictObject({ ...withRun, stageId, answer: z.string().max(500) }), 'Try an answer'),
  'checks.quiz': method<V.QuizResult>()(
    SIGNED_IN,
    z.strictObject({
      ...withRun,
      stageId,
      responses: z.record(z.string().max(64), z.union([z.array(z.number().int().min(0).max(60)).max(60), z.string().max(500)])),
    }),
    'Submit a stage\'s quiz',
  ),
  'evidence.remove': method<V.RunView>()(SIGNED_IN, z.strictObject({ ...withRun, evidenceId: id }), 'Remove an evidence file before submission'),
  'evidence.pick': method<V.RunView>()(SIGNED_IN, z.strictObject({ ...withRun, stageId }), 'Choose evidence files with the system dialog (desktop app)'),
  'reflection.save': method<V.ReflectionSaved>()(SIGNED_IN, z.strictObject({ ...withRun, text: z.string().max(20_000) }), 'Save the reflection (drafts are kept)'),
  'responses.save': method<V.ResponseSaved>()(
    SIGNED_IN,
    z.strictObject({ ...withRun, stageId, text: z.string().max(MAX_RESPONSE_CHARS) }),
    'Save the written response of an open task stage (drafts are kept)',
  ),

  'recipes.list': method<V.RecipeSummary[]>()(
    SIGNED_IN,
    z.strictObject({ profileId, runId: runId.optional(), stageId: stageId.optional() }),
    'Recipes, those recommended for the stage first',
  ),
  'recipes.get': method<R.OpenedRecipe>()(
    SIGNED_IN,
    z.strictObject({ profileId, recipeId: z.string().max(100), runId: runId.optional(), stageId: stageId.optional() }),
    'Open one recipe: its reading time counts until it is closed (the stage, if named, is of the run)',
  ),
  'recipes.library': method<R.RecipeLibraryView>()(
    SIGNED_IN,
    z.strictObject({
      profileId,
      search: z.string().max(200).optional(),
      type: z.enum(RECIPE_TYPES).optional(),
      skill: z.string().min(1).max(100).optional(),
      level: z.enum(TIERS).optional(),
    }),
    'Every recipe with the learner\'s marks and reading, searched and filtered, and the filters\' facets',
  ),
  'recipes.complete': method<R.RecipeMarks>()(
    SIGNED_IN,
    z.strictObject({ profileId, recipeId: z.string().max(100), completed: z.boolean(), runId: runId.optional() }),
    'Mark a recipe completed, or not',
  ),
  'recipes.helpful': method<R.RecipeMarks>()(
    SIGNED_IN,
    z.strictObject({ profileId, recipeId: z.string().max(100), helpful: z.boolean().nullable(), runId: runId.optional() }),
    'Say whether a recipe helped (null clears it)',
  ),
  'recipes.close': method<null>()(SIGNED_IN, z.strictObject({ profileId, recipeId: z.string().max(100), runId: runId.optional() }), 'The recipe was closed'),
  'recipes.rate': method<null>()(
    SIGNED_IN,
    z.strictObject({ profileId, recipeId: z.string().max(100), rating: z.number().int().min(1).max(5), runId: runId.optional() }),
    'Rate a recipe',
  ),

  'files.get': method<V.FileView>()(SIGNED_IN, z.strictObject({ packVersionId: z.number().int().positive(), path: z.string().min(1).max(400) }), 'A pack file (image, log) by its path'),

  'packs.list': method<V.PackSummary[]>()(SIGNED_IN, z.strictObject({}), 'Installed packs and versions'),
  'links.open': method<null>()(SIGNED_IN, z.strictObject({ url: z.string().min(1).max(2048) }), 'Open an https link from pack content in the system browser (desktop app)'),

  'packs.pick': method<V.ImportReport>()(STAFF, z.strictObject({ kind: z.enum(['zip', 'folder']) }), 'Choose a pack with the system dialog and import it (desktop app)'),
  // Mentor review. The caller is the signed-in mentor or admin; nobody reviews their own run (the handler checks).
  'reviews.queue': method<V.ReviewQueueItem[]>()(
    STAFF,
    z.strictObject({
      missionId: z.number().int().positive().optional(),
      packId: z.string().min(1).max(64).optional(),
      learnerId: profileId.optional(),
      status: z.enum(['waiting', 'claimed', 'draft', 'returned', 'reviewed']).optional(),
    }),
    'Submitted runs waiting for review, oldest submission first',
  ),
  'reviews.claim': method<V.ReviewQueueItem>()(STAFF, z.strictObject({ runId, takeOver: z.boolean().optional() }), 'Claim a run for review (an admin may take over another\'s claim)'),
  'reviews.release': method<null>()(STAFF, z.strictObject({ runId }), 'Release a claim'),
  'reviews.open': method<V.ReviewSheet>()(STAFF, z.strictObject({ runId }), 'Everything a mentor needs to score a run (claims it when unclaimed)'),
  'reviews.evidence': method<V.EvidenceContentView>()(STAFF, z.strictObject({ runId, evidenceId: id }), 'An evidence file\'s content for review: text or image, never rendered as HTML'),
  'reviews.evidenceFile': method<V.FileView>()(STAFF, z.strictObject({ runId, evidenceId: id }), 'An evidence file\'s bytes to save (up to 50 MB), for files the review shows only in part or not at all'),
  'reviews.saveDraft': method<{ savedAt: number; breakdown: V.ScoreBreakdown }>()(
    STAFF,
    z.strictObject({
      runId,
      stages: z
        .array(
          z.strictObject({
            stageId,
            criteria: z.record(z.string().min(1).max(64), z.number().finite().min(0).max(10_000)),
            comment: z.string().max(20_000),
            recipeIds: z.array(z.string().min(1).max(100)).max(50),
          }),
        )
        .max(500),
      overall: z.string().max(20_000),
    }),
    'Save the review as it stands (drafts are kept)',
  ),
  'reviews.finish': method<V.ReviewSheet>()(STAFF, z.strictObject({ runId }), 'Score the run with the review and pass or fail it'),
  'reviews.return': method<null>()(STAFF, z.strictObject({ runId, comment: z.string().trim().min(1).max(20_000) }), 'Send the run back to the learner for rework'),

  // A learner reads their own portfolio; a mentor or admin may name a learner (`learnerId`) to read theirs.
  'sync.status': method<V.SyncStatusView>()(SIGNED_IN, z.strictObject({}), 'The team sync: server, enrolled profiles, what waits, the last success and error'),
  'sync.online': method<null>()(ANYONE, z.strictObject({}), 'The network came back: a sync waiting out its backoff tries at once'),
  'sync.now': method<V.SyncStatusView>()(SIGNED_IN, z.strictObject({}), 'Sync now (joins a sync under way); answers with the status after it'),
  'sync.enrol': method<{ team: string; name: string }>()(
    SIGNED_IN,
    z.strictObject({ profileId, serverUrl: z.string().trim().min(1).max(500).optional(), code: z.string().trim().min(1).max(64) }),
    'Enrol the signed-in learner or mentor with the team\'s server by a one-time code',
  ),
  'sync.enrolMentor': method<V.ProfileView>()(
    ADMIN,
    z.strictObject({ serverUrl: z.string().trim().min(1).max(500).optional(), code: z.string().trim().min(1).max(64), passphrase }),
    'Add a mentor from the team\'s server: the profile takes the name the server gives',
  ),
  'sync.exportBundle': method<BundleExportView>()(
    SIGNED_IN,
    z.strictObject({}),
    'Save what a sync would send as one signed sync bundle file, to carry to the team server across an air gap (desktop app; browser mode downloads GET /api/download/sync-bundle)',
  ),
  'sync.importBundle': method<BundleImportView>()(
    SIGNED_IN,
    z.strictObject({}),
    'Import a sync bundle file: the team server\'s reply to this device, or for a mentor a learner\'s bundle to review offline (desktop app; browser mode uploads POST /api/upload/sync-bundle)',
  ),
  'portfolio.list': method<V.PortfolioEntryView[]>()(SIGNED_IN, z.strictObject({ profileId, learnerId: profileId.optional() }), 'Portfolio reports of passed runs, newest first'),
  'portfolio.get': method<{ html: string }>()(SIGNED_IN, z.strictObject({ profileId, entryId: id }), 'One portfolio report\'s self-contained HTML'),
  'portfolio.export': method<V.SavedFile>()(
    SIGNED_IN,
    z.strictObject({ profileId, learnerId: profileId.optional() }),
    'Save every portfolio report as one zip with the system dialog (desktop app; browser mode downloads GET /api/download/portfolio)',
  ),
  'portfolio.pdf': method<V.SavedFile>()(SIGNED_IN, z.strictObject({ profileId, entryId: id }), 'Print a portfolio report to a PDF file (desktop app; browser mode uses the browser\'s print)'),

  // The mission performance dashboard: every run of one mission version this device holds (a mentor's own and those pulled by sync).
  'analytics.options': method<A.AnalyticsOptions>()(STAFF, z.strictObject({}), 'What the dashboard filters offer: the mission versions, packs, tracks, tiers and teams of the runs held'),
  'analytics.missionPerformance': method<A.MissionPerformanceView>()(
    STAFF,
    z.strictObject({ mission: missionKey, filter: analyticsFilter }),
    'A mission version\'s performance: starts, submissions, scores, drop-off by stage, hints, decisions, failed checks, time pressure',
  ),
  'analytics.cohort': method<A.CohortView>()(
    STAFF,
    z.strictObject({ mission: missionKey, filter: analyticsFilter }),
    'The reviewed runs of a mission version, each with its percentile of score and of time in the cohort',
  ),
  'analytics.heatmap': method<A.HeatmapView>()(
    STAFF,
    z.strictObject({ filter: analyticsFilter, tzOffsetMinutes }),
    'Missions × learners (status and score of each learner\'s run) and activity by weekday × hour',
  ),
  'analytics.activityRuns': method<A.ActivityRun[]>()(
    STAFF,
    z.strictObject({ filter: analyticsFilter, tzOffsetMinutes, weekday: z.number().int().min(0).max(6), hour: z.number().int().min(0).max(23) }),
    'The runs active in one weekday × hour cell of the activity map',
  ),
  'analytics.recipeUsage': method<A.RecipeUsageView>()(
    STAFF,
    z.strictObject({ filter: analyticsFilter }),
    'Each recipe\'s opens, readers and reading time, and the outcome of the stages it was opened from, with and without it',
  ),
  'packs.trustKey': method<V.PackKeyView>()(
    ADMIN,
    z.strictObject({ packId: z.string().min(1).max(64), publicKeyPem: z.string().min(1).max(4096), name: z.string().trim().min(1).max(120) }),
    'Let another key sign new versions of an installed pack',
  ),
} as const;

export type Api = typeof API;
export type MethodName = keyof Api;
export type InputOf<M extends MethodName> = z.input<Api[M]['input']>;
export type ParsedInputOf<M extends MethodName> = z.output<Api[M]['input']>;
export type OutputOf<M extends MethodName> = Exclude<Api[M]['output'], undefined>;

export const METHOD_NAMES = Object.keys(API) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(API, name);
}

/** The engine side of the contract: one handler per method. */
export type ApiHandlers = { [M in MethodName]: (input: ParsedInputOf<M>) => OutputOf<M> | Promise<OutputOf<M>> };

/** The caller side, as the renderer sees it. */
export interface OutpostClient {
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
  on<E extends PushEventName>(event: E, listener: (payload: PushEvents[E]) => void): () => void;
}

/** Events the engine pushes without being asked. */
export interface PushEvents {
  'timer.tick': { runId: string; timer: V.TimerView };
  'timer.warning': { runId: string; threshold: string; remainingMs: number };
  'run.deadline': { runId: string; action: 'submitted' | 'locked' | 'none' };
  'import.progress': { phase: 'reading' | 'saving' | 'done'; done: number; total: number };
  /** Bytes of an evidence file copied and hashed so far; `total` is null when the size is not known in advance. */
  'evidence.progress': { runId: string; stageId: string; fileName: string; done: number; total: number | null };
  'sync.status': V.SyncStatusView;
  /** Somebody signed in or out: every window follows (null: back to the profile picker). */
  'session.changed': { profileId: string | null };
}
export type PushEventName = keyof PushEvents;
export const PUSH_EVENT_NAMES: PushEventName[] = ['timer.tick', 'timer.warning', 'run.deadline', 'import.progress', 'evidence.progress', 'sync.status', 'session.changed'];

// ─── Author preview (`outpost pack preview`) ────────────────────────────────────────────────────────
// Kept apart from API on purpose: these methods are not in METHOD_NAMES, so a normal engine (desktop
// app, browser mode) answers `not_found` for them and no learner's run can reach them. Only an engine
// opened for preview (electron/engine/preview) dispatches them.

export interface PreviewMissionView { code: string; title: string }
export interface PreviewStageView { id: string; kind: 'task' | 'decision'; title: string }

export interface PreviewStatusView {
  /** Bumped at every import attempt and every jump: the page reloads the mission when it changes. */
  generation: number;
  /** `invalid`: the last save did not validate; `issues` says why, and no mission is shown. */
  state: 'ready' | 'invalid';
  packDir: string;
  packId: string | null;
  /** The version the preview installed under (the pack's own, with a `-preview.N` suffix). */
  version: string | null;
  issues: PackIssue[];
  profileId: string | null;
  runId: string | null;
  missionCode: string | null;
  missions: PreviewMissionView[];
  stages: PreviewStageView[];
  currentStageId: string | null;
}

export interface PreviewAcceptedView { value: string | null; pattern: string | null; match: string }
export interface PreviewQuestionKeyView {
  id: string;
  text: string;
  kind: 'single' | 'multiple' | 'text' | 'matching' | 'rating';
  /** Correct choices, or accepted text answers. */
  correct: string[];
  pairs: Array<{ left: string; right: string }>;
  unscored: boolean;
}
export interface PreviewStageKeyView {
  stageId: string;
  title: string;
  answer: { logic: 'any' | 'all'; attempts: number | null; accepted: PreviewAcceptedView[] } | null;
  questions: PreviewQuestionKeyView[];
  options: Array<{ id: string; label: string; next: string | null }>;
}

export const PREVIEW_API = {
  'preview.status': method<PreviewStatusView>()(ANYONE, z.strictObject({}), 'The previewed pack: ready or its validation errors, the run on screen'),
  'preview.jumpTo': method<PreviewStatusView>()(
    SIGNED_IN,
    z.strictObject({ missionCode: z.string().min(1).max(100).optional(), stageId: stageId.optional() }),
    'Start the previewed mission (or another of the pack) afresh at any stage; without one, at its start',
  ),
  'preview.answers': method<PreviewStageKeyView[]>()(SIGNED_IN, z.strictObject({}), 'The expected answers of every stage of the previewed mission'),
} as const;

export type PreviewMethodName = keyof typeof PREVIEW_API;
export type PreviewInputOf<M extends PreviewMethodName> = z.input<(typeof PREVIEW_API)[M]['input']>;
export type PreviewOutputOf<M extends PreviewMethodName> = Exclude<(typeof PREVIEW_API)[M]['output'], undefined>;

export function isPreviewMethodName(name: string): name is PreviewMethodName {
  return Object.hasOwn(PREVIEW_API, name);
}
