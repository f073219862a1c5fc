// A review's recorded standing as JSON (reviews.benchmark_json, and the review's sync payload): read
// back through its schema, since a pulled review comes from another device.
import { z } from 'zod';
import type { RunBenchmark } from '../../../shared/api/analytics-views.ts';

const percent = z.number().finite().min(0).max(100);
export const runBenchmarkSchema = z.strictObject({ cohort: z.number().int().min(1).max(100_000_000), scorePercentile: percent, timePercentile: percent, at: z.number().int().nonnegative() });

/** A stored standing, or null when there is none or it does not read as one. */
export function parseBenchmark(json: string | null): RunBenchmark | null {
  if (json === null) return null;
  try {
    const parsed = runBenchmarkSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A standing from another device as stored JSON: null when absent or not a standing. */
export function benchmarkJson(value: unknown): string | null {
  const parsed = runBenchmarkSchema.safeParse(value);
  return parsed.success ? JSON.stringify(parsed.data) : null;
}
