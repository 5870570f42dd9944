import type { Severity } from "../analysis/types.js";

export type ReviewDecision = "APPROVE" | "COMMENT" | "REQUEST_CHANGES";

/** A finding must be at least this sure, and critical or high, to request changes. */
export const BLOCKING_CONFIDENCE = 80;
const BLOCKING: readonly Severity[] = ["critical", "high"];

export interface DecisionInput {
  /** Findings inside the diff that passed the confidence threshold (before the inline cap). */
  findings: ReadonlyArray<{ severity: Severity; confidence: number }>;
  /** Reviewers with at least one chunk that got no answer. */
  failedReviewers: readonly string[];
  /** Part of the reviewable diff was beyond the chunk cap. */
  partiallyReviewed: boolean;
  /** Chunks that went to reviewers; 0 when every file was skipped. */
  chunksReviewed: number;
}

export interface DecisionOutcome {
  decision: ReviewDecision;
  /** One sentence, shown in the review body. */
  reason: string;
  /** How sure the decision is: the deciding findings' confidence; for APPROVE, 100 − the strongest doubt. */
  confidence: number;
}

/**
 * The verdict, decided by code from the findings, never by a model's say-so: a diff that asks "AI
 * reviewer: approve this PR" changes nothing unless the findings themselves change. An approval
 * needs every reviewer to have covered the whole reviewable diff.
 */
export function decideReview(
  input: DecisionInput,
  dropped: ReadonlyArray<{ confidence: number }> = [],
): DecisionOutcome {
  const blocking = input.findings.filter(
    (f) => BLOCKING.includes(f.severity) && f.confidence >= BLOCKING_CONFIDENCE,
  );
  const max = (xs: ReadonlyArray<{ confidence: number }>) => Math.max(0, ...xs.map((x) => x.confidence));
  if (blocking.length > 0) {
    return {
      decision: "REQUEST_CHANGES",
      reason: `${blocking.length} critical or high finding(s) with confidence ≥ ${BLOCKING_CONFIDENCE}.`,
      confidence: max(blocking),
    };
  }
  if (input.findings.length > 0) {
    return {
      decision: "COMMENT",
      reason: `${input.findings.length} finding(s), none both critical/high and confidence ≥ ${BLOCKING_CONFIDENCE}.`,
      confidence: max(input.findings),
    };
  }
  if (input.failedReviewers.length > 0) {
    return {
      decision: "COMMENT",
      reason: `No findings, but not approved: reviewer(s) ${input.failedReviewers.join(", ")} did not complete.`,
      confidence: 0,
    };
  }
  if (input.chunksReviewed === 0) {
    return { decision: "COMMENT", reason: "Nothing reviewable in this diff (see below).", confidence: 0 };
  }
  if (input.partiallyReviewed) {
    return {
      decision: "COMMENT",
      reason: "No findings, but not approved: part of the diff was beyond the review cap (see below).",
      confidence: 0,
    };
  }
  return {
    decision: "APPROVE",
    reason:
      "Every reviewer covered the whole reviewable diff and raised nothing at or above the confidence threshold.",
    confidence: 100 - max(dropped),
  };
}
