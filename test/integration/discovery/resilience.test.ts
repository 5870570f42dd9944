import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDiscoveryRun } from "../../../backend/discovery/index.js";
import { failureReports, repositories } from "../../../backend/store/schema.js";
import type { DisposableStore } from "../../helpers/fresh-postgres.js";
import { createTestPostgres } from "../../helpers/postgres.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";
import { type SeededPull, seedFleet } from "./fleet.js";
import { discoveryHarness } from "./harness.js";

describe("discovery under faults and limits", () => {
  let gh: RunningGitHubSimulator;
  const stores: DisposableStore[] = [];
  let pulls: SeededPull[];

  beforeAll(async () => {
    gh = await startGitHubSimulator({ latencyMs: [1, 5] });
    ({ pulls } = seedFleet(gh.sim, {
      org: "acme",
      repos: 3,
      pullsPerRepo: () => 2,
      checks: [3, 5],
      failingShare: 1,
      seed: 5,
    }));
  });
  afterEach(() => {
    gh.sim.faults.length = 0;
    gh.sim.forcedSecondary = null;
  });
  afterAll(async () => {
    for (const s of stores) await s.drop();
    await gh?.close();
  });

  async function fresh(token: string, limits: Parameters<typeof discoveryHarness>[1]["limits"] = {}) {
    gh.sim.addToken(token, { login: token });
    const store = await createTestPostgres();
    stores.push(store);
    return { store, h: await discoveryHarness(store, { githubUrl: gh.url, token, orgs: ["acme"], limits }) };
  }

  it("one repository's error loses nothing of the others and is recorded in the run", async () => {
    const { store, h } = await fresh("ghp_faults");
    gh.sim.injectFault({ path: "/repos/acme/service-001/pulls", status: 502, times: 50 });
    const { plan } = await h.runCycle();

    const run = await getDiscoveryRun(store.db, plan.runId);
    expect(run).toMatchObject({ reposTotal: 3, reposOk: 2, reposFailed: 1 });
    expect(run?.errors).toHaveLength(1);
    expect(run?.errors[0]).toMatchObject({ repository: "acme/service-001" });
    expect(run?.errors[0]?.error).toMatch(/502/);

    const reported = await store.db
      .select({ repo: repositories.fullName, jobId: failureReports.jobId })
      .from(failureReports)
      .innerJoin(repositories, eq(repositories.id, failureReports.repositoryId));
    const expected = pulls.filter((p) => p.repo !== "acme/service-001").flatMap((p) => p.failingJobs);
    expect(reported.map((r) => r.jobId).sort()).toEqual(expected.sort());

    // The next cycle picks the repository up once GitHub answers again.
    gh.sim.faults.length = 0;
    await h.runCycle();
    expect(await store.db.select().from(failureReports)).toHaveLength(
      pulls.flatMap((p) => p.failingJobs).length,
    );
  });

  it("waits out a secondary limit for as long as retry-after says, then succeeds", async () => {
    const waits: number[] = [];
    const { store, h } = await fresh("ghp_secondary", {
      waitScale: 1,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    gh.sim.forceSecondaryLimit({ times: 1, retryAfterSeconds: 7, status: 429 });
    const mark = gh.sim.requests.length;
    const { plan } = await h.runCycle();
    expect(waits).toContain(7_000);
    const limited = gh.sim.requests.slice(mark).filter((r) => r.status === 429);
    expect(limited).toHaveLength(1);
    const run = await getDiscoveryRun(store.db, plan.runId);
    expect(run).toMatchObject({ reposOk: 3, reposFailed: 0 });
    expect(await store.db.select().from(failureReports)).toHaveLength(
      pulls.flatMap((p) => p.failingJobs).length,
    );
  });

  it("without retry-after waits 60 s, then doubles", async () => {
    const waits: number[] = [];
    const { h } = await fresh("ghp_secondary_bare", {
      waitScale: 1,
      maxConcurrent: 1,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    gh.sim.forceSecondaryLimit({ times: 2, retryAfterSeconds: null });
    await h.runCycle();
    expect(waits.slice(0, 2)).toEqual([60_000, 120_000]);
  });

  it("a spent primary limit answers 503 with retry-after instead of hanging", async () => {
    const { store, h } = await fresh("ghp_spent", { maxWaitMs: 1_000 });
    gh.sim.exhaustRateLimit("ghp_spent");
    const res = await h.app.request("/v1/cron/discover", {
      method: "POST",
      headers: { authorization: "Bearer cron-secret-for-tests-0123456789" },
    });
    // Listing the organisation is the first request: the cycle cannot be planned.
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("300");
    expect(await res.json()).toMatchObject({ error: { code: "github_rate_limited" } });
    expect(await store.db.select().from(failureReports)).toHaveLength(0);
  });
});
