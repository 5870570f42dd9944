import type { Hono } from "hono";
import type { SimEnv, SimServices } from "../context.js";
import { executeQuery, GqlError, queryCost } from "../graphql/execute.js";
import { GqlSyntaxError, parseQuery } from "../graphql/parse.js";

/**
 * POST /graphql with a purpose-built resolver (see graphql/execute.ts for the types served).
 * Points are charged before execution; a query costing more than what is left gets GitHub's
 * 200 + RATE_LIMITED answer with x-ratelimit-remaining: 0.
 */
export function graphqlRoutes(app: Hono<SimEnv>, { state, limits }: SimServices): void {
  app.post("/graphql", async (c) => {
    const token = c.get("token");
    c.set("charged", { resource: "graphql", cost: 0 });
    let body: { query?: unknown; variables?: unknown };
    try {
      body = await c.req.json();
    } catch {
      return c.json(
        { message: "Problems parsing JSON", documentation_url: "https://docs.github.com/graphql" },
        400,
      );
    }
    if (typeof body.query !== "string") {
      return c.json({ errors: [{ message: "A query attribute must be specified and must be a string." }] });
    }
    const variables =
      body.variables && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : {};
    try {
      const op = parseQuery(body.query);
      const merged = { ...op.variableDefaults, ...variables };
      const { cost, nodeCount } = queryCost(op, merged);
      const before = limits.snapshot(token, "graphql");
      if (before.remaining < cost) {
        return c.json({
          errors: [
            {
              type: "RATE_LIMITED",
              code: "graphql_rate_limit",
              message: `API rate limit exceeded for user ID ${token.account.id}.`,
            },
          ],
        });
      }
      limits.charge(token, "graphql", cost);
      c.set("charged", { resource: "graphql", cost });
      const after = limits.snapshot(token, "graphql");
      return c.json(
        executeQuery(op, { state, token, variables: merged, rate: { ...after, cost, nodeCount } }),
      );
    } catch (err) {
      if (err instanceof GqlSyntaxError || err instanceof GqlError) {
        const type = err instanceof GqlError ? err.type : undefined;
        return c.json({ errors: [{ message: err.message, ...(type ? { type } : {}) }] });
      }
      throw err;
    }
  });
}
