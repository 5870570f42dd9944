import { and, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { FailureContext } from "../analysis/types.js";
import { policyFor } from "../config/org.js";
import type { AnalysisProvenance, FailureAnalysis } from "../contract/analysis.js";
import { type Decision, decideNextStep } from "../decisions/router.js";
import type { AppDeps } from "../deps.js";
import { countAttempts } from "../fixes/store.js";
import { type JobHandler, type JobRequest, NonRetryableJobError } from "../queue/jobs.js";
import { audit } from "../store/audit.js";
import { getFailureReport, setFailureStatus } from "../store/failures.js";
import { analysisResults, failureReports, pullRequests, repositories } from "../store/schema.js";

export const AnalyzeJobBody = z.object({ failureId: z.uuid() });

/**
 * The analyze job of one stored failure, however it was reported (the Action, the CLI, discovery,
 * start-up recovery): the failure id is the dedupe id, so publishing it again is a no-op, and jobs of
 * one repository share a flow-control key.
 */
export function analyzeJobRequest(failureId: string, repository: string, correlationId?: string): JobRequest {
  return {
    type: "analyze",
    body: { failureId },
    dedupeId: failureId,
    ...(correlationId ? { correlationId } : {}),
    flowControlKey: repository,
  };
}

/** Produces a diagnosis and says which provider made it (and why a fallback happened). */
export type FailureAnalyzer = (
  context: FailureContext,
) => Promise<{ analysis: FailureAnalysis; provenance: AnalysisProvenance }>;

/** Commits our fix bot makes carry this trailer; a failure on such a commit is never fixed again. */
export const FIX_COMMIT_TRAILER = "Acw-Fix-Attempt:";

/**
 * analyze job: failure report → diagnosis → decision → the routed job. Idempotent: the analysis
 * row is unique per failure, and the routed job's dedupe id is derived from the analysis id, so a
 * redelivery or a retry after a crash repeats no LLM call (cache) and queues nothing twice.
 */
export function analyzeJob(deps: AppDeps, analyzer: FailureAnalyzer): JobHandler {
  return async (body, ctx) => {
    const parsed = AnalyzeJobBody.safeParse(body);
    if (!parsed.success) throw new NonRetryableJobError(`invalid analyze job: ${parsed.error.message}`);
    const db = deps.store.db;
    const failure = await getFailureReport(db, parsed.data.failureId);
    if (!failure) throw new NonRetryableJobError(`failure ${parsed.data.failureId} does not exist`);
    const [repo] = await db.select().from(repositories).where(eq(repositories.id, failure.repositoryId));
    const pr = failure.prId
      ? (await db.select().from(pullRequests).where(eq(pullRequests.id, failure.prId)))[0]
      : undefined;

    let [row] = await db.select().from(analysisResults).where(eq(analysisResults.failureId, failure.id));
    if (!row) {
      await setFailureStatus(db, failure.id, "analyzing");
      const started = performance.now();
      const { analysis, provenance } = await analyzer({
        repository: repo!.fullName,
        workflow: failure.workflow,
        job: failure.jobName,
        failedStep: failure.failedSteps[0] ?? null,
        prTitle: pr?.title ?? null,
        changedFiles: failure.changedFiles,
        excerpt: { lines: failure.excerpt.lines, text: failure.excerpt.text },
      });
      const decision = await decide(deps, { failure, repo: repo!, pr, analysis });
      [row] = await db
        .insert(analysisResults)
        .values({
          failureId: failure.id,
          checkRunId: failure.checkRunId,
          provider: provenance.provider,
          model: provenance.model,
          category: analysis.category,
          subcategory: analysis.subcategory,
          rootCause: analysis.rootCause,
          confidence: analysis.confidence,
          fixStrategy: { strategy: analysis.fixStrategy, complexity: analysis.complexity },
          evidence: analysis.evidence,
          locations: analysis.locations,
          failedTests: analysis.failedTests,
          flaky: analysis.flaky,
          autoFixable: analysis.autoFixable,
          fallbackReason: provenance.fallbackReason,
          cached: provenance.cached,
          inputTokens: provenance.inputTokens,
          outputTokens: provenance.outputTokens,
          costUsd: provenance.costUsd,
          promptVersion: provenance.promptVersion,
          decision: decision.action,
          decisionReason: decision.reason,
          durationMs: Math.round(performance.now() - started),
        })
        .onConflictDoNothing()
        .returning();
      // Lost a race with a concurrent delivery: use the row that won.
      row ??= (await db.select().from(analysisResults).where(eq(analysisResults.failureId, failure.id)))[0];
      if (!row) throw new Error("analysis row missing after insert");
      deps.metrics.inc("acw_analyses_total", "Analyses by provider and category", {
        provider: row.provider,
        category: row.category,
      });
      deps.metrics.inc(
        "acw_llm_tokens_total",
        "LLM tokens used",
        { provider: row.provider },
        row.inputTokens + row.outputTokens,
      );
      deps.metrics.inc("acw_llm_cost_usd_total", "LLM spend in USD", { provider: row.provider }, row.costUsd);
      await audit(db, {
        actor: "acw",
        action: "analysis.created",
        entityType: "analysis",
        entityId: row.id,
        details: { provider: row.provider, decision: row.decision, fallbackReason: row.fallbackReason },
        correlationId: ctx.correlationId,
      });
    }
    await setFailureStatus(db, failure.id, "analyzed");
    await route(deps, row, {
      repository: repo!.fullName,
      prNumber: failure.prNumber,
      correlationId: ctx.correlationId,
    });
    return { analysisId: row.id, decision: row.decision };
  };
}

async function decide(
  deps: AppDeps,
  input: {
    failure: typeof failureReports.$inferSelect;
    repo: typeof repositories.$inferSelect;
    pr: typeof pullRequests.$inferSelect | undefined;
    analysis: FailureAnalysis;
  },
): Promise<Decision> {
  const db = deps.store.db;
  const { failure, repo, pr, analysis } = input;
  const policy = policyFor(deps.org, repo.fullName);
  // How often this job has failed on this PR (or this branch, without a PR), this failure included.
  const [failures] = await db
    .select({ n: count() })
    .from(failureReports)
    .where(
      and(
        eq(failureReports.repositoryId, repo.id),
        eq(failureReports.jobName, failure.jobName),
        failure.prId
          ? eq(failureReports.prId, failure.prId)
          : sql`${failureReports.headRef} is not distinct from ${failure.headRef}`,
      ),
    );
  // The same caps, counted the same way, as the fix job re-checks before it dispatches.
  const attempts = await countAttempts(db, { repositoryId: repo.id, failure, headSha: failure.headSha });
  return decideNextStep({
    analysis,
    policy,
    failureCount: failures?.n ?? 1,
    sameRepositoryBranch: pr ? !pr.isFork : false,
    headBranch: failure.headRef ?? pr?.branch ?? null,
    defaultBranch: repo.defaultBranch,
    // Branch protection is looked up again by the fix job with a GitHub token before any push.
    protectedBranch: false,
    fixAttemptsForFailure: attempts.forFailure,
    fixAttemptsForHeadSha: attempts.forHeadSha,
    isOwnFixCommit: false,
  });
}

/** Queues what the decision asks for. Dedupe ids come from the analysis id: re-routing is a no-op. */
async function route(
  deps: AppDeps,
  analysis: typeof analysisResults.$inferSelect,
  ctx: { repository: string; prNumber: number | null; correlationId: string },
): Promise<void> {
  const common = { correlationId: ctx.correlationId, flowControlKey: ctx.repository };
  switch (analysis.decision) {
    case "fix":
      await deps.queue.publish({
        type: "fix",
        body: { analysisId: analysis.id },
        dedupeId: analysis.id,
        ...common,
      });
      return;
    case "review":
      if (ctx.prNumber === null) return;
      await deps.queue.publish({
        type: "review",
        body: { repository: ctx.repository, prNumber: ctx.prNumber, analysisId: analysis.id },
        dedupeId: analysis.id,
        ...common,
      });
      return;
    case "escalate":
    case "rerun":
      await deps.queue.publish({
        type: "notify",
        body: {
          kind: analysis.decision === "rerun" ? "rerun_suggested" : "escalation",
          analysisId: analysis.id,
        },
        dedupeId: analysis.id,
        ...common,
      });
      return;
    default:
      return;
  }
}
