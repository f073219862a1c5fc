// Run transcripts, reviews and profiles as the app pushes them, for the server's analytics tests.
import { randomUUID } from 'node:crypto';
import { runTranscriptSchema, type RunTranscript } from '../../electron/engine/sync/run-transcript.ts';
import type { OutboxRecord } from '../../shared/sync/protocol.ts';
import type { Device, TestServer } from './sync-server.ts';

export const MISSION = { packId: 'outpost.sample', version: '1.0.0', code: 'SOC-01' } as const;
export const MISSION_INFO = {
  title: 'Triage the alert',
  track: 'blue',
  tier: 'foundation',
  stages: [
    { stageId: 'recon', title: 'Recon', kind: 'task' as const, position: 0 },
    { stageId: 'choose', title: 'Choose', kind: 'decision' as const, position: 1 },
    { stageId: 'report', title: 'Report', kind: 'task' as const, position: 2 },
  ],
};

export interface TranscriptOptions {
  status?: RunTranscript['run']['status'];
  submission?: number;
  updatedAt?: number;
  startedAt?: number;
  finalScore?: number | null;
  withInfo?: boolean;
  recipeReads?: RunTranscript['recipeReads'];
}

/** A transcript the app's own schema accepts: three stages, a decision, hints, checks. */
export function transcript(runId: string, profileId: string, options: TranscriptOptions = {}): RunTranscript {
  const at = options.startedAt ?? 1_700_000_000_000;
  const status = options.status ?? 'submitted';
  const handedIn = status === 'submitted' || status === 'returned' || status === 'reviewed';
  const built: RunTranscript = {
    id: runId,
    profileId,
    mission: { ...MISSION },
    run: {
      status,
      started_at: at,
      deadline_at: null,
      elapsed_ms: 600_000,
      clock_checked_at: at,
      current_stage_id: status === 'in_progress' ? 'choose' : null,
      flags_json: '{}',
      warnings_json: '[]',
      submitted_at: handedIn ? at + 600_000 : null,
      reviewed_at: null,
      auto_score: null,
      final_score: options.finalScore ?? null,
      passed: null,
      updated_at: options.updatedAt ?? at + 600_000,
      first_event_seq: 1,
      ended_by: handedIn ? 'learner' : status === 'expired' ? 'deadline' : null,
      ended_at: handedIn || status === 'expired' ? at + 600_000 : null,
      missing_json: null,
      submission: options.submission ?? (handedIn ? 1 : 0),
    },
    stages: [
      { stage_id: 'recon', seq: 0, entered_at: at, entered_elapsed_ms: 0, left_at: at + 100, completed_at: at + 100, active_ms: 100_000, tools_json: '[]', check_json: null },
      { stage_id: 'choose', seq: 1, entered_at: at + 100, entered_elapsed_ms: 100, left_at: null, completed_at: null, active_ms: 20_000, tools_json: '[]', check_json: null },
    ],
    decisions: [{ stage_id: 'choose', option_id: 'contain-now', score_delta: 0, taken_at: at + 150 }],
    hints: [{ stage_id: 'recon', hint_index: 0, penalty: 1, revealed_at: at + 50 }],
    attempts: [
      { stage_id: 'recon', kind: 'answer', response_json: '"x"', correct: 0, fraction: 0, attempted_at: at + 60 },
      { stage_id: 'recon', kind: 'answer', response_json: '"y"', correct: 1, fraction: 1, attempted_at: at + 70 },
    ],
    submissions: [],
    ...(options.withInfo === false ? {} : { missionInfo: structuredClone(MISSION_INFO) }),
    ...(options.recipeReads ? { recipeReads: options.recipeReads } : {}),
  };
  return runTranscriptSchema.parse(built);
}

export function runRecordOf(payload: object, recordId = (payload as { id: string }).id): OutboxRecord {
  return { topic: 'run', recordId, idempotencyKey: `${recordId}:${randomUUID()}`, payload: payload as Record<string, unknown> };
}

export interface ReviewOptions {
  submission?: number;
  status?: 'draft' | 'final';
  outcome?: 'returned' | 'passed' | 'failed' | null;
  score?: number | null;
  updatedAt?: number;
  lines?: Array<{ stageId: string; source: string; fraction: number | null }>;
}

/** A review as the mentor's app queues it (electron/engine/review/drafts.ts queueReview). */
export function reviewRecordOf(reviewId: string, runId: string, options: ReviewOptions = {}): OutboxRecord {
  const outcome = options.outcome === undefined ? 'passed' : options.outcome;
  const score = options.score === undefined ? 82 : options.score;
  const lines = options.lines ?? [
    { stageId: 'recon', source: 'rubric', fraction: 0.75 },
    { stageId: 'report', source: 'auto', fraction: 1 },
    { stageId: 'choose', source: 'unweighted', fraction: null },
  ];
  const payload = {
    id: reviewId,
    runId,
    reviewerId: 'p-mo',
    reviewerName: 'Mo',
    submission: options.submission ?? 1,
    status: options.status ?? 'final',
    outcome,
    feedback: 'Good.',
    score,
    passed: outcome === 'passed' ? 1 : outcome === 'failed' ? 0 : null,
    stages: [],
    breakdown: { lines: lines.map((line) => ({ title: line.stageId, weight: 1, required: false, done: true, points: null, maxPoints: null, contribution: null, ...line })), decisionChanges: [], hintPenalties: [], base: null, raw: null, score, passScore: 70, passed: null, missingRequired: [], pendingReview: [] },
    createdAt: 1_700_000_900_000,
    updatedAt: options.updatedAt ?? 1_700_001_000_000,
  };
  return { topic: 'review', recordId: reviewId, idempotencyKey: `${reviewId}:${randomUUID()}`, payload };
}

export function profileRecordOf(profileId: string, displayName: string): OutboxRecord {
  return { topic: 'profile', recordId: profileId, idempotencyKey: `${profileId}:${randomUUID()}`, payload: { id: profileId, displayName, role: 'learner', createdAt: 1 } };
}

/** Pushes records for the device, in batches small enough for the body cap; throws on a refusal. */
export async function pushRecords(t: TestServer, device: Device, records: readonly OutboxRecord[]): Promise<void> {
  for (let start = 0; start < records.length; start += 100) {
    const answer = await t.post('/v1/push', { deviceId: device.deviceId, events: { fromSeq: 1, toSeq: 0, items: [] }, records: records.slice(start, start + 100) }, device.token);
    if (answer.status !== 200) throw new Error(`push refused: ${JSON.stringify(answer.body)}`);
  }
}
