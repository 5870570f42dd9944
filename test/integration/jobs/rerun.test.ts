import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOrgConfig } from "../../../backend/config/org.js";
import { rerunFailedJobs } from "../../../backend/jobs/rerun.js";
import { recordFailureReport } from "../../../backend/store/failures.js";
import { upsertRepository } from "../../../backend/store/repositories.js";
import { buildTestApp } from "../../helpers/app.js";
import { createTestPglite } from "../../helpers/postgres.js";
import { startGitHubSimulator } from "../../simulators/github/index.js";

describe("re-running flaky failures through the API", () => {
  let gh: Awaited<ReturnType<typeof startGitHubSimulator>>;
  let store: Awaited<ReturnType<typeof createTestPglite>>;
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let runId: number;

  beforeAll(async () => {
    gh = await startGitHubSimulator();
    gh.sim.addToken("ghp_rerun");
    gh.sim.addRepository({ owner: "acme", name: "flaky" });
    runId = gh.sim.addWorkflowRun("acme/flaky", {
      headSha: "c".repeat(40),
      jobs: [
        {
          name: "e2e",
          conclusion: "failure",
          log: "ECONNRESET",
          steps: [{ name: "test", conclusion: "failure" }],
        },
      ],
    }).id;
    store = await createTestPglite();
    t = await buildTestApp(store, {
      org: parseOrgConfig(
        "repositories:\n  - url: https://github.com/acme/flaky\n    rerun_flaky: true\n  - url: https://github.com/acme/strict\n",
      ),
    });
  });
  afterAll(async () => {
    await gh?.close();
    await store?.drop();
  });

  const failureFor = async (repo: string, runAttempt = 1) => {
    const r = await upsertRepository(store.db, { fullName: repo });
    return (
      await recordFailureReport(store.db, {
        repositoryId: r.id,
        runId,
        runAttempt,
        jobId: 1,
        jobName: "e2e",
        workflow: "CI",
        event: "pull_request",
        headSha: "c".repeat(40),
        excerpt: { lines: [[1, 1]], text: "ECONNRESET" },
        excerptStats: { inputLines: 1, inputBytes: 10, excerptLines: 1, excerptBytes: 10 },
      })
    ).row;
  };
  const github = () => ({ baseUrl: gh.url, tokenFor: async () => "ghp_rerun" });

  it("re-runs the failed jobs once per run when the repository allows it", async () => {
    const failure = await failureFor("acme/flaky");
    expect(await rerunFailedJobs(t.deps, github(), failure, "acme/flaky")).toEqual({ rerun: true });
    // A redelivered notify job does not ask again.
    expect(await rerunFailedJobs(t.deps, github(), failure, "acme/flaky")).toEqual({ rerun: true });
    expect(gh.sim.reruns.filter((r) => r.runId === runId)).toHaveLength(1);
  });

  it("never re-runs a re-run, a repository that did not opt in, or without credentials", async () => {
    const before = gh.sim.reruns.length;
    expect(await rerunFailedJobs(t.deps, github(), await failureFor("acme/flaky", 2), "acme/flaky")).toEqual({
      rerun: false,
      reason: "attempt 2 is already a re-run",
    });
    expect(await rerunFailedJobs(t.deps, github(), await failureFor("acme/strict"), "acme/strict")).toEqual({
      rerun: false,
      reason: "rerun_flaky is off for this repository",
    });
    expect(await rerunFailedJobs(t.deps, null, await failureFor("acme/flaky"), "acme/flaky")).toMatchObject({
      rerun: false,
    });
    expect(gh.sim.reruns.length).toBe(before);
  });
});
