import { z } from "zod";
import { Category, Subcategory } from "../contract/analysis.js";
import { FIX_STATUSES, REVIEW_DECISIONS } from "../store/schema.js";

const Common = {
  /** Identity of what happened (analysis id, fix attempt id, review id): part of every dedupe key. */
  id: z.string().min(1).max(200),
  repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "must be OWNER/REPO"),
  prNumber: z.number().int().positive().nullable(),
  /** Defaults to https://github.com/OWNER/REPO/pull/N. */
  prUrl: z.url().nullable().optional(),
  headSha: z.string().max(64).nullable(),
  workflow: z.string().max(300).nullable(),
  job: z.string().max(300).nullable(),
  /** The analysis or status page on the backend. */
  statusUrl: z.url().nullable(),
};

export const EscalationEvent = z.object({
  kind: z.literal("escalation"),
  ...Common,
  analysis: z.object({
    category: Category,
    subcategory: Subcategory,
    confidence: z.number().int().min(0).max(100),
    rootCause: z.string().max(4000),
    provider: z.string().max(100),
  }),
  decisionReason: z.string().max(4000),
  /** The redacted excerpt (never the raw log); only its first lines are shown. */
  excerpt: z.string().max(100_000).nullable(),
});

export const FixResultEvent = z.object({
  kind: z.literal("fix_result"),
  ...Common,
  outcome: z.enum(FIX_STATUSES),
  commitSha: z.string().max(64).nullable(),
  detail: z.string().max(4000),
});

export const ReviewSummaryEvent = z.object({
  kind: z.literal("review_summary"),
  ...Common,
  decision: z.enum(REVIEW_DECISIONS),
  findings: z.number().int().min(0),
  summary: z.string().max(8000),
});

export const NotificationEvent = z.discriminatedUnion("kind", [
  EscalationEvent,
  FixResultEvent,
  ReviewSummaryEvent,
]);
export type NotificationEvent = z.infer<typeof NotificationEvent>;
export type EscalationEvent = z.infer<typeof EscalationEvent>;

export function prUrlOf(event: NotificationEvent): string | null {
  if (event.prUrl) return event.prUrl;
  return event.prNumber === null ? null : `https://github.com/${event.repository}/pull/${event.prNumber}`;
}

/** One line saying what happened, for headers and fallbacks. */
export function headlineOf(event: NotificationEvent): string {
  const where = event.prNumber === null ? event.repository : `${event.repository}#${event.prNumber}`;
  switch (event.kind) {
    case "escalation":
      return `CI failure needs attention: ${where}`;
    case "fix_result":
      return `Auto-fix ${FIX_OUTCOME_WORDS[event.outcome]}: ${where}`;
    case "review_summary":
      return `Review ${REVIEW_WORDS[event.decision]}: ${where}`;
  }
}

const FIX_OUTCOME_WORDS: Record<(typeof FIX_STATUSES)[number], string> = {
  queued: "queued",
  running: "running",
  validated: "validated",
  failed: "failed",
  pushed: "pushed",
  escalated: "escalated",
  refused: "refused",
};

const REVIEW_WORDS: Record<(typeof REVIEW_DECISIONS)[number], string> = {
  APPROVE: "approved",
  COMMENT: "commented",
  REQUEST_CHANGES: "requested changes",
};
