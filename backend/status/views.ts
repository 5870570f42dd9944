import type { z } from "@hono/zod-openapi";
import type { Category, FixComplexity, Subcategory } from "../contract/analysis.js";
import type { AnalysisView, FailureView, FixAttemptView, PullRequestStatus } from "../contract/status.js";
import type { AnalysisRow, FailureDetail, FixAttemptRow } from "../store/status.js";

export function toAnalysisView(a: AnalysisRow): z.infer<typeof AnalysisView> {
  return {
    id: a.id,
    failureId: a.failureId,
    provider: a.provider,
    model: a.model,
    category: a.category as Category,
    subcategory: a.subcategory as Subcategory,
    rootCause: a.rootCause,
    confidence: a.confidence,
    evidence: a.evidence,
    locations: a.locations,
    failedTests: a.failedTests,
    flaky: a.flaky,
    autoFixable: a.autoFixable,
    fixStrategy: a.fixStrategy?.strategy ?? null,
    complexity: (a.fixStrategy?.complexity as FixComplexity | undefined) ?? null,
    fallbackReason: a.fallbackReason,
    cached: a.cached,
    inputTokens: a.inputTokens,
    outputTokens: a.outputTokens,
    costUsd: a.costUsd,
    decision: a.decision,
    decisionReason: a.decisionReason,
    createdAt: a.createdAt.toISOString(),
  };
}

export function toFixAttemptView(f: FixAttemptRow): z.infer<typeof FixAttemptView> {
  return {
    id: f.id,
    analysisId: f.analysisId,
    status: f.status,
    prNumber: f.prNumber,
    headSha: f.headSha,
    commitSha: f.commitSha,
    errorMessage: f.errorMessage,
    validationResults: f.validationResults ?? null,
    costUsd: f.costUsd,
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
  };
}

export function toFailureView(d: FailureDetail): z.infer<typeof FailureView> {
  const f = d.failure;
  return {
    id: f.id,
    repository: d.repository,
    runId: f.runId,
    runAttempt: f.runAttempt,
    jobId: f.jobId,
    jobName: f.jobName,
    workflow: f.workflow,
    event: f.event,
    headSha: f.headSha,
    headRef: f.headRef,
    prNumber: f.prNumber,
    failedSteps: f.failedSteps,
    status: f.status,
    source: f.source,
    excerpt: f.excerpt,
    stats: f.excerptStats,
    createdAt: f.createdAt.toISOString(),
    analysis: d.analysis ? toAnalysisView(d.analysis) : null,
    fixAttempts: d.fixAttempts.map(toFixAttemptView),
  };
}

type Current = z.infer<typeof PullRequestStatus>["current"];

/** Where a PR stands, judged only from the failures at its current head. */
export function currentState(headSha: string | null, failures: FailureDetail[]): Current {
  const atHead = failures.filter((d) => d.failure.headSha === headSha);
  if (atHead.length === 0) return "passing";
  if (atHead.some((d) => !d.analysis)) return "analyzing";
  const fixes = atHead.flatMap((d) => d.fixAttempts);
  if (fixes.some((f) => f.status === "queued" || f.status === "running" || f.status === "validated"))
    return "fix_in_progress";
  if (atHead.every((d) => d.fixAttempts.some((f) => f.status === "pushed"))) return "fixed";
  if (
    atHead.some(
      (d) => d.analysis?.decision === "escalate" || d.fixAttempts.some((f) => f.status === "escalated"),
    )
  )
    return "needs_attention";
  return "failing";
}
