// What the Sync screen shows, and what the `sync.status` event carries: the truth about the last
// attempt, never a guess ("failed" only after a failure, "synced" only after a success).

export interface SyncEnrolmentView {
  profileId: string;
  /** The person's name as the server knows it. */
  name: string;
  team: string;
  role: 'learner' | 'mentor';
  /** The server refused this profile's token: it needs a new code. */
  revoked: boolean;
}

export interface SyncWaitingView {
  what: string;
  /** What it waits for, in words: a pack version this app lacks, or its run. */
  reason: string;
}

export interface SyncStatusView {
  /**
   * Grows with every change the engine publishes. An answer and an event travel apart (a call's
   * answer can arrive after a newer event), so a screen keeps the status with the highest version.
   */
  version: number;
  serverUrl: string | null;
  enrolments: SyncEnrolmentView[];
  /** A sync is under way now. */
  running: boolean;
  /** The last attempt could not reach the server (as opposed to the server refusing something). */
  offline: boolean;
  /** Events and records this device holds that the server does not yet. */
  pendingEvents: number;
  pendingRecords: number;
  /** Evidence bytes still to upload. */
  pendingBytes: number;
  lastSuccessAt: number | null;
  /** In plain words; null after a success. */
  lastError: string | null;
  /** When it tries again by itself after a failure; null when nothing waits. */
  nextAttemptAt: number | null;
  /** Records that cannot travel or be applied yet, with why. */
  waiting: SyncWaitingView[];
}
