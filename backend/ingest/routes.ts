import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { type AuthEnv, assertRepositoryAccess, authenticate } from "../auth/middleware.js";
import {
  ErrorSchema,
  FailureAcceptedSchema,
  type FailureReport,
  FailureReportSchema,
} from "../contract/failure-report.js";
import type { AppDeps } from "../deps.js";
import { ApiError } from "../http/errors.js";
import { analyzeJobRequest } from "../jobs/analyze.js";
import { ingestFailureReport } from "../store/failures.js";
import { upsertPullRequest } from "../store/pull-requests.js";
import {
  getRepositoryByFullName,
  LAST_REPORT_AT_RESOLUTION_MS,
  type Repository,
  upsertRepository,
} from "../store/repositories.js";
import { failureRowOf, storable } from "./failure-row.js";
import { enforceRepositoryRateLimit } from "./rate-limit.js";

const errors = {
  400: { description: "Invalid report", content: { "application/json": { schema: ErrorSchema } } },
  401: { description: "Missing or invalid token", content: { "application/json": { schema: ErrorSchema } } },
  403: {
    description: "Token not allowed for this repository",
    content: { "application/json": { schema: ErrorSchema } },
  },
  413: { description: "Body too large", content: { "application/json": { schema: ErrorSchema } } },
  429: {
    description: "Rate limited (see retry-after)",
    content: { "application/json": { schema: ErrorSchema } },
  },
  503: {
    description: "Database or queue unavailable; retry",
    content: { "application/json": { schema: ErrorSchema } },
  },
};

export const reportFailureRoute = createRoute({
  method: "post",
  path: "/v1/failures",
  tags: ["ingestion"],
  summary: "Report the failed jobs of a workflow run (idempotent per repository, run, job and attempt)",
  security: [{ bearer: [] }],
  // A revoked API key is refused here within API_KEY_CACHE_TTL_MS (30 s), elsewhere at once.
  middleware: authenticate("report", { cachedApiKeys: true }),
  request: { body: { required: true, content: { "application/json": { schema: FailureReportSchema } } } },
  responses: {
    202: {
      description: "Accepted; analysis queued",
      content: { "application/json": { schema: FailureAcceptedSchema } },
    },
    ...errors,
  },
});

export function ingestRoutes() {
  const app = new OpenAPIHono<AuthEnv>();
  app.openapi(reportFailureRoute, async (c) => {
    const report = storable(c.req.valid("json"));
    const { deps, principal } = c.var;
    const repo = await resolveRepository(deps, principal, report.repository);
    await enforceRepositoryRateLimit(deps, repo.id, "report");
    const pr = report.pullRequest ? await recordPullRequest(deps, repo, report) : null;

    const actor =
      principal.kind === "oidc" ? `workflow:${principal.claims.repository}` : `api_key:${principal.keyId}`;
    const failures = [];
    for (const job of report.jobs) {
      // One statement: the row (idempotent), its audit entry when new, and last_report_at.
      const { row, created } = await ingestFailureReport(
        deps.store.db,
        failureRowOf(
          report,
          job,
          { repositoryId: repo.id, prId: pr?.id ?? null },
          { source: principal.kind === "oidc" ? "action" : "cli", correlationId: c.var.requestId },
        ),
        {
          audit: {
            actor,
            details: { runId: report.runId, jobId: job.jobId, attempt: report.runAttempt },
            correlationId: c.var.requestId,
          },
          touch: { at: deps.clock.now(), olderThanMs: LAST_REPORT_AT_RESOLUTION_MS },
        },
      );
      // A repeat of a report whose analysis never started is queued again: the earlier publish may
      // have been lost. The job's dedupe id keeps this from ever running the analysis twice.
      if (created || row.status === "received") {
        try {
          await deps.queue.publish(analyzeJobRequest(row.id, repo.fullName, c.var.requestId));
        } catch (err) {
          c.var.log.error("could not queue analysis", { failureId: row.id, error: err });
          throw new ApiError(
            503,
            "queue_unavailable",
            "the report is stored but its analysis could not be queued; retry the request",
          );
        }
      }
      if (created) {
        deps.metrics.inc("acw_failures_reported_total", "Failure reports accepted", { source: row.source });
      }
      failures.push({
        jobId: job.jobId,
        failureId: row.id,
        statusUrl: `${deps.publicUrl}/v1/failures/${row.id}`,
        duplicate: !created,
      });
    }
    return c.json({ failures }, 202);
  });
  return app;
}

/**
 * The repository a report is for. With OIDC it comes from the token's claims (by id), never from
 * the body: a body naming another repository is refused.
 */
async function resolveRepository(
  deps: AppDeps,
  principal: AuthEnv["Variables"]["principal"],
  named: string,
): Promise<Repository> {
  if (principal.kind === "oidc") {
    assertRepositoryAccess(principal, { id: null, fullName: named, githubId: null });
    return upsertRepository(deps.store.db, {
      fullName: principal.claims.repository,
      githubId: principal.claims.repository_id,
    });
  }
  const existing = await getRepositoryByFullName(deps.store.db, named);
  assertRepositoryAccess(principal, { id: existing?.id ?? null, fullName: named, githubId: null });
  return existing ?? upsertRepository(deps.store.db, { fullName: named });
}

async function recordPullRequest(deps: AppDeps, repo: Repository, report: FailureReport) {
  const pr = report.pullRequest!;
  const headRepo = pr.headRepository ?? repo.fullName;
  return upsertPullRequest(deps.store.db, {
    repositoryId: repo.id,
    prNumber: pr.number,
    title: pr.title,
    author: pr.author,
    branch: report.headRef ?? "",
    baseBranch: report.baseRef ?? null,
    headSha: report.headSha,
    headRepoFullName: headRepo,
    isFork: headRepo.toLowerCase() !== repo.fullName.toLowerCase(),
  });
}
