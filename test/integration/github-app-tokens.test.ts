import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createAnthropicProvider } from "../../backend/analysis/providers/anthropic.js";
import { parseEnv } from "../../backend/config/env.js";
import { OrgConfig } from "../../backend/config/org.js";
import { GitHubAppNotInstalledError, githubTokensFromEnv } from "../../backend/github/tokens.js";
import { createJobHandlers } from "../../backend/jobs/index.js";
import { rerunFailedJobs } from "../../backend/jobs/rerun.js";
import { NonRetryableJobError } from "../../backend/queue/jobs.js";
import { failureReports } from "../../backend/store/schema.js";
import { type Scenario, seedScenario, startFixWorld, type World } from "../e2e/fix/harness.js";
import { DEFAULT_INSTALLATION_PERMISSIONS } from "../simulators/github/state.js";
import { seedPullRequest } from "./review/harness.js";

/**
 * The backend as a GitHub App (GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY): fix and review jobs act
 * with an installation token of the installation that covers the repository, minted at
 * GITHUB_API_URL (here the GitHub simulator) and limited to that one repository.
 */
const APP_ID = 4242;
const SLUG = "acw-test";
const INSTALLATION = 77;

describe("fix and review jobs with GitHub App installation tokens", () => {
  let world: World;
  let handlers: ReturnType<typeof createJobHandlers>;
  let cart: Scenario;
  let privateKey: string;
  /** A fresh token source for the App, as the backend builds it from its environment. */
  const appTokens = () =>
    githubTokensFromEnv(
      parseEnv({
        GITHUB_API_URL: world.gh.url,
        GITHUB_APP_ID: String(APP_ID),
        GITHUB_APP_PRIVATE_KEY: privateKey,
      }),
    )!;

  beforeAll(async () => {
    world = await startFixWorld();
    const sim = world.gh.sim;
    ({ privateKey } = await sim.addApp({ appId: APP_ID, slug: SLUG }));
    sim.addInstallation({ id: INSTALLATION, appId: APP_ID, account: "acme" });
    // An installation on another account that does not include globex/api.
    sim.addInstallation({ id: 78, appId: APP_ID, account: "globex", repositories: ["web"] });
    // Another App's installation on initech: not ours to use.
    await sim.addApp({ appId: 5151 });
    sim.addInstallation({ id: 79, appId: 5151, account: "initech" });
    cart = await seedScenario(world, { name: "cart" });
    world.anthropic.respondWith(() => ({
      toolUse: { input: { findings: [], summary: "Nothing stands out." } },
    }));
    const env = parseEnv({
      PUBLIC_URL: world.deps.env.PUBLIC_URL,
      GITHUB_API_URL: world.gh.url,
      GITHUB_APP_ID: String(APP_ID),
      // As a .env file carries it: one line, newlines escaped.
      GITHUB_APP_PRIVATE_KEY: privateKey.trim().replace(/\n/g, "\\n"),
    });
    handlers = createJobHandlers(
      {
        ...world.deps,
        env,
        org: OrgConfig.parse({
          defaults: {
            auto_fix_enabled: true,
            validation_commands: ["node test.mjs"],
            max_fix_attempts: 2,
            reviewers: ["security"],
          },
        }),
      },
      {
        provider: createAnthropicProvider({
          apiKey: "sk-ant-test",
          baseURL: world.anthropic.url,
          model: "claude-sonnet-test",
          retry: { maxAttempts: 1 },
        }),
        github: githubTokensFromEnv(env),
      },
    );
  });
  afterAll(async () => {
    await world?.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const ctx = (jobId: string) => ({
    jobId,
    attempt: 1,
    correlationId: `corr-${jobId}`,
    db: world.store.db,
  });
  const requests = (path: string | RegExp) =>
    world.gh.sim.requests.filter((r) => (typeof path === "string" ? r.path === path : path.test(r.path)));
  const mints = () => requests(`/app/installations/${INSTALLATION}/access_tokens`);

  it("a fix job dispatches the fix workflow with an installation token limited to the repository", async () => {
    const result = await handlers.fix!({ analysisId: cart.analysisId }, ctx("fix:app-1"));
    expect(result).toMatchObject({ status: "queued", dispatched: true });

    const dispatch = world.gh.sim.dispatches.find((d) => d.repo === cart.fullName);
    expect(dispatch).toMatchObject({ workflow: "acw-fix.yml", ref: "main" });
    const token = world.gh.sim.tokens.get(dispatch!.token);
    expect(token).toMatchObject({
      kind: "installation",
      installationId: INSTALLATION,
      login: `${SLUG}[bot]`,
      permissions: DEFAULT_INSTALLATION_PERMISSIONS,
    });
    expect(dispatch!.token).toMatch(/^ghs_/);
    // The installation covers all of acme; the token only the repository the job acts on.
    expect([...token!.repositories!]).toEqual([cart.fullName]);

    // One lookup of the installation and one token, though the job made several GitHub calls.
    expect(requests(`/repos/${cart.fullName}/installation`).map((r) => r.status)).toEqual([200]);
    expect(mints().map((r) => r.status)).toEqual([201]);
    const calls = world.gh.sim.requests.filter(
      (r) => r.path.startsWith(`/repos/${cart.fullName}/`) && !r.path.endsWith("/installation"),
    );
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(new Set(calls.map((r) => r.token))).toEqual(new Set([dispatch!.token]));

    // The token cannot reach another acme repository, though the App can.
    const other = world.gh.sim.addRepository({ owner: "acme", name: "billing" });
    const res = await fetch(`${world.gh.url}/repos/${other.fullName}`, {
      headers: { authorization: `Bearer ${dispatch!.token}` },
    });
    expect(res.status).toBe(404);
  });

  it("a review job on the same repository within the token's life reuses the cached token", async () => {
    const pr = seedPullRequest(world.gh, cart.fullName);
    const mark = world.gh.sim.requests.length;
    const result = await handlers.review!(
      { repository: cart.fullName, prNumber: pr.number },
      ctx("review:app-1"),
    );
    expect(result).toMatchObject({ status: "posted" });

    const review = world.gh.sim.reviews.find((r) => r.repo === cart.fullName && r.pullNumber === pr.number);
    expect(review?.user.login).toBe(`${SLUG}[bot]`);
    const fixToken = world.gh.sim.dispatches.find((d) => d.repo === cart.fullName)!.token;
    const since = world.gh.sim.requests.slice(mark);
    expect(
      since.filter((r) => r.path.includes("/installation") || r.path.includes("/access_tokens")),
    ).toEqual([]);
    expect(new Set(since.map((r) => r.token))).toEqual(new Set([fixToken]));
  });

  it("a review job on another repository of the installation gets that repository's own token", async () => {
    const pr = seedPullRequest(world.gh, "acme/storefront");
    const before = mints().length;
    const result = await handlers.review!(
      { repository: "acme/storefront", prNumber: pr.number },
      ctx("review:app-2"),
    );
    expect(result).toMatchObject({ status: "posted" });
    expect(mints().length).toBe(before + 1);
    const review = world.gh.sim.reviews.find((r) => r.repo === "acme/storefront")!;
    const posted = world.gh.sim.requests.find(
      (r) => r.method === "POST" && r.path === `/repos/acme/storefront/pulls/${pr.number}/reviews`,
    )!;
    expect(review.user.login).toBe(`${SLUG}[bot]`);
    expect([...world.gh.sim.tokens.get(posted.token!)!.repositories!]).toEqual(["acme/storefront"]);
  });

  it("after the token's hour a new one is minted, without looking the installation up again", async () => {
    const github = appTokens();
    const first = await github.tokenFor("acme/cart");
    expect(await github.tokenFor("acme/cart")).toBe(first);
    const lookups = requests("/repos/acme/cart/installation").length;
    const minted = mints().length;

    // Date drives both @octokit/auth-app's cache and the simulator's clock (token expiry, JWTs).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 60 * 60_000 + 1_000 });
    const expired = await fetch(`${world.gh.url}/repos/acme/cart`, {
      headers: { authorization: `Bearer ${first}` },
    });
    expect(expired.status).toBe(401);
    const second = await github.tokenFor("acme/cart");
    expect(second).not.toBe(first);
    const fresh = await fetch(`${world.gh.url}/repos/acme/cart`, {
      headers: { authorization: `Bearer ${second}` },
    });
    expect(fresh.status).toBe(200);
    expect(mints().length).toBe(minted + 1);
    expect(requests("/repos/acme/cart/installation").length).toBe(lookups);
  });

  it("a repository the App is not installed on fails the job at once, saying so", async () => {
    const sim = world.gh.sim;
    sim.addRepository({ owner: "globex", name: "api" });
    sim.addRepository({ owner: "initech", name: "api" });
    const pr = seedPullRequest(world.gh, "globex/api");
    const mark = sim.requests.length;

    const refusal = handlers.review!({ repository: "globex/api", prNumber: pr.number }, ctx("review:app-3"));
    await expect(refusal).rejects.toBeInstanceOf(GitHubAppNotInstalledError);
    await expect(refusal).rejects.toBeInstanceOf(NonRetryableJobError);
    await expect(refusal).rejects.toThrow(/the GitHub App is not installed on globex\/api/);

    const github = appTokens();
    // Installed, but by another App; and a repository that does not exist at all.
    await expect(github.tokenFor("initech/api")).rejects.toThrow(/not installed on initech\/api/);
    await expect(github.tokenFor("acme/nope")).rejects.toThrow(/not installed on acme\/nope/);
    await expect(github.tokenFor("../../app")).rejects.toThrow(/not a repository name/);

    const since = sim.requests.slice(mark);
    expect(since.filter((r) => r.path.endsWith("/installation")).map((r) => r.status)).toEqual([
      404, 404, 404,
    ]);
    expect(since.filter((r) => r.path.endsWith("/access_tokens"))).toEqual([]);
    expect(sim.reviews.filter((r) => r.repo === "globex/api")).toEqual([]);
  });

  it("a flaky failure is re-run with the installation token; without an installation the re-run is skipped, saying why", async () => {
    const sim = world.gh.sim;
    const github = appTokens();
    const deps = { ...world.deps, org: OrgConfig.parse({ defaults: { rerun_flaky: true } }) };
    const [stored] = await world.store.db
      .select()
      .from(failureReports)
      .where(eq(failureReports.id, cart.failureId));
    const run = sim.addWorkflowRun(cart.fullName, {
      headSha: cart.headSha,
      pullRequests: [cart.prNumber],
      jobs: [{ name: "test", conclusion: "failure", log: "ECONNRESET" }],
    });
    expect(await rerunFailedJobs(deps, github, { ...stored!, runId: run.id }, cart.fullName)).toEqual({
      rerun: true,
    });
    expect(sim.reruns.filter((r) => r.runId === run.id)).toHaveLength(1);
    const rerunRequest = sim.requests.find((r) => r.path.endsWith(`/runs/${run.id}/rerun-failed-jobs`))!;
    expect(sim.tokens.get(rerunRequest.token!)).toMatchObject({
      kind: "installation",
      installationId: INSTALLATION,
    });

    const elsewhere = await rerunFailedJobs(deps, github, { ...stored!, runId: 424242 }, "globex/api");
    expect(elsewhere).toEqual({
      rerun: false,
      reason: expect.stringMatching(/the GitHub App is not installed on globex\/api/),
    });
  });

  it("an App reinstalled under a new installation id is looked up again", async () => {
    const sim = world.gh.sim;
    const github = appTokens();
    sim.addRepository({ owner: "umbrella", name: "lab" });
    sim.addInstallation({ id: 90, appId: APP_ID, account: "umbrella" });
    await github.tokenFor("umbrella/lab");
    sim.installations.delete(90);
    sim.addInstallation({ id: 91, appId: APP_ID, account: "umbrella" });
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 60 * 60_000 });
    const token = await github.tokenFor("umbrella/lab");
    expect(sim.tokens.get(token)).toMatchObject({ installationId: 91 });
    expect(requests("/repos/umbrella/lab/installation").map((r) => r.status)).toEqual([200, 200]);
  });
});
