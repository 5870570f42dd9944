import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app.js";
import { ErrorSchema } from "../contract/failure-report.js";
import type { AppDeps } from "../deps.js";
import type { LimitPolicy } from "../github/index.js";
import { ApiError } from "../http/errors.js";
import { type DiscoveryAccess, DiscoveryNotConfigured, discoveryAccessFromEnv } from "./access.js";
import { cronSecret } from "./cron-secret.js";
import { planDiscoveryCycle } from "./plan.js";
import { getDiscoveryRun } from "./runs.js";
import { type DiscoverySettings, discoverySettingsFromEnv } from "./settings.js";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const PlanSchema = z
  .object({
    runId: z.uuid(),
    repositories: z.number().int(),
    batches: z.number().int(),
    skipped: z.object({ archived: z.number().int(), empty: z.number().int(), reporting: z.number().int() }),
    skippedInstallations: z.array(
      z.object({
        installationId: z.number().int(),
        reason: z.enum(["suspended", "gone"]),
        detail: z.string(),
      }),
    ),
    warnings: z.array(z.string()),
    order: z.array(z.string()),
  })
  .openapi("DiscoveryPlan");

const RunSchema = z
  .object({
    id: z.uuid(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    reposTotal: z.number().int(),
    reposOk: z.number().int(),
    reposFailed: z.number().int(),
    failuresReported: z.number().int(),
    restRequests: z.number().int(),
    graphqlPoints: z.number().int(),
    errors: z.array(z.object({ repository: z.string(), error: z.string() })),
  })
  .openapi("DiscoveryRun");

const errors = {
  401: json(ErrorSchema, "Missing or wrong cron secret"),
  503: json(ErrorSchema, "CRON_SECRET or GitHub access not configured"),
};

const cycle = (method: "post" | "get") =>
  createRoute({
    method,
    path: "/v1/cron/discover",
    tags: ["discovery"],
    summary:
      method === "get"
        ? "Start a discovery cycle (GET, for Vercel cron)"
        : "Start a discovery cycle: list repositories, queue discover jobs in batches",
    security: [{ cronSecret: [] }],
    responses: { 202: json(PlanSchema, "Cycle planned; discover jobs queued"), ...errors },
  });

const runRoute = createRoute({
  method: "get",
  path: "/v1/cron/discover/runs/{id}",
  tags: ["discovery"],
  summary: "Progress of a discovery cycle: repositories done, failed (with errors), API usage",
  security: [{ cronSecret: [] }],
  request: { params: z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: { 200: json(RunSchema, "The cycle"), 404: json(ErrorSchema, "No such cycle"), ...errors },
});

export interface DiscoveryRouteOptions {
  /** From ACW_DISCOVERY_* (parseDiscoverySettings); defaults apply when omitted. */
  settings?: DiscoverySettings;
  /** GitHub access; defaults to the App or PAT in the backend's environment. */
  access?: (deps: AppDeps) => DiscoveryAccess | null;
  fetch?: typeof fetch;
  limits?: LimitPolicy;
}

/** POST and GET /v1/cron/discover (secret-authenticated) and the run's progress. */
export function discoveryRoutes(options: DiscoveryRouteOptions = {}) {
  const settingsFor = (deps: AppDeps) => options.settings ?? discoverySettingsFromEnv(deps.env);
  const accessFor =
    options.access ??
    ((deps: AppDeps) =>
      discoveryAccessFromEnv(deps.env, {
        cache: deps.cache,
        settings: settingsFor(deps),
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
      }));
  const app = new OpenAPIHono<AppEnv>();
  app.use("/v1/cron/*", cronSecret());
  const plan = async (c: { var: AppEnv["Variables"] }) => {
    const access = accessFor(c.var.deps);
    if (!access)
      throw new ApiError(
        503,
        "not_configured",
        "discovery needs GitHub access: set GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY, or GITHUB_TOKEN and ACW_DISCOVERY_ORGS",
      );
    try {
      return await planDiscoveryCycle(c.var.deps, access, settingsFor(c.var.deps), c.var.requestId);
    } catch (err) {
      if (err instanceof DiscoveryNotConfigured) throw new ApiError(503, "not_configured", err.message);
      const status = (err as { status?: unknown })?.status;
      if ((status === 403 || status === 429) && /rate limit/i.test(String((err as Error).message)))
        throw new ApiError(
          503,
          "github_rate_limited",
          "GitHub's rate limit for this credential is spent; the next cron run retries",
          undefined,
          { "retry-after": "300" },
        );
      throw err;
    }
  };
  app.openapi(cycle("post"), async (c) => c.json(await plan(c), 202));
  app.openapi(cycle("get"), async (c) => c.json(await plan(c), 202));
  app.openapi(runRoute, async (c) => {
    const run = await getDiscoveryRun(c.var.deps.store.db, c.req.valid("param").id);
    if (!run) throw new ApiError(404, "not_found", "no such discovery run");
    return c.json(
      { ...run, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null },
      200,
    );
  });
  return app;
}
