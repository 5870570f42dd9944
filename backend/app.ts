import { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { dashboardRoutes } from "./dashboard/routes.js";
import type { AppDeps } from "./deps.js";
import { type DiscoveryRouteOptions, discoveryRoutes } from "./discovery/routes.js";
import { fixRoutes } from "./fixes/routes.js";
import { ApiError, errorBody, respondToError } from "./http/errors.js";
import { ingestRoutes } from "./ingest/routes.js";
import type { Logger } from "./observability/logger.js";
import { operationsRoutes } from "./observability/routes.js";
import type { JobHandler, JobType } from "./queue/jobs.js";
import { createQueueRoutes } from "./queue/routes.js";
import { reviewRoutes } from "./review/routes.js";
import { statusRoutes } from "./status/routes.js";

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    log: Logger;
    requestId: string;
  };
};

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The backend, built from its dependencies. Runtime entries (Node, Workers, Vercel) and tests
 * call this with real or test instances; nothing here touches Node APIs.
 */
export interface QueueMount {
  /** verifyQStashSignature(...): every queue delivery must be signed by QStash (or the local server). */
  verify: MiddlewareHandler;
  handlers: Partial<Record<JobType, JobHandler>>;
  /** Shorter leases than JOB_LEASE_SECONDS (tests that let a "crashed" run's lease run out). */
  leaseSeconds?: Partial<Record<JobType, number>>;
}

/** Options of routes whose collaborators tests (or a deployment) may replace. */
export interface RouteOptions {
  discovery?: DiscoveryRouteOptions;
}

export function createApp(deps: AppDeps, queue?: QueueMount, routes: RouteOptions = {}) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new ApiError(
          400,
          "invalid_request",
          "request failed validation",
          result.error.issues.slice(0, 20),
        );
      }
    },
  });

  app.use(
    "*",
    requestId({
      headerName: "x-request-id",
      // A caller's id is kept when it is well-formed, so one id follows a failure end to end.
      generator: () => crypto.randomUUID(),
    }),
  );
  app.use("*", async function requestContext(c, next) {
    const incoming = c.req.header("x-request-id");
    const id = incoming && REQUEST_ID.test(incoming) ? incoming : c.get("requestId");
    c.header("x-request-id", id);
    c.set("requestId", id);
    c.set("deps", deps);
    const log = deps.logger.child({ requestId: id });
    c.set("log", log);
    const started = performance.now();
    await next();
    const route = c.req.routePath || "unmatched";
    deps.metrics.inc("acw_http_requests_total", "HTTP requests by route and status", {
      method: c.req.method,
      route,
      status: String(c.res.status),
    });
    log.info("request", {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: deps.env.MAX_BODY_BYTES,
      onError: (c) =>
        c.json(errorBody("payload_too_large", `request body exceeds ${deps.env.MAX_BODY_BYTES} bytes`), 413),
    }),
  );

  app.onError((err, c) => respondToError(err, c, (e) => c.var.log?.error("unhandled error", { error: e })));
  app.notFound((c) => c.json(errorBody("not_found", `no route for ${c.req.method} ${c.req.path}`), 404));

  app.route("/", operationsRoutes());
  if (queue) {
    app.route(
      "/v1/queue",
      createQueueRoutes({
        verify: queue.verify,
        handlers: queue.handlers,
        ...(queue.leaseSeconds ? { leaseSeconds: queue.leaseSeconds } : {}),
        db: deps.store.db,
        logger: deps.logger,
      }),
    );
  }
  app.route("/", ingestRoutes());
  app.route("/", statusRoutes());
  app.route("/", fixRoutes());
  app.route("/", reviewRoutes());
  app.route("/", discoveryRoutes(routes.discovery));
  app.route("/", dashboardRoutes());

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A GitHub Actions OIDC token (audience = this backend's URL) or an API key (acw_…)",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Agentic Coding Workflow API",
      version: deps.version,
      description: "Failure ingestion, status and analysis API of the Agentic Coding Workflow backend.",
    },
    servers: [{ url: deps.publicUrl }],
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
