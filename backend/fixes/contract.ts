import { z } from "@hono/zod-openapi";
import { CATEGORIES, FixComplexity, LineRange, SourceLocation, Subcategory } from "../contract/analysis.js";
import { FIX_STATUSES } from "../store/schema.js";

/**
 * The HTTP contract between the Action's fix mode and the backend. The Action imports these
 * schemas, so both sides parse the same shapes.
 */

export const FixStatus = z.enum(FIX_STATUSES);
export type FixStatus = z.infer<typeof FixStatus>;

/** What the Action may report; "queued" is only ever set by the backend when it dispatches. */
export const ReportableFixStatus = z.enum([
  "running",
  "validated",
  "failed",
  "pushed",
  "escalated",
  "refused",
]);
export type ReportableFixStatus = z.infer<typeof ReportableFixStatus>;

export const ValidationRun = z.object({
  command: z.string().min(1).max(500),
  exitCode: z.number().int().nullable(),
  durationMs: z.number().int().min(0),
  timedOut: z.boolean(),
  /** The end of stdout+stderr, truncated: the part that says why it failed. */
  output: z.string().max(8_000),
});
export type ValidationRun = z.infer<typeof ValidationRun>;

export const DiffStat = z.object({
  files: z.number().int().min(0),
  additions: z.number().int().min(0),
  deletions: z.number().int().min(0),
  paths: z.array(z.string().max(1000)).max(200),
});
export type DiffStat = z.infer<typeof DiffStat>;

export const AgentUsage = z.object({
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  costUsd: z.number().min(0),
  turns: z.number().int().min(0),
});
export type AgentUsage = z.infer<typeof AgentUsage>;

export const FixReport = z
  .object({
    status: ReportableFixStatus,
    /** The workflow run doing the attempt; a second run claiming the same attempt is refused. */
    runId: z.number().int().positive().optional(),
    runUrl: z.url().max(500).optional(),
    reason: z.string().max(4_000).optional(),
    commitSha: z
      .string()
      .regex(/^[0-9a-f]{40}$/)
      .optional(),
    pullRequestUrl: z.url().max(500).optional(),
    validation: z.array(ValidationRun).max(20).optional(),
    diffStat: DiffStat.optional(),
    usage: AgentUsage.optional(),
  })
  .refine((r) => r.status !== "pushed" || r.commitSha !== undefined, {
    message: "a pushed fix carries its commit SHA",
    path: ["commitSha"],
  })
  .openapi("FixReport");
export type FixReport = z.infer<typeof FixReport>;

export const FixReportAccepted = z
  .object({
    id: z.uuid(),
    status: FixStatus,
    previousStatus: FixStatus,
    /** False when the report repeated the current state (a retried request). */
    changed: z.boolean(),
  })
  .openapi("FixReportAccepted");
export type FixReportAccepted = z.infer<typeof FixReportAccepted>;

export const FixPolicy = z.object({
  validation_commands: z.array(z.string()),
  never_fix_globs: z.array(z.string()),
  max_fix_attempts: z.number().int().min(0),
  fix_as_pull_request: z.boolean(),
  auto_fix_categories: z.array(z.enum(CATEGORIES)),
  confidence_threshold: z.number().int(),
});
export type FixPolicy = z.infer<typeof FixPolicy>;

/** Everything fix mode needs to know about one analysis, in one request. */
export const FixContext = z
  .object({
    analysis: z.object({
      id: z.uuid(),
      category: z.enum(CATEGORIES),
      subcategory: Subcategory,
      rootCause: z.string(),
      confidence: z.number().int(),
      fixStrategy: z.string(),
      complexity: FixComplexity,
      evidence: z.array(LineRange),
      locations: z.array(SourceLocation),
      failedTests: z.array(z.string()),
      url: z.string(),
    }),
    failure: z.object({
      id: z.uuid(),
      workflow: z.string(),
      jobName: z.string(),
      failedStep: z.string().nullable(),
      runId: z.number().int(),
      headSha: z.string(),
      headRef: z.string().nullable(),
      excerpt: z.object({ lines: z.array(z.tuple([z.number().int(), z.number().int()])), text: z.string() }),
    }),
    repository: z.object({ fullName: z.string(), defaultBranch: z.string() }),
    pullRequest: z
      .object({ number: z.number().int(), headRef: z.string(), headSha: z.string().nullable() })
      .nullable(),
    policy: FixPolicy,
    /** Attempts already made (refusals not counted), the one being asked about excluded. */
    attempts: z.object({ forFailure: z.number().int(), forHeadSha: z.number().int() }),
    fixAttempt: z.object({ id: z.uuid(), status: FixStatus }).nullable(),
  })
  .openapi("FixContext");
export type FixContext = z.infer<typeof FixContext>;

/** A fix attempt the Action starts itself (the manual trigger), or a refusal it records. */
export const FixAttemptRequest = z
  .object({
    /** Natural key of the run, e.g. "manual:<run id>:<run attempt>": a retried request finds its row. */
    idempotencyKey: z.string().min(1).max(200),
    headSha: z
      .string()
      .regex(/^[0-9a-f]{40}$/)
      .optional(),
    prNumber: z.number().int().positive().optional(),
    status: z.enum(["queued", "refused"]),
    reason: z.string().max(4_000).optional(),
  })
  .openapi("FixAttemptRequest");
export type FixAttemptRequest = z.infer<typeof FixAttemptRequest>;

export const FixAttemptCreated = z
  .object({ id: z.uuid(), status: FixStatus, created: z.boolean() })
  .openapi("FixAttemptCreated");
export type FixAttemptCreated = z.infer<typeof FixAttemptCreated>;
