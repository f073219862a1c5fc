// The one description of Outpost's tables for Kysely. Times are milliseconds since the epoch (UTC),
// booleans are 0/1 integers, `*_json` columns hold JSON text. Migrations in ./migrations create them.
import type { Generated } from 'kysely';
import type { AnalyticsSchema } from '../shared/analytics/schema.ts';

export type Bool = 0 | 1;
export type RunStatus = 'in_progress' | 'submitted' | 'returned' | 'reviewed' | 'expired' | 'abandoned';
export type RunEndedBy = 'learner' | 'deadline';
export type ProfileRole = 'learner' | 'mentor' | 'admin';
export type SignatureStatus = 'unsigned' | 'signed';

export interface SettingsTable { key: string; value: string }

export interface PacksTable { id: string; title: string; first_imported_at: number }

export interface PackVersionsTable {
  id: Generated<number>;
  pack_id: string;
  version: string;
  title: string;
  description: string | null;
  authors_json: string;
  license: string | null;
  min_app_version: string | null;
  content_sha256: string;
  signature_status: SignatureStatus;
  signer: string | null;
  signer_key_id: string | null;
  signer_trusted: Bool;
  source_name: string;
  imported_at: number;
}

export interface PackFilesTable { pack_version_id: number; path: string; sha256: string; size: number; media_type: string }

export interface BlobsTable { sha256: string; size: number; created_at: number }

export interface RubricsTable {
  id: Generated<number>;
  pack_version_id: number;
  rubric_id: string;
  title: string;
  max_points: number;
  definition_json: string;
}

export interface RecipesTable {
  id: Generated<number>;
  pack_version_id: number;
  recipe_id: string;
  title: string;
  type: string;
  level: string | null;
  minutes: number | null;
  skills_json: string;
  body_md: string;
  file_path: string;
}

export interface MissionsTable {
  id: Generated<number>;
  pack_version_id: number;
  code: string;
  title: string;
  summary: string | null;
  tier: string;
  track: string;
  folder: string;
  story_md: string;
  objectives_json: string;
  estimated_minutes: number | null;
  time_limit_minutes: number | null;
  on_deadline: string;
  prerequisites_json: string;
  pass_score: number;
  rubric_id: string | null;
  start_stage_id: string;
  /** The whole validated mission.yaml, the engine's source of truth for rules and checks. */
  definition_json: string;
}

export interface StagesTable {
  mission_id: number;
  stage_id: string;
  position: number;
  kind: 'task' | 'decision';
  title: string;
  body_md: string | null;
  weight: number | null;
  /** Format 1.1: the stage's solution, shown when the learner asks (or runs out of tries). */
  solution_md: string | null;
}

export interface TeamsTable { id: string; name: string; created_at: number }

export interface ProfilesTable {
  id: string;
  display_name: string;
  role: ProfileRole;
  team_id: string | null;
  created_at: number;
  archived_at: number | null;
  /** Null for a profile made on this device; the sync team's name for one pulled from its server. */
  remote_team: Generated<string | null>;
}

export interface RunsTable {
  id: string;
  profile_id: string;
  mission_id: number;
  status: RunStatus;
  started_at: number;
  deadline_at: number | null;
  /** Active time accumulated from a monotonic clock, immune to wall-clock changes. */
  elapsed_ms: number;
  /** Wall-clock time of the last elapsed update; a jump backwards is detected against it. */
  clock_checked_at: number;
  current_stage_id: string | null;
  flags_json: string;
  /** Deadline warnings already given (e.g. "50", "five-minutes"), so each is given once. */
  warnings_json: Generated<string>;
  submitted_at: number | null;
  reviewed_at: number | null;
  auto_score: number | null;
  final_score: number | null;
  passed: Bool | null;
  updated_at: number;
  /** The sequence number of the run's mission.started event: its events are at or after it. */
  first_event_seq: number | null;
  /** Who ended the run by submitting it or at its deadline (submitted or locked); null while in progress or abandoned. */
  ended_by: RunEndedBy | null;
  /** When: the learner's submission, or the moment the deadline passed. */
  ended_at: number | null;
  /** The submission checklist's missing items (JSON) when the run ended; null where that was not recorded. */
  missing_json: string | null;
  /** 0 before the first submission, 1 after it, 2 after one rework, … */
  submission: Generated<number>;
}

export interface RunStagesTable {
  run_id: string;
  stage_id: string;
  /** Order of the stage on the learner's path. */
  seq: number;
  entered_at: number;
  /** The run's elapsed time when the stage was entered: hint delays count from here. */
  entered_elapsed_ms: number;
  left_at: number | null;
  completed_at: number | null;
  active_ms: number;
  tools_json: string;
  check_json: string | null;
}

export interface DecisionsTable { run_id: string; stage_id: string; option_id: string; score_delta: number; taken_at: number }

export interface HintRevealsTable { run_id: string; stage_id: string; hint_index: number; penalty: number; revealed_at: number }

export interface CheckAttemptsTable {
  id: Generated<number>;
  run_id: string;
  stage_id: string;
  kind: 'answer' | 'quiz';
  response_json: string;
  correct: Bool;
  fraction: number;
  attempted_at: number;
}

export interface EvidenceTable {
  id: string;
  run_id: string;
  stage_id: string;
  sha256: string;
  file_name: string;
  size: number;
  media_type: string;
  added_at: number;
  removed_at: number | null;
}

export interface ReflectionsTable { run_id: string; text: string; word_count: number; updated_at: number }

/** A learner's written response in a task stage; `word_count` leaves out lines kept from the template. */
export interface StageResponsesTable { run_id: string; stage_id: string; text: string; word_count: number; updated_at: number }

export interface ReviewsTable {
  id: string;
  run_id: string;
  reviewer_id: string;
  status: 'draft' | 'final';
  feedback: string;
  score: number | null;
  passed: Bool | null;
  created_at: number;
  updated_at: number;
  /** The run's submission this review scores. */
  submission: Generated<number>;
  outcome: ReviewOutcome | null;
  /** The score's lines (shared/api/views.ts ScoreBreakdown) when the review was finished. */
  breakdown_json: string | null;
  /** Where the run stood in its cohort when the review was finished (shared/api/analytics-views.ts RunBenchmark). */
  benchmark_json: Generated<string | null>;
}

export type ReviewOutcome = 'returned' | 'passed' | 'failed';

/** Who is reviewing a run now. */
export interface ReviewClaimsTable { run_id: string; profile_id: string; claimed_at: number }

export interface SyncTokensTable {
  profile_id: string;
  server_url: string;
  token_id: string;
  /** The device token as the host sealed it; never stored in the clear. */
  token_sealed: string;
  person_name: string;
  team: string;
  role: 'learner' | 'mentor';
  pull_cursor: Generated<number>;
  enrolled_at: number;
  revoked_at: number | null;
  /** SPKI PEM of the server's key, from the enrolment answer: it signs the server's sync bundles. */
  server_public_key: string | null;
  /** The server's certificate of this device's key for this profile (shared/sync/bundle.ts), as JSON. */
  certificate_json: string | null;
}

export interface SyncInboxTable {
  idempotency_key: string;
  profile_id: string;
  topic: string;
  record_id: string;
  payload_json: string;
  /** What the record waits for, in words (a pack version this app lacks). */
  waiting_for: string;
  received_at: number;
}

/** One submission of a run as it was handed in. */
export interface RunSubmissionsTable { run_id: string; submission: number; submitted_at: number; ended_by: RunEndedBy | null; missing_json: string | null }

export interface ReviewStagesTable { review_id: string; stage_id: string; feedback: string; recipe_ids_json: string }

export interface ReviewCriteriaTable { review_id: string; stage_id: string; criterion_id: string; points: number }

/** A passed run's portfolio report: the HTML file under the data folder (relative path) and its SHA-256. */
export interface PortfolioReportsTable { id: string; run_id: string; profile_id: string; file_path: string; sha256: string; size: number; created_at: number }

export interface EventsTable {
  /** Per-device sequence number: the rowid, strictly increasing on this device. */
  seq: Generated<number>;
  id: string;
  device_id: string;
  profile_id: string | null;
  verb: string;
  object_type: string;
  object_id: string;
  run_id: string | null;
  occurred_at: number;
  context_json: string;
  result_json: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  topic: 'event' | 'run' | 'evidence' | 'reflection' | 'response' | 'review' | 'profile';
  record_id: string;
  /** Sent with every push so the server can drop a retried batch it already applied. Unique by
   *  construction (device, record and a random UUID), so it carries no index: each act writes fewer pages. */
  idempotency_key: string;
  payload_json: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

export interface BlobUploadsTable {
  sha256: string;
  upload_url: string | null;
  offset: number;
  size: number;
  completed_at: number | null;
}

export interface TrustedSignersTable { key_id: string; name: string; public_key_pem: string; added_at: number }

/** A mentor's or admin's passphrase (scrypt) and the count of wrong tries that slows the next one. */
export interface ProfileSecretsTable { profile_id: string; passphrase_hash: string; failed_attempts: number; retry_after: number; updated_at: number }

/** Keys that may sign new versions of a pack id. */
export interface PackKeysTable { pack_id: string; key_id: string; name: string; origin: 'first-signed-version' | 'admin'; added_at: number }

/** One opening of a recipe, and the active time (on screen, app focused) it stayed open. */
export interface RecipeReadsTable {
  id: string;
  profile_id: string;
  recipe_id: string;
  run_id: string | null;
  stage_id: string | null;
  opened_at: number;
  closed_at: number | null;
  active_ms: number;
}

/** A learner's own marks on a recipe. */
export interface RecipeMarksTable { profile_id: string; recipe_id: string; completed_at: number | null; helpful: Bool | null; rating: number | null; updated_at: number }

/** The app's tables, and the analytics views over them (db/migrations/0010_analytics.ts). */
export interface Database extends AnalyticsSchema {
  settings: SettingsTable;
  packs: PacksTable;
  pack_versions: PackVersionsTable;
  pack_files: PackFilesTable;
  blobs: BlobsTable;
  rubrics: RubricsTable;
  recipes: RecipesTable;
  missions: MissionsTable;
  stages: StagesTable;
  teams: TeamsTable;
  profiles: ProfilesTable;
  runs: RunsTable;
  run_stages: RunStagesTable;
  decisions: DecisionsTable;
  hint_reveals: HintRevealsTable;
  check_attempts: CheckAttemptsTable;
  evidence: EvidenceTable;
  reflections: ReflectionsTable;
  stage_responses: StageResponsesTable;
  reviews: ReviewsTable;
  review_stages: ReviewStagesTable;
  review_criteria: ReviewCriteriaTable;
  review_claims: ReviewClaimsTable;
  run_submissions: RunSubmissionsTable;
  events: EventsTable;
  outbox: OutboxTable;
  blob_uploads: BlobUploadsTable;
  trusted_signers: TrustedSignersTable;
  profile_secrets: ProfileSecretsTable;
  pack_keys: PackKeysTable;
  portfolio_reports: PortfolioReportsTable;
  sync_tokens: SyncTokensTable;
  sync_inbox: SyncInboxTable;
  recipe_reads: RecipeReadsTable;
  recipe_marks: RecipeMarksTable;
}
