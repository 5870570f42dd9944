import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AuthEnv, assertRepositoryAccess, authenticate } from "../auth/middleware.js";
import { ErrorSchema } from "../contract/failure-report.js";
import { IdParam, json, readErrors } from "../contract/openapi.js";
import {
  AnalysisView,
  FailurePage,
  FailureView,
  FixAttemptView,
  PullRequestStatus,
  RepositorySummary,
} from "../contract/status.js";
import { ApiError } from "../http/errors.js";
import { getFailureReport } from "../store/failures.js";
import { getPullRequestByNumber } from "../store/pull-requests.js";
import { getRepositoryByFullName, type Repository } from "../store/repositories.js";
import {
  getAnalysis,
  getFixAttempt,
  getRepositoryById,
  listFailures,
  loadFailureDetails,
  pullRequestTimeline,
  repositorySummary,
} from "../store/status.js";
import { currentState, toAnalysisView, toFailureView, toFixAttemptView } from "./views.js";

const errors = readErrors;
const RepoParams = z.object({
  owner: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,39}$/)
    .openapi({ param: { name: "owner", in: "path" } }),
  repo: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/)
    .openapi({ param: { name: "repo", in: "path" } }),
});
const read = {
  security: [{ bearer: [] as string[] }],
  middleware: authenticate("read"),
  tags: ["status"],
};

const failureRoute = createRoute({
  ...read,
  method: "get",
  path: "/v1/failures/{id}",
  summary: "A failure report with its analysis and fix attempts",
  request: { params: IdParam },
  responses: { 200: json(FailureView, "The failure"), ...errors },
});
const analysisRoute = createRoute({
  ...read,
  method: "get",
  path: "/v1/analyses/{id}",
  summary: "One analysis",
  request: { params: IdParam },
  responses: { 200: json(AnalysisView, "The analysis"), ...errors },
});
const fixAttemptRoute = createRoute({
  ...read,
  method: "get",
  path: "/v1/fix-attempts/{id}",
  summary: "One fix attempt",
  request: { params: IdParam },
  responses: { 200: json(FixAttemptView, "The fix attempt"), ...errors },
});
const pullRoute = createRoute({
  ...read,
  method: "get",
  path: "/v1/repos/{owner}/{repo}/pulls/{number}",
  summary: "A pull request: checks, failures, analyses, fix attempts, reviews and where it stands",
  request: {
    params: RepoParams.extend({
      number: z.coerce
        .number()
        .int()
        .positive()
        .openapi({ param: { name: "number", in: "path" } }),
    }),
  },
  responses: { 200: json(PullRequestStatus, "The pull request"), ...errors },
});
const failuresRoute = createRoute({
  ...read,
  method: "get",
  path: "/v1/repos/{owner}/{repo}/failures",
  summary: "A repository's failures, newest first, with cursor pagination",
  request: {
    params: RepoParams,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(200).optional(),
    }),
  },
  responses: {
    200: json(FailurePage, "A page of failures"),
    400: json(ErrorSchema, "Bad cursor"),
    ...errors,
  },
});
const summaryRoute = createRoute({
  ...read,
  method: "get",
  path: "/v1/repos/{owner}/{repo}/summary",
  summary: "Failure categories over time, flaky checks, fix success rate, time to diagnosis, LLM spend",
  request: {
    params: RepoParams,
    query: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }),
  },
  responses: { 200: json(RepositorySummary, "The summary"), ...errors },
});

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return btoa(`${row.createdAt.toISOString()}|${row.id}`);
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = atob(cursor).split("|");
    const createdAt = new Date(at ?? "");
    if (Number.isNaN(createdAt.getTime()) || !id || !/^[0-9a-f-]{36}$/.test(id)) throw new Error("bad");
    return { createdAt, id };
  } catch {
    throw new ApiError(400, "invalid_cursor", "the cursor is not one this API issued");
  }
}

export function statusRoutes() {
  const app = new OpenAPIHono<AuthEnv>();

  const repoFor = async (
    c: { var: AuthEnv["Variables"] },
    owner: string,
    name: string,
  ): Promise<Repository> => {
    const fullName = `${owner}/${name}`;
    const repo = await getRepositoryByFullName(c.var.deps.store.db, fullName);
    // Access is checked before existence is told, so a key for A learns nothing about B.
    assertRepositoryAccess(c.var.principal, {
      id: repo?.id ?? null,
      fullName,
      githubId: repo?.githubId ?? null,
    });
    if (!repo) throw new ApiError(404, "not_found", `no data for ${fullName}`);
    return repo;
  };
  const checkOwner = async (c: { var: AuthEnv["Variables"] }, repositoryId: string) => {
    const repo = await getRepositoryById(c.var.deps.store.db, repositoryId);
    if (!repo) throw new ApiError(404, "not_found", "not found");
    assertRepositoryAccess(c.var.principal, {
      id: repo.id,
      fullName: repo.fullName,
      githubId: repo.githubId,
    });
  };

  app.openapi(failureRoute, async (c) => {
    const db = c.var.deps.store.db;
    const failure = await getFailureReport(db, c.req.valid("param").id);
    if (!failure) throw new ApiError(404, "not_found", "no such failure");
    await checkOwner(c, failure.repositoryId);
    const [detail] = await loadFailureDetails(db, [failure]);
    return c.json(toFailureView(detail!), 200);
  });

  app.openapi(analysisRoute, async (c) => {
    const db = c.var.deps.store.db;
    const analysis = await getAnalysis(db, c.req.valid("param").id);
    if (!analysis) throw new ApiError(404, "not_found", "no such analysis");
    const failure = await getFailureReport(db, analysis.failureId);
    await checkOwner(c, failure!.repositoryId);
    return c.json(toAnalysisView(analysis), 200);
  });

  app.openapi(fixAttemptRoute, async (c) => {
    const attempt = await getFixAttempt(c.var.deps.store.db, c.req.valid("param").id);
    if (!attempt) throw new ApiError(404, "not_found", "no such fix attempt");
    await checkOwner(c, attempt.repositoryId);
    return c.json(toFixAttemptView(attempt), 200);
  });

  app.openapi(pullRoute, async (c) => {
    const { owner, repo: name, number } = c.req.valid("param");
    const repo = await repoFor(c, owner, name);
    const pr = await getPullRequestByNumber(c.var.deps.store.db, repo.id, number);
    if (!pr) throw new ApiError(404, "not_found", `no data for ${repo.fullName}#${number}`);
    const t = await pullRequestTimeline(c.var.deps.store.db, pr.id);
    return c.json(
      {
        repository: repo.fullName,
        number: pr.prNumber,
        title: pr.title,
        author: pr.author,
        branch: pr.branch,
        headSha: pr.headSha,
        isFork: pr.isFork,
        state: pr.state,
        current: currentState(pr.headSha, t.failures),
        checks: t.checks.map((r) => ({
          id: r.id,
          externalId: r.externalId,
          name: r.checkName,
          headSha: r.headSha,
          status: r.status,
          conclusion: r.conclusion,
          completedAt: r.completedAt?.toISOString() ?? null,
        })),
        failures: t.failures.map(toFailureView),
        reviews: t.reviews.map((r) => ({
          id: r.id,
          headSha: r.headSha,
          reviewerName: r.reviewerName,
          provider: r.provider,
          decision: r.decision,
          confidence: r.confidence,
          comments: r.comments,
          createdAt: r.createdAt.toISOString(),
        })),
      },
      200,
    );
  });

  app.openapi(failuresRoute, async (c) => {
    const { owner, repo: name } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    const repo = await repoFor(c, owner, name);
    const rows = await listFailures(c.var.deps.store.db, repo.id, {
      limit: limit + 1,
      ...(cursor ? { cursor: decodeCursor(cursor) } : {}),
    });
    const page = rows.slice(0, limit);
    const details = await loadFailureDetails(c.var.deps.store.db, page);
    const last = page.at(-1);
    return c.json(
      {
        items: details.map(toFailureView),
        nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
      },
      200,
    );
  });

  app.openapi(summaryRoute, async (c) => {
    const { owner, repo: name } = c.req.valid("param");
    const repo = await repoFor(c, owner, name);
    const since = new Date(c.var.deps.clock.now().getTime() - c.req.valid("query").days * 86_400_000);
    const s = await repositorySummary(c.var.deps.store.db, repo.id, since);
    return c.json({ repository: repo.fullName, since: since.toISOString(), ...s }, 200);
  });

  return app;
}
