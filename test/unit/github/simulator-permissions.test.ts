import { createRequire } from "node:module";
import { importPKCS8, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  REST_ROUTES,
  ROUTE_PERMISSIONS,
  type RunningGitHubSimulator,
  startGitHubSimulator,
} from "../../simulators/github/index.js";
import { validateResponse } from "../../simulators/github/openapi-validator.js";
import { seedAcme } from "./seed.js";

const APP_ID = 42;
const INSTALLATION = 7;
const NEW_SHA = "7".repeat(40);

let gh: RunningGitHubSimulator;
let seeded: ReturnType<typeof seedAcme>;
let appPrivateKey = "";

beforeAll(async () => {
  gh = await startGitHubSimulator();
  seeded = seedAcme(gh.sim);
  gh.sim.addRepository({ owner: "acme", name: "billing" });
  appPrivateKey = (await gh.sim.addApp({ appId: APP_ID, slug: "acw" })).privateKey;
  // Granted more than the backend's default (every write these tests narrow tokens down from).
  gh.sim.addInstallation({
    id: INSTALLATION,
    appId: APP_ID,
    account: "acme",
    permissions: {
      actions: "write",
      checks: "write",
      contents: "write",
      issues: "write",
      metadata: "read",
      pull_requests: "write",
    },
  });
});
afterAll(() => gh.close());

async function appJwt(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256" })
    .setIssuer(String(APP_ID))
    .setIssuedAt(now - 30)
    .setExpirationTime(now + 540)
    .sign(await importPKCS8(appPrivateKey, "RS256"));
}

/** An installation token minted the way the backend does it, optionally narrowed. */
async function mint(narrow: { repositories?: string[]; permissions?: Record<string, string> } = {}) {
  const res = await fetch(`${gh.url}/app/installations/${INSTALLATION}/access_tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${await appJwt()}`, "content-type": "application/json" },
    body: JSON.stringify(narrow),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

/** One REST call, its body checked against GitHub's OpenAPI description under its path template. */
async function call(token: string, method: string, template: string, url: string, body?: unknown) {
  const res = await fetch(`${gh.url}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: "application/vnd.github+json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : null;
  const errors = validateResponse({
    method,
    path: template,
    status: res.status,
    headers: res.headers,
    body: json,
  });
  return { status: res.status, body: json, errors, headers: res.headers };
}

const CREATE_REF = "/repos/{owner}/{repo}/git/refs";
const UPDATE_REF = "/repos/{owner}/{repo}/git/refs/{ref}";

describe("installation tokens can do only what their permissions allow", () => {
  it("a contents:read token cannot push: 403 with GitHub's body, and no branch appears or moves", async () => {
    const token = await mint({ permissions: { contents: "read" } });
    const before = gh.sim.repo("acme/api").branches.get("fix-total")?.sha;

    const created = await call(token, "POST", CREATE_REF, "/repos/acme/api/git/refs", {
      ref: "refs/heads/acw/read-only",
      sha: NEW_SHA,
    });
    expect(created.status).toBe(403);
    expect(created.body).toEqual({
      message: "Resource not accessible by integration",
      documentation_url: "https://docs.github.com/rest/git/refs#create-a-reference",
      status: "403",
    });
    expect(created.headers.get("x-accepted-github-permissions")).toBe("contents=write");
    expect(created.errors).toEqual([]);

    const moved = await call(token, "PATCH", UPDATE_REF, "/repos/acme/api/git/refs/heads/fix-total", {
      sha: NEW_SHA,
      force: true,
    });
    expect(moved.status).toBe(403);
    expect(moved.errors).toEqual([]);

    expect(gh.sim.repo("acme/api").branches.has("acw/read-only")).toBe(false);
    expect(gh.sim.repo("acme/api").branches.get("fix-total")?.sha).toBe(before);
    // Reading is what contents:read is for.
    const file = await call(
      token,
      "GET",
      "/repos/{owner}/{repo}/contents/{path}",
      "/repos/acme/api/contents/.github/acw.yml",
    );
    expect(file.status).toBe(200);
  });

  it("the same push with contents:write succeeds", async () => {
    const token = await mint({ permissions: { contents: "write" } });
    const created = await call(token, "POST", CREATE_REF, "/repos/acme/api/git/refs", {
      ref: "refs/heads/acw/writable",
      sha: NEW_SHA,
    });
    expect(created.status).toBe(201);
    expect(created.errors).toEqual([]);
    expect(gh.sim.repo("acme/api").branches.get("acw/writable")?.sha).toBe(NEW_SHA);
  });

  it("a token narrowed to one repository gets 404 for another, even where its permission would do", async () => {
    const token = await mint({ repositories: ["api"], permissions: { contents: "write" } });
    const own = await call(token, "GET", "/repos/{owner}/{repo}", "/repos/acme/api");
    expect(own.status).toBe(200);

    const other = await call(token, "GET", "/repos/{owner}/{repo}", "/repos/acme/billing");
    expect(other.status).toBe(404);
    expect(other.errors).toEqual([]);
    const push = await call(token, "POST", CREATE_REF, "/repos/acme/billing/git/refs", {
      ref: "refs/heads/elsewhere",
      sha: NEW_SHA,
    });
    expect(push.status).toBe(404);
    expect(gh.sim.repo("acme/billing").branches.has("elsewhere")).toBe(false);
  });

  it("reviews need pull_requests:write; the 403 is the one the description documents", async () => {
    const token = await mint({ permissions: { pull_requests: "read" } });
    const template = "/repos/{owner}/{repo}/pulls/{pull_number}/reviews";
    const url = `/repos/acme/api/pulls/${seeded.pr.number}/reviews`;
    const listed = await call(token, "GET", template, url);
    expect(listed.status).toBe(200);
    const posted = await call(token, "POST", template, url, { event: "COMMENT", body: "Looks off." });
    expect(posted.status).toBe(403);
    expect(posted.headers.get("x-accepted-github-permissions")).toBe("pull_requests=write");
    expect(validateResponse({ ...posted, method: "POST", path: template }, { published: true })).toEqual([]);
    expect(gh.sim.reviews.some((r) => r.body === "Looks off.")).toBe(false);
  });

  it("a PR comment takes issues or pull_requests write; checks and Actions need their own", async () => {
    const commentUrl = `/repos/acme/api/issues/${seeded.pr.number}/comments`;
    const commentTemplate = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
    const either: Array<Record<string, string>> = [{ issues: "write" }, { pull_requests: "write" }];
    for (const permissions of either) {
      const token = await mint({ permissions });
      const posted = await call(token, "POST", commentTemplate, commentUrl, { body: "Either will do." });
      expect(posted.status).toBe(201);
    }
    const neither = await mint({ permissions: { contents: "write" } });
    const refused = await call(neither, "POST", commentTemplate, commentUrl, { body: "Not this one." });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-accepted-github-permissions")).toBe("issues=write; pull_requests=write");

    const runs = `/repos/acme/api/commits/${seeded.pr.head.sha}/check-runs`;
    const checksTemplate = "/repos/{owner}/{repo}/commits/{ref}/check-runs";
    expect((await call(neither, "GET", checksTemplate, runs)).status).toBe(403);
    const jobs = `/repos/acme/api/actions/runs/${seeded.run.id}/jobs`;
    const jobsTemplate = "/repos/{owner}/{repo}/actions/runs/{run_id}/jobs";
    expect((await call(neither, "GET", jobsTemplate, jobs)).status).toBe(403);
    const reader = await mint({ permissions: { checks: "read", actions: "read" } });
    expect((await call(reader, "GET", checksTemplate, runs)).status).toBe(200);
    expect((await call(reader, "GET", jobsTemplate, jobs)).status).toBe(200);
  });

  it("GraphQL nulls what the token may not read, with a FORBIDDEN error where it was", async () => {
    const query = `query($n: Int!) { repository(owner: "acme", name: "api") {
      nameWithOwner
      pullRequest(number: $n) { headRefOid commits(last: 1) { nodes { commit {
        statusCheckRollup { state contexts(first: 10) { nodes { ... on CheckRun { name } } } } } } } }
    } }`;
    const ask = async (token: string) => {
      const res = await fetch(`${gh.url}/graphql`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ query, variables: { n: seeded.pr.number } }),
      });
      return (await res.json()) as {
        data: { repository: { nameWithOwner: string; pullRequest: unknown } | null };
        errors?: Array<{ type: string; path: string[]; message: string }>;
      };
    };
    const prsOnly = await ask(await mint({ permissions: { pull_requests: "read" } }));
    expect(prsOnly.data.repository?.nameWithOwner).toBe("acme/api");
    expect(prsOnly.data.repository?.pullRequest).toMatchObject({
      headRefOid: seeded.pr.head.sha,
      commits: { nodes: [{ commit: { statusCheckRollup: null } }] },
    });
    expect(prsOnly.errors).toEqual([
      {
        type: "FORBIDDEN",
        path: ["repository", "pullRequest", "commits", "nodes", "0", "commit", "statusCheckRollup"],
        message: "Resource not accessible by integration",
      },
    ]);

    const withChecks = await ask(await mint({ permissions: { pull_requests: "read", checks: "read" } }));
    expect(withChecks.errors).toBeUndefined();
    expect(JSON.stringify(withChecks.data)).toContain('"name":"typecheck"');
  });
});

describe("a workflow's GITHUB_TOKEN is held to its permissions block", () => {
  it("actions: read lists the run's jobs but cannot dispatch a workflow or touch another repository", async () => {
    const token = "ghs_workflowTokenActionsRead000000000000";
    gh.sim.addToken(token, {
      login: "github-actions[bot]",
      repositories: ["acme/api"],
      permissions: { actions: "read", "pull-requests": "read" },
    });
    const jobs = await call(
      token,
      "GET",
      "/repos/{owner}/{repo}/actions/runs/{run_id}/jobs",
      `/repos/acme/api/actions/runs/${seeded.run.id}/jobs`,
    );
    expect(jobs.status).toBe(200);
    const dispatched = await call(
      token,
      "POST",
      "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
      "/repos/acme/api/actions/workflows/acw-fix.yml/dispatches",
      { ref: "main" },
    );
    expect(dispatched.status).toBe(403);
    expect(dispatched.errors).toEqual([]);
    expect(gh.sim.dispatches).toEqual([]);
    expect((await call(token, "GET", "/repos/{owner}/{repo}", "/repos/acme/billing")).status).toBe(404);
  });

  it("a personal access token is not permission-scoped", async () => {
    const pat = "ghp_unscopedPersonalToken0000000000000000";
    gh.sim.addToken(pat);
    const pushed = await call(pat, "POST", CREATE_REF, "/repos/acme/billing/git/refs", {
      ref: "refs/heads/by-pat",
      sha: NEW_SHA,
    });
    expect(pushed.status).toBe(201);
  });
});

describe("the route → permission table", () => {
  it("covers every REST route, each naming the endpoint's page in GitHub's REST reference", () => {
    const spec = createRequire(import.meta.url)("@octokit/openapi/generated/api.github.com.json") as {
      paths: Record<string, Record<string, { externalDocs: { url: string } }>>;
    };
    const served = REST_ROUTES.map((r) => `${r.method} ${r.path}`).sort();
    expect(Object.keys(ROUTE_PERMISSIONS).sort()).toEqual(served);
    for (const [key, requirement] of Object.entries(ROUTE_PERMISSIONS)) {
      const [method = "", path = ""] = key.split(" ");
      const published = spec.paths[path]?.[method.toLowerCase()]?.externalDocs.url ?? "";
      // One page is published under an Enterprise Server version; the anchor is the same.
      expect(requirement.docs, key).toBe(published.replace(/enterprise-server@[\d.]+\//, ""));
    }
  });
});
