import { z } from "@hono/zod-openapi";
import { Category, FixComplexity, LineRange, SourceLocation, Subcategory } from "./analysis.js";

const Timestamp = z.string().describe("ISO 8601");

export const AnalysisView = z
  .object({
    id: z.uuid(),
    failureId: z.uuid(),
    provider: z.string(),
    model: z.string().nullable(),
    category: Category,
    subcategory: Subcategory,
    rootCause: z.string(),
    confidence: z.number().int(),
    evidence: z.array(LineRange),
    locations: z.array(SourceLocation),
    failedTests: z.array(z.string()),
    flaky: z.boolean(),
    autoFixable: z.boolean(),
    fixStrategy: z.string().nullable(),
    complexity: FixComplexity.nullable(),
    fallbackReason: z.string().nullable(),
    cached: z.boolean(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    costUsd: z.number(),
    decision: z.string().nullable(),
    decisionReason: z.string().nullable(),
    createdAt: Timestamp,
  })
  .openapi("Analysis");

export const FixAttemptView = z
  .object({
    id: z.uuid(),
    analysisId: z.uuid(),
    status: z.string(),
    prNumber: z.number().int().nullable(),
    headSha: z.string().nullable(),
    commitSha: z.string().nullable(),
    errorMessage: z.string().nullable(),
    validationResults: z.array(z.unknown()).nullable(),
    costUsd: z.number(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("FixAttempt");

export const FailureView = z
  .object({
    id: z.uuid(),
    repository: z.string(),
    runId: z.number().int(),
    runAttempt: z.number().int(),
    jobId: z.number().int(),
    jobName: z.string(),
    workflow: z.string(),
    event: z.string(),
    headSha: z.string(),
    headRef: z.string().nullable(),
    prNumber: z.number().int().nullable(),
    failedSteps: z.array(z.string()),
    status: z.string(),
    source: z.string(),
    excerpt: z.object({ lines: z.array(z.tuple([z.number(), z.number()])), text: z.string() }),
    stats: z.object({
      inputLines: z.number(),
      inputBytes: z.number(),
      excerptLines: z.number(),
      excerptBytes: z.number(),
    }),
    createdAt: Timestamp,
    analysis: AnalysisView.nullable(),
    fixAttempts: z.array(FixAttemptView),
  })
  .openapi("Failure");

export const ReviewView = z
  .object({
    id: z.uuid(),
    headSha: z.string(),
    reviewerName: z.string(),
    provider: z.string(),
    decision: z.string(),
    confidence: z.number().int(),
    comments: z.array(z.unknown()),
    createdAt: Timestamp,
  })
  .openapi("Review");

export const CheckRunView = z
  .object({
    id: z.uuid(),
    externalId: z.string(),
    name: z.string(),
    headSha: z.string().nullable(),
    status: z.string(),
    conclusion: z.string().nullable(),
    completedAt: Timestamp.nullable(),
  })
  .openapi("CheckRun");

export const PullRequestStatus = z
  .object({
    repository: z.string(),
    number: z.number().int(),
    title: z.string(),
    author: z.string(),
    branch: z.string(),
    headSha: z.string().nullable(),
    isFork: z.boolean(),
    state: z.string(),
    current: z
      .enum(["passing", "failing", "analyzing", "fix_in_progress", "fixed", "needs_attention"])
      .describe("where this PR stands now, from its latest failures, analyses and fix attempts"),
    checks: z.array(CheckRunView),
    failures: z.array(FailureView),
    reviews: z.array(ReviewView),
  })
  .openapi("PullRequestStatus");

export const FailurePage = z
  .object({ items: z.array(FailureView), nextCursor: z.string().nullable() })
  .openapi("FailurePage");

export const RepositorySummary = z
  .object({
    repository: z.string(),
    since: Timestamp,
    failures: z.number().int(),
    categoriesByDay: z.array(z.object({ day: z.string(), category: z.string(), count: z.number().int() })),
    topRootCauses: z.array(z.object({ rootCause: z.string(), count: z.number().int() })),
    flakyChecks: z.array(z.object({ jobName: z.string(), count: z.number().int() })),
    fixSuccessRate: z.number().nullable().describe("pushed / finished fix attempts; null when none finished"),
    fixAttempts: z.number().int(),
    medianTimeToDiagnosisMs: z.number().nullable(),
    llmSpendUsd: z.number(),
    llmTokens: z.number().int(),
  })
  .openapi("RepositorySummary");
