// Local seconds between the engine's answers: how long ago a value arrived, re-rendering every second
// while `running`, so countdowns move smoothly without asking the engine.
import { useEffect, useState } from 'react';

export function useSince(arrival: unknown, running: boolean): number {
  const [tick, setTick] = useState({ arrival, elapsed: 0 });
  // A new value from the engine restarts the local count (state adjusted during render, as React advises).
  if (tick.arrival !== arrival) setTick({ arrival, elapsed: 0 });
  useEffect(() => {
    if (!running) return;
    const start = Date.now();
    const id = setInterval(() => setTick((t) => (t.arrival === arrival ? { arrival, elapsed: Date.now() - start } : t)), 1000);
    return () => clearInterval(id);
  }, [arrival, running]);
  return tick.arrival === arrival ? tick.elapsed : 0;
}
