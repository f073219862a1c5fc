// The sync protocol between the app and a team's sync server, as one table like the API contract:
// route → input schema → output type → who may call it. The server validates every body with these
// schemas; the app's sync client builds its batches from the same types.
import { z } from 'zod';
import type { AnalyticsOptions, CohortView, HeatmapView, MissionPerformanceView, RecipeUsageView } from '../api/analytics-views.ts';
import type { EventObjectType } from '../telemetry/verbs.ts';
import type { DeviceCertificate } from './bundle.ts';

/** Events in one push: a client with more sends several batches, each from the last acknowledgement. */
export const MAX_EVENTS_PER_BATCH = 2_000;
/** Outbox snapshots in one push. */
export const MAX_RECORDS_PER_BATCH = 500;
/** One snapshot's payload as JSON; evidence files travel separately, so a record is small. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;
/** A whole request body; the server counts it while reading and answers 413 beyond it. */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;
/** Records in one pull answer; the client pulls again from the returned cursor until `more` is false. */
export const PULL_LIMIT = 500;

export type SyncRole = 'learner' | 'mentor';
/** `enrolment`: no token yet, the body carries a one-time code; `public`: probes, no body. */
export type SyncAccess = 'public' | 'enrolment' | readonly SyncRole[];

// No control characters: PostgreSQL's text refuses NUL, and an id is never meant to hold a line break.
const NO_CONTROL = /^[^\p{Cc}]*$/u;
const id = z.string().min(1).max(200).regex(NO_CONTROL, 'an id holds no control characters');
/** The app's device id (a UUID in practice); it names the per-device event sequence. */
export const deviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a device id is 8 to 64 letters, digits, - or _');
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const jsonObject = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'an object');

const OBJECT_TYPES = ['mission', 'stage', 'hint', 'recipe', 'evidence', 'run', 'app'] as const satisfies readonly EventObjectType[];

/** One row of the engine's `events` table (shared/telemetry/xapi.ts TelemetryEvent, as JSON). */
export const eventRecordSchema = z.strictObject({
  id,
  seq: seq.min(1),
  deviceId: deviceIdSchema,
  profileId: id.nullable(),
  // Checked by shape, not against today's list, so an app with a newer verb can still push.
  verb: z.string().regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$/).max(64),
  objectType: z.enum(OBJECT_TYPES),
  objectId: id,
  runId: id.nullable(),
  occurredAt: z.number().int().min(0),
  context: jsonObject,
  result: jsonObject.nullable(),
});
export type EventRecord = z.infer<typeof eventRecordSchema>;

/**
 * An event the device keeps back: its profile is not enrolled in this server on this device (a
 * shared lab PC holds several people's events in one sequence). It moves the sequence on and stores
 * nothing; its id lets a resend be checked against the first.
 */
export const withheldEventSchema = z.strictObject({
  id,
  seq: seq.min(1),
  deviceId: deviceIdSchema,
  withheld: z.literal(true),
});
export type WithheldEvent = z.infer<typeof withheldEventSchema>;
export type BatchEvent = EventRecord | WithheldEvent;

export function isWithheld(event: BatchEvent): event is WithheldEvent {
  return 'withheld' in event;
}

/** Outbox topics that travel as records (events travel by sequence instead). */
export const RECORD_TOPICS = ['profile', 'run', 'evidence', 'reflection', 'response', 'review'] as const;
export type RecordTopic = (typeof RECORD_TOPICS)[number];

/** One pending outbox snapshot (electron/engine/outbox/enqueue.ts). */
export const outboxRecordSchema = z.strictObject({
  topic: z.enum(RECORD_TOPICS),
  recordId: id,
  /** New for every snapshot of a record: the server keeps each key once, so a retry is a no-op. */
  idempotencyKey: z.string().min(1).max(300).regex(NO_CONTROL, 'an idempotency key holds no control characters'),
  payload: jsonObject.refine((payload) => JSON.stringify(payload).length <= MAX_PAYLOAD_BYTES, `a record's payload is at most ${MAX_PAYLOAD_BYTES} bytes as JSON`),
});
export type OutboxRecord = z.infer<typeof outboxRecordSchema>;

export const pushBatchSchema = z
  .strictObject({
    deviceId: deviceIdSchema,
    events: z.strictObject({
      /** The server's acknowledged sequence + 1 (or lower, for a retry of events it already holds). */
      fromSeq: seq.min(1),
      /** fromSeq - 1 when the batch carries only records. */
      toSeq: seq,
      items: z.array(z.union([eventRecordSchema, withheldEventSchema])).max(MAX_EVENTS_PER_BATCH),
    }),
    records: z.array(outboxRecordSchema).max(MAX_RECORDS_PER_BATCH),
  })
  .superRefine((batch, issues) => {
    const { fromSeq, toSeq, items } = batch.events;
    if (toSeq - fromSeq + 1 !== items.length) {
      issues.addIssue({ code: 'custom', path: ['events'], message: `fromSeq ${fromSeq} to toSeq ${toSeq} needs ${Math.max(0, toSeq - fromSeq + 1)} events, not ${items.length}` });
      return;
    }
    items.forEach((event, index) => {
      if (event.seq !== fromSeq + index) issues.addIssue({ code: 'custom', path: ['events', 'items', index, 'seq'], message: `events must be contiguous: expected seq ${fromSeq + index}` });
      if (event.deviceId !== batch.deviceId) issues.addIssue({ code: 'custom', path: ['events', 'items', index, 'deviceId'], message: 'an event of another device' });
    });
  });
export type PushBatch = z.infer<typeof pushBatchSchema>;

export interface PushAnswer {
  /** The highest event sequence the server holds for this device: the next batch starts above it. */
  ackSeq: number;
  /** Idempotency keys of the batch's records the server now holds (new or already held). */
  acceptedRecords: string[];
}

export const pullRequestSchema = z.strictObject({ cursor: seq });
export type PullRequest = z.infer<typeof pullRequestSchema>;

export interface PulledRecord {
  topic: RecordTopic;
  recordId: string;
  idempotencyKey: string;
  payload: Record<string, unknown>;
  receivedAt: number;
}

export interface PullAnswer {
  items: PulledRecord[];
  /** Pass it to the next pull; it only moves forward. */
  cursor: number;
  /** More records wait above the cursor. */
  more: boolean;
}

export const enrolRequestSchema = z.strictObject({
  code: z.string().trim().min(1).max(64),
  deviceId: deviceIdSchema,
  /** The app profile the token will speak for: a token pushes and pulls that profile's records only. */
  profileId: id,
  /** The role the app enrols the profile as; a code for another role is refused and stays unused. */
  role: z.enum(['learner', 'mentor']).optional(),
  /** The device's Ed25519 public key (SPKI PEM), registered for its sync bundles (shared/sync/bundle.ts). */
  devicePublicKey: z.string().min(1).max(1_000).optional(),
});
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

export interface EnrolAnswer {
  /** Sent as `Authorization: Bearer <token>`; the server keeps only its SHA-256. */
  token: string;
  tokenId: string;
  team: string;
  /** The person's name as the server knows it: a mentor's app profile takes it. */
  name: string;
  role: SyncRole;
  /** The server's Ed25519 public key (SPKI PEM): it signs the bundles it writes for devices. */
  serverPublicKey?: string;
  /** When the device sent its key: the server's certificate of it, for this enrolment. */
  certificate?: DeviceCertificate;
}

/** Evidence files are named by their SHA-256: 64 lowercase hex digits. */
export const evidenceSha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lowercase hex digits');
/** Files asked about in one evidence check. */
export const MAX_EVIDENCE_CHECK_FILES = 500;
/** tus uploads of evidence files (creation, HEAD, PATCH) live below this path. */
export const EVIDENCE_UPLOADS_PATH = '/v1/evidence/uploads/';
/** A held evidence file is read at this path + its SHA-256. */
export const EVIDENCE_FILES_PATH = '/v1/evidence/files/';
/** On the 409 refusing to create an upload: the server holds the file already, nothing to send. */
export const EVIDENCE_HELD_HEADER = 'Evidence-Held';
/** The bytes received hash to another SHA-256 than declared (tus's checksum-mismatch status). */
export const EVIDENCE_DAMAGED_STATUS = 460;

export const evidenceCheckSchema = z.strictObject({
  files: z.array(z.strictObject({ sha256: evidenceSha256Schema, size: seq })).max(MAX_EVIDENCE_CHECK_FILES),
});
export type EvidenceCheckRequest = z.infer<typeof evidenceCheckSchema>;

export interface EvidenceCheckAnswer {
  /** The hashes the server does not hold yet: only these are uploaded. */
  missing: string[];
}

export interface HealthAnswer {
  status: 'ok';
}

/** Which runs an analytics answer counts (shared/api/analytics-views.ts AnalyticsFilter). */
export const analyticsFilterSchema = z.strictObject({
  packId: id.optional(),
  version: id.max(100).optional(),
  missionCode: id.optional(),
  track: id.max(100).optional(),
  tier: id.max(100).optional(),
  /** A mentor's own team only: the server answers for no other. */
  team: id.optional(),
  from: seq.optional(),
  to: seq.optional(),
});
const analyticsMissionSchema = z.strictObject({ packId: id, version: id.max(100), code: id });
export const analyticsOptionsRequestSchema = z.strictObject({});
export const analyticsFilterRequestSchema = z.strictObject({ filter: analyticsFilterSchema.default({}) });
export const analyticsMissionRequestSchema = z.strictObject({ mission: analyticsMissionSchema, filter: analyticsFilterSchema.default({}) });
export const analyticsHeatmapRequestSchema = z.strictObject({
  filter: analyticsFilterSchema.default({}),
  /** Minutes east of UTC the activity map counts days and hours in. */
  tzOffsetMinutes: z.number().int().multipleOf(15).min(-14 * 60).max(14 * 60).default(0),
});

interface RouteSpec<I extends z.ZodType | null, O> {
  method: 'GET' | 'POST';
  access: SyncAccess;
  input: I;
  /** Phantom: carries the answer's type; never read at run time. */
  output?: O;
  summary: string;
}

function route<O>() {
  return <I extends z.ZodType | null>(method: 'GET' | 'POST', access: SyncAccess, input: I, summary: string): RouteSpec<I, O> => ({ method, access, input, summary });
}

const EVERYONE_ENROLLED: readonly SyncRole[] = ['learner', 'mentor'];
const MENTORS: readonly SyncRole[] = ['mentor'];

export const SYNC_ROUTES = {
  '/v1/enrol': route<EnrolAnswer>()('POST', 'enrolment', enrolRequestSchema, 'Exchange a one-time enrolment code for a device token'),
  '/v1/push': route<PushAnswer>()('POST', EVERYONE_ENROLLED, pushBatchSchema, 'Store events above the acknowledged sequence and outbox snapshots, in one transaction'),
  '/v1/pull': route<PullAnswer>()('POST', EVERYONE_ENROLLED, pullRequestSchema, 'Records for this device above a cursor: reviews for a learner, the team\'s runs for a mentor'),
  '/v1/evidence/check': route<EvidenceCheckAnswer>()('POST', EVERYONE_ENROLLED, evidenceCheckSchema, 'Which of these evidence files (by SHA-256) the server does not hold yet'),
  '/v1/analytics/options': route<AnalyticsOptions>()('POST', MENTORS, analyticsOptionsRequestSchema, 'What the dashboard filters offer over the mentor\'s team\'s runs'),
  '/v1/analytics/mission': route<MissionPerformanceView>()('POST', MENTORS, analyticsMissionRequestSchema, 'One mission version\'s performance over the mentor\'s team\'s runs'),
  '/v1/analytics/heatmap': route<HeatmapView>()('POST', MENTORS, analyticsHeatmapRequestSchema, 'Missions × learners and activity by weekday × hour, of the mentor\'s team'),
  '/v1/analytics/recipes': route<RecipeUsageView>()('POST', MENTORS, analyticsFilterRequestSchema, 'Recipe usage and effectiveness over the mentor\'s team\'s runs'),
  '/v1/analytics/cohort': route<CohortView>()('POST', MENTORS, analyticsMissionRequestSchema, 'The reviewed runs of one mission version of the mentor\'s team, placed in their cohort'),
  '/healthz': route<HealthAnswer>()('GET', 'public', null, 'The process answers'),
  '/readyz': route<HealthAnswer>()('GET', 'public', null, 'The database answers: ready for traffic'),
} as const;

export type SyncRoute = keyof typeof SYNC_ROUTES;
export type SyncOutput<R extends SyncRoute> = NonNullable<(typeof SYNC_ROUTES)[R]['output']>;

/** What the server answers on refusal. `resendFrom` comes with `gap`: the client resends from there. */
export const SYNC_ERROR_STATUS = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  gap: 409,
  conflict: 409,
  too_large: 413,
  unavailable: 503,
  internal: 500,
} as const;
export type SyncErrorCode = keyof typeof SYNC_ERROR_STATUS;

export interface SyncErrorBody {
  code: SyncErrorCode;
  message: string;
  ackSeq?: number;
  resendFrom?: number;
}
