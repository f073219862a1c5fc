// Progress reports at a pace a screen can use: a 64 KB chunk arrives far more often than anyone can
// read a number, and every report crosses a thread or a connection.
export const PROGRESS_EVERY_MS = 100;

export function throttled(report: (done: number) => void, everyMs = PROGRESS_EVERY_MS): (done: number) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (done) => {
    const now = performance.now();
    if (now - last < everyMs) return;
    last = now;
    report(done);
  };
}
