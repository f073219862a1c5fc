// A clock a test moves by hand; free of test-runner imports, so child processes can use it too.
import type { Clock } from '../../electron/engine/clock.ts';

export class TestClock implements Clock {
  wall = Date.UTC(2026, 10, 27, 9, 0, 0);
  mono = 1_000_000;
  now(): number {
    return this.wall;
  }
  monotonic(): number {
    return this.mono;
  }
  /** Real time passes: both clocks move. */
  advance(ms: number): void {
    this.wall += ms;
    this.mono += ms;
  }
  /** Someone changes the system clock: only wall time moves. */
  jumpWall(ms: number): void {
    this.wall += ms;
  }
}
