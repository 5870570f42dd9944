import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { decodeJwt, importSPKI, jwtVerify } from "jose";
import { ghError, type SimEnv, type SimServices } from "./context.js";
import type { RateSnapshot } from "./limits.js";
import { GIT_HTTP_PATH } from "./routes/git.js";
import { GitHubShapes } from "./shapes.js";
import type { FaultRule, RateResource, RequestLogEntry, SimToken } from "./state.js";

/** Paths a GitHub App calls as itself, with a JWT: /app/… and the repository's installation. */
const APP_JWT_PATHS = /^\/(app\/|repos\/[^/]+\/[^/]+\/installation$)/;

/** Paths that are not the REST/GraphQL API: blob storage and the runner's OIDC service. */
const OUTSIDE_API = /^\/(_blobs|_services|\.well-known)\//;

export interface GatewayOptions {
  latencyMs?: number | [number, number];
}

function delayFor(latency: GatewayOptions["latencyMs"]): number {
  if (latency === undefined) return 0;
  if (typeof latency === "number") return latency;
  return latency[0] + Math.random() * (latency[1] - latency[0]);
}

function rateHeaders(headers: Headers, s: RateSnapshot): void {
  headers.set("x-ratelimit-limit", String(s.limit));
  headers.set("x-ratelimit-remaining", String(s.remaining));
  headers.set("x-ratelimit-used", String(s.used));
  headers.set("x-ratelimit-reset", String(s.reset));
  headers.set("x-ratelimit-resource", s.resource);
}

function matchFault(faults: FaultRule[], method: string, path: string): FaultRule | undefined {
  return faults.find(
    (f) =>
      f.remaining > 0 &&
      (!f.method || f.method === method) &&
      (typeof f.path === "string" ? f.path === path : f.path.test(path)),
  );
}

function resourceOf(path: string): RateResource {
  if (path === "/graphql") return "graphql";
  if (path.startsWith("/search/")) return "search";
  return "core";
}

/**
 * Everything GitHub does around a handler: latency, injected faults, authentication, secondary
 * and primary limits, ETags tied to the token (304s are free), x-ratelimit-* headers, the log.
 */
export function gateway(services: SimServices, options: GatewayOptions): MiddlewareHandler<SimEnv> {
  const { state, limits } = services;
  const shapesByOrigin = new Map<string, GitHubShapes>();
  const appKeys = new Map<number, CryptoKey>();

  async function authenticate(header: string | undefined, path: string): Promise<SimToken | Response> {
    const match = /^(?:bearer|token)\s+(\S+)$/i.exec(header ?? "");
    if (!match?.[1]) return ghError(401, "Requires authentication");
    const raw = match[1];
    const known = state.tokens.get(raw);
    if (known) {
      const refusal = state.tokenRefusal(known);
      if (refusal === "expired") return ghError(401, "Bad credentials");
      if (refusal === "suspended") return ghError(403, "This installation has been suspended");
      return known;
    }
    if (raw.split(".").length === 3 && APP_JWT_PATHS.test(path)) {
      // A GitHub App JWT: iss is the app id, RS256 with the app's key, at most 10 minutes long.
      try {
        const appId = Number(decodeJwt(raw).iss);
        const app = state.apps.get(appId);
        if (!app) return ghError(401, "Integration not found");
        let key = appKeys.get(appId);
        if (!key) {
          key = await importSPKI(app.publicKeyPem, "RS256");
          appKeys.set(appId, key);
        }
        const { payload } = await jwtVerify(raw, key, {
          algorithms: ["RS256"],
          currentDate: new Date(state.clock.now()),
          clockTolerance: 60,
          requiredClaims: ["iat", "exp"],
        });
        const nowSeconds = Math.floor(state.clock.now() / 1000);
        if ((payload.exp ?? 0) > nowSeconds + 600 + 60) {
          return ghError(401, "'Expiration time' claim ('exp') is too far in the future");
        }
        return {
          token: raw,
          kind: "pat",
          login: app.slug,
          account: state.account(app.slug, "Bot"),
          repositories: new Set(),
          limits: { core: 5000, graphql: 0, search: 0 },
          budgetKey: `app:${appId}`,
          appId,
        } as SimToken & { appId: number };
      } catch {
        return ghError(401, "A JSON web token could not be decoded");
      }
    }
    return ghError(401, "Bad credentials");
  }

  return async function githubGateway(c, next) {
    const started = performance.now();
    const url = new URL(c.req.url);
    const path = url.pathname;
    const method = c.req.method;
    const entry: RequestLogEntry = {
      method,
      path,
      query: url.search,
      token: null,
      status: 0,
      resource: null,
      cost: 0,
      conditional: c.req.header("if-none-match") !== undefined,
      at: state.clock.now(),
      durationMs: 0,
    };
    let shapes = shapesByOrigin.get(url.origin);
    if (!shapes) {
      shapes = new GitHubShapes(state, url.origin);
      shapesByOrigin.set(url.origin, shapes);
    }
    c.set("shapes", shapes);
    const finish = (res: Response): Response => {
      entry.status = res.status;
      entry.durationMs = performance.now() - started;
      state.requests.push(entry);
      return res;
    };

    // Latency is time GitHub spends on the request: it counts as "in flight" for concurrency limits.
    const delay = delayFor(options.latencyMs);
    const latency = () => (delay > 0 ? new Promise((r) => setTimeout(r, delay)) : Promise.resolve());

    // Git over HTTPS authenticates with Basic credentials and has no API rate limit (routes/git.ts).
    if (OUTSIDE_API.test(path) || GIT_HTTP_PATH.test(path)) {
      await latency();
      await next();
      return finish(c.res);
    }

    const fault = matchFault(state.faults, method, path);
    if (fault) {
      fault.remaining -= 1;
      await latency();
      const body = fault.body ?? { message: "Server Error" };
      return finish(Response.json(body, { status: fault.status }));
    }

    const auth = await authenticate(c.req.header("authorization"), path);
    if (auth instanceof Response) return finish(auth);
    const token = auth;
    entry.token = token.token;
    c.set("token", token);
    c.set("charged", undefined);

    const resource = resourceOf(path);
    const free = path === "/rate_limit" || "appId" in token;
    entry.resource = free ? null : resource;
    limits.enter(token);
    try {
      const secondary = limits.secondaryLimit(token);
      if (secondary) {
        const res = ghError(
          secondary.status,
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
        );
        rateHeaders(res.headers, limits.snapshot(token, resource));
        if (secondary.retryAfterSeconds !== null)
          res.headers.set("retry-after", String(secondary.retryAfterSeconds));
        return finish(res);
      }
      await latency();
      if (!free && resource !== "graphql" && limits.snapshot(token, resource).remaining <= 0) {
        const res = ghError(403, `API rate limit exceeded for user ID ${token.account.id}.`);
        rateHeaders(res.headers, limits.snapshot(token, resource));
        return finish(res);
      }

      await next();

      let res = c.res;
      if (method === "GET" && res.status === 200 && !free) {
        const body = await res.clone().text();
        const etag = `W/"${createHash("sha256")
          .update(`${token.token}\n${c.req.header("accept") ?? ""}\n${body}`)
          .digest("hex")}"`;
        const headers = new Headers(res.headers);
        headers.set("etag", etag);
        headers.set("vary", "Accept, Authorization, Cookie, X-GitHub-OTP");
        headers.set("cache-control", "private, max-age=60, s-maxage=60");
        const ifNoneMatch = c.req.header("if-none-match");
        const matches = ifNoneMatch?.split(",").some((t) => t.trim() === etag || t.trim() === "*");
        if (matches) {
          headers.delete("content-type");
          headers.delete("content-length");
          headers.delete("link");
          res = new Response(null, { status: 304, headers });
        } else {
          res = new Response(body, { status: 200, headers });
        }
      }
      const charged = c.get("charged");
      if (charged) {
        entry.cost = charged.cost;
      } else if (!free && res.status !== 304) {
        limits.charge(token, resource, 1);
        entry.cost = 1;
      }
      res = new Response(res.body, { status: res.status, headers: new Headers(res.headers) });
      rateHeaders(res.headers, limits.snapshot(token, resource));
      res.headers.set("x-github-api-version-selected", "2022-11-28");
      res.headers.set("x-github-request-id", `SIM:${state.requests.length + 1}`);
      // GitHub names a classic PAT's scopes on every answer; fine-grained and App tokens get none.
      if (token.scopes) res.headers.set("x-oauth-scopes", token.scopes.join(", "));
      // Assigning c.res merges the old headers in (Hono); clearing it first keeps a 304 bodiless.
      c.res = undefined;
      c.res = res;
      return finish(res);
    } finally {
      limits.leave(token);
    }
  };
}
