// What a pulled record must look like before it touches this database. Records come from another
// device through the server; each is checked here, and one that does not fit is set aside with the
// reason instead of being half applied.
import { z } from 'zod';

const id = z.string().min(1).max(200);
const num = z.number();

export const pulledProfileSchema = z.object({ id, displayName: z.string().trim().min(1).max(100), role: z.enum(['learner', 'mentor', 'admin']) });

export const pulledReflectionSchema = z.object({ runId: id, text: z.string().max(200_000), wordCount: z.number().int().min(0), updatedAt: num });

export const pulledResponseSchema = z.object({ runId: id, stageId: id, text: z.string().max(200_000), words: z.number().int().min(0), updatedAt: num });

export const pulledEvidenceSchema = z.object({
  id,
  runId: id,
  stageId: id,
  fileName: z.string().min(1).max(255),
  size: z.number().int().min(0),
  mediaType: z.string().min(1).max(200),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  addedAt: num,
  removedAt: num.nullable(),
});
export type PulledEvidence = z.infer<typeof pulledEvidenceSchema>;

export const pulledClaimSchema = z.object({ kind: z.literal('claim'), runId: id, profileId: id, claimedAt: num, released: z.boolean() });

export const pulledReviewSchema = z.object({
  id,
  runId: id,
  reviewerId: id,
  reviewerName: z.string().trim().min(1).max(100).nullable().optional(),
  submission: z.number().int().min(0),
  status: z.enum(['draft', 'final']),
  outcome: z.enum(['returned', 'passed', 'failed']).nullable(),
  feedback: z.string().max(200_000),
  score: num.nullable(),
  passed: z.union([z.literal(0), z.literal(1)]).nullable(),
  stages: z.array(z.object({ stageId: id, criteria: z.record(z.string().max(200), num), comment: z.string().max(200_000), recipeIds: z.array(z.string().max(200)).max(100) })).max(2_000),
  breakdown: z.unknown().nullable(),
  /** Read by benchmarkJson: a standing that does not read as one is dropped, not the review with it. */
  benchmark: z.unknown().optional(),
  createdAt: num,
  updatedAt: num,
});
export type PulledReview = z.infer<typeof pulledReviewSchema>;
