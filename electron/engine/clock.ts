// Time for the engine: wall-clock time for records, and a monotonic clock for elapsed time, which
// moving the system clock cannot change. Tests pass a clock they control.

export interface Clock {
  /** Milliseconds since the epoch (may jump when the user or NTP changes the clock). */
  now(): number;
  /** Milliseconds from an arbitrary origin; only differences mean anything. */
  monotonic(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};
