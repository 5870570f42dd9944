import { afterAll, describe, expect, it } from "vitest";
import { failureReports } from "../../../backend/store/schema.js";
import { createTestPglite } from "../../helpers/postgres.js";
import { failingOnHeads, pushCommit, seededRandom, seedFleet } from "../../integration/discovery/fleet.js";
import { discoveryHarness } from "../../integration/discovery/harness.js";
import { type RunningGitHubSimulator, startGitHubSimulator } from "../../simulators/github/index.js";

/**
 * ACW_DISCOVERY_CHECKS=graphql (statusCheckRollup) and =rest (check-runs per head) must record the
 * same failures: one report per failing job on an open pull request's current head. The fleet has
 * been pushed to before the first cycle (old failing heads replaced by passing and failing ones),
 * which is what a second bench round sees.
 */
const TOKEN = "ghp_check_modes";

async function world() {
  const gh = await startGitHubSimulator();
  gh.sim.addToken(TOKEN);
  const { pulls } = seedFleet(gh.sim, {
    org: "acme",
    repos: 5,
    pullsPerRepo: (i) => 3 + i,
    checks: [3, 8],
    failingShare: 0.5,
    seed: 11,
  });
  // Pushes before discovery first looks: some failing heads are gone, some new ones fail.
  const random = seededRandom(5);
  const pushed = pulls.filter((p) => p.failingJobs.length > 0 || random() < 0.2);
  pushed.forEach((p, i) => {
    pushCommit(gh.sim, p.repo, p.number, { checks: 4, failing: i % 2, tag: `early-${i}` });
  });
  const store = await createTestPglite();
  return { gh, store, pulls };
}

describe("graphql and rest check reading record the same failures", () => {
  const running: Array<{ gh: RunningGitHubSimulator; store: { drop(): Promise<void> } }> = [];
  afterAll(async () => {
    for (const r of running) {
      await r.store.drop();
      await r.gh.close();
    }
  });

  const outcomes = new Map<string, unknown[]>();

  for (const checks of ["graphql", "rest"] as const) {
    it(`${checks}: one report per failing job on current heads, cold and after a push`, async () => {
      const { gh, store, pulls } = await world();
      running.push({ gh, store });
      const h = await discoveryHarness(store, {
        githubUrl: gh.url,
        token: TOKEN,
        orgs: ["acme"],
        settings: { checks },
      });
      const expected = failingOnHeads(gh.sim);
      expect(expected.size).toBeGreaterThan(5);

      await h.runCycle();
      const cold = await store.db.select().from(failureReports);
      expect(cold.map((r) => r.jobId).sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
      expect(h.queue.publishes.filter((j) => j.type === "analyze")).toHaveLength(expected.size);

      // A push with a failing job on a pull request that was passing: exactly that job is new.
      const quiet = pulls.find((p) => p.failingJobs.length === 0)!;
      const push = pushCommit(gh.sim, quiet.repo, quiet.number, { checks: 3, failing: 1, tag: "later" });
      await h.runCycle();
      const after = await store.db.select().from(failureReports);
      expect(after.filter((r) => !cold.some((c) => c.id === r.id)).map((r) => r.jobId)).toEqual(
        push.failingJobs,
      );
      expect(after).toHaveLength(expected.size + 1);

      outcomes.set(
        checks,
        after
          // Ids are the simulator's, allocated lazily (accounts too): compare what they name.
          .map((r) => ({
            runAttempt: r.runAttempt,
            jobName: r.jobName,
            workflow: r.workflow,
            event: r.event,
            prNumber: r.prNumber,
            headSha: r.headSha,
            failedSteps: r.failedSteps,
          }))
          .sort((a, b) => `${a.headSha}:${a.jobName}`.localeCompare(`${b.headSha}:${b.jobName}`)),
      );
    });
  }

  it("both record identical reports (same jobs, attempts, workflow, event, pull request)", () => {
    expect(outcomes.get("graphql")).toBeDefined();
    expect(outcomes.get("rest")).toEqual(outcomes.get("graphql"));
  });
});
