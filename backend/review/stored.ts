import { z } from "zod";
import { ReviewerFocus, ReviewFinding } from "../analysis/types.js";
import type { ReviewDecision } from "./decision.js";
import type { ReviewerRun } from "./run.js";

/**
 * What one reviewer said about one head SHA, as kept in reviews.comments (jsonb array): its
 * findings, per-chunk summaries and errors, and one "run" entry. A retry rebuilds the review from
 * these rows instead of asking the model again, so it posts exactly what was decided the first time.
 */
export const StoredReviewEntry = z.discriminatedUnion("type", [
  z.object({ type: z.literal("finding"), finding: ReviewFinding }),
  z.object({ type: z.literal("summary"), chunk: z.number().int(), text: z.string() }),
  z.object({ type: z.literal("error"), chunk: z.number().int(), message: z.string() }),
  z.object({
    type: z.literal("run"),
    status: z.enum(["ok", "partial", "failed"]),
    focus: ReviewerFocus,
    chunksReviewed: z.number().int().min(0),
    model: z.string().nullable(),
    inputTokens: z.number().min(0),
    outputTokens: z.number().min(0),
    costUsd: z.number().min(0),
  }),
]);
export type StoredReviewEntry = z.infer<typeof StoredReviewEntry>;

/** One row of `reviews`, as this module writes and reads it. */
export interface StoredReviewer {
  reviewerName: string;
  provider: string;
  decision: ReviewDecision;
  confidence: number;
  /** StoredReviewEntry[] when written here; parsed again on the way back (rows outlive code versions). */
  comments: unknown[];
  focusAreas: string[];
  githubReviewId: number | null;
}

export const focusLabel = (focus: ReviewerRun["focus"]) =>
  typeof focus === "string" ? focus : focus.custom.slice(0, 200);

export function toStoredReviewer(
  run: ReviewerRun,
  verdict: { decision: ReviewDecision; confidence: number },
): StoredReviewer {
  return {
    reviewerName: run.name,
    provider: run.provider,
    decision: verdict.decision,
    confidence: verdict.confidence,
    focusAreas: [focusLabel(run.focus)],
    githubReviewId: null,
    comments: [
      {
        type: "run",
        status: run.status,
        focus: run.focus,
        chunksReviewed: run.chunksReviewed,
        model: run.model,
        inputTokens: run.usage.inputTokens,
        outputTokens: run.usage.outputTokens,
        costUsd: run.usage.costUsd,
      },
      ...run.findings.map((finding) => ({ type: "finding" as const, finding })),
      ...run.summaries.map((s) => ({ type: "summary" as const, ...s })),
      ...run.errors.map((e) => ({ type: "error" as const, ...e })),
    ],
  };
}

/** Rebuilds a run from its row; null when the row is not one this module wrote. */
export function fromStoredReviewer(row: {
  reviewerName: string;
  provider: string;
  comments: unknown;
}): ReviewerRun | null {
  const parsed = z.array(StoredReviewEntry).safeParse(row.comments);
  if (!parsed.success) return null;
  const run = parsed.data.find((e) => e.type === "run");
  if (run?.type !== "run") return null;
  const entries = parsed.data;
  return {
    name: row.reviewerName,
    focus: run.focus,
    status: run.status,
    findings: entries.flatMap((e) => (e.type === "finding" ? [e.finding] : [])),
    summaries: entries.flatMap((e) => (e.type === "summary" ? [{ chunk: e.chunk, text: e.text }] : [])),
    errors: entries.flatMap((e) => (e.type === "error" ? [{ chunk: e.chunk, message: e.message }] : [])),
    chunksReviewed: run.chunksReviewed,
    provider: row.provider,
    model: run.model,
    usage: { inputTokens: run.inputTokens, outputTokens: run.outputTokens, costUsd: run.costUsd },
  };
}
