import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AuthEnv, assertRepositoryAccess, authenticate } from "../auth/middleware.js";
import { ErrorSchema } from "../contract/failure-report.js";
import { ApiError } from "../http/errors.js";
import { enforceRepositoryRateLimit } from "../ingest/rate-limit.js";
import { jobIdOf } from "../queue/jobs.js";
import { getPullRequestByNumber } from "../store/pull-requests.js";
import { getRepositoryByFullName, upsertRepository } from "../store/repositories.js";

export const ReviewRequestSchema = z
  .object({
    repository: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, "must be OWNER/REPO")
      .openapi({ example: "octo-org/web-app" }),
    prNumber: z.number().int().positive(),
    /** The commit the caller wants reviewed; the job always reviews the PR's head when it runs. */
    headSha: z
      .string()
      .regex(/^[0-9a-f]{40}$/, "must be a 40-character hex commit SHA")
      .optional(),
  })
  .openapi("ReviewRequest");

export const ReviewQueuedSchema = z
  .object({
    repository: z.string(),
    prNumber: z.number().int(),
    jobId: z.string(),
    deduplicated: z.boolean(),
  })
  .openapi("ReviewQueued");

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const requestReviewRoute = createRoute({
  method: "post",
  path: "/v1/reviews",
  tags: ["review"],
  summary: "Queue a multi-reviewer code review of a pull request (one GitHub review per head SHA)",
  security: [{ bearer: [] }],
  middleware: authenticate("report"),
  request: { body: { required: true, content: { "application/json": { schema: ReviewRequestSchema } } } },
  responses: {
    202: json(ReviewQueuedSchema, "Queued"),
    400: json(ErrorSchema, "Invalid request"),
    401: json(ErrorSchema, "Missing or invalid token"),
    403: json(ErrorSchema, "Not allowed for this repository"),
    429: json(ErrorSchema, "Rate limited (see retry-after)"),
    503: json(ErrorSchema, "Queue unavailable; retry"),
  },
});

/** POST /v1/reviews. Mount with app.route("/", reviewRoutes()). */
export function reviewRoutes() {
  const app = new OpenAPIHono<AuthEnv>();
  app.openapi(requestReviewRoute, async (c) => {
    const { repository, prNumber, headSha } = c.req.valid("json");
    const { deps, principal } = c.var;
    const existing = await getRepositoryByFullName(deps.store.db, repository);
    assertRepositoryAccess(principal, {
      id: existing?.id ?? null,
      fullName: repository,
      githubId: existing?.githubId ?? null,
    });
    const repo = existing ?? (await upsertRepository(deps.store.db, { fullName: repository }));
    await enforceRepositoryRateLimit(deps, repo.id, "review");
    const known = await getPullRequestByNumber(deps.store.db, repo.id, prNumber);
    // Per SHA when one is known, so repeating the request is a no-op; the job is idempotent per
    // SHA anyway, so a request without one may safely queue again.
    const sha = headSha ?? known?.headSha ?? `request-${c.var.requestId}`;
    const dedupeId = `${repo.fullName}#${prNumber}@${sha}`;
    let published: { deduplicated: boolean };
    try {
      published = await deps.queue.publish({
        type: "review",
        body: { repository: repo.fullName, prNumber },
        dedupeId,
        correlationId: c.var.requestId,
        flowControlKey: repo.fullName,
      });
    } catch (err) {
      c.var.log.error("could not queue review", { repository, prNumber, error: err });
      throw new ApiError(503, "queue_unavailable", "the review could not be queued; retry the request");
    }
    return c.json(
      {
        repository: repo.fullName,
        prNumber,
        jobId: jobIdOf("review", dedupeId),
        deduplicated: published.deduplicated,
      },
      202,
    );
  });
  return app;
}
