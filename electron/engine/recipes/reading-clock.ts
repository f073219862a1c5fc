// Active reading time of the recipes open on screen, as run-clock.ts times stages: from the monotonic
// clock, counted only while the app window is focused. Each open read is re-anchored whenever it is
// settled, so settling it before every focus change keeps unfocused time out.
import type { EngineContext } from '../context.ts';
import type { Clock } from '../clock.ts';

export interface OpenRead {
  readId: string;
  profileId: string;
  recipeId: string;
  runId: string | null;
}

export class ReadingClock {
  /** Reads on screen: the monotonic time of their last settlement. */
  private readonly anchors = new Map<string, { read: OpenRead; anchor: number }>();
  private readonly clock: Clock;
  private readonly focused: () => boolean;

  constructor(clock: Clock, focused: () => boolean) {
    this.clock = clock;
    this.focused = focused;
  }

  start(read: OpenRead): void {
    this.anchors.set(read.readId, { read: { ...read }, anchor: this.clock.monotonic() });
  }

  stop(readId: string): void {
    this.anchors.delete(readId);
  }

  openReads(): OpenRead[] {
    return [...this.anchors.values()].map(({ read }) => read);
  }

  /** Active time since the read was last settled (0 while unfocused), and re-anchors it. */
  take(readId: string): number {
    const entry = this.anchors.get(readId);
    if (!entry) return 0;
    const mono = this.clock.monotonic();
    const delta = Math.max(0, mono - entry.anchor);
    entry.anchor = mono;
    return this.focused() ? delta : 0;
  }
}

const clocks = new WeakMap<EngineContext, ReadingClock>();

/** The engine's one reading clock; focus is the run clock's, which the window reports to. */
export function readingClockOf(ctx: EngineContext): ReadingClock {
  let clock = clocks.get(ctx);
  if (!clock) {
    clock = new ReadingClock(ctx.clock, () => ctx.runClock.isFocused());
    clocks.set(ctx, clock);
  }
  return clock;
}
