import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { type AuthEnv, assertRepositoryAccess, authenticate } from "../auth/middleware.js";
import { policyFor } from "../config/org.js";
import { ErrorSchema } from "../contract/failure-report.js";
import { IdParam, json, readErrors } from "../contract/openapi.js";
import type { AppDeps } from "../deps.js";
import { ApiError } from "../http/errors.js";
import { audit } from "../store/audit.js";
import { getRepositoryByFullName } from "../store/repositories.js";
import { fixAttempts } from "../store/schema.js";
import {
  FixAttemptCreated,
  FixAttemptRequest,
  type FixContext,
  FixContext as FixContextSchema,
  FixReport,
  FixReportAccepted,
  type FixStatus,
} from "./contract.js";
import {
  type AnalysisBundle,
  auditDetails,
  countAttempts,
  getFixAttemptById,
  insertFixAttempt,
  latestAnalysisIdForPull,
  loadAnalysisBundle,
} from "./store.js";
import { checkTransition } from "./transitions.js";

const errors = readErrors;
const security = [{ bearer: [] as string[] }];

/** Audit action that records which workflow run claimed an attempt. */
export const CLAIMED = "fix.claimed";

const reportRoute = createRoute({
  method: "post",
  path: "/v1/fix-attempts/{id}/report",
  tags: ["fixes"],
  security,
  middleware: authenticate("report"),
  summary: "Fix mode reports an attempt's progress: running, validated, pushed, failed, escalated or refused",
  description:
    "Authenticated with the fix workflow's OIDC token for the attempt's repository. Statuses only move forward " +
    "(queued → running → validated → terminal); a second workflow run claiming a running attempt is refused.",
  request: {
    params: IdParam,
    body: { content: { "application/json": { schema: FixReport } }, required: true },
  },
  responses: {
    200: json(FixReportAccepted, "The attempt's status after the report"),
    400: json(ErrorSchema, "Invalid report"),
    409: json(
      ErrorSchema,
      "The transition is not allowed (backwards, out of a terminal state, or claimed by another run)",
    ),
    ...errors,
  },
});
const contextRoute = createRoute({
  method: "get",
  path: "/v1/analyses/{id}/fix-context",
  tags: ["fixes"],
  security,
  middleware: authenticate("read"),
  summary:
    "What fix mode needs for one analysis: diagnosis, excerpt, failing step, PR, policy and attempt counts",
  request: {
    params: IdParam,
    query: z.object({ fixAttemptId: z.uuid().optional() }),
  },
  responses: { 200: json(FixContextSchema, "The fix context"), ...errors },
});
const pullContextRoute = createRoute({
  method: "get",
  path: "/v1/repos/{owner}/{repo}/pulls/{number}/fix-context",
  tags: ["fixes"],
  security,
  middleware: authenticate("read"),
  summary: "The fix context of a pull request's newest analysis (the manual fix trigger)",
  request: {
    params: z.object({
      owner: z
        .string()
        .regex(/^[A-Za-z0-9-]{1,39}$/)
        .openapi({ param: { name: "owner", in: "path" } }),
      repo: z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,100}$/)
        .openapi({ param: { name: "repo", in: "path" } }),
      number: z.coerce
        .number()
        .int()
        .positive()
        .openapi({ param: { name: "number", in: "path" } }),
    }),
  },
  responses: { 200: json(FixContextSchema, "The fix context"), ...errors },
});
const createAttemptRoute = createRoute({
  method: "post",
  path: "/v1/analyses/{id}/fix-attempts",
  tags: ["fixes"],
  security,
  middleware: authenticate("report"),
  summary: "Records a fix attempt that fix mode started itself (manual trigger), or its refusal",
  request: {
    params: IdParam,
    body: { content: { "application/json": { schema: FixAttemptRequest } }, required: true },
  },
  responses: {
    200: json(FixAttemptCreated, "The attempt (created=false when the key existed)"),
    400: json(ErrorSchema, "Invalid request"),
    ...errors,
  },
});

type Vars = { var: AuthEnv["Variables"] };

async function bundleFor(c: Vars, analysisId: string): Promise<AnalysisBundle> {
  const bundle = await loadAnalysisBundle(c.var.deps.store.db, analysisId);
  if (!bundle) throw new ApiError(404, "not_found", "no such analysis");
  assertRepositoryAccess(c.var.principal, {
    id: bundle.repository.id,
    fullName: bundle.repository.fullName,
    githubId: bundle.repository.githubId,
  });
  return bundle;
}

async function buildFixContext(
  deps: AppDeps,
  bundle: AnalysisBundle,
  fixAttemptId?: string,
): Promise<FixContext> {
  const db = deps.store.db;
  const { analysis, failure, repository, pullRequest } = bundle;
  const attempt = fixAttemptId ? await getFixAttemptById(db, fixAttemptId) : null;
  if (fixAttemptId && (!attempt || attempt.analysisId !== analysis.id)) {
    throw new ApiError(404, "not_found", "no such fix attempt for this analysis");
  }
  const policy = policyFor(deps.org, repository.fullName);
  const headSha = pullRequest?.headSha ?? failure.headSha;
  const attempts = await countAttempts(db, {
    repositoryId: repository.id,
    failure,
    headSha,
    ...(attempt ? { excludeKey: attempt.idempotencyKey } : {}),
  });
  const prNumber = failure.prNumber ?? pullRequest?.prNumber ?? null;
  return {
    analysis: {
      id: analysis.id,
      category: analysis.category as FixContext["analysis"]["category"],
      subcategory: analysis.subcategory as FixContext["analysis"]["subcategory"],
      rootCause: analysis.rootCause,
      confidence: analysis.confidence,
      fixStrategy: analysis.fixStrategy?.strategy ?? "",
      complexity: (analysis.fixStrategy?.complexity ?? "moderate") as FixContext["analysis"]["complexity"],
      evidence: analysis.evidence,
      locations: analysis.locations,
      failedTests: analysis.failedTests,
      url: `${deps.publicUrl.replace(/\/$/, "")}/analyses/${analysis.id}`,
    },
    failure: {
      id: failure.id,
      workflow: failure.workflow,
      jobName: failure.jobName,
      failedStep: failure.failedSteps[0] ?? null,
      runId: failure.runId,
      headSha: failure.headSha,
      headRef: failure.headRef,
      excerpt: failure.excerpt,
    },
    repository: { fullName: repository.fullName, defaultBranch: repository.defaultBranch },
    pullRequest:
      prNumber === null
        ? null
        : {
            number: prNumber,
            headRef: pullRequest?.branch ?? failure.headRef ?? "",
            headSha: pullRequest?.headSha ?? failure.headSha,
          },
    policy: {
      validation_commands: policy.validation_commands,
      never_fix_globs: policy.never_fix_globs,
      max_fix_attempts: policy.max_fix_attempts,
      fix_as_pull_request: policy.fix_as_pull_request,
      auto_fix_categories: policy.auto_fix_categories,
      confidence_threshold: policy.confidence_threshold,
    },
    attempts,
    fixAttempt: attempt ? { id: attempt.id, status: attempt.status as FixStatus } : null,
  };
}

/** Routes of the fix flow: context for fix mode, its reports, and attempts it starts itself. */
export function fixRoutes() {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(contextRoute, async (c) => {
    const bundle = await bundleFor(c, c.req.valid("param").id);
    return c.json(await buildFixContext(c.var.deps, bundle, c.req.valid("query").fixAttemptId), 200);
  });

  app.openapi(pullContextRoute, async (c) => {
    const { owner, repo, number } = c.req.valid("param");
    const fullName = `${owner}/${repo}`;
    const row = await getRepositoryByFullName(c.var.deps.store.db, fullName);
    assertRepositoryAccess(c.var.principal, {
      id: row?.id ?? null,
      fullName,
      githubId: row?.githubId ?? null,
    });
    const analysisId = row ? await latestAnalysisIdForPull(c.var.deps.store.db, row.id, number) : null;
    if (!analysisId) throw new ApiError(404, "not_found", `no analysis for ${fullName}#${number}`);
    const bundle = await bundleFor(c, analysisId);
    return c.json(await buildFixContext(c.var.deps, bundle), 200);
  });

  app.openapi(createAttemptRoute, async (c) => {
    const bundle = await bundleFor(c, c.req.valid("param").id);
    const input = c.req.valid("json");
    const db = c.var.deps.store.db;
    const { row, created } = await insertFixAttempt(db, {
      analysisId: bundle.analysis.id,
      repositoryId: bundle.repository.id,
      prNumber: input.prNumber ?? bundle.failure.prNumber,
      headSha: input.headSha ?? bundle.failure.headSha,
      idempotencyKey: input.idempotencyKey,
      status: input.status,
      errorMessage: input.reason ?? null,
    });
    if (created) {
      await audit(db, {
        actor: actorOf(c),
        action: input.status === "refused" ? "fix.refused" : "fix.queued",
        entityType: "fix_attempt",
        entityId: row.id,
        details: { manual: true, reason: input.reason ?? null },
        correlationId: c.var.requestId,
      });
    }
    return c.json({ id: row.id, status: row.status as FixStatus, created }, 200);
  });

  app.openapi(reportRoute, async (c) => {
    const db = c.var.deps.store.db;
    const id = c.req.valid("param").id;
    const report = c.req.valid("json");
    const attempt = await getFixAttemptById(db, id);
    if (!attempt) throw new ApiError(404, "not_found", "no such fix attempt");
    // Access is checked against the attempt's repository before anything about it is told.
    await bundleFor(c, attempt.analysisId);
    const from = attempt.status as FixStatus;
    const verdict = checkTransition(from, report.status);
    if (!verdict.allowed) throw new ApiError(409, "invalid_transition", verdict.reason);

    if (report.status === "running") {
      const claim = await auditDetails(db, CLAIMED, id);
      if (!verdict.changed) {
        // The same run repeating its claim (a retried request) is fine; another run is not.
        if (claim && claim.runId !== (report.runId ?? null)) {
          throw new ApiError(
            409,
            "already_claimed",
            `workflow run ${String(claim.runId)} already works on this attempt`,
          );
        }
        return c.json({ id, status: from, previousStatus: from, changed: false }, 200);
      }
    }
    if (!verdict.changed) return c.json({ id, status: from, previousStatus: from, changed: false }, 200);

    const diffStat =
      report.diffStat || report.pullRequestUrl || report.runUrl
        ? {
            ...(attempt.diffStat ?? {}),
            ...(report.diffStat ?? {}),
            ...(report.pullRequestUrl ? { pullRequestUrl: report.pullRequestUrl } : {}),
            ...(report.runUrl ? { runUrl: report.runUrl } : {}),
          }
        : undefined;
    // Compare-and-set on the status read above: of two racing reports only one moves the attempt.
    const updated = await db
      .update(fixAttempts)
      .set({
        status: report.status,
        updatedAt: new Date(),
        ...(report.reason !== undefined ? { errorMessage: report.reason } : {}),
        ...(report.commitSha ? { commitSha: report.commitSha } : {}),
        ...(report.validation ? { validationResults: report.validation } : {}),
        ...(diffStat ? { diffStat } : {}),
        ...(report.usage
          ? {
              inputTokens: report.usage.inputTokens,
              outputTokens: report.usage.outputTokens,
              costUsd: report.usage.costUsd,
            }
          : {}),
      })
      .where(and(eq(fixAttempts.id, id), eq(fixAttempts.status, from)))
      .returning({ id: fixAttempts.id });
    if (updated.length === 0) {
      throw new ApiError(
        409,
        "invalid_transition",
        "the attempt changed while this report was applied; read it again",
      );
    }
    await audit(db, {
      actor: actorOf(c),
      action: report.status === "running" ? CLAIMED : `fix.${report.status}`,
      entityType: "fix_attempt",
      entityId: id,
      details: {
        from,
        runId: report.runId ?? null,
        ...(report.reason ? { reason: report.reason.slice(0, 500) } : {}),
        ...(report.commitSha ? { commitSha: report.commitSha } : {}),
      },
      correlationId: c.var.requestId,
    });
    c.var.deps.metrics.inc("acw_fix_reports_total", "Fix attempt status reports by status", {
      status: report.status,
    });
    if (report.usage) {
      c.var.deps.metrics.inc(
        "acw_llm_cost_usd_total",
        "LLM spend in USD",
        { provider: "claude-agent-sdk" },
        report.usage.costUsd,
      );
    }
    return c.json({ id, status: report.status, previousStatus: from, changed: true }, 200);
  });

  return app;
}

function actorOf(c: Vars): string {
  const p = c.var.principal;
  return p.kind === "oidc" ? `workflow:${p.claims.repository}` : `api_key:${p.keyId}`;
}
