import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDiscoveryRun } from "../../../backend/discovery/index.js";
import { checkRuns, failureReports, pullRequests, repositories } from "../../../backend/store/schema.js";
import type { DisposableStore } from "../../helpers/fresh-postgres.js";
import { createTestPostgres } from "../../helpers/postgres.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";
import { pushCommit, type SeededPull, seedFleet } from "./fleet.js";
import { discoveryHarness } from "./harness.js";

const TOKEN = "ghp_discovery_cycle";

describe("discovery cycle over several repositories", () => {
  let gh: RunningGitHubSimulator;
  let store: DisposableStore;
  let h: Awaited<ReturnType<typeof discoveryHarness>>;
  let pulls: SeededPull[];
  let repos: string[];

  beforeAll(async () => {
    gh = await startGitHubSimulator({ latencyMs: [2, 8] });
    gh.sim.addToken(TOKEN);
    ({ repos, pulls } = seedFleet(gh.sim, {
      org: "acme",
      repos: 4,
      pullsPerRepo: (i) => 3 + i,
      checks: [3, 8],
      failingShare: 0.5,
      seed: 11,
    }));
    store = await createTestPostgres();
    h = await discoveryHarness(store, { githubUrl: gh.url, token: TOKEN, orgs: ["acme"] });
  });
  afterAll(async () => {
    await store?.drop();
    await gh?.close();
  });

  const failedJobs = () => pulls.flatMap((p) => p.failingJobs);
  const analyzeJobs = () => h.queue.publishes.filter((j) => j.type === "analyze");

  it("finds every failing job and creates exactly one failure report and one analyze job per job", async () => {
    const { plan } = await h.runCycle();
    expect(plan.order).toEqual([...repos].sort());
    const reports = await store.db.select().from(failureReports);
    const expected = failedJobs();
    expect(expected.length).toBeGreaterThan(3);
    expect(reports.map((r) => r.jobId).sort()).toEqual([...expected].sort());
    expect(reports.every((r) => r.source === "discovery" && r.status === "received")).toBe(true);
    expect(reports.every((r) => r.excerpt.text.length > 0 && r.failedSteps.length === 1)).toBe(true);
    expect(
      analyzeJobs()
        .map((j) => (j.body as { failureId: string }).failureId)
        .sort(),
    ).toEqual(reports.map((r) => r.id).sort());
    const prs = await store.db.select().from(pullRequests);
    expect(prs).toHaveLength(pulls.length);
    const run = await getDiscoveryRun(store.db, plan.runId);
    expect(run).toMatchObject({
      reposTotal: 4,
      reposOk: 4,
      reposFailed: 0,
      failuresReported: expected.length,
    });
    expect(run?.finishedAt).not.toBeNull();
  });

  it("a second cycle with nothing changed creates nothing and is answered by 304s", async () => {
    const reportsBefore = (await store.db.select().from(failureReports)).length;
    const analyzeBefore = analyzeJobs().length;
    const mark = gh.sim.requests.length;
    await h.runCycle();
    const requests = gh.sim.requests.slice(mark);
    const api = requests.filter((r) => r.resource !== null);
    expect(api.length).toBeGreaterThan(0);
    expect(api.filter((r) => r.status === 304).length / api.length).toBeGreaterThanOrEqual(0.9);
    expect(api.reduce((n, r) => n + r.cost, 0)).toBe(0);
    expect((await store.db.select().from(failureReports)).length).toBe(reportsBefore);
    expect(analyzeJobs().length).toBe(analyzeBefore);
  });

  it("a check that turns failing on an unchanged head produces one event; turning passing produces none", async () => {
    const target = pulls.find((p) => p.failingJobs.length === 0 && p.repo === repos[0])!;
    const sim = gh.sim;
    const run = sim.addWorkflowRun(target.repo, {
      headSha: target.headSha,
      pullRequests: [target.number],
      name: "Nightly",
      status: "in_progress",
      jobs: [{ name: "slow-tests", status: "in_progress", steps: [{ name: "Run slow tests" }] }],
    });
    const job = [...sim.jobs.values()].find((j) => j.runId === run.id)!;
    // A new run on a settled head is seen when the head is re-verified (ACW_DISCOVERY_RECHECK_MINUTES).
    h.settings.recheckSettledMs = 0;
    await h.runCycle();
    h.settings.recheckSettledMs = 30 * 60_000;
    const [pending] = await store.db
      .select()
      .from(checkRuns)
      .where(eq(checkRuns.externalId, String(job.id)));
    expect(pending?.status).toBe("in_progress");
    const analyzeBefore = analyzeJobs().length;

    // The job finishes failing: same head, and its unfinished check is what brings the PR back.
    job.status = "completed";
    job.conclusion = "failure";
    job.completedAt = sim.iso();
    job.steps = job.steps.map((s) => ({ ...s, status: "completed", conclusion: "failure" }));
    job.log =
      "##[group]Run slow tests\nError: connect ECONNREFUSED 127.0.0.1:5432\n##[error]Process completed with exit code 1.\n";
    sim.updateCheckRun(job.id, { status: "completed", conclusion: "failure" });
    run.status = "completed";
    run.conclusion = "failure";
    await h.runCycle();
    const reports = await store.db.select().from(failureReports).where(eq(failureReports.jobId, job.id));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      workflow: "Nightly",
      failedSteps: ["Run slow tests"],
      headSha: target.headSha,
    });
    expect(analyzeJobs().length).toBe(analyzeBefore + 1);

    // Turning passing again (say, a manual fix of the check) updates the row and queues nothing.
    sim.updateCheckRun(job.id, { conclusion: "success" });
    h.settings.recheckSettledMs = 0;
    await h.runCycle();
    h.settings.recheckSettledMs = 30 * 60_000;
    const [passing] = await store.db
      .select()
      .from(checkRuns)
      .where(eq(checkRuns.externalId, String(job.id)));
    expect(passing?.conclusion).toBe("success");
    expect(analyzeJobs().length).toBe(analyzeBefore + 1);
  });

  it("a push with a failing job produces events; a closed pull request is marked closed", async () => {
    const target = pulls.find((p) => p.failingJobs.length === 0)!;
    const pushed = pushCommit(gh.sim, target.repo, target.number, { checks: 4, failing: 1, tag: "push-1" });
    const closing = pulls.find((p) => p.repo !== target.repo)!;
    gh.sim.updatePullRequest(closing.repo, closing.number, { state: "closed" });
    const analyzeBefore = analyzeJobs().length;

    await h.runCycle();

    const [repo] = await store.db.select().from(repositories).where(eq(repositories.fullName, target.repo));
    const [pr] = await store.db
      .select()
      .from(pullRequests)
      .where(and(eq(pullRequests.repositoryId, repo!.id), eq(pullRequests.prNumber, target.number)));
    expect(pr?.headSha).toBe(pushed.headSha);
    const newReports = await store.db
      .select()
      .from(failureReports)
      .where(eq(failureReports.headSha, pushed.headSha));
    expect(newReports.map((r) => r.jobId)).toEqual(pushed.failingJobs);
    expect(analyzeJobs().length).toBe(analyzeBefore + 1);
    const checks = await store.db.select().from(checkRuns).where(eq(checkRuns.headSha, pushed.headSha));
    expect(checks).toHaveLength(4);

    const [closedRepo] = await store.db
      .select()
      .from(repositories)
      .where(eq(repositories.fullName, closing.repo));
    const [closed] = await store.db
      .select()
      .from(pullRequests)
      .where(and(eq(pullRequests.repositoryId, closedRepo!.id), eq(pullRequests.prNumber, closing.number)));
    expect(closed?.state).toBe("closed");
  });
});
