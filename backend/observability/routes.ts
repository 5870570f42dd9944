import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app.js";
import { authenticate } from "../auth/middleware.js";
import type { DependencyHealth } from "../deps.js";
import { overallStatus, probe, timed } from "./health.js";

const Dependency = z.object({
  status: z.enum(["ok", "degraded", "down"]),
  latencyMs: z.number(),
  detail: z.string().optional(),
});
const Health = z
  .object({
    status: z.enum(["ok", "degraded", "down"]),
    version: z.string(),
    dependencies: z.record(z.string(), Dependency),
  })
  .openapi("Health");

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["operations"],
  summary: "Each dependency (database, queue, cache, llm, github) as ok / degraded / down with latency",
  responses: {
    200: { description: "Up (ok or degraded)", content: { "application/json": { schema: Health } } },
    503: { description: "The database is down", content: { "application/json": { schema: Health } } },
  },
});

const metricsRoute = createRoute({
  method: "get",
  path: "/metrics",
  tags: ["operations"],
  summary: "Prometheus metrics (admin API key)",
  security: [{ bearer: [] as string[] }],
  middleware: authenticate("admin"),
  responses: {
    200: { description: "Prometheus text format", content: { "text/plain": { schema: z.string() } } },
  },
});

export function operationsRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(healthRoute, async (c) => {
    const { deps } = c.var;
    const checks: Record<string, Promise<DependencyHealth>> = {
      database: probe(() => timed(() => deps.store.ping().then(() => deps.store.kind))),
    };
    for (const name of ["queue", "cache", "llm", "github"] as const) {
      const run = deps.probes[name];
      checks[name] = run
        ? probe(run)
        : Promise.resolve({ status: "ok", latencyMs: 0, detail: "not configured" });
    }
    const entries = await Promise.all(Object.entries(checks).map(async ([k, p]) => [k, await p] as const));
    const dependencies = Object.fromEntries(entries);
    const status = overallStatus(dependencies);
    return c.json({ status, version: deps.version, dependencies }, status === "down" ? 503 : 200);
  });
  app.openapi(metricsRoute, (c) =>
    c.text(c.var.deps.metrics.render(), 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }),
  );
  return app;
}
