import type { Octokit } from "@octokit/rest";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { LlmProvider } from "../analysis/types.js";
import { policyFor } from "../config/org.js";
import type { AppDeps } from "../deps.js";
import { type JobHandler, NonRetryableJobError } from "../queue/jobs.js";
import { audit } from "../store/audit.js";
import { analysisResults } from "../store/schema.js";
import { createReviewLedger } from "./ledger.js";
import { type ReviewSettings, reviewPullRequest } from "./orchestrator.js";
import { reviewersFromPolicy } from "./reviewers.js";

export const ReviewJobBody = z.object({
  repository: z.string().regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/),
  prNumber: z.number().int().positive(),
  /** Set when the decision router sent a diagnosed CI failure to review. */
  analysisId: z.uuid().optional(),
});
export type ReviewJobBody = z.infer<typeof ReviewJobBody>;

export interface ReviewJobDeps extends Pick<AppDeps, "store" | "org" | "logger" | "metrics"> {
  /** An Octokit allowed to read the pull request and post reviews (installation token or PAT). */
  github(repository: string): Octokit | Promise<Octokit>;
  /** Null when no model is configured: the job finishes as skipped, saying so. */
  provider: LlmProvider | null;
  /** The account our reviews are posted as; only its reviews count as earlier posts. */
  botLogin?: string;
  settings?: Partial<ReviewSettings>;
}

/**
 * review job: the repository's reviewers over the pull request's current head, one GitHub review
 * per head SHA. Idempotent: reviewer outputs are rows unique per (pr, sha, reviewer), and the
 * review carries a marker with the SHA that a redelivery finds on GitHub before posting again.
 */
export function reviewJob(deps: ReviewJobDeps): JobHandler {
  return async (body, ctx) => {
    const parsed = ReviewJobBody.safeParse(body);
    if (!parsed.success) throw new NonRetryableJobError(`invalid review job: ${parsed.error.message}`);
    const { repository, prNumber, analysisId } = parsed.data;
    const db = deps.store.db;
    const reviewers = reviewersFromPolicy(policyFor(deps.org, repository).reviewers);
    let context: string | undefined;
    if (analysisId) {
      const [analysis] = await db.select().from(analysisResults).where(eq(analysisResults.id, analysisId));
      if (analysis) {
        context = `Requested after a CI failure was diagnosed as ${analysis.category}/${analysis.subcategory} (confidence ${analysis.confidence}%): ${analysis.rootCause}`;
      }
    }
    let outcome: Awaited<ReturnType<typeof reviewPullRequest>>;
    try {
      outcome = await reviewPullRequest(
        {
          octokit: await deps.github(repository),
          provider: deps.provider,
          ledger: createReviewLedger(db),
          ...(deps.botLogin ? { botLogin: deps.botLogin } : {}),
        },
        {
          repository,
          number: prNumber,
          reviewers,
          ...(deps.settings ? { settings: deps.settings } : {}),
          ...(context ? { context } : {}),
        },
      );
    } catch (err) {
      const status = (err as { status?: number }).status;
      // A pull request or repository that is gone (or invisible to the token) will not come back.
      if (status === 404 || status === 410) {
        throw new NonRetryableJobError(`${repository}#${prNumber} is not readable (${status})`);
      }
      throw err;
    }
    deps.metrics.inc("acw_reviews_total", "Review jobs by outcome", {
      status: outcome.status,
      decision: outcome.status === "posted" ? outcome.decision.decision : "none",
    });
    if (outcome.status === "skipped") {
      deps.logger.info("review skipped", { repository, prNumber, reason: outcome.reason });
      return { status: "skipped", reason: outcome.reason };
    }
    if (outcome.status === "already_posted") {
      return {
        status: outcome.status,
        headSha: outcome.headSha,
        reviewId: outcome.reviewId,
        foundIn: outcome.foundIn,
      };
    }
    deps.metrics.inc(
      "acw_llm_cost_usd_total",
      "LLM spend in USD",
      { provider: deps.provider?.name ?? "none" },
      outcome.usage.costUsd,
    );
    await audit(db, {
      actor: "acw",
      action: "review.posted",
      entityType: "pull_request",
      entityId: `${repository}#${prNumber}`,
      details: {
        headSha: outcome.headSha,
        decision: outcome.decision.decision,
        event: outcome.event,
        reviewId: outcome.reviewId,
        inlineComments: outcome.inlineComments,
        failedReviewers: outcome.failedReviewers,
        superseded: outcome.superseded,
      },
      correlationId: ctx.correlationId,
    });
    return {
      status: outcome.status,
      headSha: outcome.headSha,
      decision: outcome.decision.decision,
      reviewId: outcome.reviewId,
      inlineComments: outcome.inlineComments,
    };
  };
}
