// The sync server's tables: the one description of its database (Kysely's `Database` interface).
// Written for SQLite today; the migrations use only what PostgreSQL also has.
import type { Generated } from 'kysely';
import type { AnalyticsRunsRelation, AnalyticsSchema } from '../../shared/analytics/schema.ts';
import type { RecordTopic, SyncRole } from '../../shared/sync/protocol.ts';

export interface TeamsTable {
  id: string;
  name: string;
  created_at: number;
}

/** A person enrolled in a team: a learner or a mentor, named by whoever runs the server. */
export interface PeopleTable {
  id: string;
  team_id: string;
  name: string;
  role: SyncRole;
  created_at: number;
  revoked_at: number | null;
}

/** One-time codes: kept as SHA-256 only, so the database never holds a usable code. */
export interface EnrolmentCodesTable {
  code_hash: string;
  person_id: string;
  expires_at: number;
  used_at: number | null;
}

export interface DeviceTokensTable {
  id: string;
  person_id: string;
  device_id: string;
  token_hash: string;
  /** The app profile this token speaks for, bound at its first push that names one. */
  profile_id: string | null;
  created_at: number;
  revoked_at: number | null;
}

/** The per-device event sequence the server holds: events 1..ack_seq are stored. */
export interface DevicesTable {
  device_id: string;
  ack_seq: number;
}

export interface EventsTable {
  device_id: string;
  seq: number;
  id: string;
  profile_id: string | null;
  verb: string;
  object_type: string;
  object_id: string;
  run_id: string | null;
  occurred_at: number;
  context_json: string;
  result_json: string | null;
  received_at: number;
}

/** Every snapshot received, once per idempotency key; `cursor` orders them for pulls. */
export interface RecordsTable {
  cursor: Generated<number>;
  idempotency_key: string;
  topic: RecordTopic;
  record_id: string;
  payload_json: string;
  /** The learner profile the record is about (a review: the run's owner). */
  owner_profile_id: string;
  team_id: string;
  device_id: string;
  received_at: number;
}

/** A team's Learning Record Store, and the state of forwarding its events there. */
export interface XapiTargetsTable {
  team_id: string;
  /** The LRS's xAPI base URL; statements go to `<endpoint>/statements`. */
  endpoint: string;
  username: string;
  /** Sealed with the data folder's xapi.key: a copy of the database alone does not reveal it. */
  password: string;
  enabled: number;
  created_at: number;
  updated_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  attempts: Generated<number>;
  next_attempt_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  last_success_at: number | null;
  halted_at: number | null;
  forwarded_count: Generated<number>;
  rejected_count: Generated<number>;
}

/** A device's events of the team are forwarded up to forwarded_seq. */
export interface XapiProgressTable {
  team_id: string;
  device_id: string;
  forwarded_seq: number;
  updated_at: number;
}

/** An evidence file the server holds, at <data folder>/evidence/<first two hex digits>/<sha256>. */
export interface EvidenceFilesTable {
  sha256: string;
  size: number;
  received_at: number;
}

/** A team's evidence record names this file: its mentors and the record's owner may read it. */
export interface EvidenceRefsTable {
  team_id: string;
  sha256: string;
  owner_profile_id: string;
}

/** A device's signing key, registered at its first enrolment that sent one (sync bundles). */
export interface DeviceKeysTable {
  device_id: string;
  /** SPKI PEM. */
  public_key: string;
  created_at: number;
}

/**
 * The analytics relations (shared/analytics/schema.ts), kept as tables from the records devices push
 * (server/analytics-store.ts): the same queries read them here and the app's views. Columns beyond
 * the relation's are bookkeeping the queries never read.
 */
export interface AnalyticsRunsTable extends AnalyticsRunsRelation {
  team_id: string;
  /** The transcript's runs.updated_at: an older snapshot arriving later does not replace this one. */
  transcript_updated_at: number;
}
export interface AnalyticsReviewsTable {
  review_id: string;
  run_id: string;
  submission: number;
  status: 'draft' | 'final';
  outcome: 'returned' | 'passed' | 'failed' | null;
  score: number | null;
  passed: 0 | 1 | null;
  /** The rubric-scored lines of the breakdown, [{ stageId, fraction }], as JSON. */
  rubric_json: string;
  updated_at: number;
}

/** The server's own tables, and the analytics relations the shared queries read (runs with bookkeeping columns of their own). */
export interface Database extends Omit<AnalyticsSchema, 'analytics_runs'> {
  teams: TeamsTable;
  people: PeopleTable;
  enrolment_codes: EnrolmentCodesTable;
  device_tokens: DeviceTokensTable;
  devices: DevicesTable;
  events: EventsTable;
  records: RecordsTable;
  evidence_files: EvidenceFilesTable;
  evidence_refs: EvidenceRefsTable;
  xapi_targets: XapiTargetsTable;
  xapi_progress: XapiProgressTable;
  device_keys: DeviceKeysTable;
  analytics_runs: AnalyticsRunsTable;
  analytics_reviews: AnalyticsReviewsTable;
}
