import type { Context, Handler, Hono } from "hono";
import type { RateLimits } from "./limits.js";
import { notAccessible, ROUTE_PERMISSIONS, type RouteRequirement, tokenAllows } from "./permissions.js";
import type { GitHubShapes } from "./shapes.js";
import type { GitHubSimState, RateResource, SimRepository, SimToken } from "./state.js";

export interface SimEnv {
  Variables: {
    token: SimToken;
    shapes: GitHubShapes;
    /** Set by routes that charge their own points (GraphQL), so the gateway does not charge again. */
    charged: { resource: RateResource; cost: number } | undefined;
  };
}

export type SimContext = Context<SimEnv>;

export interface SimServices {
  state: GitHubSimState;
  limits: RateLimits;
  /** Secret for signing blob URLs (job logs). */
  blobSecret: string;
  blobTtlMs: number;
}

export interface RouteSpec {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** The path as @octokit/openapi names it, e.g. /repos/{owner}/{repo}/pulls/{pull_number}. */
  path: string;
}

/** Every REST route the simulator serves, in OpenAPI form, so tests can check coverage. */
export const REST_ROUTES: RouteSpec[] = [];

// Parameters whose values contain slashes (file paths, refs like heads/feature/x).
const GREEDY = new Set(["path", "ref"]);

export function toHonoPath(openapiPath: string): string {
  return openapiPath.replace(/\{([a-z_]+)\}/g, (_, name: string) =>
    GREEDY.has(name) ? `:${name}{.+}` : `:${name}`,
  );
}

/**
 * Registers a REST route behind GitHub's access rules for permission-scoped tokens: a repository
 * outside the token's reach answers 404 as if it did not exist, and a token without the permission
 * the route needs (permissions.ts) gets 403 "Resource not accessible by integration".
 */
export function route(app: Hono<SimEnv>, spec: RouteSpec, handler: Handler<SimEnv>): void {
  const key = `${spec.method} ${spec.path}`;
  const requirement = ROUTE_PERMISSIONS[key];
  if (!requirement) throw new Error(`simulator: ${key} has no entry in ROUTE_PERMISSIONS (permissions.ts)`);
  if (!REST_ROUTES.some((r) => r.method === spec.method && r.path === spec.path)) REST_ROUTES.push(spec);
  app.on(spec.method, toHonoPath(spec.path), (c, next) => authorize(c, requirement) ?? handler(c, next));
}

function authorize(c: SimContext, requirement: RouteRequirement): Response | null {
  // The App's JWT carries no installation permissions; those handlers check the JWT themselves.
  if (requirement.kind === "app") return null;
  const token = c.get("token");
  const owner = c.req.param("owner");
  const repo = c.req.param("repo");
  if (owner && repo && token.repositories && !token.repositories.has(`${owner}/${repo}`.toLowerCase())) {
    return ghError(404, "Not Found");
  }
  if (requirement.kind === "none" || tokenAllows(token, requirement.anyOf, requirement.level)) return null;
  return notAccessible(requirement);
}

export function ghError(status: number, message: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ message, documentation_url: "https://docs.github.com/rest", ...extra }, { status });
}

export function findRepo(c: SimContext, state: GitHubSimState): SimRepository | null {
  const owner = c.req.param("owner");
  const name = c.req.param("repo");
  if (!owner || !name) return null;
  const repo = state.repositories.get(`${owner}/${name}`.toLowerCase());
  if (!repo || !state.canSee(c.get("token"), repo)) return null;
  return repo;
}

export function intParam(c: SimContext, name: string): number {
  const value = Number(c.req.param(name));
  return Number.isInteger(value) ? value : -1;
}

/** GitHub's page/per_page pagination with a Link header (first, prev, next, last). */
export function paginate<T>(c: SimContext, items: T[]): T[] {
  const url = new URL(c.req.url);
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get("per_page") ?? 30) || 30));
  const page = Math.max(1, Number(url.searchParams.get("page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string) => {
    const u = new URL(url);
    u.searchParams.set("per_page", String(perPage));
    u.searchParams.set("page", String(p));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"));
  if (links.length > 0) c.header("link", links.join(", "));
  return items.slice((page - 1) * perPage, page * perPage);
}

export async function readJson(c: SimContext): Promise<Record<string, unknown> | null> {
  try {
    const body: unknown = await c.req.json();
    return body && typeof body === "object" && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export function param(c: SimContext, name: string): string {
  return c.req.param(name) ?? "";
}
