import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  REST_ROUTES,
  type RunningGitHubSimulator,
  startGitHubSimulator,
} from "../../simulators/github/index.js";
import { validateResponse } from "../../simulators/github/openapi-validator.js";
import { PAT, seedAcme } from "./seed.js";

let gh: RunningGitHubSimulator;
let seeded: ReturnType<typeof seedAcme>;
const validated = new Set<string>();
let appPrivateKey = "";

beforeAll(async () => {
  gh = await startGitHubSimulator();
  seeded = seedAcme(gh.sim);
  const app = await gh.sim.addApp({ appId: 42, slug: "acw" });
  appPrivateKey = app.privateKey;
  gh.sim.addInstallation({ id: 7, appId: app.appId, account: "acme" });
});
afterAll(() => gh.close());

async function call(
  method: string,
  template: string,
  url: string,
  init: { body?: unknown; token?: string; accept?: string } = {},
) {
  const res = await fetch(`${gh.url}${url}`, {
    method,
    redirect: "manual",
    headers: {
      authorization: `Bearer ${init.token ?? PAT}`,
      accept: init.accept ?? "application/vnd.github+json",
      ...(init.body ? { "content-type": "application/json" } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  const body: unknown =
    text && (res.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : text || null;
  const errors = validateResponse({ method, path: template, status: res.status, headers: res.headers, body });
  validated.add(`${method} ${template}`);
  return { status: res.status, body, errors, headers: res.headers };
}

describe("simulator responses match GitHub's OpenAPI description", () => {
  it("repositories, installations, contents, branches, rate limit", async () => {
    const appJwt = await signAppJwt(42);
    const token = await call(
      "POST",
      "/app/installations/{installation_id}/access_tokens",
      "/app/installations/7/access_tokens",
      {
        token: appJwt,
      },
    );
    expect(token.status).toBe(201);
    expect(token.errors).toEqual([]);
    const installationToken = (token.body as { token: string }).token;

    const installationTemplate = "/repos/{owner}/{repo}/installation";
    const installation = await call("GET", installationTemplate, "/repos/acme/api/installation", {
      token: appJwt,
    });
    expect(installation.status).toBe(200);
    expect(installation.errors).toEqual([]);
    expect(installation.body).toMatchObject({
      id: 7,
      app_id: 42,
      app_slug: "acw",
      target_type: "Organization",
    });
    gh.sim.addRepository({ owner: "globex", name: "api" });
    const notInstalled = await call("GET", installationTemplate, "/repos/globex/api/installation", {
      token: appJwt,
    });
    expect(notInstalled.status).toBe(404);
    expect(notInstalled.errors).toEqual([]);
    // Only the App itself (a JWT) may ask; a PAT may not.
    expect((await call("GET", installationTemplate, "/repos/acme/api/installation")).status).toBe(401);

    const narrowed = await call(
      "POST",
      "/app/installations/{installation_id}/access_tokens",
      "/app/installations/7/access_tokens",
      {
        token: appJwt,
        body: { repositories: ["api"], permissions: { contents: "read", pull_requests: "write" } },
      },
    );
    expect(narrowed.status).toBe(201);
    expect(narrowed.errors).toEqual([]);
    expect(narrowed.body).toMatchObject({
      permissions: { contents: "read", pull_requests: "write" },
      repository_selection: "selected",
      repositories: [{ full_name: "acme/api" }],
    });
    const refused = [
      await call(
        "POST",
        "/app/installations/{installation_id}/access_tokens",
        "/app/installations/7/access_tokens",
        { token: appJwt, body: { repositories: ["elsewhere"] } },
      ),
      await call(
        "POST",
        "/app/installations/{installation_id}/access_tokens",
        "/app/installations/7/access_tokens",
        { token: appJwt, body: { permissions: { administration: "write" } } },
      ),
    ];
    for (const r of refused) {
      expect(r.status).toBe(422);
      expect(r.errors).toEqual([]);
    }

    const checks = [
      await call("GET", "/repos/{owner}/{repo}", "/repos/acme/api"),
      await call("GET", "/orgs/{org}/repos", "/orgs/acme/repos?per_page=1"),
      await call("GET", "/installation/repositories", "/installation/repositories", {
        token: installationToken,
      }),
      await call("GET", "/repos/{owner}/{repo}/contents/{path}", "/repos/acme/api/contents/.github/acw.yml"),
      await call("GET", "/repos/{owner}/{repo}/branches/{branch}", "/repos/acme/api/branches/main"),
      await call(
        "GET",
        "/repos/{owner}/{repo}/branches/{branch}/protection",
        "/repos/acme/api/branches/main/protection",
      ),
      await call("GET", "/rate_limit", "/rate_limit"),
    ];
    for (const c of checks) {
      expect(c.status).toBe(200);
      expect(c.errors).toEqual([]);
    }
    const unprotected = await call(
      "GET",
      "/repos/{owner}/{repo}/branches/{branch}/protection",
      "/repos/acme/api/branches/fix-total/protection",
    );
    expect(unprotected.status).toBe(404);
    expect(unprotected.errors).toEqual([]);
    expect((checks[2]?.body as { total_count?: number } | undefined)?.total_count).toBe(2);
  });

  it("the App's installations: paginated, user and organisation accounts, suspended ones listed", async () => {
    const appJwt = await signAppJwt(42);
    gh.sim.addInstallation({ id: 8, appId: 42, account: "mona", accountType: "User" });
    gh.sim.addInstallation({ id: 9, appId: 42, account: "initech" });
    gh.sim.suspendInstallation(9, "initech-admin");
    const other = await gh.sim.addApp({ appId: 43 });
    gh.sim.addInstallation({ id: 10, appId: other.appId, account: "hooli" });

    const template = "/app/installations";
    const first = await call("GET", template, "/app/installations?per_page=2", { token: appJwt });
    expect(first.status).toBe(200);
    expect(first.errors).toEqual([]);
    expect(first.body).toMatchObject([
      { id: 7, target_type: "Organization", account: { login: "acme", type: "Organization" } },
      { id: 8, target_type: "User", account: { login: "mona", type: "User" }, suspended_at: null },
    ]);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get("link") ?? "")?.[1];
    expect(next).toBeDefined();
    expect(first.headers.get("link")).toContain('rel="last"');
    const second = await call("GET", template, new URL(next ?? "").pathname + new URL(next ?? "").search, {
      token: appJwt,
    });
    expect(second.status).toBe(200);
    expect(second.errors).toEqual([]);
    // The other App's installation is not listed; the suspended one is, with who and when.
    expect(second.body).toMatchObject([
      { id: 9, suspended_by: { login: "initech-admin" }, suspended_at: expect.any(String) },
    ]);
    expect(second.headers.get("link")).not.toContain('rel="next"');

    // A suspended installation gets no token.
    const refused = await call(
      "POST",
      "/app/installations/{installation_id}/access_tokens",
      "/app/installations/9/access_tokens",
      { token: appJwt },
    );
    expect(refused.status).toBe(403);
    expect(refused.errors).toEqual([]);
    expect(refused.body).toMatchObject({ message: "This installation has been suspended" });
    // Only the App itself (a JWT) may list them.
    expect((await call("GET", template, "/app/installations")).status).toBe(401);
  });

  it("pull requests, files, reviews and issue comments", async () => {
    const { pr } = seeded;
    const base = `/repos/acme/api/pulls/${pr.number}`;
    const list = await call("GET", "/repos/{owner}/{repo}/pulls", "/repos/acme/api/pulls?state=open");
    const one = await call("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", base);
    const files = await call("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files", `${base}/files`);
    const review = await call(
      "POST",
      "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
      `${base}/reviews`,
      {
        body: {
          event: "REQUEST_CHANGES",
          body: "Two type errors.",
          comments: [
            { path: "src/orders/total.ts", line: 13, side: "RIGHT", body: '`"0"` is a string.' },
            { path: "src/orders/total.ts", start_line: 15, line: 16, body: "Order has no discount." },
          ],
        },
      },
    );
    const reviews = await call("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", `${base}/reviews`);
    const reviewComments = await call(
      "GET",
      "/repos/{owner}/{repo}/pulls/{pull_number}/comments",
      `${base}/comments`,
    );
    const posted = await call(
      "POST",
      "/repos/{owner}/{repo}/issues/{issue_number}/comments",
      `/repos/acme/api/issues/${pr.number}/comments`,
      {
        body: { body: "ACW: typecheck failed (compilation/type_error)." },
      },
    );
    const id = (posted.body as { id: number }).id;
    const comments = await call(
      "GET",
      "/repos/{owner}/{repo}/issues/{issue_number}/comments",
      `/repos/acme/api/issues/${pr.number}/comments`,
    );
    const single = await call(
      "GET",
      "/repos/{owner}/{repo}/issues/comments/{comment_id}",
      `/repos/acme/api/issues/comments/${id}`,
    );
    const edited = await call(
      "PATCH",
      "/repos/{owner}/{repo}/issues/comments/{comment_id}",
      `/repos/acme/api/issues/comments/${id}`,
      {
        body: { body: "ACW: typecheck failed — fix queued." },
      },
    );
    for (const c of [list, one, files, review, reviews, reviewComments, posted, comments, single, edited]) {
      expect(c.errors).toEqual([]);
      expect(c.status).toBeLessThan(300);
    }
    expect((reviewComments.body as unknown[]).length).toBe(2);
    expect((edited.body as { body: string }).body).toContain("fix queued");
  });

  it("checks, workflow runs, jobs, logs, re-runs and dispatches", async () => {
    const { pr, run } = seeded;
    const jobs = await call(
      "GET",
      "/repos/{owner}/{repo}/actions/runs/{run_id}/jobs",
      `/repos/acme/api/actions/runs/${run.id}/jobs?filter=latest`,
    );
    const jobId = (jobs.body as { jobs: Array<{ id: number }> }).jobs[0]?.id ?? 0;
    const checks = [
      await call(
        "GET",
        "/repos/{owner}/{repo}/commits/{ref}/check-runs",
        `/repos/acme/api/commits/${pr.head.sha}/check-runs`,
      ),
      await call(
        "GET",
        "/repos/{owner}/{repo}/commits/{ref}/check-suites",
        `/repos/acme/api/commits/${pr.head.sha}/check-suites`,
      ),
      await call(
        "GET",
        "/repos/{owner}/{repo}/actions/runs/{run_id}",
        `/repos/acme/api/actions/runs/${run.id}`,
      ),
      await call(
        "GET",
        "/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs",
        `/repos/acme/api/actions/runs/${run.id}/attempts/1/jobs`,
      ),
      jobs,
      await call(
        "GET",
        "/repos/{owner}/{repo}/actions/jobs/{job_id}",
        `/repos/acme/api/actions/jobs/${jobId}`,
      ),
    ];
    for (const c of checks) {
      expect(c.errors).toEqual([]);
      expect(c.status).toBe(200);
    }
    const logs = await call(
      "GET",
      "/repos/{owner}/{repo}/actions/jobs/{job_id}/logs",
      `/repos/acme/api/actions/jobs/${jobId}/logs`,
    );
    expect(logs.status).toBe(302);
    expect(logs.errors).toEqual([]);
    const rerun = await call(
      "POST",
      "/repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs",
      `/repos/acme/api/actions/runs/${run.id}/rerun-failed-jobs`,
    );
    expect(rerun.status).toBe(201);
    expect(rerun.errors).toEqual([]);
    const dispatch = await call(
      "POST",
      "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
      "/repos/acme/api/actions/workflows/acw-fix.yml/dispatches",
      {
        body: { ref: "main", inputs: { "failure-id": "f-1" } },
      },
    );
    expect(dispatch.status).toBe(204);
    expect(dispatch.errors).toEqual([]);
    expect(gh.sim.dispatches).toMatchObject([
      { repo: "acme/api", workflow: "acw-fix.yml", ref: "main", inputs: { "failure-id": "f-1" } },
    ]);
  });

  it("git refs", async () => {
    const sha = "a".repeat(40);
    const created = await call("POST", "/repos/{owner}/{repo}/git/refs", "/repos/acme/api/git/refs", {
      body: { ref: "refs/heads/acw/fix-1", sha },
    });
    const moved = await call(
      "PATCH",
      "/repos/{owner}/{repo}/git/refs/{ref}",
      "/repos/acme/api/git/refs/heads/acw/fix-1",
      {
        body: { sha: "b".repeat(40), force: false },
      },
    );
    expect([created.status, moved.status]).toEqual([201, 200]);
    expect([...created.errors, ...moved.errors]).toEqual([]);
    const protectedPush = await call(
      "PATCH",
      "/repos/{owner}/{repo}/git/refs/{ref}",
      "/repos/acme/api/git/refs/heads/main",
      {
        body: { sha: "c".repeat(40) },
      },
    );
    expect(protectedPush.status).toBe(422);
    expect(protectedPush.errors).toEqual([]);
  });

  it("creating pull requests: 201 with Location, and GitHub's validation errors", async () => {
    const branch = await call("POST", "/repos/{owner}/{repo}/git/refs", "/repos/acme/api/git/refs", {
      body: { ref: "refs/heads/acw/fix-openapi", sha: "d".repeat(40) },
    });
    expect(branch.status).toBe(201);
    const create = (body: Record<string, unknown>) =>
      call("POST", "/repos/{owner}/{repo}/pulls", "/repos/acme/api/pulls", { body });
    const created = await create({
      title: "Fix the order total",
      head: "acw/fix-openapi",
      base: "fix-total",
      body: "Automated fix.",
      draft: true,
    });
    expect(created.status).toBe(201);
    expect(created.errors).toEqual([]);
    const pr = created.body as { url: string; draft: boolean; head: { sha: string }; base: { ref: string } };
    expect(created.headers.get("location")).toBe(pr.url);
    expect(pr).toMatchObject({ draft: true, head: { sha: "d".repeat(40) }, base: { ref: "fix-total" } });
    const refusals = [
      await create({ title: "Again", head: "acme:acw/fix-openapi", base: "fix-total" }),
      await create({ title: "Same branch", head: "fix-total", base: "fix-total" }),
      await create({ title: "Nowhere", head: "acw/never-pushed", base: "fix-total" }),
      await create({ head: "acw/fix-openapi", base: "main" }),
    ];
    for (const r of refusals) {
      expect(r.status).toBe(422);
      expect(r.errors).toEqual([]);
    }
  });

  it("dismissing and editing reviews", async () => {
    const { pr } = seeded;
    const base = `/repos/acme/api/pulls/${pr.number}/reviews`;
    const post = async (event: string, body: string) =>
      (
        await call("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", base, {
          body: { event, body },
        })
      ).body as { id: number };
    const blocking = await post("REQUEST_CHANGES", "Blocking.");
    const note = await post("COMMENT", "A note.");
    const dismissTemplate = "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals";
    const editTemplate = "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}";
    const dismissed = await call("PUT", dismissTemplate, `${base}/${blocking.id}/dismissals`, {
      body: { message: "Superseded.", event: "DISMISS" },
    });
    const edited = await call("PUT", editTemplate, `${base}/${note.id}`, {
      body: { body: "Superseded note." },
    });
    expect([dismissed.status, edited.status]).toEqual([200, 200]);
    expect([...dismissed.errors, ...edited.errors]).toEqual([]);
    expect((dismissed.body as { state: string }).state).toBe("DISMISSED");
    expect((edited.body as { body: string }).body).toBe("Superseded note.");
    const refusals = [
      await call("PUT", dismissTemplate, `${base}/${note.id}/dismissals`, { body: { message: "No." } }),
      await call("PUT", dismissTemplate, `${base}/${blocking.id}/dismissals`, { body: {} }),
      await call("PUT", editTemplate, `${base}/${note.id}`, { body: {} }),
    ];
    for (const r of refusals) {
      expect(r.status).toBe(422);
      expect(r.errors).toEqual([]);
    }
    const unknown = await call("PUT", dismissTemplate, `${base}/999999/dismissals`, {
      body: { message: "x" },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.errors).toEqual([]);
  });

  it("every REST route the simulator serves was validated above", () => {
    const missing = REST_ROUTES.map((r) => `${r.method} ${r.path}`).filter((r) => !validated.has(r));
    expect(missing).toEqual([]);
  });
});

describe("the validator itself", () => {
  it("corrects the published list of installations, which no account can satisfy", async () => {
    // If this starts failing, @octokit/openapi fixed the schema: drop the entry in CORRECTED.
    const appJwt = await signAppJwt(42);
    const res = await fetch(`${gh.url}/app/installations?per_page=1`, {
      headers: { authorization: `Bearer ${appJwt}`, accept: "application/vnd.github+json" },
    });
    const published = validateResponse(
      {
        method: "GET",
        path: "/app/installations",
        status: 200,
        headers: res.headers,
        body: await res.json(),
      },
      { published: true },
    );
    expect(published).toContain("$[0].account.slug: required property missing");
    expect(published).toContain("$[0].client_id: property not in the schema");
  });

  it("rejects a response that drops a required field or invents one", () => {
    const headers = new Headers();
    const errors = validateResponse({
      method: "GET",
      path: "/repos/{owner}/{repo}/actions/jobs/{job_id}",
      status: 200,
      headers,
      body: { id: 1, status: "done", invented: true },
    });
    expect(errors.some((e) => e.includes("run_id: required property missing"))).toBe(true);
    expect(errors.some((e) => e.includes('"done" is not one of'))).toBe(true);
    expect(errors.some((e) => e.includes("invented: property not in the schema"))).toBe(true);
  });
});

async function signAppJwt(appId: number): Promise<string> {
  const { importPKCS8, SignJWT } = await import("jose");
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256" })
    .setIssuer(String(appId))
    .setIssuedAt(now - 30)
    .setExpirationTime(now + 540)
    .sign(await importPKCS8(appPrivateKey, "RS256"));
}
