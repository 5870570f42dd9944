/**
 * GitHub API simulator: an in-process HTTP server on 127.0.0.1 speaking api.github.com's REST
 * shapes (validated against @octokit/openapi in test/unit/github), a small GraphQL resolver,
 * job-log blob storage and the Actions runner's OIDC token service.
 *
 *   const gh = await startGitHubSimulator({ latencyMs: [50, 150] });
 *   gh.sim.addToken("ghp_test");                                   // PAT that sees every repo
 *   gh.sim.addRepository({ owner: "acme", name: "api", files: { ".github/acw.yml": "…" } });
 *   const pr = gh.sim.addPullRequest("acme/api", { head: { ref: "fix" }, files: [{ filename, status, patch }] });
 *   const run = gh.sim.addWorkflowRun("acme/api", { headSha: pr.head.sha, pullRequests: [pr.number],
 *     jobs: [{ name: "test", conclusion: "failure", log: "…", steps: [{ name: "npm test", conclusion: "failure" }] }] });
 *   gh.sim.addCheckRun("acme/api", { headSha, name: "lint", conclusion: "success" }); // jobs add theirs too
 *   const app = await gh.sim.addApp({ appId: 1 }); gh.sim.addInstallation({ id: 7, appId: 1, account: "acme" });
 *     // the App's JWT: GET /app/installations (paginated; suspended ones listed with suspended_at),
 *     // GET /repos/{owner}/{repo}/installation (404 where not installed), POST
 *     // /app/installations/{id}/access_tokens (optionally narrowed to repositories / permissions;
 *     // 403 once gh.sim.suspendInstallation(id); 404, its tokens revoked, after gh.sim.removeInstallation(id))
 *   const oidc = gh.sim.issueOidcRequestToken({ repository: "acme/api" }); // → ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN
 *   gh.sim.addToken("ghs_workflow", { repositories: ["acme/api"], permissions: { actions: "read" } });
 *     // a workflow's GITHUB_TOKEN with a `permissions:` block
 *
 * Permission-scoped tokens (installation tokens, GITHUB_TOKENs added with `permissions`) are held to
 * GitHub's rules: each route needs the permission permissions.ts lists for it (403 "Resource not
 * accessible by integration" otherwise, naming the permission in x-accepted-github-permissions),
 * GraphQL objects likewise (null plus a FORBIDDEN error), and a repository outside the token's
 * repositories answers 404. PATs are not checked.
 *
 * Behaviour knobs: sim.secondaryLimits = { maxConcurrent, perMinute, retryAfterSeconds, status },
 * sim.forceSecondaryLimit({ times, retryAfterSeconds }), sim.exhaustRateLimit(token, "core"),
 * sim.injectFault({ path, status, times }), sim.clock.advance(ms), options.latencyMs, options.blobTtlMs.
 * Writes through the API: pull requests (POST …/pulls; the head branch must exist, e.g. made by
 * POST …/git/refs), reviews, review dismissals and edits (a review's `dismissal`, `previousBodies`).
 * Inspect: sim.reviews, sim.issueComments, sim.dispatches, sim.reruns, sim.refUpdates,
 * sim.requests (method, path, token, status, cost, conditional), sim.stats().
 * updatePullRequest / updateCheckRun / setBranchProtection change state between discovery cycles.
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createSimClock } from "./clock.js";
import { ghError, REST_ROUTES, type SimEnv, type SimServices } from "./context.js";
import { gateway } from "./gateway.js";
import { RateLimits, type RateSnapshot } from "./limits.js";
import { actionsRoutes } from "./routes/actions.js";
import { appRoutes } from "./routes/apps.js";
import { gitRoutes } from "./routes/git.js";
import { graphqlRoutes } from "./routes/graphql.js";
import { createOidcKeys, DEFAULT_OIDC_ISSUER, OIDC_TOKEN_PATH, oidcRoutes } from "./routes/oidc.js";
import { pullRoutes } from "./routes/pulls.js";
import { repositoryRoutes } from "./routes/repos.js";
import { reviewRoutes } from "./routes/reviews.js";
import { GitHubSimState, type RateResource } from "./state.js";

export { NOT_ACCESSIBLE, ROUTE_PERMISSIONS } from "./permissions.js";
export type * from "./state.js";
export { fakeSha } from "./state.js";
export { REST_ROUTES };

export interface GitHubSimulatorOptions {
  /** Fixed delay or [min, max] uniform range per request, in real milliseconds. */
  latencyMs?: number | [number, number];
  /** Lifetime of signed job-log URLs (GitHub: about a minute). */
  blobTtlMs?: number;
  /** `iss` of the OIDC tokens; the JWKS is always served by the simulator. */
  oidcIssuer?: string;
  /** Start of the simulator clock (epoch ms); defaults to now. */
  now?: number;
}

export class GitHubSim extends GitHubSimState {
  url = "";
  readonly limits: RateLimits;
  oidc = { issuer: DEFAULT_OIDC_ISSUER, jwksUrl: "", requestUrl: "" };

  constructor(now?: number) {
    super(createSimClock(now));
    this.limits = new RateLimits(this);
  }

  /**
   * Registers a runner's OIDC request token carrying these claims (repository required, the rest
   * derived like GitHub does). Put the result in ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN.
   */
  issueOidcRequestToken(claims: { repository: string } & Record<string, string | number>): {
    requestUrl: string;
    requestToken: string;
  } {
    const repo = this.repositories.get(claims.repository.toLowerCase());
    const [owner = ""] = claims.repository.split("/");
    const ref = String(claims.ref ?? `refs/heads/${repo?.defaultBranch ?? "main"}`);
    const workflowPath = ".github/workflows/ci.yml";
    const full: Record<string, string | number> = {
      sub: `repo:${claims.repository}:ref:${ref}`,
      ref,
      ref_type: "branch",
      sha: repo?.branches.get(repo.defaultBranch)?.sha ?? "0".repeat(40),
      repository_id: String(repo?.id ?? 1),
      repository_owner: owner,
      repository_owner_id: String(repo?.owner.id ?? 1),
      repository_visibility: repo?.private ? "private" : "public",
      run_id: "1",
      run_number: "1",
      run_attempt: "1",
      actor: "octocat",
      actor_id: String(this.account("octocat").id),
      workflow: "CI",
      workflow_ref: `${claims.repository}/${workflowPath}@${ref}`,
      job_workflow_ref: `${claims.repository}/${workflowPath}@${ref}`,
      event_name: "workflow_run",
      runner_environment: "github-hosted",
      ...claims,
    };
    full.repository = claims.repository;
    const requestToken = `oidc-req-${randomBytes(12).toString("hex")}`;
    this.oidcRequests.set(requestToken, { requestToken, claims: full });
    return { requestUrl: this.oidc.requestUrl, requestToken };
  }

  exhaustRateLimit(token: string, resource: RateResource = "core"): void {
    const record = this.tokens.get(token);
    if (!record) throw new Error(`simulator: unknown token ${token}`);
    this.limits.exhaust(record, resource);
  }

  rateLimit(token: string, resource: RateResource = "core"): RateSnapshot {
    const record = this.tokens.get(token);
    if (!record) throw new Error(`simulator: unknown token ${token}`);
    return this.limits.snapshot(record, resource);
  }
}

export interface RunningGitHubSimulator {
  url: string;
  sim: GitHubSim;
  close(): Promise<void>;
}

export async function startGitHubSimulator(
  options: GitHubSimulatorOptions = {},
): Promise<RunningGitHubSimulator> {
  const sim = new GitHubSim(options.now);
  const services: SimServices = {
    state: sim,
    limits: sim.limits,
    blobSecret: randomBytes(32).toString("hex"),
    blobTtlMs: options.blobTtlMs ?? 60_000,
  };
  const keys = await createOidcKeys(options.oidcIssuer ?? DEFAULT_OIDC_ISSUER);
  const app = new Hono<SimEnv>();
  app.use(
    "*",
    gateway(services, { ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}) }),
  );
  repositoryRoutes(app, services);
  appRoutes(app, services);
  pullRoutes(app, services);
  reviewRoutes(app, services);
  actionsRoutes(app, services);
  graphqlRoutes(app, services);
  oidcRoutes(app, services, keys);
  gitRoutes(app, services);
  app.notFound(() => ghError(404, "Not Found"));
  app.onError((err) => {
    console.error("github simulator:", err);
    return ghError(500, "Server Error");
  });

  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => {
    if (server.listening) resolve();
    else server.once("listening", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  sim.url = url;
  sim.oidc = {
    issuer: keys.issuer,
    jwksUrl: `${url}/.well-known/jwks`,
    requestUrl: `${url}${OIDC_TOKEN_PATH}?api-version=2.0`,
  };
  return {
    url,
    sim,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
