// Bounded concurrency for the pack reader: a pack is thousands of small files, and reading them one
// after another leaves the disk (or USB stick) idle between requests.

/** Calls `fn` on every item with at most `limit` calls in flight; rejects on the first failure. */
export async function forEachConcurrent<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
