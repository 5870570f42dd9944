import { eq } from "drizzle-orm";
import { z } from "zod";
import { policyFor } from "../config/org.js";
import type { AppDeps } from "../deps.js";
import { type JobHandler, NonRetryableJobError } from "../queue/jobs.js";
import { audit } from "../store/audit.js";
import { fixAttempts } from "../store/schema.js";
import { type FixGitHub, GitHubApiError } from "./github.js";
import { checkFixGuardrails, refusalReason } from "./guardrails.js";
import {
  auditDetails,
  countAttempts,
  insertFixAttempt,
  isRecordedFixCommit,
  loadAnalysisBundle,
} from "./store.js";

export const FixJobBody = z.object({ analysisId: z.uuid() });

/** Audit action that records the workflow dispatch: the marker a retried job reads. */
export const DISPATCHED = "fix.dispatched";

/**
 * fix job: a routed analysis → fresh GitHub facts → guardrails → a fix_attempts row → one
 * workflow_dispatch of the repository's fix workflow.
 *
 * Idempotent: the row's key is the job id, so a redelivery finds the row instead of adding one;
 * the dispatch happens when this call created a queued row, or when a retry finds a queued row
 * with no dispatch recorded (the process died between the insert and the dispatch). A crash
 * after the dispatch but before the acknowledgement finds the dispatch recorded and does nothing.
 */
export function fixJob(deps: AppDeps, github: FixGitHub): JobHandler {
  return async (body, ctx) => {
    const parsed = FixJobBody.safeParse(body);
    if (!parsed.success) throw new NonRetryableJobError(`invalid fix job: ${parsed.error.message}`);
    const db = deps.store.db;
    const bundle = await loadAnalysisBundle(db, parsed.data.analysisId);
    if (!bundle) throw new NonRetryableJobError(`analysis ${parsed.data.analysisId} does not exist`);
    const { analysis, failure, repository } = bundle;
    const policy = policyFor(deps.org, repository.fullName);
    const prNumber = failure.prNumber ?? bundle.pullRequest?.prNumber ?? null;
    const idempotencyKey = ctx.jobId;

    let headSha = failure.headSha;
    let refusal: string | null;
    let defaultBranch = repository.defaultBranch;
    if (prNumber === null) {
      refusal = "no_pull_request: the failure has no pull request to fix";
    } else {
      const [repo, pull] = await Promise.all([
        github.getRepository(repository.fullName),
        github.getPullRequest(repository.fullName, prNumber).catch((err: unknown) => {
          if (err instanceof GitHubApiError && err.status === 404) return null;
          throw err;
        }),
      ]);
      defaultBranch = repo.defaultBranch;
      if (!pull) {
        refusal = `no_pull_request: #${prNumber} no longer exists`;
      } else {
        headSha = pull.headSha;
        const sameRepo = pull.headRepository?.toLowerCase() === repository.fullName.toLowerCase();
        // Only ask about protection on our own repository's branches; a fork's is not ours to push.
        const protectedBranch = sameRepo
          ? await github.isBranchProtected(repository.fullName, pull.headRef)
          : false;
        const counts = await countAttempts(db, {
          repositoryId: repository.id,
          failure,
          headSha,
          excludeKey: idempotencyKey,
        });
        const checks = checkFixGuardrails(
          {
            repository: repository.fullName,
            pullRequestOpen: pull.state === "open" && protectedBranch !== null,
            headRepository: pull.headRepository,
            headBranch: pull.headRef,
            defaultBranch: repo.defaultBranch,
            headBranchProtected: protectedBranch === true,
            headCommitMessage: null,
            headIsRecordedFixCommit: await isRecordedFixCommit(db, repository.id, pull.headSha),
            headSha: pull.headSha,
            failureHeadSha: failure.headSha,
          },
          { ...counts, max: policy.max_fix_attempts },
        );
        refusal = refusalReason(checks);
      }
    }

    const { row, created } = await insertFixAttempt(db, {
      analysisId: analysis.id,
      repositoryId: repository.id,
      prNumber,
      headSha,
      idempotencyKey,
      status: refusal ? "refused" : "queued",
      errorMessage: refusal,
    });
    if (created) {
      await audit(db, {
        actor: "acw",
        action: row.status === "refused" ? "fix.refused" : "fix.queued",
        entityType: "fix_attempt",
        entityId: row.id,
        details: { analysisId: analysis.id, prNumber, headSha, reason: refusal },
        correlationId: ctx.correlationId,
      });
      deps.metrics.inc("acw_fix_attempts_total", "Fix attempts by status at creation", {
        status: row.status,
      });
    }
    if (row.status !== "queued") return { fixAttemptId: row.id, status: row.status, dispatched: false };
    if (!created && (await auditDetails(db, DISPATCHED, row.id))) {
      return { fixAttemptId: row.id, status: row.status, dispatched: false };
    }

    try {
      await github.dispatchWorkflow(repository.fullName, policy.fix_workflow, defaultBranch, {
        analysis_id: analysis.id,
        pr_number: String(prNumber),
        fix_attempt_id: row.id,
      });
    } catch (err) {
      // A workflow that does not exist or has no workflow_dispatch trigger will not appear on retry.
      if (err instanceof GitHubApiError && (err.status === 404 || err.status === 422)) {
        const reason = `dispatch_failed: ${policy.fix_workflow} could not be dispatched (${err.message})`;
        await db
          .update(fixAttempts)
          .set({ status: "failed", errorMessage: reason, updatedAt: new Date() })
          .where(eq(fixAttempts.id, row.id));
        await audit(db, {
          actor: "acw",
          action: "fix.dispatch_failed",
          entityType: "fix_attempt",
          entityId: row.id,
          details: { reason },
          correlationId: ctx.correlationId,
        });
        return { fixAttemptId: row.id, status: "failed", dispatched: false };
      }
      throw err;
    }
    await audit(db, {
      actor: "acw",
      action: DISPATCHED,
      entityType: "fix_attempt",
      entityId: row.id,
      details: { workflow: policy.fix_workflow, ref: defaultBranch, prNumber },
      correlationId: ctx.correlationId,
    });
    return { fixAttemptId: row.id, status: row.status, dispatched: true };
  };
}
