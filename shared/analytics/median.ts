// SQLite has no median aggregate: the queries return the column sorted and the middle is taken here.
export function medianOfSorted(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const mid = Math.floor(n / 2);
  const upper = sorted[mid] ?? 0;
  return n % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

export function shareOf(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
