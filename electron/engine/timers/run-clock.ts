// Elapsed time of runs. A run on screen is timed with the monotonic clock, so moving the system clock
// neither adds nor removes time; a run not on screen (the app was closed) catches up by wall-clock
// time, never backwards, so setting the clock back cannot buy a learner more time.

import type { Clock } from '../clock.ts';

/** A wall-clock change larger than this, seen while a run is on screen, is recorded as a jump. */
const JUMP_THRESHOLD_MS = 60_000;

export interface ElapsedDelta {
  /** Time to add to the run's elapsed time. */
  deltaMs: number;
  /** How far the wall clock moved beyond real time (negative: backwards); 0 when it did not jump. */
  jumpMs: number;
  /** Whether the delta counts as active time on the current stage (run on screen, app focused). */
  active: boolean;
}

export class RunClock {
  /** Runs on screen: the monotonic time of their last settlement. */
  private readonly onScreen = new Map<string, number>();
  private focused = true;
  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  open(runId: string): void {
    this.onScreen.set(runId, this.clock.monotonic());
  }

  close(runId: string): void {
    this.onScreen.delete(runId);
  }

  openRuns(): string[] {
    return [...this.onScreen.keys()];
  }

  isFocused(): boolean {
    return this.focused;
  }

  setFocused(focused: boolean): void {
    this.focused = focused;
  }

  /**
   * Time passed since the run was last settled at wall time `checkedAt`, and re-anchors the run; or
   * null, leaving the anchor, when less than `minMs` passed and the clock did not jump (not worth a
   * write: reads of a run in quick succession then cost no write at all).
   */
  take(runId: string, checkedAt: number, minMs = 0): ElapsedDelta | null {
    const wallDelta = this.clock.now() - checkedAt;
    const anchor = this.onScreen.get(runId);
    if (anchor === undefined) {
      const delta = { deltaMs: Math.max(0, wallDelta), jumpMs: wallDelta < 0 ? wallDelta : 0, active: false };
      return delta.deltaMs < minMs && delta.jumpMs === 0 ? null : delta;
    }
    const mono = this.clock.monotonic();
    const monoDelta = Math.max(0, mono - anchor);
    const drift = wallDelta - monoDelta;
    const jumpMs = Math.abs(drift) > JUMP_THRESHOLD_MS ? drift : 0;
    if (monoDelta < minMs && jumpMs === 0) return null;
    this.onScreen.set(runId, mono);
    return { deltaMs: monoDelta, jumpMs, active: this.focused };
  }
}
